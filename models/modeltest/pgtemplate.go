package modeltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"gateway/models"
)

// PostgreSQL fixtures: a database migrated once per test binary (named
// gwtpl_<unix time>_<random>) is the template each test's own database is
// created from (gwtest_<unix time>_<random>), dropped when the test ends.
// CREATE DATABASE ... TEMPLATE copies the files, which costs far less than
// running every migration again on the server (one to several seconds a
// test). A template is left behind when its test binary exits, since
// nothing runs then; templates and test databases over three hours old are
// dropped by the next binary that makes a template. Where the role may not
// create databases, each test migrates a schema of its own instead.

var pgTpl struct {
	once sync.Once
	name string // "" when databases cannot be created: fall back to schemas
	err  error
}

// postgresFromTemplate opens a copy of the migrated template, or returns
// ok false when the role cannot create databases.
func postgresFromTemplate(t testing.TB, base string) (s *models.Store, ok bool) {
	t.Helper()
	pgTpl.once.Do(func() { pgTpl.name, pgTpl.err = makePostgresTemplate(base) })
	if pgTpl.err != nil {
		t.Fatalf("%s: migrate a template database: %v", PostgresEnv, pgTpl.err)
	}
	if pgTpl.name == "" {
		return nil, false
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	name := dbName("gwtest")
	if err := createFrom(admin, name, pgTpl.name); err != nil {
		admin.Close()
		t.Fatalf("create a test database from the template: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	dsn, err := withDatabase(base, name)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	s, err = models.Open(dsn)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() }) // runs before the drop above
	return s, true
}

func makePostgresTemplate(base string) (string, error) {
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		return "", fmt.Errorf("%s is set but PostgreSQL cannot be reached: %w", PostgresEnv, err)
	}
	dropStale(admin)
	name := dbName("gwtpl")
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		var pe *pgconn.PgError
		if errors.As(err, &pe) && pe.Code == "42501" { // insufficient privilege
			return "", nil
		}
		return "", err
	}
	dsn, err := withDatabase(base, name)
	if err != nil {
		return "", err
	}
	s, err := models.Open(dsn)
	if err != nil {
		return "", err
	}
	err = s.Migrate(context.Background(), io.Discard)
	s.Close()
	if err != nil {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		return "", err
	}
	return name, nil
}

// createFrom creates a database from a template, waiting while the
// template's last connections (closed a moment ago) are still leaving.
func createFrom(admin *sql.DB, name, template string) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		_, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE "+template)
		cancel()
		var pe *pgconn.PgError
		if err == nil || !errors.As(err, &pe) || pe.Code != "55006" || time.Now().After(deadline) { // 55006: object in use
			return err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// dropStale drops templates and test databases left over three hours ago.
func dropStale(admin *sql.DB) {
	rows, err := admin.Query(`SELECT datname FROM pg_database WHERE datname LIKE 'gwtpl\_%' OR datname LIKE 'gwtest\_%'`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) != nil {
			continue
		}
		parts := strings.Split(n, "_")
		if len(parts) != 3 {
			continue
		}
		if at, err := strconv.ParseInt(parts[1], 10, 64); err == nil && time.Since(time.Unix(at, 0)) > 3*time.Hour {
			stale = append(stale, n)
		}
	}
	rows.Close()
	for _, n := range stale {
		admin.Exec("DROP DATABASE IF EXISTS " + n + " WITH (FORCE)")
	}
}

func dbName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return fmt.Sprintf("%s_%d_%s", prefix, time.Now().Unix(), hex.EncodeToString(b))
}

// withDatabase points a PostgreSQL URL at another database.
func withDatabase(base, name string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	q := u.Query()
	q.Del("dbname")
	u.RawQuery = q.Encode()
	return u.String(), nil
}
