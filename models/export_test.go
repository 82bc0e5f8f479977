package models

import "context"

// SetAuditWriterForTest replaces the batch writer's INSERT, so a test can
// make a batch fail or watch what each batch held.
func (s *Store) SetAuditWriterForTest(write func(ctx context.Context, evs []AuditEvent) error) {
	s.reads.write = write
}

// InsertAuditForTest is the batch writer's own INSERT, for a test's
// writer to call through to.
func (s *Store) InsertAuditForTest(ctx context.Context, evs []AuditEvent) error {
	return s.insertAudit(ctx, evs)
}

// AuditQueuedForTest is how many reads wait for the writer, so a test can
// line them up behind a held batch without guessing with sleeps.
func (s *Store) AuditQueuedForTest() int { return len(s.reads.queue) }
