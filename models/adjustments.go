package models

import (
	"context"
	"time"
)

// PriorityAdjustment is a worker's recorded judgement that the matcher
// adds to a person's priority: discretion points with a reason, or an
// override that lets the person past a service's needs threshold (the
// Housing First toolkit warns that women and care leavers often score low
// on the tool). Every adjustment is shown, with who recorded it and why.
type PriorityAdjustment struct {
	ID                int64      `json:"id"`
	PersonID          int64      `json:"person_id"`
	ServiceID         int64      `json:"service_id"`
	Confidential      bool       `json:"-"`
	Kind              string     `json:"kind"`
	Points            int        `json:"points"`
	Reason            string     `json:"reason"`
	CreatedByUserID   int64      `json:"-"`
	CreatedAt         time.Time  `json:"created_at"`
	WithdrawnAt       *time.Time `json:"withdrawn_at,omitempty"`
	WithdrawnByUserID *int64     `json:"-"`

	CreatedByName string `json:"recorded_by" gorm:"->;-:migration"`
	ServiceName   string `json:"service" gorm:"->;-:migration"`
}

// Kinds of adjustment.
const (
	AdjustDiscretion    = "discretion"
	AdjustNeedsOverride = "needs_override"
)

// MaxDiscretion bounds the points one adjustment may record; the weights'
// discretion cap bounds what counts.
const MaxDiscretion = 100

// AdjustmentInput records an adjustment.
type AdjustmentInput struct {
	Kind   string `json:"kind"`
	Points int    `json:"points"`
	Reason string `json:"reason"`
}

func (in *AdjustmentInput) validate() error {
	c := newCheck()
	c.oneOf("kind", in.Kind, []string{AdjustDiscretion, AdjustNeedsOverride})
	c.text("reason", &in.Reason, true, MaxReason)
	switch {
	case in.Kind == AdjustDiscretion && in.Points == 0:
		c.Add("points", "give the points to add (or take away, below zero)")
	case in.Kind == AdjustDiscretion && (in.Points < -MaxDiscretion || in.Points > MaxDiscretion):
		c.Add("points", "must be between -100 and 100")
	case in.Kind == AdjustNeedsOverride && in.Points != 0:
		c.Add("points", "an override waives the needs threshold; it carries no points")
	}
	return c.Err()
}

// AddAdjustment records an adjustment for by's service. The caller must
// have checked that the service is involved with the person.
func (s *Store) AddAdjustment(ctx context.Context, by Author, personID int64, in AdjustmentInput) (*PriorityAdjustment, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	sv, err := s.Service(ctx, by.ServiceID)
	if err != nil {
		return nil, err
	}
	a := &PriorityAdjustment{PersonID: personID, ServiceID: by.ServiceID, Confidential: sv.Confidential, Kind: in.Kind,
		Points: in.Points, Reason: in.Reason, CreatedByUserID: by.UserID, CreatedAt: Now()}
	if err := s.with(ctx).Create(a).Error; err != nil {
		return nil, err
	}
	a.ServiceName = sv.Name
	return a, nil
}

// Adjustments lists the adjustments in force for people through scope,
// oldest first, by person.
func (s *Store) Adjustments(ctx context.Context, scope Scope, personIDs []int64) (map[int64][]PriorityAdjustment, error) {
	out := map[int64][]PriorityAdjustment{}
	err := inChunks(personIDs, func(chunk []int64) error {
		var rows []PriorityAdjustment
		err := adjustmentRecords.through(ctx, s, scope).Where("priority_adjustments.person_id IN ? AND priority_adjustments.withdrawn_at IS NULL", chunk).
			Order("priority_adjustments.created_at, priority_adjustments.id").Find(&rows).Error
		for _, r := range rows {
			out[r.PersonID] = append(out[r.PersonID], r)
		}
		return err
	})
	return out, err
}

// WithdrawAdjustment ends an adjustment; scope must be the adjustments the
// reader's service may withdraw (its own).
func (s *Store) WithdrawAdjustment(ctx context.Context, scope Scope, by Author, id int64) (*PriorityAdjustment, error) {
	var a PriorityAdjustment
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.Model(&PriorityAdjustment{}).Scopes(scope.Apply).Where("priority_adjustments.id = ?", id).Take(&a).Error; err != nil {
			return notFound(err)
		}
		if a.WithdrawnAt != nil {
			return Conflict("adjustment", "this adjustment was already withdrawn")
		}
		now := Now()
		a.WithdrawnAt, a.WithdrawnByUserID = &now, &by.UserID
		return tx.db.Model(&PriorityAdjustment{}).Where("id = ?", id).
			Updates(map[string]any{"withdrawn_at": now, "withdrawn_by_user_id": by.UserID}).Error
	})
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// PersonAdjustments lists every adjustment recorded for a person through
// scope, withdrawn ones too, oldest first: the history, for a subject
// access export.
func (s *Store) PersonAdjustments(ctx context.Context, scope Scope, personID int64) ([]PriorityAdjustment, error) {
	rows := []PriorityAdjustment{}
	err := adjustmentRecords.through(ctx, s, scope).Where("priority_adjustments.person_id = ?", personID).
		Order("priority_adjustments.created_at, priority_adjustments.id").Find(&rows).Error
	return rows, err
}
