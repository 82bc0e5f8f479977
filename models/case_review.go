package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// StaleAfter is how long a case may go without activity before it is put
// on the review list.
const StaleAfter = 14 * 24 * time.Hour

// ReviewFilter narrows the review lists to one service and, optionally,
// one key worker's cases.
type ReviewFilter struct {
	ServiceID    int64
	WorkerUserID int64
	Now          time.Time
	Limit        int
}

// ReviewCase is a case on a review list, with the person's name as the
// reader may see it and when the service last did anything: an action on
// the case, or a case note about the person.
type ReviewCase struct {
	Case
	GivenName     string    `json:"given_name"`
	FamilyName    string    `json:"family_name"`
	SafetyFlag    bool      `json:"safety_flag"`
	SafetyContact string    `json:"safety_contact"`
	LastNoteAt    *Time     `json:"last_note_at" gorm:"->;-:migration"`
	LastActivity  time.Time `json:"last_activity" gorm:"-"`
}

// reviewQuery selects open cases of the filter's service through the
// reader's case scope, joined to their people through the identity scope
// (both scopes narrow the one query, so the planner starts from the
// service's open cases).
func (s *Store) reviewQuery(ctx context.Context, cases, people Scope, f ReviewFilter) *gorm.DB {
	q := caseRecords.through(ctx, s, cases).
		Select(caseColumns+`, people.given_name, people.family_name, people.safety_flag, people.safety_contact,
			(SELECT MAX(n.created_at) FROM case_notes n WHERE n.person_id = cases.person_id AND n.service_id = cases.service_id) AS last_note_at`).
		Joins("JOIN people ON people.id = cases.person_id").Scopes(people.Apply).
		Where("cases.service_id = ? AND cases.closed_at IS NULL", f.ServiceID)
	if f.WorkerUserID > 0 {
		q = q.Where("cases.worker_user_id = ?", f.WorkerUserID)
	}
	return q
}

func finishReview(rows []ReviewCase) []ReviewCase {
	for i := range rows {
		rows[i].LastActivity = rows[i].LastActivityAt
		if n := rows[i].LastNoteAt; n != nil && n.After(rows[i].LastActivity) {
			rows[i].LastActivity = n.Time
		}
	}
	return rows
}

// StaleCases are open cases with no action and no case note from the
// service for StaleAfter, longest-untouched first.
func (s *Store) StaleCases(ctx context.Context, cases, people Scope, f ReviewFilter) ([]ReviewCase, error) {
	cutoff := f.Now.Add(-StaleAfter).UTC()
	var out []ReviewCase
	err := s.reviewQuery(ctx, cases, people, f).
		Where("cases.last_activity_at < ?", cutoff).
		Where("NOT EXISTS (SELECT 1 FROM case_notes rn WHERE rn.person_id = cases.person_id AND rn.service_id = cases.service_id AND rn.created_at >= ?)", cutoff).
		Order("cases.last_activity_at, cases.id").Limit(limitOr(f.Limit, 50)).Find(&out).Error
	return finishReview(out), err
}

// RedCases are open cases at the highest concern level, longest-red first.
func (s *Store) RedCases(ctx context.Context, cases, people Scope, f ReviewFilter) ([]ReviewCase, error) {
	var out []ReviewCase
	err := s.reviewQuery(ctx, cases, people, f).Where("cases.rag = ?", RAGRed).
		Order("cases.last_activity_at, cases.id").Limit(limitOr(f.Limit, 50)).Find(&out).Error
	return finishReview(out), err
}

// SharedPerson is someone open to the reader's service and to at least one
// other service the reader may know about.
type SharedPerson struct {
	Person
	Services []KnownTo `json:"open_with" gorm:"-"`
}

// OpenToSeveral lists people with an open involvement at serviceID who are
// open to more than one service, counting only the involvements the
// reader's involvement scope shows (a confidential service's involvement
// never counts for anyone outside it).
func (s *Store) OpenToSeveral(ctx context.Context, people, involvements Scope, serviceID int64, limit int) ([]SharedPerson, int64, error) {
	// From the service's own caseload, those with another open
	// involvement the reader may see.
	other := s.with(ctx).Table("involvements").Scopes(involvements.Apply).Select("1").
		Where("involvements.person_id = people.id AND involvements.ended_at IS NULL AND involvements.service_id <> ?", serviceID)
	q := s.with(ctx).Model(&Person{}).
		Joins("JOIN involvements mine ON mine.person_id = people.id AND mine.service_id = ? AND mine.ended_at IS NULL", serviceID).
		Scopes(people.Apply).Where("EXISTS (?)", other)
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	var ps []Person
	if err := q.Order("lower(people.family_name), lower(people.given_name), people.id").Limit(limitOr(limit, 50)).Find(&ps).Error; err != nil {
		return nil, 0, err
	}
	ids := make([]int64, len(ps))
	for i := range ps {
		ids[i] = ps[i].ID
	}
	known, err := s.KnownToMany(ctx, involvements, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]SharedPerson, len(ps))
	for i := range ps {
		out[i] = SharedPerson{Person: ps[i]}
		for _, k := range known[ps[i].ID] {
			if k.EndedAt == nil {
				out[i].Services = append(out[i].Services, k)
			}
		}
	}
	return out, total, nil
}
