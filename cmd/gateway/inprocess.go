package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"

	"gateway/models"
	"gateway/policy"
	"gateway/server"
)

// inProcess is the real server running in this process over loopback
// HTTP, for the commands that measure it as a client would use it (bench,
// eval-duplicates): routing, login, scopes, SQL, audit and JSON, with the
// server's log discarded.
type inProcess struct {
	store *models.Store
	pol   *policy.Policy
	ts    *httptest.Server
	URL   string
	// restore puts back the memory settings serving set (memory.go), so
	// a measurement sees the server as serve runs it.
	restore func()
}

// startInProcess opens the database, applies pending migrations when
// migrate is set, and starts the server. Close stops it all.
func startInProcess(ctx context.Context, db string, migrate bool) (*inProcess, error) {
	store, err := openStore(db)
	if err != nil {
		return nil, err
	}
	p := &inProcess{store: store, restore: tuneMemoryForServing()}
	if migrate {
		if err := store.Migrate(ctx, io.Discard); err != nil {
			p.Close()
			return nil, err
		}
	} else if behind, err := store.HasPendingMigrations(ctx); err != nil || behind {
		// A benchmark does not change the schema it measures behind the
		// operator's back; a database that is behind would only fail later,
		// at the first query, with an answer that hides why.
		p.Close()
		if err == nil {
			err = fmt.Errorf("%s is behind this build: run gateway migrate up --db … first", describeDB(db))
		}
		return nil, err
	}
	if p.pol, err = policy.New(ctx, store, policy.Options{}); err != nil {
		p.Close()
		return nil, err
	}
	srv, err := server.New(store, p.pol, server.Config{Version: version}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		p.Close()
		return nil, err
	}
	p.ts = httptest.NewServer(srv)
	p.URL = p.ts.URL
	return p, nil
}

func (p *inProcess) Close() {
	if p.ts != nil {
		p.ts.Close()
	}
	if p.pol != nil {
		p.pol.Close()
	}
	p.store.Close()
	p.restore()
}
