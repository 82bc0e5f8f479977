package models

import "context"

// Analyze refreshes the query planner's statistics after a bulk load. On
// PostgreSQL, VACUUM also marks the loaded pages all-visible, so index-only
// scans (the hotspot map's) need not visit the table.
func (s *Store) Analyze(ctx context.Context) error {
	if s.dialect == Postgres {
		return s.with(ctx).Exec("VACUUM (ANALYZE)").Error
	}
	return s.with(ctx).Exec("ANALYZE").Error
}
