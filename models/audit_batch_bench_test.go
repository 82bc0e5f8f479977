package models_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// BenchmarkAuditedReads: audited reads per second, each a person fetched by
// id and then its audit event, with the audit written by its own INSERT
// (single, the path before the batch writer) or through the group-commit writer
// (batch), at 1, 10 and 50 concurrent readers, on SQLite and PostgreSQL
// (when GATEWAY_TEST_POSTGRES is set). Run:
//
//	go test ./models -run '^$' -bench AuditedReads -benchtime 3s
func BenchmarkAuditedReads(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var s *models.Store
			if db == "sqlite" {
				s = modeltest.SQLite(b)
			} else {
				s = modeltest.Postgres(b)
			}
			personID := benchPerson(b, s)
			// Count the batch writer's commits, to report rows per commit.
			var commits atomic.Int64
			var inWriter atomic.Int64
			s.WrapAuditWriterForTest(func(next models.AuditWriter) models.AuditWriter {
				return func(ctx context.Context, evs []models.AuditEvent) error {
					commits.Add(1)
					t0 := time.Now()
					defer func() { inWriter.Add(int64(time.Since(t0))) }()
					return next(ctx, evs)
				}
			})
			// The two paths side by side at each concurrency, so a change
			// in the machine's load between them is as small as it can be.
			for _, g := range []int{1, 10, 50} {
				for _, path := range []string{"single", "batch"} {
					audit := s.Audit
					if path == "batch" {
						audit = s.AuditRead
					}
					b.Run(fmt.Sprintf("g=%d/%s", g, path), func(b *testing.B) {
						c0, w0 := commits.Load(), inWriter.Load()
						auditedReads(b, s, personID, g, audit)
						if n := commits.Load() - c0; path == "batch" && n > 0 {
							b.ReportMetric(float64(b.N)/float64(n), "rows/commit")
							b.ReportMetric(float64(inWriter.Load()-w0)/float64(n)/1e6, "ms/commit")
						}
					})
				}
			}
		})
	}
}

// BenchmarkAuditedReadsBesideWrites is BenchmarkAuditedReads while one
// writer commits write transactions of about a millisecond (a note or a
// referral with its audit event) with a millisecond between them, which on
// SQLite hold the one write lock half the time: each single INSERT queues
// for it, a batch queues once.
func BenchmarkAuditedReadsBesideWrites(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			var s *models.Store
			if db == "sqlite" {
				s = modeltest.SQLite(b)
			} else {
				s = modeltest.Postgres(b)
			}
			personID := benchPerson(b, s)
			for _, g := range []int{10, 50} {
				for _, path := range []string{"single", "batch"} {
					audit := s.Audit
					if path == "batch" {
						audit = s.AuditRead
					}
					b.Run(fmt.Sprintf("g=%d/%s", g, path), func(b *testing.B) {
						stop, writes := keepWriting(b, s)
						t0 := time.Now()
						auditedReads(b, s, personID, g, audit)
						elapsed := time.Since(t0)
						close(stop)
						b.ReportMetric(float64(<-writes)/elapsed.Seconds(), "writes/s")
					})
				}
			}
		})
	}
}

// keepWriting commits write transactions of about a millisecond until
// stop closes; writes answers how many it committed by then.
func keepWriting(b *testing.B, s *models.Store) (chan struct{}, chan int) {
	stop, writes := make(chan struct{}), make(chan int, 1)
	actor := int64(1)
	go func() {
		n := 0
		defer func() { writes <- n }()
		for {
			select {
			case <-stop:
				return
			default:
			}
			err := s.Tx(context.Background(), func(tx *models.Store) error {
				time.Sleep(time.Millisecond)
				return tx.Audit(context.Background(), models.AuditEvent{ActorUserID: &actor, Action: "add_note", ObjectType: "person"})
			})
			if err != nil {
				b.Error(err)
				return
			}
			n++
			// A gap as between requests: a writer in a tight loop starves
			// SQLite's busy handler, which polls, whatever reads do.
			time.Sleep(time.Millisecond)
		}
	}()
	return stop, writes
}

func benchPerson(b *testing.B, s *models.Store) int64 {
	m := modeltest.Build(b, s)
	sv := m.Service(m.Org("Trust"), "Hostel", models.Hostel, m.LA("Northmoor"))
	u := m.User("Worker", sv, models.RoleWorker)
	return m.Person("Bench", "Person", u, sv).ID
}

// auditedReads runs b.N reads shared among g goroutines and reports reads
// per second over the wall clock.
func auditedReads(b *testing.B, s *models.Store, personID int64, g int, audit func(context.Context, models.AuditEvent) error) {
	ctx := context.Background()
	actor := int64(1)
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Value
	b.ResetTimer()
	start := time.Now()
	for range g {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				var p models.Person
				if err := s.Gorm().WithContext(ctx).Where("id = ?", personID).Take(&p).Error; err != nil {
					failed.Store(err)
					return
				}
				if err := audit(ctx, models.AuditEvent{ActorUserID: &actor, ActingServiceID: &actor, Action: "read",
					ObjectType: "person", ObjectID: &personID, RequestID: "bench"}); err != nil {
					failed.Store(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "reads/s")
}
