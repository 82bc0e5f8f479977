package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gateway/cmd/gateway/demo"
	"gateway/models"
	"gateway/models/modeltest"
)

// TestBackupRestoresEveryTable: a backup of the demo area, restored into a
// fresh database, has the same row count and checksum in every table, on
// SQLite and on PostgreSQL.
func TestBackupRestoresEveryTable(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		dir := t.TempDir()
		backupDrill(t, filepath.Join(dir, "g.db"), filepath.Join(dir, "restored", "g.db"), filepath.Join(dir, "backup.db"), "")
	})
	t.Run("postgres", func(t *testing.T) {
		pg := modeltest.PrivatePostgres(t)
		src := pg.CreateDatabase("source")
		dst := pg.CreateDatabase("restored")
		backupDrill(t, src, dst, filepath.Join(t.TempDir(), "backup.dump"), pg.Bin())
	})
}

func backupDrill(t *testing.T, src, dst, file, pgBin string) {
	ctx := context.Background()
	s, err := models.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Build(ctx, s, demo.Options{People: 500, StreetContacts: 300}); err != nil {
		t.Fatal(err)
	}
	want, err := s.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Checksums reads each partitioned table whole (its partitions are not
	// listed again); the partitions themselves must come back as such.
	var wantParts []models.Partition
	if s.Dialect() == models.Postgres {
		if wantParts, err = s.Partitions(ctx); err != nil || len(wantParts) < 4 {
			t.Fatalf("partitions before the backup: %v %v", wantParts, err)
		}
		for _, p := range wantParts {
			if p.Default && p.Rows != 0 { // the demo makes its months' partitions before loading
				t.Errorf("the demo left %d rows in %s", p.Rows, p.Name)
			}
		}
	}
	s.Close()

	var out bytes.Buffer
	if err := run(ctx, []string{"backup", "--db", src, "--out", file, "--pg-bin", pgBin}, nil, &out, &out); err != nil {
		t.Fatalf("backup: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"backup", "--db", src, "--out", file, "--pg-bin", pgBin}, nil, &out, &out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup to the same file: %v", err)
	}
	out.Reset()
	if err := run(ctx, []string{"restore", "--db", dst, "--from", file, "--pg-bin", pgBin}, nil, &out, &out); err != nil {
		t.Fatalf("restore: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"restore", "--db", dst, "--from", file, "--pg-bin", pgBin}, nil, &out, &out); err == nil {
		t.Errorf("a restore over data was allowed")
	}
	r, err := models.Open(dst)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := r.Checksums(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) || len(want) < 40 {
		t.Fatalf("tables: %d restored, %d backed up", len(got), len(want))
	}
	var rows int64
	for i := range want {
		rows += want[i].Rows
		if got[i] != want[i] {
			t.Errorf("table %s: restored %d rows %016x, backed up %d rows %016x", want[i].Table, got[i].Rows, got[i].Sum, want[i].Rows, want[i].Sum)
		}
	}
	t.Logf("%d tables, %d rows: every count and checksum equal after restore", len(want), rows)
	if wantParts != nil {
		if gotParts, err := r.Partitions(ctx); err != nil || !reflect.DeepEqual(gotParts, wantParts) {
			t.Errorf("partitions after restore: %v (%v), want %v", gotParts, err, wantParts)
		}
	}
	// The restored database serves: a person can be read.
	var n int64
	r.Gorm().Model(&models.Person{}).Count(&n)
	if n == 0 {
		t.Error("no people after restore")
	}
}
