package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Backups. SQLite: VACUUM INTO, a consistent
// copy taken while the server runs (readers and writers carry on under
// WAL). PostgreSQL: pg_dump in its custom format (-Fc), restored with
// pg_restore. Checksums lets a drill prove a restore equals what was
// backed up: every table's row count and an order-independent hash of its
// rows.

// Backup writes a backup of the database to out, which must not exist.
// pgBin is the folder of pg_dump ("" means the PATH).
func (s *Store) Backup(ctx context.Context, out, pgBin string) error {
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s already exists; a backup never overwrites a file", out)
	}
	if s.dialect == SQLite {
		abs, err := filepath.Abs(out)
		if err != nil {
			return err
		}
		if err := s.with(ctx).Exec("VACUUM INTO ?", abs).Error; err != nil {
			os.Remove(abs)
			return fmt.Errorf("VACUUM INTO: %w", err)
		}
		return nil
	}
	conn, schema, err := LibpqURL(s.dsn)
	if err != nil {
		return err
	}
	args := []string{"--format=custom", "--no-owner", "--no-privileges", "--file=" + out}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	args = append(args, "--dbname="+conn)
	if err := runPG(ctx, pgBin, "pg_dump", args...); err != nil {
		os.Remove(out)
		return err
	}
	return nil
}

// RestorePostgres loads a pg_dump -Fc file into the (empty) PostgreSQL
// database dsn with pg_restore. SQLite restores are a file copy, done
// before the database is opened (see the restore command).
func RestorePostgres(ctx context.Context, dsn, from, pgBin string) error {
	conn, _, err := LibpqURL(dsn)
	if err != nil {
		return err
	}
	return runPG(ctx, pgBin, "pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", "--dbname="+conn, from)
}

func runPG(ctx context.Context, bin, name string, args ...string) error {
	path := name
	if bin != "" {
		path = filepath.Join(bin, name)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) {
			return fmt.Errorf("%s not found: install the PostgreSQL client programs of the server's version, or give their folder with --pg-bin", name)
		}
		return fmt.Errorf("%s: %v: %s", name, err, strings.TrimSpace(stderr.String()))
	}
	return nil
}

// LibpqURL turns a Gateway PostgreSQL URL into one libpq programs accept:
// the settings pgx passes to the server (search_path, statement_timeout)
// are removed, and the schema named by search_path is returned.
func LibpqURL(dsn string) (conn, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", fmt.Errorf("database URL: %w", err)
	}
	q := u.Query()
	keep := url.Values{}
	for k, v := range q {
		switch k {
		case "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "host", "port", "user", "password", "dbname", "passfile", "target_session_attrs":
			keep[k] = v
		}
	}
	schema = q.Get("search_path")
	u.RawQuery = keep.Encode()
	return u.String(), schema, nil
}

// TableSum is one table's row count and checksum.
type TableSum struct {
	Table string
	Rows  int64
	Sum   uint64
}

// Checksums lists every table of Gateway's schema with its row count and
// an order-independent hash of its rows, for comparing a restore with its
// source on the same kind of database.
func (s *Store) Checksums(ctx context.Context) ([]TableSum, error) {
	var tables []string
	var err error
	if s.dialect == SQLite {
		err = s.with(ctx).Raw(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).Scan(&tables).Error
	} else {
		// A monthly partition (migration 00025) is read through its
		// partitioned table, which holds every partition's rows: listing
		// both would count each row twice. A restore missing a partition
		// shows as its table's rows and checksum differing.
		err = s.with(ctx).Raw(`SELECT table_name FROM information_schema.tables t WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
			AND NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = t.table_schema AND c.relname = t.table_name AND c.relispartition)
			ORDER BY table_name`).Scan(&tables).Error
	}
	if err != nil {
		return nil, err
	}
	out := make([]TableSum, 0, len(tables))
	for _, t := range tables {
		ts, err := s.tableSum(ctx, t)
		if err != nil {
			return nil, fmt.Errorf("checksum %s: %w", t, err)
		}
		out = append(out, ts)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Table < out[j].Table })
	return out, nil
}

func (s *Store) tableSum(ctx context.Context, table string) (TableSum, error) {
	ts := TableSum{Table: table}
	rows, err := s.with(ctx).Raw(`SELECT * FROM "` + strings.ReplaceAll(table, `"`, ``) + `"`).Rows()
	if err != nil {
		return ts, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return ts, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var b bytes.Buffer
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return ts, err
		}
		b.Reset()
		for _, v := range vals {
			writeValue(&b, v)
			b.WriteByte(0x1f)
		}
		h := sha256.Sum256(b.Bytes())
		ts.Sum += binary.BigEndian.Uint64(h[:8])
		ts.Rows++
	}
	return ts, rows.Err()
}

func writeValue(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("\x00NULL")
	case []byte:
		b.Write(x)
	case time.Time:
		b.WriteString(x.UTC().Format(time.RFC3339Nano))
	case sql.RawBytes:
		b.Write(x)
	default:
		fmt.Fprint(b, x)
	}
}
