package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/reports"
)

// pinsOf fetches the outreach map's GeoJSON.
type pinsAnswer struct {
	Features []struct {
		Geometry struct {
			Coordinates []float64 `json:"coordinates"`
		} `json:"geometry"`
		Properties map[string]any `json:"properties"`
	} `json:"features"`
	From, To  string
	Truncated bool
}

func (c *client) pins(t *testing.T, query string) (pinsAnswer, response) {
	t.Helper()
	r := c.get("/api/v1/street-contacts" + query)
	var a pinsAnswer
	if r.status == http.StatusOK {
		r.decode(t, &a)
	}
	return a, r
}

func pinIDs(a pinsAnswer) map[int64]bool {
	out := map[int64]bool{}
	for _, f := range a.Features {
		out[int64(f.Properties["id"].(float64))] = true
	}
	return out
}

func TestOutreachRecordsAContactFromThePhoneForm(t *testing.T) {
	w := newWorld(t)
	web := w.web("outreach")
	page := web.get("/street-contacts/new?q=Harriet")
	if page.status != http.StatusOK || !strings.Contains(page.body, `value="`+itoa(w.people["hostel_person"].ID)+`"`) {
		t.Fatalf("the form's search should offer Harriet: %d", page.status)
	}
	lat, lon := hotspotPoint[1]+0.001, hotspotPoint[0]
	form := url.Values{"_form": {"t1"}, "lat": {fmt.Sprint(lat)}, "lon": {fmt.Sprint(lon)}, "site_type": {"station"},
		"person_mode": {"existing"}, "person_id": {itoa(w.people["hostel_person"].ID)},
		"seen_at": {time.Now().In(models.London).Add(-time.Hour).Format("2006-01-02T15:04")}}
	r := web.form("/street-contacts", form)
	if r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/street-contacts/") {
		t.Fatalf("record: %d %s", r.status, r.body)
	}
	if again := web.form("/street-contacts", form); again.status != http.StatusSeeOther || again.header.Get("Location") != r.header.Get("Location") {
		t.Errorf("a double submit must create one contact: %d %s", again.status, again.header.Get("Location"))
	}
	shown := web.get(r.header.Get("Location"))
	if !strings.Contains(shown.body, "Harriet Hostel") || !strings.Contains(shown.body, "Station or transport hub") || !strings.Contains(shown.body, "Northmoor") {
		t.Errorf("the contact page: %s", shown.body)
	}
	// Other services see that outreach now knows the person (never why:
	// that is case information); the involvement itself records its source.
	known := w.api("hostel").get("/api/v1/people/" + itoa(w.people["hostel_person"].ID))
	if !strings.Contains(known.body, "Northmoor Outreach") || strings.Contains(known.body, `"source"`) {
		t.Errorf("known-to should list the outreach service and no source: %s", known.body)
	}
	var opened int64
	w.store.Gorm().Model(&models.Involvement{}).Where("person_id = ? AND service_id = ? AND source = ? AND ended_at IS NULL",
		w.people["hostel_person"].ID, w.svcs["outreach"].ID, models.SourceStreetContact).Count(&opened)
	if opened != 1 {
		t.Errorf("the contact should open one outreach involvement, found %d", opened)
	}
	// A refused form keeps what was typed and names the field.
	bad := web.form("/street-contacts", url.Values{"_form": {"t2"}, "lat": {"10"}, "lon": {"-1.3"}, "site_type": {"park"},
		"person_mode": {"unknown"}, "description": {"man with a dog"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "outside every local authority") || !strings.Contains(bad.body, "man with a dog") {
		t.Errorf("a point outside the area: %d", bad.status)
	}
	none := web.form("/street-contacts", url.Values{"_form": {"t3"}, "lat": {fmt.Sprint(lat)}, "lon": {fmt.Sprint(lon)}, "site_type": {"park"}, "person_mode": {"existing"}})
	if none.status != http.StatusUnprocessableEntity || !strings.Contains(none.body, "Search for the person") {
		t.Errorf("existing person not chosen: %d", none.status)
	}
}

func TestStreetContactAPI(t *testing.T) {
	w := newWorld(t)
	api := w.api("outreach")
	lat, lon := southPoint[1], southPoint[0]
	r := api.json("POST", "/api/v1/street-contacts", map[string]any{"lat": lat, "lon": lon, "site_type": "tent",
		"new_person": map[string]any{"given_name": "Tomas", "family_name": "Novak", "estimated_age": 34}})
	if r.status != http.StatusCreated {
		t.Fatalf("new person: %d %s", r.status, r.body)
	}
	var sc models.StreetContact
	r.decode(t, &sc)
	if sc.PersonID == nil || sc.LAID == nil || *sc.LAID != w.las[1].ID {
		t.Errorf("the contact is in Southvale with the new person: %+v", sc)
	}
	for name, tc := range map[string]struct {
		body  map[string]any
		field string
	}{
		"hidden person":  {map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "person_id": w.people["refuge_only"].ID}, "person_id"},
		"missing person": {map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "person_id": missingID}, "person_id"},
		"bad new person": {map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "new_person": map[string]any{"family_name": "X"}}, "new_person.given_name"},
		"latitude":       {map[string]any{"lat": 95, "lon": lon, "site_type": "tent", "description": "x"}, "lat"},
		"site":           {map[string]any{"lat": lat, "lon": lon, "site_type": "sofa", "description": "x"}, "site_type"},
		"unknown field":  {map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "description": "x", "colour": "red"}, "colour"},
	} {
		r := api.json("POST", "/api/v1/street-contacts", tc.body)
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+tc.field+`"`) {
			t.Errorf("%s: want 422 naming %s, got %d %s", name, tc.field, r.status, r.body)
		}
	}
	// Hidden and missing people get the same answer.
	a := api.json("POST", "/api/v1/street-contacts", map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "person_id": w.people["refuge_only"].ID})
	b := api.json("POST", "/api/v1/street-contacts", map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "person_id": missingID})
	if a.body != b.body {
		t.Errorf("hidden %s vs missing %s", a.body, b.body)
	}
	// A team records only in the LAs it covers.
	local, err := w.store.CreateService(ctx, models.ServiceInput{OrganisationID: w.svcs["outreach"].OrganisationID, Name: "Southvale Outreach",
		Type: models.Outreach, LAIDs: []int64{w.las[1].ID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, w.users["daycentre"].ID, local.ID, models.RoleWorker); err != nil {
		t.Fatal(err)
	}
	sv := w.api("daycentre")
	sv.json("PUT", "/api/v1/tokens/current/service", map[string]any{"service_id": local.ID})
	r = sv.json("POST", "/api/v1/street-contacts", map[string]any{"lat": hotspotPoint[1], "lon": hotspotPoint[0], "site_type": "doorway", "description": "someone"})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "in Northmoor, which your service does not cover") {
		t.Errorf("outside the service's LAs: %d %s", r.status, r.body)
	}
	for _, role := range []string{"hostel", "commissioner", "partner", "admin", "refuge"} {
		if r := w.api(role).json("POST", "/api/v1/street-contacts", map[string]any{"lat": lat, "lon": lon, "site_type": "tent", "description": "x"}); r.status != http.StatusForbidden {
			t.Errorf("%s records a contact: %d", role, r.status)
		}
	}
}

