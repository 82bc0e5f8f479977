package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/plugin/dbresolver"
)

// An optional PostgreSQL read replica (Options.Replica, `--db-replica`)
// answers the reads that scan much and name no one in particular: the
// hotspot and flow maps, the compliance reports and commissioner pack, and
// people search. Everything else, every write, every transaction and every
// audited read of a person's record, stays on the primary.
//
// The routing is gorm's dbresolver plugin, registered with no global
// resolver: a statement goes to the replica only when it carries
// dbresolver.Use(replicaResolver), which the Store from Replica() adds to
// every statement it runs; the plugin still sends that store's writes
// (INSERT, UPDATE, DELETE, and raw SQL that is not a SELECT) to the
// primary, and Tx on it runs on the primary. A replica lags its primary (by
// how much depends on the replication set-up, see docs/OPERATIONS.md): a
// search may miss a person recorded a moment ago.

const replicaResolver = "gateway:replica"

// dbresolverUsing is where dbresolver.Use keeps its mark in a statement's
// clauses (dbresolver's own unexported name).
const dbresolverUsing = "gorm:db_resolver:using"

var reWrites = regexp.MustCompile(`\b(INSERT|UPDATE|DELETE|MERGE|TRUNCATE)\b|\bFOR\s+(UPDATE|SHARE|NO\s+KEY|KEY)\b`)

// replicaPool is the replica's connection pool, in a type of its own so
// that a statement run on it can be told from one run on the primary.
type replicaPool struct{ *sql.DB }

// GetDBConn lets gorm's DB() find the pool under the counter.
func (p replicaPool) GetDBConn() (*sql.DB, error) { return p.DB, nil }

// replicaState is what a Store with a replica shares with its views.
type replicaState struct {
	db *gorm.DB // the primary's *gorm.DB with every statement marked for the replica
	// statements run on each pool, counted by a callback after each.
	primaryN, replicaN atomic.Int64
	sqlDB              *sql.DB
	txs                sync.Map // *sql.Tx → true: read transactions open on the replica
}

// attachReplica registers the replica on db.
func attachReplica(db *gorm.DB, dsn string, o Options) (*replicaState, error) {
	if !IsPostgres(dsn) {
		return nil, errors.New("a read replica must be PostgreSQL (a postgres:// URL)")
	}
	sqlDB, err := sql.Open("pgx", withTimeouts(dsn, o))
	if err != nil {
		return nil, fmt.Errorf("open the read replica: %w", err)
	}
	// The same pool as the primary's, every connection kept idle (db.go).
	sqlDB.SetMaxOpenConns(postgresConns)
	sqlDB.SetMaxIdleConns(postgresConns)
	r := &replicaState{sqlDB: sqlDB}
	pool := replicaPool{DB: sqlDB}
	err = db.Use(dbresolver.Register(dbresolver.Config{
		Replicas: []gorm.Dialector{postgres.New(postgres.Config{Conn: pool})},
	}, replicaResolver))
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open the read replica: %w", err)
	}
	count := func(db *gorm.DB) {
		if r.onReplica(db.Statement.ConnPool) {
			r.replicaN.Add(1)
		} else {
			r.primaryN.Add(1)
		}
	}
	if err := afterEachStatement(db, "gateway:count_primary", count); err != nil {
		sqlDB.Close()
		return nil, err
	}
	cb := db.Callback()
	// dbresolver sends raw SQL to a replica only when it starts with
	// SELECT; Gateway's larger reads start with WITH (people search, the
	// maps). One of those that writes nothing is a read too.
	if err := cb.Row().After("gorm:db_resolver").Before("gorm:row").Register("gateway:replica_with", func(db *gorm.DB) {
		if _, marked := db.Statement.Clauses[dbresolverUsing]; !marked {
			return
		}
		if _, inTx := db.Statement.ConnPool.(gorm.TxCommitter); inTx {
			return
		}
		q := strings.ToUpper(strings.TrimSpace(db.Statement.SQL.String()))
		if strings.HasPrefix(q, "WITH") && !reWrites.MatchString(q) {
			db.Statement.ConnPool = pool
		}
	}); err != nil {
		sqlDB.Close()
		return nil, err
	}
	r.db = db.Clauses(dbresolver.Use(replicaResolver)).Session(&gorm.Session{})
	return r, nil
}

func (r *replicaState) onReplica(p gorm.ConnPool) bool {
	switch c := p.(type) {
	case replicaPool:
		return true
	case *sql.Tx:
		_, ok := r.txs.Load(c)
		return ok
	}
	return false
}

// Replica is this store reading from the read replica: its SELECTs go to
// the replica, its writes and transactions to the primary. Without a
// replica (and inside a transaction) it is the store itself. Use it only
// for reads that may be a little behind the primary and that are not an
// audited read of one person's record.
func (s *Store) Replica() *Store {
	if s.replica == nil {
		return s
	}
	return &Store{db: s.replica.db, primary: s.db, via: s.replica, dialect: s.dialect, dsn: s.dsn, reads: s.reads, feed: s.feed}
}

// readTx runs fn, which only reads, in a transaction of its own (for SET
// LOCAL settings of its queries): on a Replica() store a read-only one on
// the replica, elsewhere Tx.
func (s *Store) readTx(ctx context.Context, fn func(tx *Store) error) error {
	if s.via == nil {
		return s.Tx(ctx, fn)
	}
	return s.poolTx(ctx, func(db *gorm.DB) error {
		return fn(&Store{db: db, dialect: s.dialect, dsn: s.dsn})
	}, &sql.TxOptions{ReadOnly: true})
}

// poolTx runs fn in a transaction on this store's own pool: the replica's
// for a Replica() store (which counts its statements there), the
// primary's otherwise. Without the change feed's bookkeeping: for reads.
func (s *Store) poolTx(ctx context.Context, fn func(db *gorm.DB) error, opts ...*sql.TxOptions) error {
	return s.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		if s.via != nil {
			if t, ok := db.Statement.ConnPool.(*sql.Tx); ok {
				s.via.txs.Store(t, true)
				defer s.via.txs.Delete(t)
			}
		}
		return fn(db)
	}, opts...)
}

// HasReplica reports whether reads may go to a read replica.
func (s *Store) HasReplica() bool { return s.replica != nil }

// PoolStatements counts the statements run on the primary and on the
// replica since the store opened (both zero without a replica).
func (s *Store) PoolStatements() (primary, replica int64) {
	if s.replica == nil {
		return 0, 0
	}
	return s.replica.primaryN.Load(), s.replica.replicaN.Load()
}

// PingReplica checks that the replica answers.
func (s *Store) PingReplica(ctx context.Context) error {
	if s.replica == nil {
		return nil
	}
	return s.replica.sqlDB.PingContext(ctx)
}
