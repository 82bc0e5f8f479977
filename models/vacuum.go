package models

import (
	"context"
	"fmt"
)

// VacuumAnalyze follows a bulk load of millions of rows: on PostgreSQL,
// VACUUM marks the loaded pages all-visible, so index-only scans (the
// hotspot map's) need not visit the table, and ANALYZE refreshes the
// planner's statistics. SQLite only analyses.
func (s *Store) VacuumAnalyze(ctx context.Context) error {
	if s.dialect == Postgres {
		return s.with(ctx).Exec("VACUUM (ANALYZE)").Error
	}
	return s.analyze(ctx, "")
}

// analyze refreshes the planner's statistics of one table, or of all when
// table is empty.
func (s *Store) analyze(ctx context.Context, table string) error {
	q := "ANALYZE"
	if table != "" {
		q += " " + table
	}
	if err := s.with(ctx).Exec(q).Error; err != nil {
		return err
	}
	return s.dropValueSamples(ctx)
}

// dropValueSamples keeps SQLite's planner on average statistics. SQLite as
// built here (modernc, with STAT4) also keeps samples of indexed values in
// sqlite_stat4, and with them plans each `column = ?` on the value bound:
// a statement planned so is compiled again every time it runs, since the
// next value might want another plan. Measured on the demo area, that
// second compile was a fifth of a person read's CPU, and no route of ours
// has data skewed enough to need per-value plans (PostgreSQL's generic
// plans make the same bet). The table stays; its rows go, and connections
// already open are closed so that the next ones load the statistics
// without them.
func (s *Store) dropValueSamples(ctx context.Context) error {
	if s.dialect != SQLite {
		return nil
	}
	var samples int64
	if err := s.with(ctx).Raw("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat4'").Scan(&samples).Error; err != nil {
		return fmt.Errorf("look for value samples: %w", err)
	}
	if samples == 0 {
		return nil
	}
	if err := s.with(ctx).Raw("SELECT COUNT(*) FROM sqlite_stat4").Scan(&samples).Error; err != nil {
		return fmt.Errorf("count value samples: %w", err)
	}
	if samples == 0 {
		return nil
	}
	if err := s.with(ctx).Exec("DELETE FROM sqlite_stat4").Error; err != nil {
		return fmt.Errorf("drop value samples: %w", err)
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	sqlDB.SetMaxIdleConns(0)
	sqlDB.SetMaxIdleConns(sqliteConns)
	return nil
}
