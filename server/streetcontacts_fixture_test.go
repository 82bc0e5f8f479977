package server

import (
	"time"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
)

// Street contacts and public alerts in the server fixture. The
// two LAs get the demo county's boundaries of the same names, so points
// can be located. Besides contacts the app records, the fixture holds what
// it never writes but must survive: a pin of the refuge-only person (whose
// names carry the marker) and a confidential service's contact.

// hotspotPoint is in Moorhampton, Northmoor: four strangers were met
// there, one short of a cell the commissioner may see.
var hotspotPoint = geo.DemoCounty()[0].Towns[0].Centre

// southPoint is in Southvale.
var southPoint = geo.DemoCounty()[5].Towns[0].Centre

func (w *world) addStreetContacts() {
	t := w.t
	county := geo.DemoCounty()
	for i, la := range []geo.DemoLA{county[0], county[5]} {
		b := la.Boundary.Bound()
		if _, err := w.store.UpdateLA(ctx, w.las[i].ID, models.LAInput{Code: w.las[i].Code, Name: w.las[i].Name,
			Boundary: geo.BoundaryJSON(la.Boundary), BBox: &[4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}); err != nil {
			t.Fatal(err)
		}
	}
	outreach := w.author("outreach")
	people := policy.People(w.actor("outreach"))
	record := func(key string, at orb.Point, ago time.Duration, in models.StreetContactInput) {
		lat, lon := at[1], at[0]
		x, y := geo.BaseTile(at)
		when := models.Now().Add(-ago)
		in.Lat, in.Lon, in.TileX, in.TileY, in.SeenAt, in.SiteType = &lat, &lon, int(x), int(y), &when, "doorway"
		la := w.las[0].ID
		if at == southPoint {
			la = w.las[1].ID
		}
		in.LAID = &la
		sc, err := w.store.CreateStreetContact(ctx, people, outreach, in)
		if err != nil {
			t.Fatal(err)
		}
		w.ids["contact_"+key] = sc.ID
	}
	near := orb.Point{hotspotPoint[0] + 0.02, hotspotPoint[1] + 0.01}
	// The outreach team's own people, so no other fixture person gains an
	// involvement the other tests do not expect.
	record("rosa", near, 2*24*time.Hour, models.StreetContactInput{NewPerson: &models.PersonInput{GivenName: "Rosa", FamilyName: "Rough", DOB: models.Date{Year: 1988, Month: 8, Day: 8}}})
	rosa, err := w.store.StreetContact(ctx, everyContact, w.ids["contact_rosa"])
	if err != nil {
		t.Fatal(err)
	}
	w.people["rosa"], err = w.store.Person(ctx, people, *rosa.PersonID)
	if err != nil {
		t.Fatal(err)
	}
	record("rosa_again", near, 20*24*time.Hour, models.StreetContactInput{PersonID: rosa.PersonID})
	record("south_stranger", southPoint, 24*time.Hour, models.StreetContactInput{Description: "young man, blue tracksuit"})
	for i := range 4 {
		record("hotspot_"+itoa(int64(i)), hotspotPoint, time.Duration(i+1)*24*time.Hour, models.StreetContactInput{Description: "stranger at the market cross"})
	}
	// What the app would never write: the refuge-only person met by the
	// outreach team, and a contact by the (confidential) night van.
	x, y := geo.BaseTile(near)
	insert := func(key string, person int64, service *models.Service, confidential bool) {
		var id int64
		at := models.Now().Add(-24 * time.Hour)
		err := w.store.Gorm().Raw(`INSERT INTO street_contacts (person_id, description, service_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
			VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, ?, 'tent', ?) RETURNING id`, person, service.ID, confidential, at, near[1], near[0], x, y, w.las[0].ID, at).Scan(&id).Error
		if err != nil {
			t.Fatal(err)
		}
		w.ids["contact_"+key] = id
	}
	insert("refuge_only", w.people["refuge_only"].ID, w.svcs["outreach"], false)
	insert("night_van", w.people["sexwork_only"].ID, w.svcs["sexwork"], true)
	if err := w.store.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}

	lat, lon := hotspotPoint[1], hotspotPoint[0]
	var a *models.PublicAlert
	a, err = w.store.CreateAlert(ctx, models.AlertInput{Lat: &lat, Lon: &lon, LAID: &w.las[0].ID,
		Description: "Older man under the market cross every night", ReporterName: "Pat Public", ReporterContact: "07700 900123"}, &w.svcs["outreach"].ID)
	if err != nil {
		t.Fatal(err)
	}
	w.refs = map[string]string{"alert_outreach": a.Reference}
	a, err = w.store.CreateAlert(ctx, models.AlertInput{LocationText: "somewhere by the ring road", Description: "A woman in a tent, seen twice"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w.refs["alert_unrouted"] = a.Reference
}

// alertReferences lists every alert's reference, for route parameters.
func (w *world) alertReferences() []string {
	var refs []string
	w.store.Gorm().Table("public_alerts").Order("id").Pluck("reference", &refs)
	return refs
}

// contactsOutsidePins are the fixture's street contacts a role may not see
// as pins (rule 10), nor open as one their service recorded: a contact's
// page also opens, at any age, for that service, to amend it.
func contactsOutsidePins(w *world, role string) []int64 {
	seen := map[int64]bool{}
	for _, scope := range []models.Scope{policy.StreetContactPins(w.actor(role)), policy.AmendableStreetContacts(w.actor(role))} {
		visible, err := w.store.StreetContactIDs(ctx, scope)
		if err != nil {
			w.t.Fatal(err)
		}
		for _, id := range visible {
			seen[id] = true
		}
	}
	var all, out []int64
	w.store.Gorm().Table("street_contacts").Order("id").Pluck("id", &all)
	for _, id := range all {
		if !seen[id] {
			out = append(out, id)
		}
	}
	return out
}

// everyContact sees every row; tests use it to read back what they wrote.
var everyContact = models.NewScope("test: every row", "1 = 1", nil)
