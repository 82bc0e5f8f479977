package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/reports"
)

// addManager adds a manager of the fixture service svc, as key.
func (w *world) addManager(key, svc string) {
	t := w.t
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: key + "@test.example", Name: "Manager " + key}, mustHash(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, w.svcs[svc].ID, models.RoleManager); err != nil {
		t.Fatal(err)
	}
	w.users[key] = u
}

// namedFor is the named-list entry linking to link, if any.
func namedFor(sc serviceJSON, link string) (missing []string, ok bool) {
	for _, n := range sc.Named {
		if n.Link == link {
			return n.Missing, true
		}
	}
	return nil, false
}

// A manager's named list links to the record to fix it. An
// outreach contact imported seven months ago with no site type and no
// point is on the list; its link opens the contact for its own service
// (not only the last 90 days' pins), the contact is put right through the
// API, the audit trail keeps what it was, and the month's re-run no longer
// misses anything for it while the published score stays.
func TestOutreachPutsRightAnOldContactFromTheNamedList(t *testing.T) {
	w := newWorld(t)
	w.addManager("omanager", "outreach")
	seen := time.Now().AddDate(0, -7, 0)
	m := reports.MonthOf(seen.In(london))
	var id int64
	err := w.store.Gorm().Raw(`INSERT INTO street_contacts (person_id, description, service_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
		VALUES (NULL, 'older man, grey beard', ?, ?, ?, 0, 0, 131072, 131072, NULL, '', ?) RETURNING id`, w.svcs["outreach"].ID, false, seen, seen).Scan(&id).Error
	if err != nil {
		t.Fatal(err)
	}
	if err := w.store.RebuildStreetContactCells(ctx); err != nil {
		t.Fatal(err)
	}
	link := "/street-contacts/" + itoa(id)

	mgr := w.api("omanager")
	var before serviceJSON
	mgr.get(serviceURL(w.svcs["outreach"].ID, m)).decode(t, &before)
	if missing, ok := namedFor(before, link); !ok || strings.Join(missing, ",") != "Map point,Sleeping site type" {
		t.Fatalf("the named list links to the contact with its gaps: %+v", before.Named)
	}

	// The link opens for the service that recorded it, though months old.
	out := w.api("outreach")
	var pg contactPage
	r := out.get("/api/v1" + link)
	r.decode(t, &pg)
	if r.status != http.StatusOK || !pg.CanAmend || !pg.PointMissing {
		t.Fatalf("the old contact: %d %s", r.status, r.body)
	}
	if page := w.web("outreach").get(link); !strings.Contains(page.body, "Put this contact right") || !strings.Contains(page.body, `name="lat"`) {
		t.Errorf("the contact page offers the amend form")
	}

	// Bad input names its field; nothing is saved.
	for name, tc := range map[string]struct {
		body  map[string]any
		field string
	}{
		"an unknown site type":     {map[string]any{"site_type": "sofa"}, "site_type"},
		"nothing to change":        {map[string]any{"site_type": nil}, "site_type"},
		"a point outside the area": {map[string]any{"lat": 10.0, "lon": 10.0}, "lat"},
		"latitude alone":           {map[string]any{"lat": hotspotPoint[1]}, "lon"},
		"the time":                 {map[string]any{"seen_at": time.Now()}, "seen_at"},
	} {
		if r := out.json("PATCH", "/api/v1"+link, tc.body); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+tc.field+`"`) {
			t.Errorf("%s: want 422 naming %s, got %d %s", name, tc.field, r.status, r.body)
		}
	}
	// A recorded point stays where the worker put it.
	if r := out.json("PATCH", "/api/v1/street-contacts/"+itoa(w.ids["contact_rosa"]), map[string]any{"lat": hotspotPoint[1], "lon": hotspotPoint[0]}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"lat"`) {
		t.Errorf("moving a recorded point: %d %s", r.status, r.body)
	}
	// Only the recording service amends; others are refused as for any
	// outreach write.
	for _, role := range []string{"hostel", "commissioner", "admin", "partner"} {
		if r := w.api(role).json("PATCH", "/api/v1"+link, map[string]any{"site_type": "doorway"}); r.status != http.StatusForbidden {
			t.Errorf("%s amends the contact: %d", role, r.status)
		}
	}

	r = out.json("PATCH", "/api/v1"+link, map[string]any{"site_type": "doorway", "lat": hotspotPoint[1], "lon": hotspotPoint[0]})
	var sc models.StreetContact
	r.decode(t, &sc)
	if r.status != http.StatusOK || sc.SiteType != "doorway" || sc.LAID == nil || *sc.LAID != w.las[0].ID {
		t.Fatalf("amend: %d %s", r.status, r.body)
	}
	var ev models.AuditEvent
	if err := w.store.Gorm().Where("action = 'amend' AND object_type = 'street_contact' AND object_id = ?", id).First(&ev).Error; err != nil ||
		ev.Reason != "site type (missing) → doorway; point (missing) → set" {
		t.Errorf("the amendment is audited with what it was: %+v %v", ev, err)
	}

	var after serviceJSON
	mgr.get(serviceURL(w.svcs["outreach"].ID, m)).decode(t, &after)
	if _, ok := namedFor(after, link); ok {
		t.Errorf("the amended contact is still on the named list: %+v", after.Named)
	}
	if after.Published == nil || after.Now.Score <= after.Published.Score || after.Published.Score != before.Published.Score {
		t.Errorf("the re-run shows the fix beside the published score: published %+v, now %+v", after.Published, after.Now)
	}

	// The web form does the same, back to the contact's page.
	r = w.web("outreach").form(link+"/amend", url.Values{"site_type": {"park"}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != link {
		t.Errorf("web amend: %d %s", r.status, r.header.Get("Location"))
	}
	if r := w.web("outreach").form(link+"/amend", url.Values{"site_type": {"sofa"}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Nothing was saved") {
		t.Errorf("web amend with a bad site type: %d", r.status)
	}
}

// A move-on recorded as "Not known" counts as missing.
// The hostel learns where Oscar went and puts it right, even after its
// grace period with him has passed; the date stays, the audit trail keeps
// the old destination, and the re-run drops him from the named list.
func TestHostelPutsRightAMoveOnRecordedAsNotKnown(t *testing.T) {
	w := newWorld(t)
	id := w.ids["placement_hostel"]
	hostel := w.api("hostel")
	today := models.DateOf(time.Now().In(london)).String()
	if r := hostel.json("POST", "/api/v1/placements/"+itoa(id)+"/move-on", map[string]any{"date": today, "reason": "abandoned", "destination": "unknown"}); r.status != http.StatusOK {
		t.Fatalf("move-on: %d %s", r.status, r.body)
	}
	link := "/placements/" + itoa(id) + "/move-on/amend"
	if r := w.web("hostel").get(link); r.status != http.StatusOK {
		t.Fatalf("the amend form: %d", r.status)
	} else {
		assertTruth(t, link, r.body) // truth_test.go
	}
	mgr := w.api("manager")
	var before serviceJSON
	mgr.get(serviceURL(w.svcs["hostel"].ID, thisMonth())).decode(t, &before)
	if missing, ok := namedFor(before, link); !ok || strings.Join(missing, ",") != "Move-on destination" {
		t.Fatalf("the named list links to the amend form: %+v", before.Named)
	}

	// Past the grace period the placement is no longer the hostel's to
	// read, but its move-on is still its to put right.
	if err := w.store.Gorm().Exec("UPDATE involvements SET ended_at = ? WHERE person_id = ? AND service_id = ?",
		time.Now().AddDate(0, 0, -200), w.people["outreach_person"].ID, w.svcs["hostel"].ID).Error; err != nil {
		t.Fatal(err)
	}
	web := w.web("hostel")
	if r := web.get("/placements/" + itoa(id)); r.status != http.StatusNotFound {
		t.Errorf("the placement past the grace period: %d", r.status)
	}
	if r := web.get(link); r.status != http.StatusOK || !strings.Contains(r.body, "Put it right") || strings.Contains(r.body, "Record move-on") {
		t.Errorf("the amend form: %d", r.status)
	}

	for name, tc := range map[string]struct {
		body  map[string]any
		field string
	}{
		"an unknown destination": {map[string]any{"destination": "the moon"}, "destination"},
		"other, without a note":  {map[string]any{"reason": "other"}, "note"},
		"the date":               {map[string]any{"date": today}, "date"},
	} {
		if r := hostel.json("POST", "/api/v1"+link, tc.body); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"`+tc.field+`"`) {
			t.Errorf("%s: want 422 naming %s, got %d %s", name, tc.field, r.status, r.body)
		}
	}
	// Nobody else puts the hostel's placement right: the outreach service
	// that referred Oscar still reads it and is refused; the refuge and
	// the day centre never knew it; an open placement has no move-on yet.
	if r := w.api("outreach").json("POST", "/api/v1"+link, map[string]any{"destination": "hostel"}); r.status != http.StatusForbidden {
		t.Errorf("the referrer amends: %d %s", r.status, r.body)
	}
	for _, role := range []string{"refuge", "daycentre"} {
		if r := w.api(role).json("POST", "/api/v1"+link, map[string]any{"destination": "hostel"}); r.status != http.StatusNotFound {
			t.Errorf("%s amends: %d", role, r.status)
		}
	}
	if r := w.api("refuge").json("POST", "/api/v1/placements/"+itoa(w.ids["placement_refuge"])+"/move-on/amend", map[string]any{"destination": "hostel"}); r.status != http.StatusConflict {
		t.Errorf("amending an open placement: %d %s", r.status, r.body)
	}

	r := hostel.json("POST", "/api/v1"+link, map[string]any{"destination": "supported_housing"})
	var p models.Placement
	r.decode(t, &p)
	if r.status != http.StatusOK || p.MoveOnDestination != "supported_housing" || p.MoveOnReason != "abandoned" || p.MoveOnDate == nil || p.MoveOnDate.String() != today {
		t.Fatalf("amend: %d %s", r.status, r.body)
	}
	var ev models.AuditEvent
	if err := w.store.Gorm().Where("action = 'amend_move_on' AND object_id = ?", w.people["outreach_person"].ID).First(&ev).Error; err != nil ||
		ev.Reason != "placement "+itoa(id)+": destination unknown → supported_housing" {
		t.Errorf("the amendment is audited with what it was: %+v %v", ev, err)
	}
	var after serviceJSON
	mgr.get(serviceURL(w.svcs["hostel"].ID, thisMonth())).decode(t, &after)
	if _, ok := namedFor(after, link); ok || after.Now.Score <= before.Now.Score {
		t.Errorf("after the fix: score %.1f (was %.1f), named %+v", after.Now.Score, before.Now.Score, after.Named)
	}
}
