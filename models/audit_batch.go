package models

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Group commit for read audit. A read must not be
// answered until its audit row is committed, and writing that row with an
// INSERT of its own cost every read a round trip and, on SQLite, a turn
// at the single writer lock. Instead a writer goroutine of the Store takes
// the rows that have queued while its previous batch was being written,
// writes them all with one multi-row INSERT (one statement, so one
// transaction and one commit), and then releases every waiting request
// with the result. Each request still returns only after its own row is
// committed; many requests share the commit. There is no timer: a lone
// read is written at once, and batches grow only as fast as reads arrive
// while a commit is under way.
//
// SQLite has one writer, so one goroutine. PostgreSQL commits in parallel
// and a commit waits mostly for its WAL flush, so one writer alone left
// the database idle between flushes and lost to plain INSERTs from 25
// connections (docs/PERFORMANCE.md); a few writers, each with its own
// connection, keep several batches in flight.
//
// Writes do not come here: their audit row commits inside the write's own
// transaction (Store.Tx), which is already one commit.

// AuditBatchOptions bounds the read-audit writer.
type AuditBatchOptions struct {
	// Off writes each read's event with an INSERT of its own, as before
	// the batch writer: measured on a loaded 2-core machine it did not
	// always win (docs/PERFORMANCE.md), so an operator can compare.
	Off bool
	// MaxBatch is the most rows one INSERT carries (default 128; 11
	// columns each stays far below both databases' parameter limits).
	MaxBatch int
	// Queue is how many rows may wait for the writer (default 1024). When
	// it is full a read waits for room until its context ends, so a
	// stalled database slows reads down to their deadline instead of
	// growing memory.
	Queue int
	// Writers is how many batches may be in flight at once, each on a
	// connection of its own (default 1 on SQLite, 4 on PostgreSQL).
	Writers int
	// WriteTimeout bounds one batch's INSERT (default 10 s). It does not
	// come from any one request: a waiter whose deadline ends gives up
	// alone, and the batch carries on for the others.
	WriteTimeout time.Duration
}

func (o AuditBatchOptions) withDefaults(d Dialect) AuditBatchOptions {
	if o.Writers <= 0 {
		o.Writers = 1
		if d == Postgres {
			o.Writers = 4
		}
	}
	if o.MaxBatch <= 0 {
		o.MaxBatch = 128
	}
	if o.Queue <= 0 {
		o.Queue = 1024
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 10 * time.Second
	}
	return o
}

// errAuditClosed: the Store is closing, so a read can no longer be audited
// and is not answered. It is unavailability (503), not a fault.
var errAuditClosed = fmt.Errorf("audit writer stopped: %w", ErrUnavailable)

// auditWaiter is one read waiting for its row to commit.
type auditWaiter struct {
	ctx  context.Context
	ev   AuditEvent
	done chan error // buffered: the writer never blocks on a waiter that left
}

// auditSink is where one writer sends its batches: write is the INSERT,
// release hands back its connection when the writer stops.
type auditSink struct {
	write   func(ctx context.Context, evs []AuditEvent) error
	release func()
}

// auditBatcher is the writer goroutines and their queue. They start on the
// first read audited, so commands that never audit a read run none.
type auditBatcher struct {
	opts    AuditBatchOptions
	newSink func() auditSink

	mu       sync.Mutex
	started  bool
	stopping bool

	queue   chan *auditWaiter
	quit    chan struct{} // closed by close: drain, then stop
	stopped chan struct{} // closed when every writer has stopped
}

func newAuditBatcher(o AuditBatchOptions, newSink func() auditSink) *auditBatcher {
	return &auditBatcher{opts: o, newSink: newSink, queue: make(chan *auditWaiter, o.Queue),
		quit: make(chan struct{}), stopped: make(chan struct{})}
}

// AuditRead appends the audit event of a read (or a denied read) and
// returns once it is committed, sharing the commit with whatever other
// reads are waiting. On error the read must not be answered. Inside a
// transaction (a Store from Tx) it is Audit: the event commits with the
// transaction; with AuditBatchOptions.Off it is Audit too.
func (s *Store) AuditRead(ctx context.Context, ev AuditEvent) error {
	if ev.At.IsZero() {
		// The time of the read, as Audit would record it, not of the batch.
		ev.At = Now()
	}
	if ev.Outcome == "" {
		ev.Outcome = Allowed
	}
	ev.ID = 0
	if s.reads == nil {
		return s.with(ctx).Create(&ev).Error
	}
	return s.reads.submit(ctx, ev)
}

