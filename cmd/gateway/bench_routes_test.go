package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models/modeltest"
)

// TestBenchRoutesSmoke runs `gateway bench` for a moment on a small
// generated area, on SQLite and (when GATEWAY_TEST_POSTGRES is set)
// PostgreSQL, so that the command, every route it asks for and every
// baseline statement keep working: any failed request or baseline query
// fails the command, and every route must have been measured on both sides.
func TestBenchRoutesSmoke(t *testing.T) {
	dbs := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "bench.db") },
		"postgres": func(t *testing.T) string { return modeltest.PostgresDSN(t) },
	}
	for name, dsn := range dbs {
		t.Run(name, func(t *testing.T) {
			db := dsn(t)
			if out, err := runCmd(t, "", "generate", "--db", db, "--people", "300", "--street-contacts", "2000", "--alerts", "10"); err != nil {
				t.Fatalf("generate: %v\n%s", err, out)
			}
			var out, progress strings.Builder
			err := run(context.Background(), []string{"bench", "--db", db, "--seconds", "0.2", "--clients", "1", "--json"}, strings.NewReader(""), &out, &progress)
			if err != nil {
				t.Fatalf("bench: %v\n%s", err, progress.String())
			}
			var res benchRun
			if err := json.Unmarshal([]byte(out.String()), &res); err != nil || res.Database == "" || res.Seconds != 0.2 {
				t.Fatalf("bench --json: %v\n%s", err, out.String())
			}
			if len(res.Rows) != 8 {
				t.Fatalf("want 8 rows (every route at 1 client), got %d:\n%s", len(res.Rows), out.String())
			}
			for _, r := range res.Rows {
				if r.Clients != 1 || r.Requests == 0 || r.BaseRequests == 0 || r.Errors+r.BaseErrors > 0 || r.Statements < 1 || r.Ratio <= 0 {
					t.Errorf("%s: %+v", r.Route, r)
				}
			}
			if !strings.Contains(progress.String(), "[8/8] commissioner PDF") {
				t.Errorf("no progress lines:\n%s", progress.String())
			}
		})
	}
}

// A baseline that fails, or a route that errs mid-run, fails the bench
// after the table is complete, naming the route.
func TestBenchRoutesFailOnErrors(t *testing.T) {
	ok := func(context.Context, *rand.Rand) error { return nil }
	calls := 0
	broken := func(context.Context, *rand.Rand) error {
		if calls++; calls > 1 { // the warm-up passes; the run does not
			return errors.New("no such column")
		}
		return nil
	}
	for _, tc := range []struct {
		name string
		t    benchTarget
	}{
		{"baseline", benchTarget{name: "notes", route: ok, base: broken}},
		{"route", benchTarget{name: "notes", route: broken, base: ok}},
	} {
		calls = 0
		rows, err := benchRoutes(context.Background(), []benchTarget{tc.t}, []int{1}, 0.02, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "notes at 1 clients") || !strings.Contains(err.Error(), "no such column") || len(rows) != 1 {
			t.Errorf("a failing %s: %v, %d rows", tc.name, err, len(rows))
		}
	}
}

// A route whose first request fails is left out, the others measured.
func TestBenchRoutesGoOnPastAFailedWarmUp(t *testing.T) {
	ok := func(context.Context, *rand.Rand) error { return nil }
	down := func(context.Context, *rand.Rand) error { return errors.New("503 not answering") }
	rows, err := benchRoutes(context.Background(), []benchTarget{{name: "compliance", route: down, base: ok}, {name: "pdf", route: ok, base: ok}},
		[]int{1, 10}, 0.02, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "compliance: not measured: warm-up request: 503") || len(rows) != 4 ||
		!rows[0].NotMeasured || !rows[1].NotMeasured || rows[2].NotMeasured || rows[3].Requests == 0 {
		t.Errorf("%v\n%+v", err, rows)
	}
}

func TestBenchExplainsItself(t *testing.T) {
	out, err := runCmd(t, "", "bench", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: gateway bench") || !strings.Contains(out, "-clients") || !strings.Contains(out, "baseline") {
		t.Errorf("bench --help: %v\n%s", err, out)
	}
	if _, err := runCmd(t, "", "bench", "--db", "x.db", "--clients", "1,0"); !errors.Is(err, errUsage) {
		t.Errorf("--clients 1,0: %v", err)
	}
}

// --only picks routes by the start of their name or a short alias, once
// each, and refuses a name that matches nothing.
func TestBenchOnlyPicksRoutes(t *testing.T) {
	var all []benchTarget
	for _, n := range []string{"person by id", "people search", "note list (50 newest)", "hotspots, a month", "hotspots, two years", "commissioner PDF"} {
		all = append(all, benchTarget{name: n})
	}
	got, err := pickTargets(all, "hotspots, notes,pdf,hotspots,search")
	var names []string
	for _, g := range got {
		names = append(names, g.name)
	}
	if want := "hotspots, a month|hotspots, two years|note list (50 newest)|commissioner PDF|people search"; err != nil || strings.Join(names, "|") != want {
		t.Errorf("got %q, %v; want %q", names, err, want)
	}
	if _, err := pickTargets(all, "person,nonsense"); !errors.Is(err, errUsage) {
		t.Errorf("an unknown route: %v", err)
	}
}
