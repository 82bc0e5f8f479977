package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gateway/cmd/gateway/demo"
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
			baselinesAgree(t, db)
		})
	}
}

// baselinesAgree checks on the fixture that the baselines fetch what the
// routes answer with: the same aliases and "known to" for a person, the
// same notes and total, the same search results in the same order. A
// baseline whose WHERE drifted from its scope would show here.
func baselinesAgree(t *testing.T, db string) {
	ctx := context.Background()
	srv, err := startInProcess(ctx, db, false)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	w, err := newBenchWorld(ctx, srv, db, "hostel@demo.example", "county@demo.example", demo.Password)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	a := w.worker.actor
	count := func(stmts []baseStmt) []int {
		n := make([]int, len(stmts))
		for i := range stmts {
			stmts[i].row = func([]any) { n[i]++ }
		}
		if err := w.base.run(ctx, stmts...); err != nil {
			t.Fatal(err)
		}
		return n
	}
	// The people most likely to show a drift: known also to another
	// service's confidential involvement, and with the most notes.
	g := srv.store.Gorm()
	var secret, busiest []int64
	g.Raw("SELECT DISTINCT person_id FROM involvements WHERE confidential = ? AND service_id <> ? ORDER BY person_id", true, a.serviceID).Scan(&secret)
	g.Raw("SELECT person_id FROM case_notes GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT 200").Scan(&busiest)
	people := append(keep(secret, w.visible, 10), w.visible[:min(10, len(w.visible))]...)
	records := append(keep(busiest, w.records, 10), w.records[:min(10, len(w.records))]...)
	if len(people) < 15 || len(records) < 15 {
		t.Fatalf("the fixture gives %d people and %d records to compare", len(people), len(records))
	}
	for _, id := range people {
		var page struct {
			Person struct {
				Aliases []any `json:"aliases"`
				KnownTo []any `json:"known_to"`
			} `json:"person"`
		}
		if _, err := benchJSON(srv.URL+"/api/v1/people/"+strconv.FormatInt(id, 10), w.worker.token, &page); err != nil {
			t.Fatal(err)
		}
		if n := count(personReads(a, id)); n[0] != 1 || n[1] != len(page.Person.Aliases) || n[2] != len(page.Person.KnownTo) {
			t.Errorf("person %d: baseline rows %v, route %d aliases and %d known to", id, n, len(page.Person.Aliases), len(page.Person.KnownTo))
		}
	}
	notes := 0
	for _, id := range records {
		var page struct {
			Notes []any                 `json:"notes"`
			Pager struct{ Total int64 } `json:"pager"`
		}
		if _, err := benchJSON(srv.URL+"/api/v1/people/"+strconv.FormatInt(id, 10)+"/notes", w.worker.token, &page); err != nil {
			t.Fatal(err)
		}
		rows, total := 0, int64(0)
		q := notesReads(a, id)
		q[0].row = func(v []any) { rows, total = rows+1, asInt64(v[len(v)-1]) }
		if err := w.base.run(ctx, q...); err != nil {
			t.Fatal(err)
		}
		if rows != len(page.Notes) || (rows > 0 && total != page.Pager.Total) {
			t.Errorf("notes of %d: baseline %d of %d, route %d of %d", id, rows, total, len(page.Notes), page.Pager.Total)
		}
		notes += rows
	}
	if notes == 0 {
		t.Error("the fixture's worker reads no notes: the comparison compared nothing")
	}
	for _, name := range w.fullName[:min(10, len(w.fullName))] {
		var page struct {
			Results []struct{ ID int64 } `json:"results"`
		}
		if _, err := benchJSON(srv.URL+"/api/v1/people?q="+strings.ReplaceAll(name, " ", "+"), w.worker.token, &page); err != nil {
			t.Fatal(err)
		}
		var route, base []int64
		for _, r := range page.Results {
			route = append(route, r.ID)
		}
		q := searchRead(a, name)
		q.row = func(v []any) { base = append(base, asInt64(v[0])) }
		if err := w.base.run(ctx, q); err != nil {
			t.Fatal(err)
		}
		if len(route) == 0 || !slices.Equal(route, base) {
			t.Errorf("search for a recorded name: route %v, baseline %v", route, base)
		}
	}
}

// keep is up to n of ids that are also in among, in ids' order.
func keep(ids, among []int64, n int) []int64 {
	var out []int64
	for _, id := range ids {
		if len(out) < n && slices.Contains(among, id) {
			out = append(out, id)
		}
	}
	return out
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
		rows, err := benchRoutes(context.Background(), []benchTarget{tc.t}, []int{1}, 0.02, io.Discard, nil)
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
		[]int{1, 10}, 0.02, io.Discard, nil)
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
