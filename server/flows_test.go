package server

import (
	"net/http"
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
	// With an 18-month gap the returners are intermittent instead.
	r = comm.get("/api/v1/reports/flows?gap=18&from=" + T.String() + "&to=" + T.String())
	r.decode(t, &pg)
	if row := pg.Rows[0]; row.Returner != "<5" || row.Intermittent != "6" || !strings.Contains(pg.Definitions["returner"], "18 months") {
		t.Errorf("gap 18: %+v", row)
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
	for q, field := range map[string]string{"?from=2026-13": "from", "?gap=0": "gap", "?from=2026-05&to=2026-01": "to", "?la_id=" + itoa(w.las[1].ID): "la_id"} {
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
