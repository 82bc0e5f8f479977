package app

import (
	"context"
	"log/slog"
	"time"

	"gateway/models"
	"gateway/policy"
)

// keepFor is how long login counters, idempotency keys, form tokens and
// public alert fingerprints are kept: a day is enough to catch
// a double submit, a resent request or the same alert sent twice, and
// nothing that records who tried what is kept longer than it is useful.
const keepFor = 24 * time.Hour

// Maintenance is the housekeeping a running server does on each tick:
// expiring referrals, the nightly duplicate review, forgetting what is no
// longer needed. Each job logs its own failure and lets the others run.
type Maintenance struct {
	Store *models.Store
	// Background is the store for long jobs (the duplicate review); Store
	// when nil.
	Background *models.Store
	Policy     *policy.Policy
	Log        *slog.Logger
	Now        func() time.Time
}

// Tick runs every job once.
func (m *Maintenance) Tick(ctx context.Context) {
	m.EnsurePartitions(ctx)
	m.ExpireReferrals(ctx)
	m.ReviewDuplicatesAtNight(ctx)
	m.PurgeExpired(ctx)
	if n, err := m.Store.Sessions().DeleteExpired(ctx); err != nil {
		m.Log.Warn("session cleanup failed", "err", err)
	} else if n > 0 {
		m.Log.Info("expired sessions removed", "count", n)
	}
}

// EnsurePartitions keeps this month's partitions and the next
// models.PartitionsAhead months' ready on PostgreSQL, and moves any rows
// that landed in a DEFAULT partition into a month of their own. Cheap
// when there is nothing to do (a catalogue lookup per month, a scan of
// the normally empty DEFAULT partitions); a no-op on SQLite.
func (m *Maintenance) EnsurePartitions(ctx context.Context) {
	store := m.Background // moving many rows out of DEFAULT may outlast a request's statement timeout
	if store == nil {
		store = m.Store
	}
	if made, err := store.EnsurePartitions(ctx, m.Now()); err != nil {
		m.Log.Warn("monthly partitions", "err", LogSafe(err))
	} else if len(made) > 0 {
		m.Log.Info("monthly partitions made", "partitions", made)
	}
}

// ExpireReferrals marks referrals past their time as expired and tells
// both services.
func (m *Maintenance) ExpireReferrals(ctx context.Context) {
	if n, err := m.Store.ExpireReferrals(ctx, m.Now()); err != nil {
		m.Log.Warn("referral expiry failed", "err", LogSafe(err))
	} else if n > 0 {
		m.Log.Info("referrals expired", "count", n)
	}
}

// ReviewDuplicatesAtNight runs the review once a night, between 1 and 5
// in the morning London time, when the last run started over 20 hours ago.
func (m *Maintenance) ReviewDuplicatesAtNight(ctx context.Context) {
	now := m.Now().In(Zone)
	if now.Hour() < 1 || now.Hour() >= 5 {
		return
	}
	last, err := m.Store.LastReviewRun(ctx)
	if err != nil {
		m.Log.Warn("duplicate review: last run", "err", LogSafe(err))
		return
	}
	if last != nil && now.Sub(last.StartedAt) < 20*time.Hour {
		return
	}
	store := m.Background
	if store == nil {
		store = m.Store
	}
	run, err := ReviewDuplicates(ctx, store, m.Policy, false, nil)
	if err != nil {
		m.Log.Error("duplicate review failed", "err", LogSafe(err))
		return
	}
	m.Log.Info("duplicate review", slog.Int64("people_checked", run.PeopleChecked), slog.Int64("pairs_found", run.PairsFound))
}

// PurgeExpired forgets what keepFor no longer covers.
func (m *Maintenance) PurgeExpired(ctx context.Context) {
	before := m.Now().Add(-keepFor)
	for what, purge := range map[string]func(context.Context, time.Time) (int64, error){
		"login throttles":    m.Store.PurgeLoginThrottles,
		"idempotency keys":   m.Store.PurgeIdempotencyKeys,
		"alert fingerprints": m.Store.PurgeAlertFingerprints,
	} {
		if n, err := purge(ctx, before); err != nil {
			m.Log.Warn("purge failed", "what", what, "err", LogSafe(err))
		} else if n > 0 {
			m.Log.Info("expired rows removed", "what", what, "count", n)
		}
	}
}
