package models

import "context"

// AuditWriter is the batch writer's one INSERT of a batch.
type AuditWriter = func(ctx context.Context, evs []AuditEvent) error

// WrapAuditWriterForTest puts wrap around the batch writer, so a test can
// make a batch fail, hold it, or watch what each batch held, calling
// through to the real writer (next) or not. Call it before the first read
// is audited.
func (s *Store) WrapAuditWriterForTest(wrap func(next AuditWriter) AuditWriter) {
	newSink := s.reads.newSink
	s.reads.newSink = func() auditSink {
		sk := newSink()
		sk.write = wrap(sk.write)
		return sk
	}
}

// SetAuditWritersForTest sets how many batches may be in flight, for a
// test that holds one batch and lines the rest up behind it. Call it
// before the first read is audited.
func (s *Store) SetAuditWritersForTest(n int) { s.reads.opts.Writers = n }

// AuditQueuedForTest is how many reads wait for the writer, so a test can
// line them up behind a held batch without guessing with sleeps.
func (s *Store) AuditQueuedForTest() int { return len(s.reads.queue) }
