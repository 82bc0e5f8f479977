package models_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// readEvent is a read's event as the server builds it: every column the
// old single INSERT wrote.
func readEvent(i int) models.AuditEvent {
	actor, svc, obj, client, conf := int64(1000+i), int64(2000+i), int64(3000+i), int64(4000+i), int64(5000+i)
	return models.AuditEvent{ActorUserID: &actor, ActingServiceID: &svc, Action: "read", ObjectType: "person",
		ObjectID: &obj, Outcome: models.Allowed, Reason: fmt.Sprintf("reason %d", i), RequestID: fmt.Sprintf("req-%d", i),
		ClientID: &client, ConfidentialServiceID: &conf}
}

// eventByRequest reads back the one event a request wrote, on a
// connection of its own.
func eventByRequest(t *testing.T, s *models.Store, rid string) (models.AuditEvent, bool) {
	t.Helper()
	var evs []models.AuditEvent
	if err := s.Gorm().Where("request_id = ?", rid).Find(&evs).Error; err != nil {
		t.Fatal(err)
	}
	if len(evs) > 1 {
		t.Fatalf("request %s has %d events", rid, len(evs))
	}
	if len(evs) == 0 {
		return models.AuditEvent{}, false
	}
	return evs[0], true
}

// Many concurrent reads: each one's row is committed when its call
// returns (read back at once, before any other call ends), and the reads
// shared commits rather than taking one each.
func TestConcurrentReadsFindTheirRowCommitted(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		var batches, rows atomic.Int64
		s.WrapAuditWriterForTest(func(next models.AuditWriter) models.AuditWriter {
			return func(ctx context.Context, evs []models.AuditEvent) error {
				batches.Add(1)
				rows.Add(int64(len(evs)))
				time.Sleep(2 * time.Millisecond) // a commit takes time: let reads queue behind it
				return next(ctx, evs)
			}
		})
		const n = 200
		var wg sync.WaitGroup
		missing := make(chan string, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ev := readEvent(i)
				if err := s.AuditRead(context.Background(), ev); err != nil {
					t.Error(err)
					return
				}
				var got int64
				s.Gorm().Model(&models.AuditEvent{}).Where("request_id = ?", ev.RequestID).Count(&got)
				if got != 1 {
					missing <- ev.RequestID
				}
			}()
		}
		wg.Wait()
		close(missing)
		for rid := range missing {
			t.Errorf("AuditRead returned before %s's row was committed", rid)
		}
		if rows.Load() != n {
			t.Errorf("want %d rows written, got %d", n, rows.Load())
		}
		if batches.Load() >= n/2 {
			t.Errorf("%d reads took %d commits: they did not share", n, batches.Load())
		}
		t.Logf("%d reads in %d commits", n, batches.Load())
	})
}

// The batch writes what the single INSERT wrote, column for column, and a
// request's events land in the order it audited them.
func TestBatchedRowsEqualTheSingleInsert(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		old, batched := readEvent(1), readEvent(1)
		old.RequestID, batched.RequestID = "old", "batched"
		at := models.Now()
		old.At, batched.At = at, at
		if err := s.Audit(ctx, old); err != nil {
			t.Fatal(err)
		}
		if err := s.AuditRead(ctx, batched); err != nil {
			t.Fatal(err)
		}
		a, _ := eventByRequest(t, s, "old")
		b, ok := eventByRequest(t, s, "batched")
		if !ok {
			t.Fatal("the batched event is missing")
		}
		a.ID, b.ID, a.RequestID, b.RequestID = 0, 0, "", ""
		if fmt.Sprintf("%+v", deref(a)) != fmt.Sprintf("%+v", deref(b)) {
			t.Errorf("rows differ:\n single %+v\nbatched %+v", deref(a), deref(b))
		}
		// Defaults are filled as Audit fills them: the time of the read
		// (not of the batch) and "allowed".
		before := models.Now()
		bare := models.AuditEvent{Action: "read", ObjectType: "person", RequestID: "bare"}
		if err := s.AuditRead(ctx, bare); err != nil {
			t.Fatal(err)
		}
		got, _ := eventByRequest(t, s, "bare")
		if got.Outcome != models.Allowed || got.At.Before(before) || got.At.After(models.Now()) {
			t.Errorf("defaults: %+v", got)
		}
		// One request's events, audited one after another, keep their order.
		for i := range 5 {
			ev := readEvent(i)
			ev.RequestID = "ordered"
			ev.Reason = fmt.Sprint(i)
			if err := s.AuditRead(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		var reasons []string
		s.Gorm().Model(&models.AuditEvent{}).Where("request_id = ?", "ordered").Order("id").Pluck("reason", &reasons)
		if fmt.Sprint(reasons) != "[0 1 2 3 4]" {
			t.Errorf("order: %v", reasons)
		}
	})
}

