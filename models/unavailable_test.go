package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
)

// Only failures of the database itself are "unavailable" (503); a missing
// row, bad input or a constraint is the request's own answer.
func TestIsUnavailable(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{context.DeadlineExceeded, true},
		{fmt.Errorf("query: %w", context.Canceled), true},
		{&pgconn.PgError{Code: "57014"}, true}, // statement_timeout
		{&pgconn.PgError{Code: "57P01"}, true}, // admin shutdown
		{&pgconn.PgError{Code: "08006"}, true}, // connection failure
		{&pgconn.PgError{Code: "53300"}, true}, // too many connections
		{fmt.Errorf("dial: %w", syscall.ECONNREFUSED), true},
		{errors.New("database is locked (5) (SQLITE_BUSY)"), true},
		{ErrNotFound, false},
		{gorm.ErrRecordNotFound, false},
		{&pgconn.PgError{Code: "23505"}, false}, // unique violation
		{Invalid("name", "is required"), false},
		{errors.New("template: no such field"), false},
		{nil, false},
	} {
		if got := IsUnavailable(tc.err); got != tc.want {
			t.Errorf("IsUnavailable(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// The statement timeout goes into a PostgreSQL URL as server settings,
// and settings already there win.
func TestStatementTimeoutInTheURL(t *testing.T) {
	got := withTimeouts("postgres://u@h/db?sslmode=disable&lock_timeout=100", Options{StatementTimeout: 10e9})
	for _, want := range []string{"statement_timeout=10000", "lock_timeout=100", "idle_in_transaction_session_timeout=20000", "connect_timeout=10", "sslmode=disable"} {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %s", got, want)
		}
	}
	if got := withTimeouts("/tmp/g.db", Options{StatementTimeout: 10e9}); got != "/tmp/g.db" {
		t.Errorf("a SQLite path changed: %s", got)
	}
}
