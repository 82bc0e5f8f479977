package models

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/pressly/goose/v3"

	"gateway/migrations"
)

func (s *Store) migrator() (*goose.Provider, error) {
	sqlDB, err := s.db.DB()
	if err != nil {
		return nil, err
	}
	dir, dialect := "sqlite", goose.DialectSQLite3
	if s.dialect == Postgres {
		dir, dialect = "postgres", goose.DialectPostgres
	}
	fsys, err := fs.Sub(migrations.FS, dir)
	if err != nil {
		return nil, err
	}
	// Work lands in parallel, so a migration may arrive numbered below one
	// a database already has (00016 after 00017). Each migration touches
	// only its own tables and columns, so applying the missing one late is
	// the same as having applied it in order.
	return goose.NewProvider(dialect, sqlDB, fsys, goose.WithAllowOutofOrder(true))
}

// HasPendingMigrations reports whether the database is behind this build.
func (s *Store) HasPendingMigrations(ctx context.Context) (bool, error) {
	p, err := s.migrator()
	if err != nil {
		return false, err
	}
	return p.HasPending(ctx)
}

// Migrate applies every pending migration, reporting each one to w.
func (s *Store) Migrate(ctx context.Context, w io.Writer) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	results, err := p.Up(ctx)
	for _, r := range results {
		fmt.Fprintf(w, "migrated %s (%s)\n", r.Source.Path, r.Duration.Round(1e6))
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Data the schema needs to be useful: the assessment form and the
	// pathways shipped in the repo.
	if err := s.seedCasework(ctx); err != nil {
		return fmt.Errorf("seed form and pathways: %w", err)
	}
	// A database analysed before Gateway dropped SQLite's value samples
	// (vacuum.go) loses them now.
	if err := s.dropValueSamples(ctx); err != nil {
		return err
	}
	// Keys stored under an older name-index scheme are rebuilt once.
	return s.EnsureNameIndex(ctx, func(done, total int) {
		fmt.Fprintf(w, "rebuilt the name index for %d of %d people\n", done, total)
	})
}

// MigrateDown rolls back the latest applied migration. On SQLite it runs
// on a connection with foreign keys off, as SQLite advises for schema
// changes: with them on, every DROP TABLE first deletes the table's rows
// one by one, checking each against every table that refers to it, and a
// reference without an index (people.merged_into_id refers to people
// itself) made that a scan per row: rolling back 00001 on the demo area
// took over 11 minutes at 100% CPU. The down migrations drop
// children before parents, and foreign_key_check runs afterwards.
func (s *Store) MigrateDown(ctx context.Context, w io.Writer) error {
	target := s
	if s.dialect == SQLite && !strings.Contains(s.dsn, "memory") {
		noFK, err := OpenWith(sqliteDSNNoForeignKeys(s.dsn), Options{})
		if err != nil {
			return err
		}
		defer noFK.Close()
		target = noFK
	}
	p, err := target.migrator()
	if err != nil {
		return err
	}
	start := time.Now()
	r, err := p.Down(ctx)
	if r != nil {
		fmt.Fprintf(w, "rolled back %s (%s)\n", r.Source.Path, time.Since(start).Round(time.Millisecond))
	}
	if err != nil || target == s {
		return err
	}
	var bad []map[string]any
	if err := target.with(ctx).Raw("PRAGMA foreign_key_check").Scan(&bad).Error; err != nil {
		return err
	}
	if len(bad) > 0 {
		return fmt.Errorf("after the rollback %d rows refer to rows that are gone (PRAGMA foreign_key_check)", len(bad))
	}
	return nil
}

// sqliteDSNNoForeignKeys is the DSN of the same SQLite file with foreign
// key enforcement off.
func sqliteDSNNoForeignKeys(dsn string) string {
	d := SQLiteDSN(dsn)
	for _, r := range [][2]string{{"foreign_keys%281%29", "foreign_keys%280%29"}, {"foreign_keys(1)", "foreign_keys(0)"}} {
		d = strings.ReplaceAll(d, r[0], r[1])
	}
	return d
}

