package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Dialect names the two databases Gateway runs on.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. Every read or write of Gateway's data goes through
// its methods; handlers never build queries themselves.
type Store struct {
	db      *gorm.DB
	dialect Dialect
	dsn     string
	// reads writes read audit in shared commits (audit_batch.go); nil in
	// a Store from Tx, whose audit belongs to the transaction.
	reads *auditBatcher
	feed  *changeFeed // changes.go: what caches must drop
	// replica routes Replica()'s reads to a read replica (replica.go);
	// nil without one. primary is set in the Store Replica() returns: the
	// primary's *gorm.DB, where its transactions run.
	replica *replicaState
	primary *gorm.DB
	via     *replicaState // in a Replica() store: the replica it reads
}

// Options tunes a connection for serving requests.
type Options struct {
	// StatementTimeout bounds every statement (PostgreSQL
	// statement_timeout; SQLite's busy timeout is capped at it, and a
	// request's deadline interrupts a running SQLite statement). Zero
	// means none, for migrations and batch commands.
	StatementTimeout time.Duration
	// AuditBatch bounds the writer that commits read audit in batches.
	AuditBatch AuditBatchOptions
	// Replica is a postgres:// URL of a read replica of the primary
	// (replica.go); empty for none.
	Replica string
}

// Open connects to dsn: a postgres:// URL selects PostgreSQL, anything else
// is a SQLite file path. It does not migrate; call Migrate.
func Open(dsn string) (*Store, error) { return OpenWith(dsn, Options{}) }

