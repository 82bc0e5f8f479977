package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/server"
)

func serveCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	fs := newFlags("serve", "Runs the web app and the JSON API (/api/v1). Applies pending migrations first.\nStops gracefully on SIGINT or SIGTERM.", stderr)
	c.dbFlag(fs, "gateway.db")
	c.serverFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.validate(); err != nil {
		return err
	}
	store, err := openStore(c.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.Migrate(ctx, stdout); err != nil {
		return err
	}
	return serve(ctx, &c, store, stdout, stderr)
}

// serve runs the HTTP server until ctx ends, then drains requests.
func serve(ctx context.Context, c *config, store *models.Store, stdout, stderr io.Writer) error {
	log := c.logger(stderr)
	pol, err := policy.New(ctx, store, policy.Options{Grace: c.grace(), Watch: true})
	if err != nil {
		return err
	}
	defer pol.Close()
	srv, err := server.New(store, pol, server.Config{SecureCookies: c.SecureCookies, TrustedProxies: c.trustedProxies(), TileURL: c.TileURL, Basemap: c.Basemap, Version: version,
		ReferralExpiry: c.referralExpiry(), ReturnerGapMonths: c.ReturnerGap}, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", c.Addr, err)
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	maintCtx, stopMaint := context.WithCancel(ctx)
	defer stopMaint()
	go srv.RunMaintenance(maintCtx, 10*time.Minute)
	fmt.Fprintf(stdout, "Gateway %s serving %s on http://%s\n", version, describeDB(c.DB), displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(stdout, "Shutting down: finishing requests in flight…")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutCtx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(stdout, "Stopped.")
	return nil
}

func displayAddr(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok && (t.IP == nil || t.IP.IsUnspecified()) {
		return fmt.Sprintf("localhost:%d", t.Port)
	}
	return a.String()
}
