package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// TestStatementsPerRoute pins how many statements (round trips to the
// database) each hot route costs once the caller's identity and the
// matcher's catalogue are cached. A route that creeps back up
// fails here; if a change really needs another statement, say why in the
// comment beside the figure.
//
// Counted through a context hung on the request before the whole server
// (sessions included), and checked against the process-wide total, so a
// statement that escapes the request's context is caught as well.
func TestStatementsPerRoute(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { pinStatements(t, newWorld(t)) })
	t.Run("postgres", func(t *testing.T) {
		if os.Getenv(modeltest.PostgresEnv) == "" {
			t.Skip(modeltest.PostgresEnv + " is not set")
		}
		pinStatements(t, newWorldOn(t, modeltest.Postgres(t)))
	})
}

// routeCost is one hot route and its pinned statement count; wantPG, when
// set, is PostgreSQL's where its queries differ (search uses pg_trgm).
type routeCost struct {
	name, path   string
	web          bool // through a cookie session; otherwise a bearer token
	want, wantPG int64
}

func pinStatements(t *testing.T, w *world) {
	person := itoa(w.people["hostel_person"].ID)
	// Before issue 17 (same fixture, warm): person page 35, person API 15,
	// search 12 (PostgreSQL 15), notes 10, matches 23, referral inbox 9,
	// home page 28. Authenticating a caller was 6 of each with a token
	// (token, user, memberships, their services, each service again and
	// its LAs; 5 with a session), the matcher's catalogue 6 more, and the
	// person read itself 9 (three scoped reads with their aliases).
	routes := []routeCost{
		// Session read; the person with the full-record and editable
		// flags, the LA's name, the aliases and known-to; audit. Then the
		// page's own panels: notes + audit, tasks, the people those tasks
		// name (count, aliases, rows), assessments, cases, safety plans,
		// consents, pathways, casework audit, referrals (count, rows),
		// placements (count, rows), consent to share, the nav's unread
		// notifications and due tasks, and the session written back.
		{"person page", "/people/" + person, true, 23, 0},
		// The person with its flags, aliases and known-to; audit.
		{"person api", "/api/v1/people/" + person, false, 2, 0},
		// The ranked page through the name index, walked best first, with
		// the check for matches hidden by a confidential service riding in
		// the same query (auditprivacy.go); the page's aliases; known-to;
		// the audit of the ids shown. PostgreSQL's trigram step adds three.
		{"search", "/api/v1/people?q=" + url.QueryEscape("Harriet Hostel"), false, 5, 8},
		// The person with its aliases; the 50 newest notes; audit.
		{"notes", "/api/v1/people/" + person + "/notes", false, 3, 0},
		// The person with its aliases and known-to; the latest assessment,
		// priority adjustments and last street contact the ranking rests
		// on; audit. The catalogue costs nothing while it is unchanged.
		{"matches", "/api/v1/people/" + person + "/matches", false, 5, 0},
		// The page of referrals to the service with its total; audit.
		{"referral inbox", "/api/v1/referrals?box=in", false, 3, 0},
		// Session read; caseload (count, aliases, rows), its cases, last
		// notes and open referrals; notifications; review list (count,
		// aliases, rows); due tasks and the people they name (count,
		// aliases, rows); open cases (two); other services' alerts about
		// my people (count, rows); audit; the nav's two counts; the
		// session written back.
		{"home page", "/", true, 23, 0},
	}
	web, api := w.web("hostel"), w.api("hostel")
	for _, r := range routes {
		c := api
		if r.web {
			c = web
		}
		// The first request fills the caches; the second is what every
		// request after it costs.
		if status, _ := w.countStatements(c, r.path); status != http.StatusOK {
			t.Fatalf("%s: %d", r.name, status)
		}
		status, n := w.countStatements(c, r.path)
		if status != http.StatusOK {
			t.Fatalf("%s: %d", r.name, status)
		}
		want := r.want
		if r.wantPG > 0 && w.store.Dialect() == models.Postgres {
			want = r.wantPG
		}
		t.Logf("%-15s %3d statements", r.name, n)
		if n != want {
			t.Errorf("%s: %d statements per request, pinned at %d", r.name, n, want)
		}
	}
}

// countStatements serves one GET as c's user straight through the server
// (not the test listener), counting the statements it runs. It retries a
// few times if the process-wide total disagrees with the request's own
// count, which only stray work of an earlier test explains; a statement
// run outside the request's context disagrees every time.
func (w *world) countStatements(c *client, path string) (int, int64) {
	w.t.Helper()
	var delta int64
	for range 3 {
		ctx, count := models.WithStatementCount(context.Background())
		req := httptest.NewRequest("GET", path, nil).WithContext(ctx)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		if c.http.Jar != nil {
			u, _ := url.Parse(w.ts.URL)
			for _, ck := range c.http.Jar.Cookies(u) {
				req.AddCookie(ck)
			}
		}
		rec := httptest.NewRecorder()
		before := models.StatementsExecuted()
		w.srv.ServeHTTP(rec, req)
		delta = models.StatementsExecuted() - before
		if delta == count.N() {
			return rec.Code, count.N()
		}
	}
	w.t.Fatalf("GET %s: %d statements ran in the process but the request counted fewer: one ran outside its context", path, delta)
	return 0, 0
}
