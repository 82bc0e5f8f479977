package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// PublishedScore is a service's data-compliance score for a closed month,
// stored the first time it was computed after the month ended. It never
// changes: data fixed later shows in a re-run beside it, not here.
// PerField is the per-field breakdown as JSON (counts only, no names).
type PublishedScore struct {
	ID                int64     `json:"-"`
	ServiceID         int64     `json:"service_id"`
	Month             string    `json:"month"`
	RulesVersion      int       `json:"rules_version"`
	Records           int       `json:"records"`
	Required          int       `json:"required"`
	Missing           int       `json:"missing"`
	Score             float64   `json:"score"`
	PerField          string    `json:"-"`
	PublishedAt       time.Time `json:"published_at"`
	PublishedByUserID *int64    `json:"-"`
}

func (PublishedScore) TableName() string { return "compliance_scores" }

// PublishScores stores scores for closed months. A service already
// published for a month keeps its first score: when two requests publish
// at once, both then read the same row back.
func (s *Store) PublishScores(ctx context.Context, scores []PublishedScore) error {
	if len(scores) == 0 {
		return nil
	}
	now := Now()
	for i := range scores {
		scores[i].ID = 0
		if scores[i].PublishedAt.IsZero() {
			scores[i].PublishedAt = now
		}
		if scores[i].PerField == "" {
			scores[i].PerField = "[]"
		}
	}
	return s.with(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "service_id"}, {Name: "month"}}, DoNothing: true}).
		CreateInBatches(scores, 200).Error
}

// PublishedScores lists the published scores of the months given, for the
// services a policy scope shows (and, if ids is not nil, only those).
func (s *Store) PublishedScores(ctx context.Context, services Scope, months []string, ids []int64) ([]PublishedScore, error) {
	var out []PublishedScore
	if len(months) == 0 {
		return out, nil
	}
	visible := s.with(ctx).Session(&gorm.Session{NewDB: true}).Model(&Service{}).Select("services.id").Scopes(services.Apply)
	q := s.with(ctx).Where("compliance_scores.month IN ? AND compliance_scores.service_id IN (?)", months, visible)
	if ids != nil {
		if len(ids) == 0 {
			return out, nil
		}
		q = q.Where("compliance_scores.service_id IN ?", ids)
	}
	err := q.Order("compliance_scores.month, compliance_scores.service_id").Find(&out).Error
	return out, err
}

// ComplianceServices lists the provider services a policy scope shows for
// compliance, by name, with their LAs; laID narrows to services covering
// one local authority.
func (s *Store) ComplianceServices(ctx context.Context, scope Scope, laID int64) ([]Service, error) {
	q := s.with(ctx).Model(&Service{}).Scopes(scope.Apply).Where("services.type NOT IN ?", []ServiceType{Commissioning, PartnerAgency, AreaTeam})
	if laID > 0 {
		q = q.Where("services.id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id = ?)", laID)
	}
	var svs []Service
	if err := q.Order("lower(services.name), services.id").Find(&svs).Error; err != nil {
		return nil, err
	}
	ptrs := make([]*Service, len(svs))
	for i := range svs {
		ptrs[i] = &svs[i]
	}
	return svs, s.loadLAs(ctx, ptrs)
}
