// Package modeltest gives tests a fresh, migrated database: SQLite always,
// and PostgreSQL when GATEWAY_TEST_POSTGRES is set.
package modeltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for schema setup

	"gateway/models"
)

// PostgresEnv names the variable holding the PostgreSQL URL for tests.
const PostgresEnv = "GATEWAY_TEST_POSTGRES"

// Each runs fn once per available database, as subtests named "sqlite" and
// "postgres". The postgres subtest skips only when GATEWAY_TEST_POSTGRES is
// unset; when it is set and PostgreSQL cannot be reached, the test fails.
func Each(t *testing.T, fn func(t *testing.T, s *models.Store)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
}

// SQLite opens a migrated SQLite database in the test's temp dir. The
// first call in a test binary migrates a database from nothing (so every
// package's tests still run every migration); later calls start from a
// copy of that database, which costs a file write instead of a migration
// (about half a second of CPU under -race).
func SQLite(t testing.TB) *models.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gateway.db")
	if err := os.WriteFile(path, migratedSQLite(t), 0o600); err != nil {
		t.Fatalf("copy the migrated database: %v", err)
	}
	s, err := models.Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// SQLiteFile writes db, a whole SQLite database as SnapshotSQLite returns
// it, into the test's temp dir and opens it.
func SQLiteFile(t testing.TB, db []byte) *models.Store {
	t.Helper()
	path := filepath.Join(t.TempDir(), "gateway.db")
	if err := os.WriteFile(path, db, 0o600); err != nil {
		t.Fatalf("write the database: %v", err)
	}
	s, err := models.Open(path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// SnapshotSQLite returns a consistent copy of a SQLite store's whole
// database (VACUUM INTO, so nothing is left in the write-ahead log), for
// SQLiteFile to start other tests from.
func SnapshotSQLite(s *models.Store) ([]byte, error) {
	dir, err := os.MkdirTemp("", "gateway-snapshot-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "snapshot.db")
	if err := s.Gorm().Exec("VACUUM INTO ?", path).Error; err != nil {
		return nil, err
	}
	return os.ReadFile(path)
}

// migratedSQLite is a freshly migrated database, built once per test
// binary and held in memory.
func migratedSQLite(t testing.TB) []byte {
	t.Helper()
	migrated.once.Do(func() {
		migrated.db, migrated.err = buildMigratedSQLite()
	})
	if migrated.err != nil {
		t.Fatalf("migrate a template database: %v", migrated.err)
	}
	return migrated.db
}

var migrated struct {
	once sync.Once
	db   []byte
	err  error
}

func buildMigratedSQLite() ([]byte, error) {
	dir, err := os.MkdirTemp("", "gateway-migrated-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	s, err := models.Open(filepath.Join(dir, "gateway.db"))
	if err != nil {
		return nil, err
	}
	defer s.Close()
	if err := s.Migrate(context.Background(), io.Discard); err != nil {
		return nil, err
	}
	return SnapshotSQLite(s)
}

// Postgres opens a migrated PostgreSQL database of its own, dropped when
// the test ends, so parallel test packages never see each other's rows: a
// copy of a database migrated once per test binary (pgtemplate.go), or,
// where the role cannot create databases, a freshly migrated schema.
func Postgres(t testing.TB) *models.Store {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip(PostgresEnv + " is not set; skipping the PostgreSQL run")
	}
	if s, ok := postgresFromTemplate(t, base); ok {
		return s
	}
	return open(t, PostgresDSN(t))
}

// PostgresDSN creates a fresh schema and returns a DSN whose search_path is it.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skip(PostgresEnv + " is not set; skipping the PostgreSQL run")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("%s is set but PostgreSQL cannot be reached: %v", PostgresEnv, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "gwtest_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *models.Store {
	t.Helper()
	s, err := models.Open(dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	if err := s.Migrate(context.Background(), io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return s
}

// Open opens (and migrates) a second Store on a database another Store of
// the test already uses, standing for another app instance.
func Open(t testing.TB, dsn string) *models.Store { return open(t, dsn) }
