package models

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// ErrUnavailable marks a failure of the database itself (down, frozen,
// too slow, locked) rather than of the request: the answer is 503 with
// Retry-After, never 500, and never a security decision such as "your
// token is not valid".
var ErrUnavailable = errors.New("database unavailable")

// IsUnavailable reports whether err means the database could not answer in
// time: a deadline or cancellation, a dropped or refused connection, a
// statement timeout, PostgreSQL shutting down or out of connections, or
// SQLite busy or locked past its timeout.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrUnavailable) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) ||
		errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "57014", // query_canceled (statement_timeout)
			pe.Code == "55P03",                     // lock_not_available (lock_timeout)
			strings.HasPrefix(pe.Code, "08"),       // connection exception
			strings.HasPrefix(pe.Code, "57P"),      // admin/crash shutdown, cannot connect now
			pe.Code == "53300", pe.Code == "53400": // too many connections, configuration limit
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) || pgconn.Timeout(err) || pgconn.SafeToRetry(err) {
		return true
	}
	// pgx and the SQLite driver do not always wrap their causes.
	msg := err.Error()
	for _, s := range []string{"database is locked", "SQLITE_BUSY", "interrupted (9)", "conn closed", "connection refused",
		"server closed the connection", "broken pipe", "timeout: context", "failed to connect", "sql: database is closed"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}
