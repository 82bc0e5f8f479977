package models

import (
	"context"
	"database/sql"
	"errors"

	"gorm.io/gorm"
)

// auditConn is a writer's own connection, held between batches. Taking
// one from the pool for every batch put the writer in the queue behind
// the very reads waiting for it (measured on PostgreSQL at 50 readers: 12
// ms a commit, 1,330 reads/s; with its own connection 7.6 ms, 2,325/s).
type auditConn struct {
	s    *Store
	conn *sql.Conn
}

// insert is the batch's one statement: a multi-row INSERT, which commits
// as a whole or not at all, written by gorm as Audit writes one row, so
// the columns are the same. After an error the connection is handed back
// (the pool drops it if it is broken) and the next batch takes a fresh one.
func (a *auditConn) insert(ctx context.Context, evs []AuditEvent) error {
	if len(evs) == 0 {
		return errors.New("empty audit batch")
	}
	if a.conn == nil {
		sqlDB, err := a.s.db.DB()
		if err != nil {
			return err
		}
		if a.conn, err = sqlDB.Conn(ctx); err != nil {
			a.conn = nil
			return err
		}
	}
	db := a.s.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	db.Statement.ConnPool = a.conn
	err := db.Create(&evs).Error
	if err != nil {
		a.close()
	}
	return err
}

func (a *auditConn) sink() auditSink { return auditSink{write: a.insert, release: a.close} }

func (a *auditConn) close() {
	if a.conn != nil {
		a.conn.Close()
		a.conn = nil
	}
}