// submit queues ev and waits for its batch. If ctx ends first the caller
// gets an error and must not answer the read; its row may still be
// committed by a batch already under way (an audited read that was never
// answered is harmless; the reverse is what must not happen).
func (b *auditBatcher) submit(ctx context.Context, ev AuditEvent) error {
	if err := b.start(); err != nil {
		return err
	}
	w := &auditWaiter{ctx: ctx, ev: ev, done: make(chan error, 1)}
	select {
	case b.queue <- w:
	case <-ctx.Done():
		return fmt.Errorf("audit queue: %w", ctx.Err())
	case <-b.stopped:
		return errAuditClosed
	}
	select {
	case err := <-w.done:
		if err == nil {
			chargeStatement(ctx)
		}
		return err
	case <-ctx.Done():
		return fmt.Errorf("audit wait: %w", ctx.Err())
	case <-b.stopped:
		// A writer releases a batch before it stops, so a result is
		// either here now or never coming (queued after the last drain).
		select {
		case err := <-w.done:
			return err
		default:
			return errAuditClosed
		}
	}
}

// start runs the writer on first use; after close it refuses.
func (b *auditBatcher) start() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.stopping {
		return errAuditClosed
	}
	if !b.started {
		b.started = true
		var wg sync.WaitGroup
		for range b.opts.Writers {
			wg.Add(1)
			go func() { defer wg.Done(); b.run(b.newSink()) }()
		}
		go func() { wg.Wait(); close(b.stopped) }()
	}
	return nil
}

// close stops taking reads, writes every row already queued, and returns
// when the writer has stopped. Safe to call more than once.
func (b *auditBatcher) close() {
	b.mu.Lock()
	if b.stopping {
		b.mu.Unlock()
		<-b.stopped
		return
	}
	b.stopping = true
	started := b.started
	close(b.quit)
	b.mu.Unlock()
	if !started {
		close(b.stopped)
		return
	}
	<-b.stopped
}

// run is one writer: a batch at a time until quit, then the queue drained.
func (b *auditBatcher) run(sink auditSink) {
	defer sink.release()
	for {
		select {
		case w := <-b.queue:
			b.flush(sink, b.collect(w))
		case <-b.quit:
			for {
				select {
				case w := <-b.queue:
					b.flush(sink, b.collect(w))
				default:
					return
				}
			}
		}
	}
}

// collect takes first and whatever else is already queued, up to MaxBatch.
func (b *auditBatcher) collect(first *auditWaiter) []*auditWaiter {
	batch := []*auditWaiter{first}
	for len(batch) < b.opts.MaxBatch {
		select {
		case w := <-b.queue:
			batch = append(batch, w)
		default:
			return batch
		}
	}
	return batch
}

// flush writes one batch and releases its waiters. Waiters whose context
// has already ended are left out: they have returned an error and their
// read was not answered, as with the old single INSERT, which their
// context would have cancelled.
func (b *auditBatcher) flush(sink auditSink, batch []*auditWaiter) {
	live := batch[:0:0]
	for _, w := range batch {
		if err := w.ctx.Err(); err != nil {
			w.done <- err
			continue
		}
		live = append(live, w)
	}
	if len(live) == 0 {
		return
	}
	err := b.writeAll(sink, live)
	if err != nil && len(live) > 1 && !IsUnavailable(err) {
		// Not the database being away but something about the rows: write
		// them one by one so a single bad row refuses only its own read.
		for _, w := range live {
			w.done <- b.writeAll(sink, []*auditWaiter{w})
		}
		return
	}
	for _, w := range live {
		w.done <- err
	}
}

func (b *auditBatcher) writeAll(sink auditSink, ws []*auditWaiter) error {
	evs := make([]AuditEvent, len(ws))
	for i, w := range ws {
		evs[i] = w.ev
	}
	ctx, cancel := context.WithTimeout(context.Background(), b.opts.WriteTimeout)
	defer cancel()
	if err := sink.write(ctx, evs); err != nil {
		return fmt.Errorf("audit batch of %d: %w", len(evs), err)
	}
	return nil
}
