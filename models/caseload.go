package models

import (
	"context"
	"time"
)

// CaseloadRow is what a worker's home shows beside each person open to
// their service: who the key worker is, when the service last
// had contact, when the case is due a review, and the nearest deadline of
// a referral still waiting for a decision.
type CaseloadRow struct {
	PersonID         int64
	KeyWorker        string
	LastContact      *time.Time
	ReviewDue        *time.Time
	ReferralDeadline *time.Time
	ReferralID       int64
}

// Caseload gathers those facts for people open to a service, each query
// through the caller's scopes (cases, notes, referrals): a fact the caller
// may not read is simply absent.
func (s *Store) Caseload(ctx context.Context, cases, notes, referrals Scope, serviceID int64, personIDs []int64) (map[int64]*CaseloadRow, error) {
	out := map[int64]*CaseloadRow{}
	if len(personIDs) == 0 {
		return out, nil
	}
	row := func(id int64) *CaseloadRow {
		if r, ok := out[id]; ok {
			return r
		}
		r := &CaseloadRow{PersonID: id}
		out[id] = r
		return r
	}
	later := func(p **time.Time, t time.Time) {
		if t.IsZero() {
			return
		}
		if *p == nil || t.After(**p) {
			t := t
			*p = &t
		}
	}
	var cs []Case
	err := caseRecords.through(ctx, s, cases).Where("cases.person_id IN ? AND cases.service_id = ? AND cases.closed_at IS NULL", personIDs, serviceID).
		Order("cases.last_activity_at").Find(&cs).Error
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		r := row(c.PersonID)
		if r.KeyWorker == "" {
			r.KeyWorker = c.WorkerName
		}
		due := c.LastActivityAt.Add(StaleAfter)
		if r.ReviewDue == nil || due.Before(*r.ReviewDue) {
			r.ReviewDue = &due
		}
		later(&r.LastContact, c.LastActivityAt)
	}
	var ns []struct {
		PersonID  int64
		CreatedAt time.Time
	}
	// The newest note per person: ordered newest first and bounded, so a
	// long history costs one page of rows.
	err = s.with(ctx).Model(&CaseNote{}).Scopes(notes.Apply).Select("case_notes.person_id, case_notes.created_at").
		Where("case_notes.person_id IN ? AND case_notes.service_id = ?", personIDs, serviceID).
		Order("case_notes.created_at DESC").Limit(20 * len(personIDs)).Find(&ns).Error
	if err != nil {
		return nil, err
	}
	for _, n := range ns {
		later(&row(n.PersonID).LastContact, n.CreatedAt)
	}
	var rs []Referral
	err = s.referralQuery(ctx, referrals).Where("referrals.person_id IN ? AND referrals.status = ? AND (referrals.to_service_id = ? OR referrals.from_service_id = ?)",
		personIDs, ReferralSent, serviceID, serviceID).Order("referrals.expires_at").Find(&rs).Error
	if err != nil {
		return nil, err
	}
	for _, rf := range rs {
		r := row(rf.PersonID)
		if r.ReferralDeadline == nil {
			t := rf.ExpiresAt
			r.ReferralDeadline, r.ReferralID = &t, rf.ID
		}
	}
	return out, nil
}

// UnreadNotifications counts a service's notifications not yet read, for
// the count in the header.
func (s *Store) UnreadNotifications(ctx context.Context, serviceID int64, excludeKinds []string) (int64, error) {
	var n int64
	q := s.with(ctx).Model(&Notification{}).Where("service_id = ? AND read_at IS NULL", serviceID)
	if len(excludeKinds) > 0 {
		q = q.Where("kind NOT IN ?", excludeKinds)
	}
	return n, q.Count(&n).Error
}

// PlacementsStarted counts, through scope, the people placed in [start,
// end) at services covering any of laIDs: each person once, however many
// of the LAs their service covers (a commissioner's headline).
func (s *Store) PlacementsStarted(ctx context.Context, scope Scope, laIDs []int64, start, end time.Time) (int, error) {
	if len(laIDs) == 0 {
		return 0, nil
	}
	var n int64
	err := s.with(ctx).Model(&Placement{}).Scopes(scope.Apply).
		Where("placements.service_id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id IN ?)", laIDs).
		Where("placements.started_at >= ? AND placements.started_at < ?", start.UTC(), end.UTC()).
		Distinct("placements.person_id").Count(&n).Error
	return int(n), err
}
