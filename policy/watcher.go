package policy

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// channel is the PostgreSQL NOTIFY channel policy changes are announced on.
const channel = "gateway_policy"

// pgWatcher is a casbin Watcher over PostgreSQL LISTEN/NOTIFY: an instance
// that changes a policy row sends NOTIFY, and every other instance reloads
// its rows when the notification arrives (well within a second). After a
// lost connection it reconnects and reloads, in case it missed a change.
type pgWatcher struct {
	dsn    string
	id     string
	cancel context.CancelFunc
	done   chan struct{}

	mu       sync.Mutex
	callback func(string)
	reload   func()
}

func startWatcher(ctx context.Context, dsn string, reload func()) (*pgWatcher, error) {
	b := make([]byte, 8)
	rand.Read(b)
	ctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	w := &pgWatcher{dsn: dsn, id: hex.EncodeToString(b), cancel: cancel, done: make(chan struct{}), reload: reload}
	conn, err := w.listen(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	go w.run(ctx, conn)
	return w, nil
}

func (w *pgWatcher) listen(ctx context.Context) (*pgx.Conn, error) {
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(cctx, w.dsn)
	if err != nil {
		return nil, err
	}
	if _, err := conn.Exec(cctx, "LISTEN "+channel); err != nil {
		conn.Close(context.Background())
		return nil, err
	}
	return conn, nil
}

func (w *pgWatcher) run(ctx context.Context, conn *pgx.Conn) {
	defer close(w.done)
	backoff := 100 * time.Millisecond
	for {
		for conn != nil {
			n, err := conn.WaitForNotification(ctx)
			if err != nil {
				conn.Close(context.Background())
				conn = nil
				break
			}
			backoff = 100 * time.Millisecond
			if n.Payload != w.id {
				w.fire(n.Payload)
			}
		}
		if ctx.Err() != nil {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 5*time.Second)
		c, err := w.listen(ctx)
		if err != nil {
			slog.Warn("policy watcher reconnect failed", "err", err)
			continue
		}
		conn = c
		// We may have missed notifications while disconnected.
		w.fire("reconnected")
	}
}

func (w *pgWatcher) fire(payload string) {
	w.mu.Lock()
	cb := w.callback
	w.mu.Unlock()
	if cb != nil {
		cb(payload)
	} else {
		w.reload()
	}
}

// SetUpdateCallback implements persist.Watcher.
func (w *pgWatcher) SetUpdateCallback(cb func(string)) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.callback = cb
	return nil
}

// Update implements persist.Watcher: announce a change to other instances.
func (w *pgWatcher) Update() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, w.dsn)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	_, err = conn.Exec(ctx, "SELECT pg_notify($1, $2)", channel, w.id)
	return err
}

// Close implements persist.Watcher.
func (w *pgWatcher) Close() {
	w.cancel()
	<-w.done
}
