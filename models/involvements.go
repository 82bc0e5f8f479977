package models

import (
	"context"
	"errors"
	"time"
)

// Involvement is a service working with a person: the one fact access hangs
// on (docs/ACCESS.md rule 2). Confidential copies the service's flag.
type Involvement struct {
	ID             int64      `json:"id"`
	PersonID       int64      `json:"person_id"`
	ServiceID      int64      `json:"service_id"`
	Confidential   bool       `json:"-"`
	Source         string     `json:"source"`
	Reason         string     `json:"reason"`
	StartedAt      time.Time  `json:"started_at"`
	EndedAt        *time.Time `json:"ended_at"`
	EndReason      string     `json:"end_reason"`
	OpenedByUserID *int64     `json:"-"`
	ClosedByUserID *int64     `json:"-"`
}

// Open reports whether the involvement has not been closed.
func (i *Involvement) Open() bool { return i.EndedAt == nil }

// Where involvements come from.
const (
	SourceCreated       = "created"
	SourceWorkingWith   = "working_with"
	SourceAssessment    = "assessment"
	SourceReferral      = "referral"
	SourcePlacement     = "placement"
	SourceStreetContact = "street_contact"
)

// InvolvementStart opens an involvement.
type InvolvementStart struct {
	PersonID  int64
	ServiceID int64
	UserID    int64
	Source    string
	Reason    string
}

// OpenInvolvement is the one way an involvement starts, whichever feature
// causes it. If the service is already open to the person it returns that
// involvement and opened=false. When a non-confidential service opens work
// with a person already open to other non-confidential services, those
// services are told (a notification on their dashboard); a confidential
// service opening work tells nobody, since that alone would reveal it.
func (s *Store) OpenInvolvement(ctx context.Context, in InvolvementStart) (inv *Involvement, opened bool, err error) {
	if err := textField("reason", &in.Reason, false, MaxReason); err != nil {
		return nil, false, err
	}
	err = s.Tx(ctx, func(tx *Store) error {
		var existing Involvement
		err := tx.db.Where("person_id = ? AND service_id = ? AND ended_at IS NULL", in.PersonID, in.ServiceID).First(&existing).Error
		if err == nil {
			inv = &existing
			return nil
		}
		if !errors.Is(notFound(err), ErrNotFound) {
			return err
		}
		sv, err := tx.Service(ctx, in.ServiceID)
		if err != nil {
			return err
		}
		if !sv.Type.Provider() {
			return Invalid("service_id", "only provider services work with people")
		}
		uid := in.UserID
		inv = &Involvement{PersonID: in.PersonID, ServiceID: in.ServiceID, Confidential: sv.Confidential,
			Source: in.Source, Reason: in.Reason, StartedAt: Now()}
		if uid > 0 {
			inv.OpenedByUserID = &uid
		}
		if err := tx.db.Create(inv).Error; err != nil {
			return clashAs(err, "service_id", "the service is already working with this person")
		}
		opened = true
		if sv.Confidential {
			return nil
		}
		return tx.notifyOpenWork(inv)
	})
	return inv, opened, err
}

// notifyOpenWork tells every other non-confidential service with open work
// that another service has started working with the person.
func (s *Store) notifyOpenWork(inv *Involvement) error {
	var others []int64
	err := s.db.Model(&Involvement{}).Distinct("service_id").
		Where("person_id = ? AND service_id <> ? AND ended_at IS NULL AND confidential = ?", inv.PersonID, inv.ServiceID, false).
		Pluck("service_id", &others).Error
	if err != nil {
		return err
	}
	for _, svc := range others {
		n := Notification{ServiceID: svc, Kind: NoticeOpenElsewhere, PersonID: &inv.PersonID, OtherServiceID: &inv.ServiceID, ActorUserID: inv.OpenedByUserID}
		if err := s.db.Create(&n).Error; err != nil {
			return err
		}
	}
	return nil
}

// Involvement finds one involvement through scope.
func (s *Store) Involvement(ctx context.Context, scope Scope, id int64) (*Involvement, error) {
	var inv Involvement
	err := s.with(ctx).Scopes(scope.Apply).Where("involvements.id = ?", id).First(&inv).Error
	return &inv, notFound(err)
}

// CloseInvolvement ends an involvement (move-on, closure). scope must limit
// the involvements to those the closer's service may close.
func (s *Store) CloseInvolvement(ctx context.Context, scope Scope, id, userID int64, reason string) (*Involvement, error) {
	if err := textField("reason", &reason, true, MaxReason); err != nil {
		return nil, err
	}
	load := func(tx *Store) (*Involvement, error) { return tx.Involvement(ctx, scope, id) }
	return changeLoaded(ctx, s, load, func(tx *Store, inv *Involvement) error {
		if !inv.Open() {
			return Conflict("involvement", "this involvement is already closed")
		}
		now := Now()
		inv.EndedAt, inv.EndReason, inv.ClosedByUserID = &now, reason, &userID
		return tx.db.Model(inv).Updates(map[string]any{"ended_at": now, "end_reason": reason, "closed_by_user_id": userID}).Error
	})
}

// Involvements lists a person's involvements through scope.
func (s *Store) Involvements(ctx context.Context, scope Scope, personID int64) ([]Involvement, error) {
	var out []Involvement
	err := s.with(ctx).Scopes(scope.Apply).Where("involvements.person_id = ?", personID).Order("started_at, id").Find(&out).Error
	return out, err
}
