package models

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// changesChannel is the PostgreSQL NOTIFY channel on which instances tell
// each other which topics they changed. It is not the policy's channel
// (policy/watcher.go), so a new token does not make every instance reload
// casbin's rows.
const changesChannel = "gateway_changes"

// listener keeps one connection LISTENing for other instances' changes.
// While it is not connected, Generation says not to trust the cache; when
// it reconnects it raises every topic, since it may have missed some.
type listener struct {
	once      sync.Once
	connected atomic.Bool
	cancel    context.CancelFunc
	done      chan struct{}
	dsn       string
}

func (f *changeFeed) listening() bool {
	f.listen.once.Do(f.startListening)
	return f.listen.connected.Load()
}

// announce tells the other instances, in the payload
// "schema|origin|topics": the schema, so test databases sharing one
// PostgreSQL ignore each other; the origin, so this feed ignores its own.
func (f *changeFeed) announce(ctx context.Context, t topicSet) {
	err := f.db.WithContext(ctx).Exec("SELECT pg_notify(?, current_schema() || ?)", changesChannel,
		"|"+f.origin+"|"+strconv.Itoa(int(t))).Error
	if err != nil {
		// The change is committed; the other instances' caches still end
		// within their lifetime (server/identity_cache.go).
		slog.Warn("announcing a change to other instances failed", "err", err)
	}
}

func (f *changeFeed) startListening() {
	ctx, cancel := context.WithCancel(context.Background())
	f.listen.cancel, f.listen.done = cancel, make(chan struct{})
	if !f.pg {
		go f.poll(ctx) // changes_poll.go
		return
	}
	go f.run(ctx)
}

// stopListening ends the listener, for Store.Close.
func (f *changeFeed) stopListening() {
	f.listen.once.Do(func() {}) // never start one after Close
	if f.listen.cancel != nil {
		f.listen.cancel()
		<-f.listen.done
	}
}

func (f *changeFeed) connect(ctx context.Context) (*pgx.Conn, string, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, f.listen.dsn)
	if err != nil {
		return nil, "", err
	}
	var schema string
	if err := conn.QueryRow(cctx, "SELECT current_schema()").Scan(&schema); err != nil {
		conn.Close(context.Background())
		return nil, "", err
	}
	if _, err := conn.Exec(cctx, "LISTEN "+changesChannel); err != nil {
		conn.Close(context.Background())
		return nil, "", err
	}
	return conn, schema, nil
}

func (f *changeFeed) run(ctx context.Context) {
	defer close(f.listen.done)
	backoff := 100 * time.Millisecond
	for ctx.Err() == nil {
		conn, schema, err := f.connect(ctx)
		if err != nil {
			if ctx.Err() == nil {
				slog.Warn("listening for other instances' changes failed", "err", err)
			}
			select {
			case <-ctx.Done():
			case <-time.After(backoff):
			}
			backoff = min(backoff*2, 5*time.Second)
			continue
		}
		backoff = 100 * time.Millisecond
		// Anything may have changed while nobody was listening.
		f.bump(1<<numTopics - 1)
		f.listen.connected.Store(true)
		for {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				break
			}
			if t, ok := f.parse(n.Payload, schema); ok {
				f.bump(t)
			}
		}
		f.listen.connected.Store(false)
		f.bump(1<<numTopics - 1)
		conn.Close(context.Background())
	}
}

// parse reads another instance's payload; its own, and another schema's,
// are not changes here.
func (f *changeFeed) parse(payload, schema string) (topicSet, bool) {
	parts := strings.Split(payload, "|")
	if len(parts) != 3 || parts[0] != schema || parts[1] == f.origin {
		return 0, false
	}
	n, err := strconv.Atoi(parts[2])
	if err != nil {
		return 1<<numTopics - 1, true // unreadable: assume everything changed
	}
	return topicSet(n), true
}

// ListenForChanges starts listening for other instances' changes now
// rather than on the first Generation, and waits (up to a few seconds)
// until it listens, so a server's first requests may use its caches. On
// SQLite it starts reading the change counters other processes raise
// (changes_poll.go).
func (s *Store) ListenForChanges() bool {
	if s.feed == nil || !s.feed.pg {
		if s.feed != nil {
			s.feed.listening() // start reading the counters now
		}
		return s.feed != nil
	}
	deadline := time.Now().Add(5 * time.Second)
	for !s.feed.listening() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}
