package server

import (
	"context"
	"log/slog"
	"time"

	"gateway/models"
	"gateway/policy"
)

// ReviewProgress hears how the duplicate review is going.
type ReviewProgress func(checked, total, found int)

// ReviewDuplicates is the duplicate review job: it checks each person
// created or changed since the last finished run (everyone, the first time
// or with all set) against everyone else, as the create form's check
// does, and records the likely duplicate pairs it finds for the area's
// review list. People created by two services on the same night, or
// brought in by an import, are found here. It reads through the job's own
// scope (policy.ReviewJob) and writes only pairs; who sees a pair is
// decided when the list is read (policy.DuplicatePairs). The command line
// runs it on demand, the server every night.
func ReviewDuplicates(ctx context.Context, store *models.Store, pol *policy.Policy, all bool, progress ReviewProgress) (*models.ReviewRun, error) {
	scope := pol.ReviewJob()
	run, err := store.StartReviewRun(ctx)
	if err != nil {
		return nil, err
	}
	if all {
		run.Since = nil
	}
	total, err := store.CountPeopleToReview(ctx, scope, run.Since)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var after int64
	for {
		people, err := store.PeopleToReview(ctx, scope, run.Since, after, 200)
		if err != nil {
			return run, err
		}
		if len(people) == 0 {
			break
		}
		var found []models.FoundPair
		for i := range people {
			p := &people[i]
			in := models.InputOf(p, now)
			cands, _, err := store.DuplicateCandidates(ctx, scope, in.Identity(now.Year()), p.ID)
			if err != nil {
				return run, err
			}
			holders, err := store.GivenNameHolders(ctx, scope, in.GivenName)
			if err != nil {
				return run, err
			}
			for _, m := range rankCandidates(in, cands, holders, now) {
				found = append(found, models.FoundPair{A: p.ID, B: m.ID, Score: m.Score, Strength: m.Strength, Reasons: m.Reasons})
			}
		}
		n, err := store.RecordDuplicatePairs(ctx, found)
		if err != nil {
			return run, err
		}
		run.PeopleChecked += int64(len(people))
		run.PairsFound += int64(n)
		after = people[len(people)-1].ID
		if progress != nil {
			progress(int(run.PeopleChecked), total, int(run.PairsFound))
		}
	}
	return run, store.FinishReviewRun(ctx, run)
}

// reviewDuplicatesAtNight runs the review once a night, between 1 and 5
// in the morning London time, when the last run started over 20 hours ago.
func (s *Server) reviewDuplicatesAtNight(ctx context.Context) {
	now := s.now().In(london)
	if now.Hour() < 1 || now.Hour() >= 5 {
		return
	}
	last, err := s.store.LastReviewRun(ctx)
	if err != nil {
		s.log.Warn("duplicate review: last run", "err", logSafe(err))
		return
	}
	if last != nil && now.Sub(last.StartedAt) < 20*time.Hour {
		return
	}
	run, err := ReviewDuplicates(ctx, s.background(), s.pol, false, nil)
	if err != nil {
		s.log.Error("duplicate review failed", "err", logSafe(err))
		return
	}
	s.log.Info("duplicate review", slog.Int64("people_checked", run.PeopleChecked), slog.Int64("pairs_found", run.PairsFound))
}
