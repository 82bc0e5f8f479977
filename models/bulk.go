package models

import (
	"context"

	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Loader bulk-loads rows with explicit ids, for the demo area and the
// generate command: COPY on PostgreSQL, multi-row INSERTs in one
// transaction on SQLite. It bypasses validation, so only generated data
// goes through it, and never into a database that already holds people.
type Loader struct {
	s *Store
}

// Loader returns the bulk loader.
func (s *Store) Loader() *Loader { return &Loader{s} }

// Load inserts rows into table. On SQLite it writes in one transaction;
// on PostgreSQL it streams with COPY.
func (l *Loader) Load(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if l.s.dialect == Postgres {
		return l.copy(ctx, table, cols, rows)
	}
	return l.s.Tx(ctx, func(tx *Store) error {
		// SQLite allows 32766 parameters per statement.
		per := max(1, min(500, 32000/len(cols)))
		return multiRowInserts(table, cols, rows, per, func(query string, args []any) error {
			if err := tx.db.Exec(query, args...).Error; err != nil {
				return fmt.Errorf("load %s: %w", table, err)
			}
			return nil
		})
	})
}

// multiRowInserts writes rows as INSERT statements of at most per rows
// each, handing each statement and its arguments to exec: the Loader's
// SQLite path and insertRows, which joins its caller's transaction.
func multiRowInserts(table string, cols []string, rows [][]any, per int, exec func(query string, args []any) error) error {
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	for i := 0; i < len(rows); i += per {
		chunk := rows[i:min(i+per, len(rows))]
		var sb strings.Builder
		fmt.Fprintf(&sb, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ","))
		args := make([]any, 0, len(chunk)*len(cols))
		for j, r := range chunk {
			if j > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(row)
			args = append(args, r...)
		}
		if err := exec(sb.String(), args); err != nil {
			return err
		}
	}
	return nil
}

func (l *Loader) copy(ctx context.Context, table string, cols []string, rows [][]any) error {
	sqlDB, err := l.s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		for i, r := range rows {
			for j, v := range r {
				if d, ok := v.(Date); ok {
					rows[i][j] = nullDate(d)
				}
			}
		}
		_, err := pc.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy %s: %w", table, err)
		}
		return nil
	})
}

// nullDate is a date as COPY takes it: text, which PostgreSQL reads into a
// DATE column and stores as such in people.dob (TEXT: a date of birth may
// be a month or a year).
func nullDate(d Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// ResetSequences moves PostgreSQL's id sequences past explicitly loaded ids,
// so the next normal insert does not collide. SQLite needs nothing.
func (l *Loader) ResetSequences(ctx context.Context, tables ...string) error {
	if l.s.dialect != Postgres {
		return nil
	}
	for _, t := range tables {
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", t, t)
		if err := l.s.with(ctx).Exec(q).Error; err != nil {
			return fmt.Errorf("reset %s ids: %w", t, err)
		}
	}
	return nil
}

// Analyze refreshes the planner's statistics after a bulk load; without
// them PostgreSQL plans the access scopes' EXISTS probes for an empty
// table, and a scoped search runs twenty times slower.
func (l *Loader) Analyze(ctx context.Context) error {
	return l.s.analyze(ctx, "")
}

// Empty reports whether the database holds no people and no users yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int64
	for _, t := range []string{"people", "users", "services"} {
		if err := s.with(ctx).Table(t).Count(&n).Error; err != nil {
			return false, err
		}
		if n > 0 {
			return false, nil
		}
	}
	return true, nil
}
