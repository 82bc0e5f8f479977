package models

import (
	"context"
	"fmt"
	"io"
	"io/fs"

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
	return goose.NewProvider(dialect, sqlDB, fsys)
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
	// pathways shipped in the repo (issue 5).
	if err := s.seedCasework(ctx); err != nil {
		return fmt.Errorf("seed form and pathways: %w", err)
	}
	// Keys stored under an older name-index scheme are rebuilt once.
	return s.EnsureNameIndex(ctx, func(done, total int) {
		fmt.Fprintf(w, "rebuilt the name index for %d of %d people\n", done, total)
	})
}

// MigrateDown rolls back the latest applied migration.
func (s *Store) MigrateDown(ctx context.Context, w io.Writer) error {
	p, err := s.migrator()
	if err != nil {
		return err
	}
	r, err := p.Down(ctx)
	if r != nil {
		fmt.Fprintf(w, "rolled back %s\n", r.Source.Path)
	}
	return err
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