func TestOutreachPinsFollowRuleTen(t *testing.T) {
	w := newWorld(t)
	api := w.api("outreach")
	got, r := api.pins(t, "")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/geo+json" {
		t.Fatalf("pins: %d %s", r.status, r.header.Get("Content-Type"))
	}
	ids := pinIDs(got)
	for _, want := range []string{"rosa", "rosa_again", "south_stranger", "hotspot_0"} {
		if !ids[w.ids["contact_"+want]] {
			t.Errorf("the outreach map should show %s", want)
		}
	}
	for _, hidden := range []string{"refuge_only", "night_van"} {
		if ids[w.ids["contact_"+hidden]] {
			t.Errorf("the outreach map shows %s", hidden)
		}
	}
	if strings.Contains(r.body, marker) || strings.Contains(r.body, sexworkMarker) {
		t.Error("a confidential marker in the pins")
	}
	for _, f := range got.Features {
		if f.Properties["id"].(float64) == float64(w.ids["contact_rosa"]) && f.Properties["person"] != "Rosa Rough" {
			t.Errorf("a known person's pin is named and links to them: %v", f.Properties)
		}
	}
	// Older than 90 days never shows, whatever is asked.
	old := models.Now().Add(-100 * 24 * time.Hour)
	w.store.Gorm().Exec("UPDATE street_contacts SET seen_at = ? WHERE id = ?", old, w.ids["contact_rosa_again"])
	got, _ = api.pins(t, "?from="+old.Add(-48*time.Hour).Format("2006-01-02"))
	if pinIDs(got)[w.ids["contact_rosa_again"]] {
		t.Error("a 100-day-old pin is shown")
	}
	if want := models.Now().Add(-90 * 24 * time.Hour).In(models.London).Format("2006-01-02"); got.From != want {
		t.Errorf("the range is cut to 90 days: from %s, want %s", got.From, want)
	}
	// The viewport narrows: a box around Southvale's town shows only its pin.
	box := fmt.Sprintf("?bbox=%f,%f,%f,%f", southPoint[0]-0.01, southPoint[1]-0.01, southPoint[0]+0.01, southPoint[1]+0.01)
	got, _ = api.pins(t, box)
	if ids := pinIDs(got); len(ids) != 1 || !ids[w.ids["contact_south_stranger"]] {
		t.Errorf("pins in the Southvale box: %v", ids)
	}
	if _, r := api.pins(t, "?bbox=1,2,3"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"bbox"`) {
		t.Errorf("a bad bbox: %d %s", r.status, r.body)
	}
	for _, role := range []string{"hostel", "commissioner", "partner", "admin", "refuge", "sexwork"} {
		if _, r := w.api(role).pins(t, ""); r.status != http.StatusForbidden {
			t.Errorf("%s sees pins: %d", role, r.status)
		}
	}
	var n int64
	w.store.Gorm().Model(&models.AuditEvent{}).Where("action = 'map_pins' AND actor_user_id = ?", w.users["outreach"].ID).Count(&n)
	if n != 3 {
		t.Errorf("each pins read is audited (3 answered): %d events", n)
	}
}

type hotspotAnswer struct {
	Features []struct {
		Properties struct{ People, Contacts int }
	}
	CellZoom int `json:"cell_zoom"`
}

func TestHotspotsSuppressSmallCells(t *testing.T) {
	w := newWorld(t)
	comm := w.api("commissioner")
	get := func(q string) (hotspotAnswer, response) {
		r := comm.get("/api/v1/hotspots" + q)
		var a hotspotAnswer
		if r.status == http.StatusOK {
			r.decode(t, &a)
		}
		return a, r
	}
	// Four strangers at the market cross: at the finest cells, one short.
	for _, zoom := range []string{"14", "16", "22"} {
		a, r := get("?zoom=" + zoom)
		if r.status != http.StatusOK || len(a.Features) != 0 {
			t.Errorf("zoom %s: cells under 5 people must not be shown: %d %s", zoom, r.status, r.body)
		}
	}
	// A fifth person at the market cross makes a cell.
	lat, lon := hotspotPoint[1], hotspotPoint[0]
	if r := w.api("outreach").json("POST", "/api/v1/street-contacts", map[string]any{"lat": lat, "lon": lon, "site_type": "doorway", "description": "fifth stranger"}); r.status != http.StatusCreated {
		t.Fatal(r.body)
	}
	a, r := get("?zoom=14")
	if len(a.Features) != 1 || a.Features[0].Properties.People != 5 || a.CellZoom != 16 {
		t.Fatalf("the market cross cell: %s", r.body)
	}
	// At a coarse zoom the cell takes in the contacts a kilometre away:
	// Rosa twice (one person) and the outreach team's contact with the
	// refuge-only person (counted, never named: see policy.StreetContactCounts).
	a, _ = get("?zoom=8")
	if len(a.Features) != 1 || a.Features[0].Properties.People != 7 || a.Features[0].Properties.Contacts != 8 {
		t.Errorf("at zoom 8 the cell counts seven people in eight contacts: %+v", a.Features)
	}
	// The Southvale stranger is not the commissioner's (Northmoor only); the
	// night van's contact is confidential: neither is ever counted.
	twoYears := reports.MonthOf(time.Now().In(london)).Add(-23).String()
	for _, q := range []string{"?zoom=8&la_id=" + itoa(w.las[0].ID), "?zoom=6&from=" + twoYears + "-01", "?zoom=6&from=" + twoYears} {
		if a, _ := get(q); len(a.Features) != 1 || a.Features[0].Properties.People != 7 {
			t.Errorf("%s: %+v", q, a.Features)
		}
	}
	if _, r := get("?la_id=" + itoa(w.las[1].ID)); r.status != http.StatusUnprocessableEntity {
		t.Errorf("another commissioner's LA: %d", r.status)
	}
	// A viewport elsewhere, or a range before the contacts, shows nothing.
	if a, _ := get(fmt.Sprintf("?zoom=14&bbox=%f,%f,%f,%f", southPoint[0]-0.1, southPoint[1]-0.1, southPoint[0]+0.1, southPoint[1]+0.1)); len(a.Features) != 0 {
		t.Error("a viewport over Southvale shows a cell")
	}
	if a, _ := get("?zoom=14&from=2024-01&to=2024-12"); len(a.Features) != 0 {
		t.Error("2024 shows a cell")
	}
	// Ranges are whole months: maps a day apart would differ by the people
	// first seen that day, however few.
	for q, field := range map[string]string{"?zoom=30": "zoom", "?from=yesterday": "from", "?from=2026-05&to=2026-04": "to",
		"?from=2010-01&to=2026-01": "from", "?bbox=-1,53,-2,52": "bbox", "?from=2026-05-02&to=2026-05-31": "from",
		"?from=2026-05-01&to=2026-05-30": "to", "?from=2026-04-01&to=2026-05-01": "to"} {
		if _, r := get(q); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+field+`"`) {
			t.Errorf("%s: want 422 on %s, got %d %s", q, field, r.status, r.body)
		}
	}
	// The page offers whole months only, and says so when given a day.
	web := w.web("commissioner")
	if page := web.get("/hotspots"); !strings.Contains(page.body, `type="month" name="from"`) || strings.Contains(page.body, `type="date"`) {
		t.Errorf("the hotspot page's range controls are not whole months")
	}
	if page := web.get("/hotspots?from=2026-05-02"); !strings.Contains(page.body, "must be the first day of a month") {
		t.Errorf("the hotspot page does not say why a day was refused")
	}
	for _, role := range []string{"outreach", "hostel", "partner", "admin", "refuge"} {
		if r := w.api(role).get("/api/v1/hotspots"); r.status != http.StatusForbidden {
			t.Errorf("%s sees hotspots: %d", role, r.status)
		}
	}
}

