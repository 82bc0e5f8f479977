package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// The contact form reports everything wrong at once,
// in plain words, on the page and from the API.
func TestContactFormNamesEveryProblemAtOnce(t *testing.T) {
	w := newWorld(t)
	web := w.web("outreach")
	bad := web.form("/street-contacts", url.Values{"_form": {"e1"}, "person_mode": {"unknown"}, "site_type": {"sofa"},
		"seen_at": {"yesterday"}, "with_dog": {"maybe"}, "outcome": {"x"}})
	if bad.status != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", bad.status)
	}
	for _, want := range []string{"Describe the person", "Put a pin on the map", "Choose where the person was sleeping",
		"Give the date and time", "Choose yes, no or not known", "Choose what came of the contact",
		"Description:", "Where:", "Sleeping site:", "Time:", "With a dog:", "Outcome:"} {
		if !strings.Contains(bad.body, want) {
			t.Errorf("the refused form lacks %q", want)
		}
	}
	renderClean(t, bad.body)
	if strings.Contains(bad.body, "must be one of") || strings.Contains(bad.body, "bus_shelter,") {
		t.Error("raw codes on the refused form")
	}
	// The API names every field too.
	r := w.api("outreach").json("POST", "/api/v1/street-contacts", map[string]any{"site_type": "sofa", "outcome": "x"})
	var e struct{ Fields map[string]string }
	r.decode(t, &e)
	for _, f := range []string{"lat", "site_type", "outcome", "person"} {
		if e.Fields[f] == "" {
			t.Errorf("the API does not name %s: %s", f, r.body)
		}
	}
	// A clean form renders with every choice in words.
	page := web.get("/street-contacts/new")
	renderClean(t, page.body)
	for _, want := range []string{"Bedded down?", "With others?", "With a dog?", "Spoke and engaged with support", "Short note"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the form lacks %q", want)
		}
	}
}

// renderClean fails on what a template leaks when it goes wrong.
func renderClean(t *testing.T, body string) {
	t.Helper()
	for _, bad := range []string{"%!", "<no value>", "0x", "NaN", "ZgotmplZ"} {
		if strings.Contains(body, bad) {
			t.Errorf("the page shows %q", bad)
		}
	}
}

// An offline phone resends with its Idempotency-Key: one contact, and the
// note stays with the recording service.
func TestQueuedContactIsRecordedOnceAndItsNoteStaysWithTheTeam(t *testing.T) {
	w := newWorld(t)
	web := w.web("outreach")
	lat, lon := hotspotPoint[1], hotspotPoint[0]
	body, _ := json.Marshal(map[string]any{"lat": lat, "lon": lon, "site_type": "not_bedded_down", "description": "Queued man",
		"with_others": true, "with_dog": false, "outcome": "engaged", "note": "Wants the day centre tomorrow"})
	first := web.do("POST", "/api/v1/street-contacts", string(body), "application/json", "Idempotency-Key", "phone-key-1")
	again := web.do("POST", "/api/v1/street-contacts", string(body), "application/json", "Idempotency-Key", "phone-key-1")
	if first.status != http.StatusCreated || again.status != http.StatusCreated || again.header.Get("Idempotent-Replayed") != "true" {
		t.Fatalf("first %d, again %d %v", first.status, again.status, again.header)
	}
	var n int64
	w.store.Gorm().Model(&models.StreetContact{}).Where("description = ?", "Queued man").Count(&n)
	if n != 1 {
		t.Fatalf("%d contacts from one key", n)
	}
	var sc models.StreetContact
	first.decode(t, &sc)
	page := web.get(fmt.Sprintf("/street-contacts/%d", sc.ID))
	for _, want := range []string{"Wants the day centre tomorrow", "Spoke and engaged with support", "Met on the street, not bedded down"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the team's contact page lacks %q", want)
		}
	}
	renderClean(t, page.body)
	// The pin on the map carries no note.
	pins := web.get("/api/v1/street-contacts")
	if strings.Contains(pins.body, "day centre") {
		t.Error("the pins carry the note")
	}
}

