package app

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// LogSafe describes an internal error without values: PostgreSQL's detail
// field quotes the row that clashed (an email, a name), so only the code
// and constraint are logged.
func LogSafe(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return "postgres " + pg.Code + " " + pg.ConstraintName + " " + pg.TableName
	}
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}
