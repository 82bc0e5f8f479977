package models

import (
	"context"
	"encoding/json"
	"time"

	"gorm.io/gorm"
)

// DuplicatePair is two people already recorded who are likely the same
// person, as the duplicate review found them: with the matcher's score and
// reasons, and how the pair was decided.
type DuplicatePair struct {
	ID       int64     `json:"id"`
	PersonA  int64     `json:"person_a" gorm:"column:person_a"`
	PersonB  int64     `json:"person_b" gorm:"column:person_b"`
	Score    float64   `json:"score"`
	Strength string    `json:"strength"`
	Reasons  []string  `json:"reasons" gorm:"serializer:json"`
	FoundAt  time.Time `json:"found_at"`
	// Status is PairOpen, PairMerged or PairNotSame.
	Status              string     `json:"status"`
	ResolvedByUserID    *int64     `json:"-"`
	ResolvedByServiceID *int64     `json:"-"`
	ResolvedAt          *time.Time `json:"resolved_at"`
	Note                string     `json:"note"`
}

// Statuses of a duplicate pair.
const (
	PairOpen    = "open"
	PairMerged  = "merged"
	PairNotSame = "not_same"
)

// FoundPair is a pair the review job found.
type FoundPair struct {
	A, B     int64
	Score    float64
	Strength string
	Reasons  []string
}

// RecordDuplicatePairs stores the pairs found, each once: a pair already
// held (open or decided, "not the same person" included) is left as it is,
// so a decision is never asked for twice. It reports how many were new.
func (s *Store) RecordDuplicatePairs(ctx context.Context, found []FoundPair) (int, error) {
	now := Now()
	added := 0
	for _, f := range found {
		a, b := min(f.A, f.B), max(f.A, f.B)
		if a == b {
			continue
		}
		reasons, _ := json.Marshal(f.Reasons)
		res := s.with(ctx).Exec(`INSERT INTO duplicate_pairs (person_a, person_b, score, strength, reasons, found_at, status)
			VALUES (?, ?, ?, ?, ?, ?, 'open') ON CONFLICT (person_a, person_b) DO NOTHING`, a, b, f.Score, f.Strength, string(reasons), now)
		if res.Error != nil {
			return added, res.Error
		}
		added += int(res.RowsAffected)
	}
	return added, nil
}

// PairFilter narrows the review list.
type PairFilter struct {
	Status        string // default open
	Limit, Offset int
}

// DuplicatePairs lists pairs through scope (policy.DuplicatePairs: both
// people visible to the reader, and for a confidential service one of them
// its own), strongest first.
func (s *Store) DuplicatePairs(ctx context.Context, scope Scope, f PairFilter) ([]DuplicatePair, int64, error) {
	status := f.Status
	if status == "" {
		status = PairOpen
	}
	q := s.with(ctx).Model(&DuplicatePair{}).Scopes(scope.Apply).Where("duplicate_pairs.status = ?", status)
	return countedPage[DuplicatePair](q, nil, func(q *gorm.DB) *gorm.DB {
		return q.Order("duplicate_pairs.score DESC, duplicate_pairs.id").Limit(limitOr(f.Limit, 25)).Offset(f.Offset)
	})
}

// DuplicatePair finds one pair through scope; hidden is ErrNotFound.
func (s *Store) DuplicatePair(ctx context.Context, scope Scope, id int64) (*DuplicatePair, error) {
	var p DuplicatePair
	err := s.with(ctx).Model(&DuplicatePair{}).Scopes(scope.Apply).Where("duplicate_pairs.id = ?", id).Take(&p).Error
	if err != nil {
		return nil, notFound(err)
	}
	return &p, nil
}

// NotSameInput records that a pair is two people.
type NotSameInput struct {
	Note string `json:"note"`
}

