package models

import (
	"context"
	"time"
)

// Notification is a message to a service's dashboard. It holds ids only;
// the dashboard renders names through the reader's own scopes.
type Notification struct {
	ID             int64      `json:"id"`
	ServiceID      int64      `json:"service_id"`
	Kind           string     `json:"kind"`
	PersonID       *int64     `json:"person_id"`
	OtherServiceID *int64     `json:"other_service_id"`
	ActorUserID    *int64     `json:"-"`
	RefID          *int64     `json:"ref_id"`
	CreatedAt      time.Time  `json:"created_at"`
	ReadAt         *time.Time `json:"read_at"`
}

// Kinds of notification.
const (
	// NoticeOpenElsewhere: another service started working with a person
	// this service is open to.
	NoticeOpenElsewhere = "open_elsewhere"
	// NoticeBreakGlass: an area admin opened the full record of a person
	// this service works with (shown to managers only).
	NoticeBreakGlass = "break_glass"
)

// ManagerOnly reports kinds shown only to a service's managers.
func ManagerOnly(kind string) bool {
	return kind == NoticeBreakGlass || kind == NoticeHiddenLookup || kind == NoticeSubjectAccessPart
}

// NoticeSubjectAccessPart: a subject access request was made for a person
// this confidential service holds records about; its manager releases the
// service's part.
const NoticeSubjectAccessPart = "subject_access_part"

// Notifications lists a service's notifications, newest first. kinds, when
// given, limits the list.
func (s *Store) Notifications(ctx context.Context, serviceID int64, excludeKinds []string, limit int) ([]Notification, error) {
	var out []Notification
	q := s.with(ctx).Where("service_id = ?", serviceID)
	if len(excludeKinds) > 0 {
		q = q.Where("kind NOT IN ?", excludeKinds)
	}
	err := q.Order("created_at DESC, id DESC").Limit(limitOr(limit, 20)).Find(&out).Error
	return out, err
}

// MarkNotificationsRead marks a service's notifications read.
func (s *Store) MarkNotificationsRead(ctx context.Context, serviceID int64) error {
	return s.with(ctx).Model(&Notification{}).Where("service_id = ? AND read_at IS NULL", serviceID).Update("read_at", Now()).Error
}
