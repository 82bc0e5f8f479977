package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
)

// TestMigrateDownAsksBeforeDeletingData: a rollback that drops data lists
// what would go and changes nothing without --yes; with --yes every down
// migration, down to an empty database, finishes in seconds on a demo area.
func TestMigrateDownAsksBeforeDeletingData(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { migrateDownDrill(t, filepath.Join(t.TempDir(), "g.db")) })
	t.Run("postgres", func(t *testing.T) { migrateDownDrill(t, modeltest.PrivatePostgres(t).DSN()) })
}

func migrateDownDrill(t *testing.T, dsn string) {
	ctx := context.Background()
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Build(ctx, s, demo.Options{People: 2000, StreetContacts: 500}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	status := func() string {
		var out bytes.Buffer
		if err := run(ctx, []string{"migrate", "--db", dsn, "status"}, nil, &out, &out); err != nil {
			t.Fatal(err)
		}
		return out.String()
	}
	var slowest time.Duration
	var out bytes.Buffer
	refused := 0
	for i := 0; ; i++ {
		if i > 30 {
			t.Fatal("down never reached an empty database")
		}
		before := status()
		out.Reset()
		err := run(ctx, []string{"migrate", "--db", dsn, "down"}, nil, &out, &out)
		if strings.Contains(out.String(), "nothing to roll back") {
			break
		}
		if err != nil {
			if !errors.Is(err, errUsage) || !strings.Contains(out.String(), "deletes data") || !strings.Contains(out.String(), "rows") {
				t.Fatalf("down without --yes: %v\n%s", err, out.String())
			}
			if status() != before {
				t.Fatal("down without --yes changed the database")
			}
			if refused++; refused == 1 {
				t.Logf("without --yes:\n%s", out.String())
			}
			out.Reset()
			start := time.Now()
			if err := run(ctx, []string{"migrate", "--db", dsn, "down", "--yes"}, nil, &out, &out); err != nil {
				t.Fatalf("down --yes: %v\n%s", err, out.String())
			}
			took := time.Since(start)
			slowest = max(slowest, took)
			if took > 20*time.Second {
				t.Errorf("down took %s: %s", took, out.String())
			}
		}
	}
	if refused < 3 {
		t.Errorf("only %d rollbacks asked for --yes; 00001, 00003 and 00004 at least drop the demo's data", refused)
	}
	t.Logf("every down migration with --yes on a 2,000-person demo: slowest %s", slowest.Round(time.Millisecond))
	out.Reset()
	if err := run(ctx, []string{"migrate", "--db", dsn, "up"}, nil, &out, &out); err != nil {
		t.Fatalf("up again after rolling everything back: %v\n%s", err, out.String())
	}
}