// MarkNotSame decides an open pair as two different people, remembered so
// the review never offers it again.
func (s *Store) MarkNotSame(ctx context.Context, scope Scope, by Author, id int64, in NotSameInput) (*DuplicatePair, error) {
	if err := textField("note", &in.Note, false, MaxReason); err != nil {
		return nil, err
	}
	var out *DuplicatePair
	err := s.Tx(ctx, func(tx *Store) error {
		p, err := tx.DuplicatePair(ctx, scope, id)
		if err != nil {
			return err
		}
		if p.Status != PairOpen {
			return Conflict("status", "this pair was already decided")
		}
		now := Now()
		err = tx.db.Model(&DuplicatePair{}).Where("id = ? AND status = ?", id, PairOpen).Updates(map[string]any{
			"status": PairNotSame, "note": in.Note, "resolved_by_user_id": by.UserID, "resolved_by_service_id": by.ServiceID, "resolved_at": now,
		}).Error
		p.Status, p.Note, p.ResolvedAt = PairNotSame, in.Note, &now
		out = p
		return err
	})
	return out, err
}

// resolvePairByMerge marks the pair of two merged people as merged.
func (s *Store) resolvePairByMerge(a, b int64, by Author, at time.Time) error {
	return s.db.Exec(`UPDATE duplicate_pairs SET status = ?, resolved_by_user_id = ?, resolved_by_service_id = ?, resolved_at = ?
		WHERE person_a = ? AND person_b = ? AND status = ?`, PairMerged, by.UserID, by.ServiceID, at, min(a, b), max(a, b), PairOpen).Error
}

// ReviewRun is one run of the duplicate review job.
type ReviewRun struct {
	ID            int64      `json:"id"`
	StartedAt     time.Time  `json:"started_at"`
	FinishedAt    *time.Time `json:"finished_at"`
	Since         *time.Time `json:"since"`
	PeopleChecked int64      `json:"people_checked"`
	PairsFound    int64      `json:"pairs_found"`
}

func (ReviewRun) TableName() string { return "duplicate_review_runs" }

// StartReviewRun records a run starting now and returns it with Since set
// to when the last finished run started (nil: never, check everyone).
func (s *Store) StartReviewRun(ctx context.Context) (*ReviewRun, error) {
	var last ReviewRun
	err := s.with(ctx).Where("finished_at IS NOT NULL").Order("started_at DESC").Limit(1).Find(&last).Error
	if err != nil {
		return nil, err
	}
	run := &ReviewRun{StartedAt: Now()}
	if last.ID != 0 {
		since := last.StartedAt
		run.Since = &since
	}
	return run, s.with(ctx).Create(run).Error
}

// FinishReviewRun records a run's counts.
func (s *Store) FinishReviewRun(ctx context.Context, run *ReviewRun) error {
	now := Now()
	run.FinishedAt = &now
	return s.with(ctx).Model(run).Updates(map[string]any{"finished_at": now, "people_checked": run.PeopleChecked, "pairs_found": run.PairsFound}).Error
}

// LastReviewRun is the latest finished run, or nil.
func (s *Store) LastReviewRun(ctx context.Context) (*ReviewRun, error) {
	var r ReviewRun
	err := s.with(ctx).Where("finished_at IS NOT NULL").Order("started_at DESC").Limit(1).Find(&r).Error
	if err != nil || r.ID == 0 {
		return nil, err
	}
	return &r, nil
}

// PeopleToReview lists, a batch at a time after id after, the people the
// review job checks: those created or changed since (everyone when since
// is nil), not merged away. scope is the job's (policy.ReviewJob).
func (s *Store) PeopleToReview(ctx context.Context, scope Scope, since *time.Time, after int64, limit int) ([]Person, error) {
	q := s.with(ctx).Model(&Person{}).Scopes(scope.Apply).Where("people.id > ?", after)
	if since != nil {
		q = q.Where("people.updated_at >= ?", *since)
	}
	var out []Person
	err := q.Preload("Aliases").Order("people.id").Limit(limit).Find(&out).Error
	return out, err
}

// CountPeopleToReview is how many people PeopleToReview will list.
func (s *Store) CountPeopleToReview(ctx context.Context, scope Scope, since *time.Time) (int, error) {
	q := s.with(ctx).Model(&Person{}).Scopes(scope.Apply)
	if since != nil {
		q = q.Where("people.updated_at >= ?", *since)
	}
	var n int64
	err := q.Count(&n).Error
	return int(n), err
}
