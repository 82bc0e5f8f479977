package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/server"
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := c.dbFlags("serve", "Runs the web app and the JSON API (/api/v1). Applies pending migrations first.\nIf the database is not reachable yet it keeps trying, with backoff, while /readyz\nanswers 503. Stops gracefully on SIGINT or SIGTERM.", "gateway.db", stderr)
	c.serverFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	defer tuneMemoryForServing()()
	return serve(ctx, &c, nil, stdout, stderr)
}

// serve runs the HTTP server until ctx ends, then drains requests. With a
// nil store it opens and migrates c.DB itself, retrying with backoff while
// the database is down; until then the listener is up, /healthz answers
// 200 and everything else 503 with Retry-After.
func serve(ctx context.Context, c *config, store *models.Store, stdout, stderr io.Writer) error {
	log := c.logger(stderr)
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	gate := &readyGate{}
	hs := &http.Server{
		Handler:           gate,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	var srv *server.Server
	if store == nil {
		fmt.Fprintf(stdout, "Gateway %s listening on http://%s; connecting to %s…\n", version, displayAddr(ln.Addr()), describeDB(c.DB))
		store, err = openWhenReady(ctx, c, stdout, log)
		if err != nil {
			hs.Close()
			if ctx.Err() != nil {
				// Asked to stop while waiting: that is a clean stop.
				fmt.Fprintln(stdout, "Stopped before the database was reachable.")
				return nil
			}
			return err
		}
	}
	defer store.Close()
	pol, err := policy.New(ctx, store, policy.Options{Grace: c.grace(), Watch: true})
	if err != nil {
		hs.Close()
		return err
	}
	defer pol.Close()
	// Long background jobs get a connection of their own without the
	// statement timeout.
	bg, err := openStore(c.DB)
	if err != nil {
		hs.Close()
		return err
	}
	defer bg.Close()
	if sqlDB, err := bg.SQL(); err == nil {
		sqlDB.SetMaxOpenConns(2)
	}
	srv, err = server.New(store, pol, server.Config{SecureCookies: c.SecureCookies, PublicURL: c.PublicURL, TrustedProxies: c.trustedProxies(), TileURL: c.TileURL, Basemap: c.Basemap, Version: version,
		ReferralExpiry: c.referralExpiry(), ReturnerGapMonths: c.ReturnerGap, RequestTimeout: c.requestTimeout(), Background: bg}, log)
	if err != nil {
		hs.Close()
		return err
	}
	gate.set(srv)
	maintCtx, stopMaint := context.WithCancel(ctx)
	defer stopMaint()
	go srv.RunMaintenance(maintCtx, 10*time.Minute)
	fmt.Fprintf(stdout, "Gateway %s serving %s on http://%s\n", version, describeDB(c.DB), displayAddr(ln.Addr()))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	limit := c.shutdownTimeout()
	fmt.Fprintf(stdout, "Shutting down: finishing requests in flight (up to %s)…\n", limit)
	shutCtx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		if !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		// The limit ended a slow client: cut what is left and still exit
		// 0, since stopping was what was asked.
		cut := srv.InFlight()
		hs.Close()
		fmt.Fprintf(stdout, "Shutdown limit of %s reached: cut %d request(s) still in flight.\n", limit, cut)
		log.Warn("shutdown cut requests", "cut", cut, "limit_s", limit.Seconds())
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

// openWhenReady opens and migrates the database, trying again with
// exponential backoff (0.5 s doubling to 30 s) while it cannot be reached,
// until ctx ends. Migrations run on a connection without a statement
// timeout; requests are then served on one with it.
func openWhenReady(ctx context.Context, c *config, stdout io.Writer, log *slog.Logger) (*models.Store, error) {
	wait := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		store, err := openAndMigrate(ctx, c, stdout)
		if err == nil {
			if attempt > 1 {
				fmt.Fprintf(stdout, "Database reachable after %d attempts.\n", attempt)
			}
			return store, nil
		}
		if !models.IsUnavailable(err) {
			return nil, err
		}
		log.Warn("database not reachable; retrying", "attempt", attempt, "retry_in_s", wait.Seconds(), "err", err.Error())
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("stopped while waiting for the database: %w", err)
		case <-time.After(wait):
		}
		wait = min(2*wait, 30*time.Second)
	}
}

func openAndMigrate(ctx context.Context, c *config, stdout io.Writer) (*models.Store, error) {
	m, err := openStore(c.DB)
	if err != nil {
		return nil, err
	}
	pctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err = m.Ping(pctx)
	cancel()
	if err == nil {
		err = m.Migrate(ctx, stdout)
	}
	m.Close()
	if err != nil {
		return nil, err
	}
	s, err := models.OpenWith(c.DB, models.Options{StatementTimeout: c.requestTimeout(), AuditBatch: models.AuditBatchOptions{Off: !c.AuditBatch}, Replica: c.DBReplica})
	if err != nil {
		return nil, err
	}
	pctx, cancel = context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := s.Ping(pctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.PingReplica(pctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("read replica (--db-replica): %w", err)
	}
	return s, nil
}

// readyGate answers for the server until it is ready: /healthz says the
// process is up, /readyz and everything else 503 with Retry-After.
type readyGate struct{ h atomic.Pointer[server.Server] }

func (g *readyGate) set(s *server.Server) { g.h.Store(s) }

func (g *readyGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s := g.h.Load(); s != nil {
		s.ServeHTTP(w, r)
		return
	}
	if r.URL.Path == "/healthz" {
		w.Write([]byte("ok\n"))
		return
	}
	server.WriteUnavailable(w, r, "Gateway is starting and waiting for its database. Try again in a few seconds.")
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && (t.IP == nil || t.IP.IsUnspecified()) {
		return fmt.Sprintf("localhost:%d", t.Port)
	}
	return a.String()
}
