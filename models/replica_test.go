package models_test

import (
	"context"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// With a replica, only a Replica() store's reads go to it: its writes and
// transactions, and everything the store itself runs, stay on the
// primary. The replica here is the same database reached by a pool of its
// own, so each statement is counted where it ran.
func TestReplicaTakesOnlyTheReadsSentToIt(t *testing.T) {
	dsn := modeltest.PostgresDSN(t) // skips without GATEWAY_TEST_POSTGRES
	modeltest.Open(t, dsn)          // migrates
	s, err := models.OpenWith(dsn, models.Options{Replica: dsn, AuditBatch: models.AuditBatchOptions{Off: true}})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !s.HasReplica() {
		t.Fatal("no replica")
	}
	w := newOutreachWorld(t, s)
	step := func(what string, fn func() error) (primary, replica int64) {
		t.Helper()
		p0, r0 := s.PoolStatements()
		if err := fn(); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		p1, r1 := s.PoolStatements()
		return p1 - p0, r1 - r0
	}
	if p, r := step("search on the replica", func() error {
		hits, _, err := s.Replica().SearchPeople(ctx, allNotes, models.PersonSearch{Text: "Dave Stone"})
		if err == nil && len(hits) == 0 {
			t.Error("the replica's search found no one")
		}
		return err
	}); r == 0 || p != 0 {
		t.Errorf("search on the replica: %d statements on the primary, %d on the replica; want 0 and some", p, r)
	}
	if p, r := step("a person read", func() error { _, err := s.Person(ctx, allNotes, w.person.ID); return err }); r != 0 || p == 0 {
		t.Errorf("a person read: %d on the primary, %d on the replica; want all on the primary", p, r)
	}
	if p, r := step("audit through the replica store", func() error {
		return s.Replica().Audit(ctx, models.AuditEvent{Action: models.AuditSearch})
	}); r != 0 || p == 0 {
		t.Errorf("a write through the replica store: %d on the primary, %d on the replica; want all on the primary", p, r)
	}
	if p, r := step("a transaction of the replica store", func() error {
		return s.Replica().Tx(ctx, func(tx *models.Store) error {
			_, _, err := tx.Replica().SearchPeople(ctx, allNotes, models.PersonSearch{Text: "Dave"})
			return err
		})
	}); r != 0 || p == 0 {
		t.Errorf("a transaction: %d on the primary, %d on the replica; want all on the primary", p, r)
	}
	if err := s.PingReplica(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestReplicaNeedsPostgreSQL(t *testing.T) {
	path := t.TempDir() + "/g.db"
	if _, err := models.OpenWith(path, models.Options{Replica: "postgres://127.0.0.1/x"}); err == nil {
		t.Error("a SQLite primary took a replica")
	}
	if s := modeltest.SQLite(t); s.Replica() != s || s.HasReplica() {
		t.Error("without a replica, Replica() is the store itself")
	}
}