// Loss is data a down migration would delete.
type Loss struct {
	What string // "table login_throttles", "column users.totp_secret", "rows of person_merges WHERE ..."
	Rows int64
}

var (
	reDropTable  = regexp.MustCompile(`(?i)DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?"?(\w+)"?`)
	reDropColumn = regexp.MustCompile(`(?i)ALTER\s+TABLE\s+"?(\w+)"?\s+DROP\s+COLUMN\s+(?:IF\s+EXISTS\s+)?"?(\w+)"?`)
	reDelete     = regexp.MustCompile(`(?i)DELETE\s+FROM\s+"?(\w+)"?(\s+WHERE\s+[^;]+)?;`)
	reRenameTo   = regexp.MustCompile(`(?i)ALTER\s+TABLE\s+"?\w+"?\s+RENAME\s+TO\s+"?(\w+)"?`)
)

// bookkeeping are tables whose rows record no one's data, so dropping them
// loses nothing a rollback must warn of: change_counters only counts
// changes for other processes' caches (changes_poll.go).
var bookkeeping = map[string]bool{"change_counters": true}

// DownPlan says which migration MigrateDown would roll back and what data
// it would delete: the rows of every table it drops (a table rebuilt under
// the same name is not counted), the non-empty values of every column it
// drops and the rows it deletes. An empty list means nothing is lost.
func (s *Store) DownPlan(ctx context.Context) (string, []Loss, error) {
	p, err := s.migrator()
	if err != nil {
		return "", nil, err
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return "", nil, err
	}
	if v == 0 {
		return "", nil, nil
	}
	var src *goose.Source
	for _, m := range p.ListSources() {
		if m.Version == v {
			src = m
		}
	}
	if src == nil {
		return "", nil, fmt.Errorf("migration %d is applied but not in this build", v)
	}
	dir := "sqlite"
	if s.dialect == Postgres {
		dir = "postgres"
	}
	b, err := fs.ReadFile(migrations.FS, dir+"/"+filepath.Base(src.Path))
	if err != nil {
		return "", nil, err
	}
	text := string(b)
	if i := strings.Index(text, "+goose Down"); i >= 0 {
		text = text[i:]
	} else {
		return src.Path, nil, nil
	}
	rebuilt := map[string]bool{}
	for _, m := range reRenameTo.FindAllStringSubmatch(text, -1) {
		rebuilt[m[1]] = true
	}
	var losses []Loss
	count := func(what, q string) error {
		var n int64
		if err := s.with(ctx).Raw(q).Scan(&n).Error; err != nil {
			return fmt.Errorf("count %s: %w", what, err)
		}
		if n > 0 {
			losses = append(losses, Loss{What: what, Rows: n})
		}
		return nil
	}
	for _, m := range reDelete.FindAllStringSubmatch(text, -1) {
		if err := count("rows of "+m[1]+strings.TrimRight(m[2], " ;"), `SELECT count(*) FROM "`+m[1]+`"`+m[2]); err != nil {
			return "", nil, err
		}
	}
	for _, m := range reDropColumn.FindAllStringSubmatch(text, -1) {
		if err := count("column "+m[1]+"."+m[2], `SELECT count(*) FROM "`+m[1]+`" WHERE "`+m[2]+`" IS NOT NULL AND CAST("`+m[2]+`" AS TEXT) NOT IN ('', '0', 'false')`); err != nil {
			return "", nil, err
		}
	}
	for _, m := range reDropTable.FindAllStringSubmatch(text, -1) {
		if rebuilt[m[1]] || bookkeeping[m[1]] {
			continue
		}
		if err := count("table "+m[1], `SELECT count(*) FROM "`+m[1]+`"`); err != nil {
			return "", nil, err
		}
	}
	return src.Path, losses, nil
}

// MigrationStatus lists every migration and whether it is applied.
func (s *Store) MigrationStatus(ctx context.Context, w io.Writer) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	status, err := p.Status(ctx)
	if err != nil {
		return err
	}
	for _, st := range status {
		when := "pending"
		if st.State == goose.StateApplied {
			when = "applied " + st.AppliedAt.UTC().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(w, "%05d  %-40s %s\n", st.Source.Version, st.Source.Path, when)
	}
	return nil
}
