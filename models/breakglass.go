package models

import (
	"context"
	"time"
)

// BreakGlass is an area admin's audited, time-limited opening of a person's
// full record, with the reason they gave.
type BreakGlass struct {
	ID        int64     `json:"id"`
	UserID    int64     `json:"user_id"`
	ServiceID int64     `json:"service_id"`
	PersonID  int64     `json:"person_id"`
	Reason    string    `json:"reason"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
}

func (BreakGlass) TableName() string { return "break_glass" }

// BreakGlassLifetime is how long one break-glass opening lasts.
const BreakGlassLifetime = time.Hour

// OpenBreakGlass records a break-glass opening and tells the managers of
// every service involved with the person. scope must be the admin's
// identity scope: break glass only reaches people the admin could find.
// involved is the scope of the person's involvements whose services are
// told: which ones still count is the involvement rule, and policy decides
// it (policy.BreakGlassNotices).
func (s *Store) OpenBreakGlass(ctx context.Context, scope, involved Scope, by Author, personID int64, reason string) (*BreakGlass, error) {
	c := newCheck()
	c.reason(&reason, "explain why you need the full record")
	if err := c.Err(); err != nil {
		return nil, err
	}
	var bg *BreakGlass
	err := s.txOnPerson(ctx, scope, personID, func(tx *Store) error {
		now := Now()
		bg = &BreakGlass{UserID: by.UserID, ServiceID: by.ServiceID, PersonID: personID, Reason: reason, CreatedAt: now, ExpiresAt: now.Add(BreakGlassLifetime)}
		if err := tx.db.Create(bg).Error; err != nil {
			return err
		}
		var services []int64
		err := tx.db.Model(&Involvement{}).Scopes(involved.Apply).Distinct("service_id").
			Where("involvements.person_id = ?", personID).
			Pluck("service_id", &services).Error
		if err != nil {
			return err
		}
		for _, svc := range services {
			n := Notification{ServiceID: svc, Kind: NoticeBreakGlass, PersonID: &personID, ActorUserID: &by.UserID, RefID: &bg.ID}
			if err := tx.db.Create(&n).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return bg, err
}

// BreakGlassByID finds one break-glass record (its reason is shown to the
// involved services' managers).
func (s *Store) BreakGlassByID(ctx context.Context, id int64) (*BreakGlass, error) {
	var bg BreakGlass
	return &bg, notFound(s.with(ctx).First(&bg, id).Error)
}
