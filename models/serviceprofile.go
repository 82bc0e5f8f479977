package models

import (
	"context"
	"time"

	"gorm.io/gorm/clause"
)

// ServiceProfile is what a service says about how it works beyond its
// directory entry. AssessmentHours is matching.Schedule JSON, validated by
// the server (models does not know the matcher).
type ServiceProfile struct {
	ServiceID       int64     `json:"service_id" gorm:"primaryKey;autoIncrement:false"`
	AssessmentHours string    `json:"assessment_hours"`
	UpdatedAt       time.Time `json:"updated_at"`
	UpdatedByUserID *int64    `json:"-"`
}

// ServiceProfiles lists every service's profile by service id; a service
// that never saved one is absent.
func (s *Store) ServiceProfiles(ctx context.Context) (map[int64]ServiceProfile, error) {
	var rows []ServiceProfile
	if err := s.with(ctx).Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make(map[int64]ServiceProfile, len(rows))
	for _, r := range rows {
		out[r.ServiceID] = r
	}
	return out, nil
}

// ServiceProfileOf is one service's profile, or an empty one ("{}": no
// assessment hours) when it has none yet.
func (s *Store) ServiceProfileOf(ctx context.Context, serviceID int64) (ServiceProfile, error) {
	var p ServiceProfile
	err := s.with(ctx).Where("service_id = ?", serviceID).Limit(1).Find(&p).Error
	if p.ServiceID == 0 {
		p = ServiceProfile{ServiceID: serviceID, AssessmentHours: "{}"}
	}
	return p, err
}

// SetAssessmentHours saves when a service takes assessments.
func (s *Store) SetAssessmentHours(ctx context.Context, serviceID, userID int64, hoursJSON string) (*ServiceProfile, error) {
	if _, err := s.Service(ctx, serviceID); err != nil {
		return nil, err
	}
	p := &ServiceProfile{ServiceID: serviceID, AssessmentHours: hoursJSON, UpdatedAt: Now(), UpdatedByUserID: &userID}
	err := s.with(ctx).Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "service_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"assessment_hours", "updated_at", "updated_by_user_id"}),
	}).Create(p).Error
	if err != nil {
		return nil, err
	}
	return p, nil
}