// waitQueued waits until n reads are queued behind a held batch.
func waitQueued(t *testing.T, s *models.Store, n int) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); s.AuditQueuedForTest() < n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d reads queued", s.AuditQueuedForTest(), n)
		}
	}
}

// deref shows pointer fields by value, so two events compare by content.
func deref(ev models.AuditEvent) string {
	v := func(p *int64) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprint(*p)
	}
	return fmt.Sprintf("at=%s actor=%s svc=%s action=%s type=%s obj=%s outcome=%s reason=%q client=%s conf=%s",
		ev.At.UTC().Format(time.RFC3339Nano), v(ev.ActorUserID), v(ev.ActingServiceID), ev.Action, ev.ObjectType, v(ev.ObjectID),
		ev.Outcome, ev.Reason, v(ev.ClientID), v(ev.ConfidentialServiceID))
}

// A failed batch fails every waiter in it.
func TestAFailedBatchFailsEveryWaiter(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		boom := fmt.Errorf("disk full: %w", models.ErrUnavailable)
		held, release := make(chan struct{}), make(chan struct{})
		var calls atomic.Int64
		s.SetAuditWritersForTest(1) // one batch held, the rest queue behind it
		s.WrapAuditWriterForTest(func(next models.AuditWriter) models.AuditWriter {
			return func(ctx context.Context, evs []models.AuditEvent) error {
				if calls.Add(1) == 1 {
					close(held)
					<-release // hold the first batch so the rest queue behind it
				}
				return boom
			}
		})
		const n = 20
		errs := make(chan error, n)
		go func() { errs <- s.AuditRead(context.Background(), readEvent(0)) }()
		<-held
		for i := 1; i < n; i++ {
			go func() { errs <- s.AuditRead(context.Background(), readEvent(i)) }()
		}
		waitQueued(t, s, n-1)
		close(release)
		for range n {
			if err := <-errs; !errors.Is(err, boom) {
				t.Errorf("a waiter of a failed batch got %v", err)
			}
		}
		if calls.Load() != 2 {
			t.Errorf("want the held batch and one of the %d queued behind it, got %d writes", n-1, calls.Load())
		}
	})
}

// A batch refused for something in its rows (not the database being
// away) is retried row by row, so one bad row refuses only its own read.
func TestABadRowFailsOnlyItsOwnRead(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		held, release := make(chan struct{}), make(chan struct{})
		var first atomic.Bool
		var biggest atomic.Int64
		s.SetAuditWritersForTest(1) // one batch held, the rest queue behind it
		s.WrapAuditWriterForTest(func(next models.AuditWriter) models.AuditWriter {
			return func(ctx context.Context, evs []models.AuditEvent) error {
				if first.CompareAndSwap(false, true) {
					close(held)
					<-release
				}
				if int64(len(evs)) > biggest.Load() {
					biggest.Store(int64(len(evs)))
				}
				for _, ev := range evs {
					if ev.Reason == "poison" {
						return errors.New("row refused")
					}
				}
				return next(ctx, evs)
			}
		})
		errs := make(chan error, 10)
		read := func(i int) {
			ev := readEvent(i)
			if i == 3 {
				ev.Reason = "poison"
			}
			errs <- s.AuditRead(context.Background(), ev)
		}
		go read(0)
		<-held
		for i := 1; i < 10; i++ {
			go read(i)
		}
		waitQueued(t, s, 9) // the bad row shares a batch with eight good ones
		close(release)
		failed := 0
		for range 10 {
			if <-errs != nil {
				failed++
			}
		}
		if biggest.Load() != 9 {
			t.Fatalf("the rows were not batched together (largest batch %d)", biggest.Load())
		}
		if failed != 1 {
			t.Errorf("want only the bad row's read refused, got %d refused", failed)
		}
	})
}

