package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"

	"gorm.io/gorm"
)

// immediateTx runs fn in a transaction begun with BEGIN IMMEDIATE, which
// takes SQLite's write lock at the start. SQLiteDSN asks the driver for
// that with _txlock=immediate, but glebarez/go-sqlite v1.21.2 stops reading
// the DSN's options at _time_format and never sees _txlock, so its
// transactions would begin DEFERRED: two of them that read and then write
// fail with SQLITE_BUSY at once (the busy timeout cannot help a read
// snapshot that must upgrade) instead of queueing. Beginning the
// transaction ourselves makes every writer wait its turn.
func (s *Store) immediateTx(ctx context.Context, fn func(tx *Store) error) (err error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	tx := sqliteTx{conn}
	db := s.db.WithContext(ctx).Session(&gorm.Session{NewDB: true})
	db.Statement.ConnPool = tx
	done := false
	defer func() {
		if done {
			return
		}
		// fn failed or panicked: undo it. A connection that cannot roll
		// back is thrown away rather than returned to the pool mid-transaction.
		if rbErr := tx.Rollback(); rbErr != nil {
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := fn(&Store{db: db, dialect: s.dialect, dsn: s.dsn}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	done = true
	return nil
}

// sqliteTx is a transaction on one connection. Being a gorm.TxCommitter is
// what makes gorm treat statements on it as inside a transaction, so a
// nested Tx becomes a savepoint.
type sqliteTx struct{ *sql.Conn }

func (t sqliteTx) Commit() error {
	_, err := t.ExecContext(context.Background(), "COMMIT")
	return err
}

func (t sqliteTx) Rollback() error {
	_, err := t.ExecContext(context.Background(), "ROLLBACK")
	return err
}
