package models

import (
	"context"
	"sync/atomic"

	"gorm.io/gorm"
)

// Statements executed through the Store are counted twice: in a process-wide
// total, which `gateway bench` reads before and after a run to give
// statements per request, and in a counter a caller may hang on a context,
// which tests use to pin how many round trips a route costs. A statement is
// one trip to the database, so the count is the thing to keep low on hot
// routes.
var statementsTotal atomic.Int64

// StatementsExecuted is the number of statements every Store in this process
// has sent to its database so far.
func StatementsExecuted() int64 { return statementsTotal.Load() }

// StatementCount counts the statements run under one context.
type StatementCount struct{ n atomic.Int64 }

// N is how many statements have run so far.
func (c *StatementCount) N() int64 {
	if c == nil {
		return 0
	}
	return c.n.Load()
}

type statementCountKey struct{}

// WithStatementCount returns a context under which every statement the Store
// runs is added to the returned count (and to any count of a parent context).
func WithStatementCount(ctx context.Context) (context.Context, *StatementCount) {
	c := &StatementCount{}
	return context.WithValue(ctx, statementCountKey{}, c), c
}

// countStatement is registered after every gorm operation.
// A dry run (gorm builds a subquery's SQL by running its callbacks with
// DryRun) sends nothing to the database, so it is not counted.
func countStatement(db *gorm.DB) {
	if db.DryRun {
		return
	}
	statementsTotal.Add(1)
	if db.Statement == nil || db.Statement.Context == nil {
		return
	}
	if c, ok := db.Statement.Context.Value(statementCountKey{}).(*StatementCount); ok {
		c.n.Add(1)
	}
}

// registerStatementCounter hooks countStatement after each kind of operation
// gorm runs (create, query, update, delete, row and raw).
func registerStatementCounter(db *gorm.DB) error {
	return afterEachStatement(db, "gateway:count", countStatement)
}

// afterEachStatement registers fn, under name, after each kind of
// operation gorm runs: one call for every statement sent.
func afterEachStatement(db *gorm.DB, name string, fn func(*gorm.DB)) error {
	cb := db.Callback()
	for _, err := range []error{
		cb.Create().After("gorm:create").Register(name, fn),
		cb.Query().After("gorm:query").Register(name, fn),
		cb.Update().After("gorm:update").Register(name, fn),
		cb.Delete().After("gorm:delete").Register(name, fn),
		cb.Row().After("gorm:row").Register(name, fn),
		cb.Raw().After("gorm:raw").Register(name, fn),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// chargeStatement adds one statement to the count on ctx only: for a
// request whose audit row was written by the batch writer (audit_batch.go)
// on its own context. The request waited for that statement's commit, so it
// is charged one trip, though the trip may have carried other requests'
// rows too; the process-wide total counted the statement when it ran.
func chargeStatement(ctx context.Context) {
	if c, ok := ctx.Value(statementCountKey{}).(*StatementCount); ok {
		c.n.Add(1)
	}
}
