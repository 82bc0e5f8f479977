package models

import (
	"context"
	"time"
)

// The audit log as a reviewer may see it: through a
// scope from policy.AuditEvents, so a confidential service's events reach
// only its own managers. AuditLog and DeniedAlerts in audit.go read the
// whole log, for tests and operators' tools; pages use these.

// AuditEventsIn lists the events in scope, newest first.
func (s *Store) AuditEventsIn(ctx context.Context, scope Scope, f AuditFilter) ([]AuditEvent, int64, error) {
	return auditPage(s.with(ctx).Model(&AuditEvent{}).Scopes(scope.Apply), f)
}

// DeniedAlertsIn is DeniedAlerts counting only the events in scope, so an
// alert never counts an event its reader cannot see.
func (s *Store) DeniedAlertsIn(ctx context.Context, scope Scope, since time.Time, threshold int) ([]DeniedAlert, error) {
	var out []DeniedAlert
	err := s.with(ctx).Model(&AuditEvent{}).Scopes(scope.Apply).
		Select("actor_user_id AS user_id, COUNT(*) AS count, MAX(at) AS last").
		Where("outcome = ? AND at >= ? AND actor_user_id IS NOT NULL", Denied, since.UTC()).
		Group("actor_user_id").Having("COUNT(*) >= ?", threshold).
		Order("count DESC, user_id").Scan(&out).Error
	return out, err
}

// AuditReturningID appends an event and answers its id (a notification
// refers to it).
func (s *Store) AuditReturningID(ctx context.Context, ev AuditEvent) (int64, error) {
	if ev.At.IsZero() {
		ev.At = Now()
	}
	if ev.Outcome == "" {
		ev.Outcome = Allowed
	}
	ev.ID = 0
	err := s.with(ctx).Create(&ev).Error
	return ev.ID, err
}

// AuditEventFor is one event recorded for a confidential service's eyes.
func (s *Store) AuditEventFor(ctx context.Context, serviceID, id int64) (*AuditEvent, error) {
	return takeOne[AuditEvent](s.with(ctx).Where("id = ? AND confidential_service_id = ?", id, serviceID))
}

// ConfidentialServicesHiding lists the confidential services through which
// alone a person exists: none when any other service has worked with them
// (then the person is no secret, only their record is). It routes what a
// hidden read or look-up tells those services; it is never shown to the
// caller who was refused.
func (s *Store) ConfidentialServicesHiding(ctx context.Context, personID int64) ([]int64, error) {
	var ids []int64
	err := s.with(ctx).Table("involvements").Distinct("service_id").
		Where("person_id = ? AND confidential = ?", personID, true).
		Where("NOT EXISTS (SELECT 1 FROM involvements pub WHERE pub.person_id = ? AND pub.confidential = ?)", personID, false).
		Order("service_id").Pluck("service_id", &ids).Error
	return ids, err
}

// NoticeHiddenLookup: someone outside a confidential service looked up a
// person only it works with (shown to its managers only).
const NoticeHiddenLookup = "hidden_lookup"

// NotifyHiddenLookup tells a confidential service that a look-up by
// another service matched its person; ref is the audit event holding who,
// when and why.
func (s *Store) NotifyHiddenLookup(ctx context.Context, serviceID, personID, lookerService, lookerUser, ref int64) error {
	return s.with(ctx).Create(&Notification{ServiceID: serviceID, Kind: NoticeHiddenLookup, PersonID: &personID,
		OtherServiceID: &lookerService, ActorUserID: &lookerUser, RefID: &ref, CreatedAt: Now()}).Error
}
