package policy_test

import (
	"fmt"
	"slices"
	"sort"
	"testing"
	"time"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
)

// Street contacts, public alerts and hotspot cells in the access fixture.
// Contacts go straight into the table so the fixture can hold
// what the app never writes itself, e.g. a pin of someone known only to a
// refuge, and the rules must still hide it.

// fixtureContact is one contact of the fixture.
type fixtureContact struct {
	person       string // key in w.people; "" for someone not known
	service      string
	la           int // 1 Northmoor, 2 Southdale
	ago          time.Duration
	confidential bool
	tileX, tileY int
}

var fixtureContacts = map[string]fixtureContact{
	"recent_outreach_open": {person: "outreach_open", service: "outreach", la: 1, ago: 10 * day, tileX: 32000, tileY: 21000},
	"old_outreach_open":    {person: "outreach_open", service: "outreach", la: 1, ago: 120 * day, tileX: 32000, tileY: 21000},
	"stranger_northmoor":   {service: "outreach", la: 1, ago: 5 * day, tileX: 32001, tileY: 21000},
	"stranger_southdale":   {service: "outreach", la: 2, ago: 5 * day, tileX: 32002, tileY: 21000},
	"refuge_only_pin":      {person: "refuge_only", service: "outreach", la: 1, ago: 5 * day, tileX: 32003, tileY: 21000},
	"refuge_and_hostel":    {person: "refuge_and_hostel", service: "outreach", la: 1, ago: 5 * day, tileX: 32004, tileY: 21000},
	"night_van":            {person: "sexwork_closed_long_ago", service: "sexwork", la: 2, ago: 5 * day, confidential: true, tileX: 32005, tileY: 21000},
	"merged_away_pin":      {person: "merged_away", service: "outreach", la: 1, ago: 5 * day, tileX: 32006, tileY: 21000},
}

const day = 24 * time.Hour

// hotspotCells are base tiles holding n contacts with strangers (each
// counts as one person) or, for one_person, n contacts with one person.
var hotspotCells = []struct {
	name         string
	tileX, tileY int
	n            int
	person       string
}{
	{"five_people", 33000, 22000, 5, ""},
	{"four_people", 33010, 22000, 4, ""},
	{"one_person_five_contacts", 33020, 22000, 5, "outreach_open"},
}

