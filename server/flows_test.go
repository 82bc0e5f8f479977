package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/reports"
)

// flowsWorld adds people seen in months before the fixture's own contacts:
// in month T, five new people, six returners (last seen 13 months before)
// and five long-term (seen in each of T-2, T-1 and T).
func flowsWorld(t *testing.T) (*world, reports.Month) {
	w := newWorld(t)
	T := reports.MonthOf(time.Now().In(models.London)).Add(-3)
	seen := func(person int64, m reports.Month) {
		at := time.Date(m.Year, m.Month, 15, 6, 0, 0, 0, models.London)
		err := w.store.Gorm().Exec(`INSERT INTO street_contacts (person_id, description, service_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
			VALUES (?, '', ?, ?, ?, 52.6, -1.3, 32000, 21000, ?, 'doorway', ?)`, person, w.svcs["outreach"].ID, false, at, w.las[0].ID, at).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	author := w.author("outreach")
	newPerson := func() int64 {
		p, err := w.store.CreatePerson(ctx, author, models.PersonInput{GivenName: "Flow", FamilyName: "Person"})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	for range 5 {
		seen(newPerson(), T)
	}
	for range 6 {
		p := newPerson()
		seen(p, T.Add(-13))
		seen(p, T)
	}
	for range 5 {
		p := newPerson()
		seen(p, T.Add(-2))
		seen(p, T.Add(-1))
		seen(p, T)
	}
	if err := w.store.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	return w, T
}

func TestFlowsSplitNewReturnerLongTerm(t *testing.T) {
	w, T := flowsWorld(t)
	comm := w.api("commissioner")
	var pg flowsPage
	r := comm.get("/api/v1/reports/flows?from=" + T.String() + "&to=" + T.String())
	r.decode(t, &pg)
	if len(pg.Rows) != 1 {
		t.Fatalf("one row for Northmoor in %s: %s", T, r.body)
	}
	row := pg.Rows[0]
	if row.New != "5" || row.Returner != "6" || row.LongTerm != "5" || row.Intermittent != "<5" || row.People != "*" || row.LA != "Northmoor" {
		t.Errorf("flows for %s: %+v", T, row)
	}
	if pg.GapMonths != 12 || !strings.Contains(pg.Definitions["returner"], "12 months") {
		t.Errorf("the default returner window: %d %q", pg.GapMonths, pg.Definitions["returner"])
	}
	// A server set to an 18-month window counts the returners as
	// intermittent instead, in the report and its definitions alike.
	w18 := withConfig(t, w, Config{ReturnerGapMonths: 18})
	pg = flowsPage{}
	r = w18.api("commissioner").get("/api/v1/reports/flows?from=" + T.String() + "&to=" + T.String())
	r.decode(t, &pg)
	if row := pg.Rows[0]; row.Returner != "<5" || row.Intermittent != "6" || pg.GapMonths != 18 || !strings.Contains(pg.Definitions["returner"], "18 months") {
		t.Errorf("an 18-month window: %+v", row)
	}
	if got := w18.srv.reporter().ReturnerGapMonths; got != 18 {
		t.Errorf("the commissioner pack's flows use a %d-month window, not the server's 18", got)
	}
	// No caller picks the window: figures for two windows side by side
	// would give away the people last seen between them.
	for _, q := range []string{"?gap=18", "?gap=12", "?gap="} {
		if r := comm.get("/api/v1/reports/flows" + q); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"gap"`) ||
			!strings.Contains(r.body, "the area's setting") {
			t.Errorf("%s: want 422 naming gap, got %d %s", q, r.status, r.body)
		}
	}
	// In words a commissioner reads, not the server's flag.
	if page := w.web("commissioner").get("/reports/flows?gap=18"); !strings.Contains(page.body, "cannot be chosen per report") ||
		strings.Contains(page.body, `name="gap"`) || !strings.Contains(page.body, "a setting of the whole area") || strings.Contains(page.body, "--returner") {
		t.Errorf("the flows page: no window to choose, and says why")
	}
	// The month before: five people, all new or intermittent; small counts are suppressed.
	r = comm.get("/api/v1/reports/flows?from=" + T.Add(-1).String() + "&to=" + T.Add(-1).String())
	r.decode(t, &pg)
	if row := pg.Rows[0]; row.New != "<5" || row.Intermittent != "5" || row.People != "*" {
		t.Errorf("%s: %+v", T.Add(-1), row)
	}
	csv := comm.get("/api/v1/reports/flows?format=csv&from=" + T.String() + "&to=" + T.String())
	if csv.status != http.StatusOK || !strings.HasPrefix(csv.header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(csv.body, T.String()+",Northmoor,5,6,5,<5,*") {
		t.Errorf("CSV: %d %s", csv.status, csv.body)
	}
	var n int64
	w.store.Gorm().Model(&models.AuditEvent{}).Where("action = 'export' AND object_type = 'flows'").Count(&n)
	if n != 1 {
		t.Errorf("the CSV export is audited: %d", n)
	}
	if page := w.web("commissioner").get("/reports/flows?from=" + T.String() + "&to=" + T.String()); !strings.Contains(page.body, "Long-term") || !strings.Contains(page.body, T.Label()) {
		t.Errorf("the flows page")
	}
	for q, field := range map[string]string{"?from=2026-13": "from", "?from=2026-05&to=2026-01": "to", "?la_id=" + itoa(w.las[1].ID): "la_id"} {
		if r := comm.get("/api/v1/reports/flows" + q); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+field+`"`) {
			t.Errorf("%s: want 422 on %s, got %d %s", q, field, r.status, r.body)
		}
	}
	for _, role := range []string{"outreach", "hostel", "partner", "admin"} {
		if r := w.api(role).get("/api/v1/reports/flows"); r.status != http.StatusForbidden {
			t.Errorf("%s reads flows: %d", role, r.status)
		}
	}
}

// withConfig is the same area served by a second server with cfg (its
// version and login limits filled in as the fixture's), as after a
// deployment changes a setting.
func withConfig(t *testing.T, w *world, cfg Config) *world {
	t.Helper()
	cfg.Version = "test"
	cfg.LoginLimits = LoginLimits{PerAccount: 10000, AccountEvery: time.Millisecond, PerIP: 10000, IPEvery: time.Millisecond}
	srv, err := New(w.store, w.pol, cfg, slog.New(slog.NewJSONHandler(w.logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	other := *w
	other.srv, other.ts = srv, httptest.NewServer(srv)
	t.Cleanup(other.ts.Close)
	return &other
}
