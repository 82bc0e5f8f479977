package models

import "context"

// VacuumAnalyze follows a bulk load of millions of rows: on PostgreSQL,
// VACUUM marks the loaded pages all-visible, so index-only scans (the
// hotspot map's) need not visit the table, and ANALYZE refreshes the
// planner's statistics. SQLite only analyses.
func (s *Store) VacuumAnalyze(ctx context.Context) error {
	if s.dialect == Postgres {
		return s.with(ctx).Exec("VACUUM (ANALYZE)").Error
	}
	return s.with(ctx).Exec("ANALYZE").Error
}