// addStreetContacts stores the contacts, the hotspot cells' contacts and
// the alerts, then rebuilds the rollup as a bulk load would.
func (w *world) addStreetContacts(t *testing.T, sv map[string]*models.Service, las ...*models.LocalAuthority) {
	t.Helper()
	w.contacts, w.alerts = map[string]int64{}, map[string]int64{}
	insert := func(person string, service *models.Service, la int64, at time.Time, confidential bool, x, y int) int64 {
		var pid any
		if person != "" {
			pid = w.people[person]
		}
		var id int64
		err := w.s.Gorm().Raw(`INSERT INTO street_contacts (person_id, description, service_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
			VALUES (?, 'fixture', ?, ?, ?, 52.6, -1.3, ?, ?, ?, 'doorway', ?) RETURNING id`, pid, service.ID, confidential, at, x, y, la, at).Scan(&id).Error
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, key := range sortedKeys(fixtureContacts) {
		c := fixtureContacts[key]
		w.contacts[key] = insert(c.person, sv[c.service], las[c.la-1].ID, w.now.Add(-c.ago), c.confidential, c.tileX, c.tileY)
	}
	for _, cell := range hotspotCells {
		for i := 0; i < cell.n; i++ {
			insert(cell.person, sv["outreach"], las[0].ID, w.now.Add(-time.Duration(i+1)*day), false, cell.tileX, cell.tileY)
		}
	}
	if err := w.s.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	lat, lon := 52.6, -1.3
	alert := func(key string, service *int64) {
		a, err := w.s.CreateAlert(ctx, models.AlertInput{Lat: &lat, Lon: &lon, LAID: &las[0].ID, Description: "fixture alert " + key}, service)
		if err != nil {
			t.Fatal(err)
		}
		w.alerts[key] = a.ID
	}
	alert("routed_to_outreach", &sv["outreach"].ID)
	alert("unrouted", nil)
}

// streetContactLines adds the street contact, alert and hotspot decisions
// of one actor to the matrix, checking each Can against its scope.
func (w *world) streetContactLines(t *testing.T, an string, a policy.Actor, record func(actor, object, action string, can bool, scoped *bool)) {
	ids := func(sc models.Scope) []int64 {
		out, err := w.s.StreetContactIDs(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	in := func(list []int64, id int64) *bool { return ptr(slices.Contains(list, id)) }
	pins, counts, history, partner := ids(policy.StreetContactPins(a)), ids(policy.StreetContactCounts(a)),
		ids(policy.StreetContactHistory(a)), ids(policy.PartnerStreetContacts(a))
	locating, amendable := ids(policy.LocatingStreetContacts(a)), ids(policy.AmendableStreetContacts(a))
	for _, key := range sortedKeys(w.contacts) {
		id := w.contacts[key]
		sc, err := w.s.StreetContact(ctx, everything, id)
		if err != nil {
			t.Fatal(err)
		}
		f, err := policy.StreetContactFactsOf(ctx, w.s, sc)
		if err != nil {
			t.Fatal(err)
		}
		obj := "street_contact:" + key
		record(an, obj, "pin", policy.Can(a, policy.Read, f), in(pins, id))
		record(an, obj, "count", policy.Can(a, policy.Count, f), in(counts, id))
		record(an, obj, "history", policy.Can(a, policy.History, f), in(history, id))
		record(an, obj, "lookup", policy.Can(a, policy.Lookup, f), in(partner, id))
		record(an, obj, "locate", policy.Can(a, policy.Locate, f), in(locating, id))
		record(an, obj, "amend", policy.Can(a, policy.Amend, f), in(amendable, id))
	}
	alertIDs := func(sc models.Scope) []int64 {
		list, _, err := w.s.Alerts(ctx, sc, models.AlertFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, al := range list {
			out = append(out, al.ID)
		}
		return out
	}
	readable, workable, routable := alertIDs(policy.Alerts(a)), alertIDs(policy.WorkableAlerts(a)), alertIDs(policy.RoutableAlerts(a))
	for _, key := range sortedKeys(w.alerts) {
		id := w.alerts[key]
		var al models.PublicAlert
		if err := w.s.Gorm().First(&al, id).Error; err != nil {
			t.Fatal(err)
		}
		f := policy.AlertFacts{ServiceID: al.ServiceID}
		record(an, "alert:"+key, "read", policy.Can(a, policy.Read, f), in(readable, id))
		record(an, "alert:"+key, "update", policy.Can(a, policy.Update, f), in(workable, id))
		record(an, "alert:"+key, "route", policy.Can(a, policy.Route, f), in(routable, id))
	}
	w.hotspotLines(t, an, a, counts, record)
}

// hotspotLines: which fixture cells the actor's hotspot map shows after the
// small-numbers rule (rule 9), at the finest zoom. It also checks that the
// monthly rollup, read through its own scope, counts exactly what the
// contacts scope lets through.
func (w *world) hotspotLines(t *testing.T, an string, a policy.Actor, counted []int64, record func(actor, object, action string, can bool, scoped *bool)) {
	from := models.MonthStart(w.now.Add(-200 * day))
	to := models.MonthStart(w.now).AddDate(0, 1, 0)
	fromAt := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, models.London)
	toAt := time.Date(to.Year(), to.Month(), 1, 0, 0, 0, 0, models.London)
	got, err := w.s.HotspotCells(ctx, policy.StreetContactCounts(a), policy.StreetContactCellCounts(a),
		policy.StreetContactPresenceCounts(a), models.HotspotQuery{From: fromAt, To: toAt})
	if err != nil {
		t.Fatal(err)
	}
	if want := w.cellsOf(t, counted); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s: the rollup counts %v but the contacts it may count make %v", an, got, want)
	}
	cells := make([]geo.Cell, len(got))
	for i, c := range got {
		cells[i] = geo.Cell{Zoom: geo.BaseZoom, X: uint32(c.X), Y: uint32(c.Y), Contacts: c.Contacts, People: c.People}
	}
	shown := map[[2]int]bool{}
	for _, c := range geo.Suppress(cells, geo.MinCellPeople) {
		if !c.Suppressed {
			shown[[2]int{int(c.X), int(c.Y)}] = true
		}
	}
	for _, cell := range hotspotCells {
		record(an, "hotspot_cell:"+cell.name, "shown", shown[[2]int{cell.tileX, cell.tileY}], nil)
	}
}

// cellsOf counts contacts per base tile by hand, for the rollup check.
func (w *world) cellsOf(t *testing.T, ids []int64) []models.CellCount {
	type key struct{ x, y int }
	counts := map[key]*models.CellCount{}
	seen := map[key]map[int64]bool{}
	for _, id := range ids {
		sc, err := w.s.StreetContact(ctx, everything, id)
		if err != nil {
			t.Fatal(err)
		}
		k := key{sc.TileX, sc.TileY}
		if counts[k] == nil {
			counts[k], seen[k] = &models.CellCount{X: k.x, Y: k.y}, map[int64]bool{}
		}
		counts[k].Contacts++
		if sc.PersonID == nil {
			counts[k].People++
		} else if !seen[k][*sc.PersonID] {
			seen[k][*sc.PersonID] = true
			counts[k].People++
		}
	}
	out := []models.CellCount{}
	for _, c := range counts {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Y != out[j].Y {
			return out[i].Y < out[j].Y
		}
		return out[i].X < out[j].X
	})
	return out
}