// A closed database: the read is refused, never answered unaudited.
func TestAClosedDatabaseRefusesTheRead(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		sqlDB, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		sqlDB.Close()
		if err := s.AuditRead(context.Background(), readEvent(1)); err == nil {
			t.Fatal("a read was audited on a closed database")
		} else if !models.IsUnavailable(err) {
			t.Errorf("a closed database should read as unavailable (503): %v", err)
		}
	})
}

// A waiter whose context ends gets an error at once, while the batch it
// was in carries on for the others.
func TestACancelledReadGivesUp(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		release := make(chan struct{})
		s.WrapAuditWriterForTest(func(next models.AuditWriter) models.AuditWriter {
			return func(ctx context.Context, evs []models.AuditEvent) error {
				<-release
				return next(ctx, evs)
			}
		})
		ctx, cancel := context.WithCancel(context.Background())
		got := make(chan error, 1)
		go func() { got <- s.AuditRead(ctx, readEvent(1)) }()
		time.Sleep(20 * time.Millisecond)
		cancel()
		select {
		case err := <-got:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("want the cancellation, got %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("a cancelled read kept waiting for a stuck batch")
		}
		close(release)
		// A context already over never joins a batch.
		if err := s.AuditRead(ctx, readEvent(2)); !errors.Is(err, context.Canceled) {
			t.Errorf("an ended context: %v", err)
		}
		// The writer is not stuck: the next read is audited.
		ev := readEvent(3)
		if err := s.AuditRead(context.Background(), ev); err != nil {
			t.Fatal(err)
		}
		if _, ok := eventByRequest(t, s, ev.RequestID); !ok {
			t.Error("the next read's row is missing")
		}
		if _, ok := eventByRequest(t, s, readEvent(2).RequestID); ok {
			t.Error("a read whose context had ended before it queued was written")
		}
	})
}

// Close drains: every read already queued is committed and answered; a
// read after Close is refused.
func TestCloseDrainsTheQueue(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, base *models.Store) {
		// A store of its own, since this one is closed mid-test.
		s, err := models.Open(base.DSN())
		if err != nil {
			t.Fatal(err)
		}
		started := make(chan struct{})
		release := make(chan struct{})
		var once sync.Once
		s.SetAuditWritersForTest(1) // one batch held, the rest queue behind it
		s.WrapAuditWriterForTest(func(next models.AuditWriter) models.AuditWriter {
			return func(ctx context.Context, evs []models.AuditEvent) error {
				once.Do(func() { close(started); <-release })
				return next(ctx, evs)
			}
		})
		const n = 30
		errs := make(chan error, n)
		go func() { errs <- s.AuditRead(context.Background(), readEvent(0)) }()
		<-started
		for i := 1; i < n; i++ {
			go func() { errs <- s.AuditRead(context.Background(), readEvent(i)) }()
		}
		waitQueued(t, s, n-1) // all queued behind the first batch
		closed := make(chan struct{})
		go func() { s.Close(); close(closed) }()
		time.Sleep(20 * time.Millisecond)
		close(release)
		for range n {
			if err := <-errs; err != nil {
				t.Errorf("a queued read was not drained: %v", err)
			}
		}
		<-closed
		if err := s.AuditRead(context.Background(), readEvent(n)); !models.IsUnavailable(err) {
			t.Errorf("a read after Close: want unavailable, got %v", err)
		}
		again, err := models.Open(base.DSN())
		if err != nil {
			t.Fatal(err)
		}
		defer again.Close()
		var got int64
		again.Gorm().Model(&models.AuditEvent{}).Where("action = 'read' AND request_id LIKE 'req-%'").Count(&got)
		if got != n {
			t.Errorf("want %d rows after Close, got %d", n, got)
		}
	})
}

// With the batch off, a read's event is written by its own INSERT, still
// before AuditRead returns, and nothing waits for a writer.
func TestAuditBatchOffWritesEachReadAlone(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, base *models.Store) {
		s, err := models.OpenWith(base.DSN(), models.Options{AuditBatch: models.AuditBatchOptions{Off: true}})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ctx, count := models.WithStatementCount(context.Background())
		ev := readEvent(7)
		if err := s.AuditRead(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if count.N() != 1 {
			t.Errorf("want the read's own INSERT under its context, counted %d statements", count.N())
		}
		if _, ok := eventByRequest(t, s, ev.RequestID); !ok {
			t.Error("the event is missing")
		}
	})
}
