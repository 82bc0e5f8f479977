package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// AuditEvent is one line of the append-only audit log: who (user and the
// service they acted for) did what to which object, and whether it was
// allowed. The database refuses UPDATE and DELETE on this table.
type AuditEvent struct {
	ID              int64     `json:"id"`
	At              time.Time `json:"at"`
	ActorUserID     *int64    `json:"actor_user_id"`
	ActingServiceID *int64    `json:"acting_service_id"`
	Action          string    `json:"action"`
	ObjectType      string    `json:"object_type"`
	ObjectID        *int64    `json:"object_id"`
	Outcome         string    `json:"outcome"`
	Reason          string    `json:"reason"`
	RequestID       string    `json:"request_id"`
	// ConfidentialServiceID: recorded for this confidential service's
	// managers only (policy.AuditEvents).
	ConfidentialServiceID *int64 `json:"-"`
	// ClientID: the partner system that acted; its organisation
	// is the acting service's.
	ClientID *int64 `json:"client_id,omitempty"`
}

// Audit outcomes.
const (
	Allowed = "allowed"
	Denied  = "denied"
)

// Audit appends an event. The read it records has already happened or is
// about to be returned, so a failure to audit is an error the caller must
// not swallow.
func (s *Store) Audit(ctx context.Context, ev AuditEvent) error {
	if ev.At.IsZero() {
		ev.At = Now()
	}
	if ev.Outcome == "" {
		ev.Outcome = Allowed
	}
	ev.ID = 0
	return s.with(ctx).Create(&ev).Error
}

// AuditFilter narrows the audit log.
type AuditFilter struct {
	ActorUserID int64
	ServiceID   int64
	Action      string
	Outcome     string
	ObjectType  string
	ObjectID    int64
	From, To    time.Time
	Limit       int
	Offset      int
}

// AuditLog lists events newest first. Only area admins reach it.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEvent, int64, error) {
	return auditPage(s.with(ctx).Model(&AuditEvent{}), f)
}

// auditPage narrows q (the whole log, or a reviewer's scope of it) to the
// filter's events and reads one page of them, newest first, with the total.
func auditPage(q *gorm.DB, f AuditFilter) ([]AuditEvent, int64, error) {
	if f.ActorUserID > 0 {
		q = q.Where("actor_user_id = ?", f.ActorUserID)
	}
	if f.ServiceID > 0 {
		q = q.Where("acting_service_id = ?", f.ServiceID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if f.Outcome != "" {
		q = q.Where("outcome = ?", f.Outcome)
	}
	if f.ObjectType != "" {
		q = q.Where("object_type = ?", f.ObjectType)
	}
	if f.ObjectID > 0 {
		q = q.Where("object_id = ?", f.ObjectID)
	}
	if !f.From.IsZero() {
		q = q.Where("at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("at < ?", f.To.UTC())
	}
	return countedPage[AuditEvent](q, nil, func(q *gorm.DB) *gorm.DB {
		return q.Order("at DESC, id DESC").Limit(limitOr(f.Limit, 100)).Offset(f.Offset)
	})
}

// DeniedAlert is a user with many refused or hidden reads in a short time:
// someone probing for records they should not see.
type DeniedAlert struct {
	UserID int64 `json:"user_id"`
	Count  int   `json:"count"`
	Last   Time  `json:"last"`
}

// DeniedAlerts lists users with at least threshold denied requests since
// since. Denied reads are the rule's concern (three in a day raise the
// alert); refused changes count too, because a change aimed at a hidden
// record probes for it just as a read does.
func (s *Store) DeniedAlerts(ctx context.Context, since time.Time, threshold int) ([]DeniedAlert, error) {
	var out []DeniedAlert
	err := s.with(ctx).Model(&AuditEvent{}).
		Select("actor_user_id AS user_id, COUNT(*) AS count, MAX(at) AS last").
		Where("outcome = ? AND at >= ? AND actor_user_id IS NOT NULL", Denied, since.UTC()).
		Group("actor_user_id").Having("COUNT(*) >= ?", threshold).
		Order("count DESC, user_id").Scan(&out).Error
	return out, err
}