// A partner's card says when and in which LA the person was last seen
// rough sleeping, never where.
func TestPartnerCardShowsTheLastStreetContact(t *testing.T) {
	w := newWorld(t)
	r := w.api("partner").get("/api/v1/partner/lookup?name=Rosa+Rough&dob=1988-08-08&reason=hospital+discharge+planning")
	if r.status != http.StatusOK {
		t.Fatal(r.body)
	}
	want := models.Now().Add(-2 * 24 * time.Hour).In(models.London).Format("2 January 2006")
	if !strings.Contains(r.body, `"last_street_contact":{"date":"`+want+`","la":"Northmoor"}`) {
		t.Errorf("card: %s", r.body)
	}
	for _, leak := range []string{"lat", "lon", fmt.Sprintf("%.3f", hotspotPoint[1]), "doorway"} {
		if strings.Contains(r.body, leak) {
			t.Errorf("the card gives away the place (%q): %s", leak, r.body)
		}
	}
	page := w.web("partner").get("/lookup?name=Rosa+Rough&dob=1988-08-08&reason=hospital+discharge+planning")
	if !strings.Contains(page.body, want+" in Northmoor") {
		t.Error("the card page shows the last contact")
	}
}

func TestContactDetailIsOneOfYourPins(t *testing.T) {
	w := newWorld(t)
	r := w.api("outreach").get("/api/v1/street-contacts/" + itoa(w.ids["contact_south_stranger"]))
	if r.status != http.StatusOK || !strings.Contains(r.body, "blue tracksuit") || !strings.Contains(r.body, `"la_name":"Southvale"`) {
		t.Errorf("own pin: %d %s", r.status, r.body)
	}
	hidden := w.api("outreach").get("/api/v1/street-contacts/" + itoa(w.ids["contact_refuge_only"]))
	missing := w.api("outreach").get("/api/v1/street-contacts/" + itoa(missingID))
	if hidden.status != http.StatusNotFound || hidden.body != missing.body {
		t.Errorf("a hidden pin must answer like a missing one: %d %s", hidden.status, hidden.body)
	}
}

