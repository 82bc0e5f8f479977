package demo

import (
	"context"
	"sync"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// demoOpts is the area three tests read: they check different promises of
// the same deterministic build.
var demoOpts = Options{People: 600}

// sqliteDemo is that area on SQLite, built once per test binary (each
// build is about a minute of CPU under -race) and copied for each test.
var sqliteDemo struct {
	once sync.Once
	db   []byte
	sum  *Summary
	err  error
}

// buildDemo builds the 600-person demo on s, or, when s is SQLite, gives
// the test its own copy of the one built for the binary. The tests only
// read it.
func buildDemo(t *testing.T, s *models.Store) (*models.Store, *Summary, error) {
	t.Helper()
	if s.Dialect() != models.SQLite {
		sum, err := Build(context.Background(), s, demoOpts)
		return s, sum, err
	}
	sqliteDemo.once.Do(func() {
		sqliteDemo.err = errDemoFailed
		sum, err := Build(context.Background(), s, demoOpts)
		if err != nil {
			sqliteDemo.err = err
			return
		}
		sqliteDemo.sum = sum
		sqliteDemo.db, sqliteDemo.err = modeltest.SnapshotSQLite(s)
	})
	if sqliteDemo.err != nil {
		return nil, nil, sqliteDemo.err
	}
	sum := *sqliteDemo.sum
	return modeltest.SQLiteFile(t, sqliteDemo.db), &sum, nil
}

type demoError string

func (e demoError) Error() string { return string(e) }

const errDemoFailed = demoError("building the demo failed in an earlier test")
