package main

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"

	_ "github.com/glebarez/go-sqlite" // the driver under gorm's glebarez/sqlite, registered as "sqlite"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"gateway/models"
)

// baseDB is the database as `gateway bench` reaches it beside the server:
// hand-written SQL on a pool of the server's size, with no ORM, policy or
// HTTP in between, so that a route's figures can be set against the least
// the database needs to do for the same answer.
type baseDB interface {
	// run sends stmts together and reads every row of each (handing its
	// values to the statement's row func, if any). On PostgreSQL they go in
	// one pipelined batch, one round trip; on SQLite one after another,
	// which costs no trip at all.
	run(ctx context.Context, stmts ...baseStmt) error
	postgres() bool
	close()
}

// baseStmt is one statement written with ? placeholders.
type baseStmt struct {
	sql  string
	args []any
	row  func(vals []any) // may be nil
}

// openBaseDB opens dsn with a pool of size conns (the server's own pool).
func openBaseDB(ctx context.Context, dsn string, conns int) (baseDB, error) {
	if models.IsPostgres(dsn) {
		cfg, err := pgxpool.ParseConfig(dsn)
		if err != nil {
			return nil, err
		}
		cfg.MaxConns = int32(conns)
		pool, err := pgxpool.NewWithConfig(ctx, cfg)
		if err != nil {
			return nil, err
		}
		return pgBase{pool}, pool.Ping(ctx)
	}
	db, err := sql.Open("sqlite", models.SQLiteDSN(dsn))
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	return liteBase{db}, db.PingContext(ctx)
}

type pgBase struct{ pool *pgxpool.Pool }

func (b pgBase) postgres() bool { return true }
func (b pgBase) close()         { b.pool.Close() }

func (b pgBase) run(ctx context.Context, stmts ...baseStmt) error {
	batch := &pgx.Batch{}
	for _, s := range stmts {
		batch.Queue(dollars(s.sql), s.args...)
	}
	br := b.pool.SendBatch(ctx, batch)
	for i, s := range stmts {
		rows, err := br.Query()
		if err != nil {
			br.Close()
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
		for rows.Next() {
			vals, err := rows.Values()
			if err != nil {
				rows.Close()
				br.Close()
				return fmt.Errorf("statement %d: %w", i+1, err)
			}
			if s.row != nil {
				s.row(vals)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			br.Close()
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
	}
	return br.Close()
}

// dollars turns ? placeholders into PostgreSQL's $1, $2, ... (none of the
// baseline's SQL has a ? inside a string literal). A baseline issues the
// same few statements thousands of times, so each is converted once: the
// baseline is the least work a read needs, not the bench's own.
func dollars(q string) string {
	if d, ok := dollarCache.Load(q); ok {
		return d.(string)
	}
	d := toDollars(q)
	dollarCache.Store(q, d)
	return d
}

var dollarCache sync.Map

func toDollars(q string) string {
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

type liteBase struct{ db *sql.DB }

func (b liteBase) postgres() bool { return false }
func (b liteBase) close()         { b.db.Close() }

func (b liteBase) run(ctx context.Context, stmts ...baseStmt) error {
	for i, s := range stmts {
		if err := b.one(ctx, s); err != nil {
			return fmt.Errorf("statement %d: %w", i+1, err)
		}
	}
	return nil
}

func (b liteBase) one(ctx context.Context, s baseStmt) error {
	if strings.HasPrefix(strings.TrimSpace(s.sql), "INSERT") {
		_, err := b.db.ExecContext(ctx, s.sql, s.args...)
		return err
	}
	rows, err := b.db.QueryContext(ctx, s.sql, s.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if s.row != nil {
			s.row(vals)
		}
	}
	return rows.Err()
}