func TestLABoundariesArePublicGeoJSON(t *testing.T) {
	w := newWorld(t)
	anon := w.web("")
	r := anon.get("/maps/local-authorities.geojson")
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/geo+json" || !strings.Contains(r.body, `"name":"Northmoor"`) {
		t.Fatalf("boundaries: %d %s", r.status, r.header.Get("Content-Type"))
	}
	etag := r.header.Get("ETag")
	if again := anon.do("GET", "/maps/local-authorities.geojson", "", "", "If-None-Match", etag); again.status != http.StatusNotModified {
		t.Errorf("unchanged boundaries: %d", again.status)
	}
	// An edited boundary changes the answer at once (the cache follows the LAs).
	la := w.las[1]
	if _, err := w.store.UpdateLA(ctx, la.ID, models.LAInput{Code: la.Code, Name: "Southvale", Boundary: `{"type":"Polygon","coordinates":[[[-1.0,52.5],[-0.9,52.5],[-0.9,52.6],[-1.0,52.6],[-1.0,52.5]]]}`,
		BBox: &[4]float64{-1.0, 52.5, -0.9, 52.6}}); err != nil {
		t.Fatal(err)
	}
	if again := anon.do("GET", "/maps/local-authorities.geojson", "", "", "If-None-Match", etag); again.status != http.StatusOK || again.header.Get("ETag") == etag {
		t.Errorf("after an edit: %d %s", again.status, again.header.Get("ETag"))
	}
	lat, lon := southPoint[1], southPoint[0]
	if r := w.api("outreach").json("POST", "/api/v1/street-contacts", map[string]any{"lat": lat, "lon": lon, "site_type": "park", "description": "x"}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("the old Southvale point is outside the new boundary: %d %s", r.status, r.body)
	}
	if r := w.api("outreach").json("POST", "/api/v1/street-contacts", map[string]any{"lat": 52.55, "lon": -0.95, "site_type": "park", "description": "x"}); r.status != http.StatusCreated {
		t.Errorf("inside the new boundary: %d %s", r.status, r.body)
	}
}