// OpenWith is Open with options.
func OpenWith(dsn string, o Options) (*Store, error) {
	dialect, dialector, err := dialectorFor(withTimeouts(dsn, o))
	if err != nil {
		return nil, err
	}
	db, err := gorm.Open(dialector, &gorm.Config{
		// gorm's own logger prints SQL with bound values, which would put
		// names and dates of birth in the log; Gateway logs ids only.
		Logger:                 logger.Discard,
		NowFunc:                Now,
		SkipDefaultTransaction: true,
		TranslateError:         true,
	})
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", dialect, err)
	}
	if err := registerStatementCounter(db); err != nil {
		return nil, fmt.Errorf("open %s database: count statements: %w", dialect, err)
	}
	feed := newChangeFeed(db, dialect == Postgres)
	feed.listen.dsn = dsn
	if err := registerChangeWatcher(db, feed); err != nil {
		return nil, fmt.Errorf("open %s database: watch changes: %w", dialect, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	if dialect == SQLite {
		// One writer at a time is SQLite's model; WAL lets readers carry on.
		// A small pool keeps BEGIN IMMEDIATE contention on busy_timeout
		// rather than on Go's pool.
		sqlDB.SetMaxOpenConns(sqliteConns)
		sqlDB.SetMaxIdleConns(sqliteConns)
	} else {
		// As many kept idle as may be open: with fewer, a burst of
		// requests closes the surplus connections as they come back and
		// the next burst opens them again (a PostgreSQL backend each).
		sqlDB.SetMaxOpenConns(postgresConns)
		sqlDB.SetMaxIdleConns(postgresConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	s := &Store{db: db, dialect: dialect, dsn: dsn, feed: feed}
	if o.Replica != "" {
		if dialect != Postgres {
			sqlDB.Close()
			return nil, errors.New("a read replica needs PostgreSQL as the primary too")
		}
		if s.replica, err = attachReplica(db, o.Replica, o); err != nil {
			sqlDB.Close()
			return nil, err
		}
	}
	if o.AuditBatch.WriteTimeout <= 0 && o.StatementTimeout > 0 {
		// A batch is one statement: held to the same bound as any other,
		// so a dead connection frees the writer as soon as a request would.
		o.AuditBatch.WriteTimeout = o.StatementTimeout
	}
	if !o.AuditBatch.Off {
		s.reads = newAuditBatcher(o.AuditBatch.withDefaults(dialect), func() auditSink { return (&auditConn{s: s}).sink() })
	}
	return s, nil
}

// Pool sizes. database/sql keeps only 2 idle connections unless told, so
// both are set to keep every connection open.
const (
	sqliteConns   = 8
	postgresConns = 25
)

// IsPostgres reports whether dsn selects PostgreSQL.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// withTimeouts adds the statement timeout to a PostgreSQL URL (pgx passes
// unknown parameters to the server as settings) and a connect timeout, so
// neither a frozen server nor a slow statement holds a connection for
// longer than a request may wait. Settings already in the URL win.
func withTimeouts(dsn string, o Options) string {
	if !IsPostgres(dsn) || o.StatementTimeout <= 0 {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	ms := o.StatementTimeout.Milliseconds()
	if q.Get("statement_timeout") == "" {
		q.Set("statement_timeout", fmt.Sprint(ms))
	}
	if q.Get("lock_timeout") == "" {
		q.Set("lock_timeout", fmt.Sprint(ms))
	}
	if q.Get("idle_in_transaction_session_timeout") == "" {
		q.Set("idle_in_transaction_session_timeout", fmt.Sprint(2*ms))
	}
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", fmt.Sprint(max(1, int(o.StatementTimeout.Seconds()))))
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func dialectorFor(dsn string) (Dialect, gorm.Dialector, error) {
	if IsPostgres(dsn) {
		return Postgres, postgres.Open(dsn), nil
	}
	if dsn == "" {
		return "", nil, fmt.Errorf("database: empty path")
	}
	return SQLite, sqlite.Open(SQLiteDSN(dsn)), nil
}

// SQLiteDSN turns a file path into the DSN with the pragmas Gateway fixes
// for SQLite: WAL, a busy timeout, NORMAL sync, foreign keys, and immediate
// transactions so two writers queue instead of failing mid-transaction.
// The driver writes times as "2006-01-02 15:04:05.999999999-07:00", which
// compares correctly as text in UTC. Do not add _time_format: the driver
// (glebarez/go-sqlite v1.21) stops reading options there and would
// silently drop _txlock.
func SQLiteDSN(path string) string {
	if strings.HasPrefix(path, "file:") && strings.Contains(path, "?") {
		return path
	}
	q := url.Values{}
	for _, p := range []string{"journal_mode(WAL)", "busy_timeout(5000)", "synchronous(NORMAL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + strings.TrimPrefix(path, "file:") + "?" + q.Encode()
}

// Dialect reports which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// DSN is the connection string the store was opened with.
func (s *Store) DSN() string { return s.dsn }

// Gorm exposes the connection to packages that need gorm itself: the casbin
// adapter in policy, and tests. Application queries belong in models.
func (s *Store) Gorm() *gorm.DB { return s.db }

// SQL exposes database/sql for bulk loading and migrations.
func (s *Store) SQL() (*sql.DB, error) { return s.db.DB() }

// Ping checks the database answers, for /readyz.
func (s *Store) Ping(ctx context.Context) error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return sqlDB.PingContext(ctx)
}

// Close commits the read audit still queued, then releases the
// connections. Reads audited after Close are refused (and so not answered).
func (s *Store) Close() error {
	if s.reads != nil {
		s.reads.close()
	}
	if s.feed != nil {
		s.feed.stopListening()
	}
	if s.replica != nil {
		s.replica.sqlDB.Close()
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Tx runs fn in one transaction: all of it lands or none of it does.
// What it writes to cached tables is announced again once it commits
// (changes.go), since a request may have read the old rows in between.
func (s *Store) Tx(ctx context.Context, fn func(tx *Store) error) (err error) {
	var conn gorm.ConnPool
	outer, committed := false, false
	defer func() {
		if outer { // also when fn panics, so the transaction is forgotten
			s.feed.endTx(ctx, conn, committed)
		}
	}()
	base := s.db
	if s.primary != nil { // a Replica() store: transactions run on the primary
		base = s.primary
	}
	err = base.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		if s.feed != nil {
			conn = db.Statement.ConnPool
			outer = s.feed.beginTx(conn)
		}
		return fn(&Store{db: db, dialect: s.dialect, dsn: s.dsn, feed: s.feed})
	})
	committed = err == nil
	return err
}

func (s *Store) with(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// Now is the clock every stored time comes from: UTC, to the microsecond
// PostgreSQL keeps, so times compare the same on both databases.
func Now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// txOnPerson runs fn in one transaction on a person scope shows, so a
// record is never written about someone the writer may not see (or who
// was merged away meanwhile).
func (s *Store) txOnPerson(ctx context.Context, scope Scope, personID int64, fn func(tx *Store) error) error {
	return s.Tx(ctx, func(tx *Store) error {
		if _, err := tx.Person(ctx, scope, personID); err != nil {
			return err
		}
		return fn(tx)
	})
}

// changeLoaded is the shape of most edits: in one transaction, load the
// row (through the caller's scope, so a row they may not see is not
// found), let change check it and write it, and hand the row back only
// when all of it has committed, never a half-changed copy.
func changeLoaded[T any](ctx context.Context, s *Store, load func(tx *Store) (*T, error), change func(tx *Store, row *T) error) (*T, error) {
	var row *T
	err := s.Tx(ctx, func(tx *Store) error {
		var err error
		if row, err = load(tx); err != nil {
			return err
		}
		return change(tx, row)
	})
	if err != nil {
		return nil, err
	}
	return row, nil
}

// countedPage counts the rows q finds, for the pager, then reads into out
// the page of them that page picks (its order, limit and offset, and any
// names it joins in).
func countedPage[T any](q *gorm.DB, out []T, page func(q *gorm.DB) *gorm.DB) ([]T, int64, error) {
	var total int64
	if err := q.Count(&total).Error; err != nil {
		return nil, 0, err
	}
	err := page(q).Find(&out).Error
	return out, total, err
}
