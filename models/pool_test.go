package models_test

import (
	"database/sql"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// A burst that uses every connection of the pool and then goes quiet
// leaves them all open for the next: with fewer kept idle than may be
// open, each burst closed the surplus and the next opened it again (a
// PostgreSQL backend each), which was why 50 clients served fewer
// requests a second than 10.
func TestTheConnectionPoolKeepsWhatABurstOpened(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		db, err := s.SQL()
		if err != nil {
			t.Fatal(err)
		}
		before := db.Stats().MaxIdleClosed
		max := db.Stats().MaxOpenConnections
		if max < 2 {
			t.Fatalf("a pool of %d", max)
		}
		for range 3 {
			conns := make([]*sql.Conn, max)
			for i := range conns {
				if conns[i], err = db.Conn(ctx); err != nil {
					t.Fatal(err)
				}
			}
			for _, c := range conns {
				c.Close()
			}
		}
		if closed := db.Stats().MaxIdleClosed - before; closed != 0 {
			t.Errorf("%d connections closed as they came back idle", closed)
		}
	})
}