// The gazetteer: admins add and import places; pages and the hotspot API
// name places from it; the alert list defaults to the team's open alerts
// with directions.
func TestGazetteerNamesPlacesAndAlertsDefaultToOpen(t *testing.T) {
	w := newWorld(t)
	admin := w.web("admin")
	lat, lon := hotspotPoint[1], hotspotPoint[0]
	if r := admin.form("/admin/places", url.Values{"_form": {"p1"}, "name": {"Moorhampton bus station"}, "kind": {"bus_station"},
		"lat": {fmt.Sprint(lat)}, "lon": {fmt.Sprint(lon)}}); r.status != http.StatusSeeOther {
		t.Fatalf("add: %d %s", r.status, r.body)
	}
	bad := admin.form("/admin/places", url.Values{"_form": {"p2"}, "name": {""}, "kind": {"castle"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "Kind: Choose what kind of place") {
		t.Errorf("a bad place: %d", bad.status)
	}
	gj := `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Victoria Park","kind":"park"},
		"geometry":{"type":"Polygon","coordinates":[[[-1.51,52.81],[-1.50,52.81],[-1.50,52.82],[-1.51,52.81]]]}}]}`
	if r := admin.form("/admin/places/import", url.Values{"_form": {"p3"}, "geojson": {gj}}); r.status != http.StatusSeeOther {
		t.Fatalf("import: %d %s", r.status, r.body)
	}
	if r := admin.form("/admin/places/import", url.Values{"_form": {"p4"}, "geojson": {`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[0,0]}}]}`}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an unnamed place: %d", r.status)
	}
	list := admin.get("/admin/places")
	if !strings.Contains(list.body, "Victoria Park") || !strings.Contains(list.body, "Bus station") {
		t.Errorf("the places page: %s", list.body)
	}
	renderClean(t, list.body)
	if r := w.web("outreach").get("/admin/places"); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
		t.Errorf("outreach opens the gazetteer: %d", r.status)
	}
	// Alerts: open ones by default, named, with directions.
	out := w.web("outreach")
	alerts := out.get("/alerts")
	if !strings.Contains(alerts.body, "Moorhampton bus station") || !strings.Contains(alerts.body, `value="open" selected`) {
		t.Errorf("the alert list: %s", alerts.body)
	}
	home := out.get("/outreach")
	if !strings.Contains(home.body, "Record a contact") || !strings.Contains(home.body, `href="geo:`) || !strings.Contains(home.body, "Moorhampton bus station") {
		t.Errorf("the outreach home: %s", home.body)
	}
	renderClean(t, home.body)
	// Hotspot squares are named.
	hs := w.api("commissioner").get("/api/v1/hotspots?zoom=14")
	if hs.status == http.StatusOK && strings.Contains(hs.body, `"people"`) && !strings.Contains(hs.body, `"place"`) {
		t.Errorf("the hotspot squares are not named: %s", hs.body)
	}
	// And the name is the gazetteer's.
	g := app.GazetteerOf([]models.Place{{Name: "Moorhampton bus station", Lat: lat, Lon: lon}})
	if got := g.Name(hotspotPoint); got != "Moorhampton bus station" {
		t.Errorf("at the bus station: %q", got)
	}
}

// The commissioner pack names its hotspot areas from the gazetteer.
func TestPackNamesHotspotsFromTheGazetteer(t *testing.T) {
	w := newWorld(t)
	lat, lon := hotspotPoint[1], hotspotPoint[0]
	if _, err := w.store.SavePlaces(ctx, []models.PlaceInput{{Name: "Market Place, Moorhampton", Kind: "street", Lat: &lat, Lon: &lon}}); err != nil {
		t.Fatal(err)
	}
	// Five people met at the market place this month make a square.
	x, y := geo.BaseTile(hotspotPoint)
	for i := 0; i < 5; i++ {
		in := models.StreetContactInput{Lat: &lat, Lon: &lon, TileX: int(x), TileY: int(y), LAID: &w.las[0].ID, SiteType: "doorway",
			NewPerson: &models.PersonInput{GivenName: "Pack" + itoa(int64(i)), FamilyName: "Person"}}
		if _, err := w.store.CreateStreetContact(ctx, policy.People(w.actor("outreach")), w.author("outreach"), in); err != nil {
			t.Fatal(err)
		}
	}
	r := &app.Reporter{Store: w.store, Now: w.srv.now, Log: w.srv.log, ReturnerGapMonths: 12}
	var p reports.Pack
	m := reports.MonthOf(w.srv.now().In(models.London))
	for i := 0; i < 12 && len(p.Hotspots) == 0; i++ {
		if err := app.PackHotspots(ctx, r, w.actor("commissioner"), m.Add(-i), w.las[0], &p); err != nil {
			t.Fatal(err)
		}
	}
	if len(p.Hotspots) == 0 {
		t.Fatal("no hotspot of 5 people in the fixture's last 12 months")
	}
	for _, h := range p.Hotspots {
		if !strings.Contains(h.Area, "Market Place, Moorhampton") {
			t.Errorf("the pack names an area %q", h.Area)
		}
	}
}

// A pin of a person with a safety flag carries the safety symbol and who
// to contact, as everywhere the person is shown.
func TestPinsCarryTheSafetySymbol(t *testing.T) {
	w := newWorld(t)
	sc, err := w.store.StreetContact(ctx, everyContact, w.ids["contact_rosa"])
	if err != nil || sc.PersonID == nil {
		t.Fatal(err)
	}
	w.store.Gorm().Exec("UPDATE people SET safety_flag = ?, safety_contact = ? WHERE id = ?", true, "Sam on 07700 900456", *sc.PersonID)
	a, r := w.api("outreach").pins(t, "")
	if r.status != http.StatusOK {
		t.Fatal(r.status, r.body)
	}
	flagged := 0
	for _, f := range a.Features {
		if f.Properties["safety"] == true {
			flagged++
			if f.Properties["safety_contact"] != "Sam on 07700 900456" {
				t.Errorf("safety contact %v", f.Properties["safety_contact"])
			}
		}
	}
	if flagged == 0 {
		t.Error("no pin carries the safety symbol")
	}
	page := w.web("outreach").get("/street-contacts/" + itoa(w.ids["contact_rosa"]))
	if !strings.Contains(page.body, "Contact Sam on 07700 900456 before visiting") {
		t.Errorf("the contact page has no safety symbol")
	}
}
