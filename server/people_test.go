package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gateway/models"
)

func TestCreatingAPersonOpensAnInvolvementForTheCreatorsService(t *testing.T) {
	w := newWorld(t)
	c := w.api("outreach")
	r := c.json("POST", "/api/v1/people", map[string]any{"given_name": "Olu", "family_name": "Okafor", "dob": "1988-02-03",
		"aliases": []map[string]string{{"given_name": "Ollie", "family_name": "Okafor"}}})
	if r.status != http.StatusCreated {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	var p models.Person
	r.decode(t, &p)
	var page personPage
	c.get("/api/v1/people/"+itoa(p.ID)).decode(t, &page)
	var source string
	w.store.Gorm().Table("involvements").Where("person_id = ?", p.ID).Select("source").Scan(&source)
	if len(page.Person.KnownTo) != 1 || page.Person.KnownTo[0].ServiceID != w.svcs["outreach"].ID || source != models.SourceCreated {
		t.Fatalf("known to the creator's service: %+v (%s)", page.Person.KnownTo, source)
	}
	if !page.FullRecord || !page.CanEdit {
		t.Errorf("the creator's service reads and edits the full record")
	}
}

func TestSearchFindsTyposNicknamesAliasesAndDatesOfBirthButShowsIdentityOnly(t *testing.T) {
	w := newWorld(t)
	w.person("william", "hostel", models.PersonInput{GivenName: "William", FamilyName: "Thompson", DOB: models.Date{Year: 1980, Month: 5, Day: 17},
		Phone: "07700 900123", Aliases: []models.Alias{{GivenName: "Billy", FamilyName: "Tomson"}}})
	c := w.api("daycentre") // not involved with William
	for _, q := range []string{"william thompson", "wiliam tompson", "bill thompson", "thompson", "billy tomson", "THOMPSON william"} {
		var pg searchPage
		c.get("/api/v1/people?q="+url.QueryEscape(q)).decode(t, &pg)
		if len(pg.Results) == 0 || pg.Results[0].ID != w.people["william"].ID {
			t.Errorf("%q should find William first: %+v", q, pg.Results)
		}
	}
	var byDOB searchPage
	c.get("/api/v1/people?dob=1980-05-17").decode(t, &byDOB)
	if len(byDOB.Results) != 1 || byDOB.Results[0].ID != w.people["william"].ID {
		t.Errorf("date of birth search: %+v", byDOB.Results)
	}
	// Why services opened and closed their work is case information.
	if r := w.api("outreach").json("POST", "/api/v1/people/"+itoa(w.people["william"].ID)+"/involvements", map[string]any{"reason": "evicted by landlord, ref 4471"}); r.status != http.StatusCreated {
		t.Fatalf("working with: %d %s", r.status, r.body)
	}
	var mine personPage
	w.api("hostel").get("/api/v1/people/"+itoa(w.people["william"].ID)).decode(t, &mine)
	for _, k := range mine.Person.KnownTo {
		if k.ServiceID == w.svcs["hostel"].ID {
			w.api("hostel").json("POST", "/api/v1/involvements/"+itoa(k.InvolvementID)+"/close", map[string]any{"reason": "went to prison, ref 9913"})
		}
	}
	r := c.get("/api/v1/people?q=thompson")
	if strings.Contains(r.body, "07700 900123") {
		t.Errorf("search shows identity only, never contact details: %s", r.body)
	}
	one := c.get("/api/v1/people/" + itoa(w.people["william"].ID))
	for _, body := range []string{r.body, one.body} {
		if !strings.Contains(body, `"known_to"`) || strings.Contains(body, "4471") || strings.Contains(body, "9913") {
			t.Errorf("identity says who knows the person, never why they opened or closed their work: %s", body)
		}
	}
	if r := c.get("/api/v1/people?dob=80-5-17"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "dob") {
		t.Errorf("a bad date names dob: %d %s", r.status, r.body)
	}
	if r := c.get("/api/v1/people"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("an empty API search asks for q or dob: %d", r.status)
	}
}

// Rule 4: a person whose only involvements are confidential does not exist
// for anyone else; rule 12: the answer is the same as for a missing id.
func TestRefugeOnlyPeopleDoNotExistForOthers(t *testing.T) {
	w := newWorld(t)
	id := itoa(w.people["refuge_only"].ID)
	for _, role := range []string{"hostel", "manager", "outreach", "daycentre", "sexwork", "admin", "commissioner", "partner", "orgadmin"} {
		for _, c := range []*client{w.web(role), w.api(role)} {
			hidden := c.get(peoplePath(c, id))
			missing := c.get(peoplePath(c, "987654321"))
			if hidden.status != http.StatusNotFound || hidden.body != missing.body {
				t.Errorf("%s: the refuge person should look missing: %d", role, hidden.status)
			}
		}
		var pg searchPage
		w.api(role).get("/api/v1/people?q="+marker).decode(t, &pg)
		if len(pg.Results) != 0 {
			t.Errorf("%s: search must omit the refuge person", role)
		}
	}
	var pg searchPage
	w.api("refuge").get("/api/v1/people?q="+marker).decode(t, &pg)
	if len(pg.Results) != 1 {
		t.Fatalf("the refuge finds its own person: %+v", pg)
	}
}

func peoplePath(c *client, id string) string {
	if c.token != "" {
		return "/api/v1/people/" + id
	}
	return "/people/" + id
}

// Rules 3 and 4: notes are read by involved services only, and a
// confidential service's notes by that service only.
func TestCaseNotesFollowInvolvementAndConfidentiality(t *testing.T) {
	w := newWorld(t)
	mixed := itoa(w.people["mixed"].ID)
	var hostelView notesPage
	r := w.api("hostel").get("/api/v1/people/" + mixed + "/notes")
	r.decode(t, &hostelView)
	if len(hostelView.Notes) != 1 || strings.Contains(r.body, marker) {
		t.Fatalf("the hostel sees its own note only: %s", r.body)
	}
	var refugeView notesPage
	w.api("refuge").get("/api/v1/people/"+mixed+"/notes").decode(t, &refugeView)
	if len(refugeView.Notes) != 2 {
		t.Fatalf("the refuge (involved) sees both notes: %d", len(refugeView.Notes))
	}
	// The mixed person's page shows the hostel, never the refuge.
	page := w.web("hostel").get("/people/" + mixed)
	if strings.Contains(page.body, "Safe House") || strings.Contains(page.body, marker) {
		t.Error("the refuge's involvement and notes appear nowhere on the hostel's view")
	}
	for _, role := range []string{"outreach", "daycentre", "partner", "commissioner", "admin"} {
		if r := w.api(role).get("/api/v1/people/" + mixed + "/notes"); r.status != http.StatusNotFound {
			t.Errorf("%s is not involved: notes should 404, got %d", role, r.status)
		}
		if r := w.api(role).json("POST", "/api/v1/people/"+mixed+"/notes", map[string]any{"body": "x"}); r.status != http.StatusNotFound && r.status != http.StatusForbidden {
			t.Errorf("%s cannot add notes: %d", role, r.status)
		}
	}
}

func TestNotesAreAmendedByAppending(t *testing.T) {
	w := newWorld(t)
	c := w.api("hostel")
	id := itoa(w.people["hostel_person"].ID)
	orig := w.ids["note_hostel_person_hostel"]
	r := c.json("POST", "/api/v1/people/"+id+"/notes", map[string]any{"body": "Correction: settled in room 4.", "amends_id": orig})
	if r.status != http.StatusCreated {
		t.Fatalf("amend: %d %s", r.status, r.body)
	}
	var pg notesPage
	c.get("/api/v1/people/"+id+"/notes").decode(t, &pg)
	if len(pg.Notes) != 2 || pg.Notes[0].AmendsID == nil || *pg.Notes[0].AmendsID != orig || pg.Notes[1].Body != "Settled well at the hostel." {
		t.Fatalf("the original stays and the amendment points at it: %+v", pg.Notes)
	}
	// A note of another person, or one the author cannot read, cannot be amended.
	refugeNote := w.ids["note_mixed_refuge"]
	r = w.api("hostel").json("POST", "/api/v1/people/"+itoa(w.people["mixed"].ID)+"/notes", map[string]any{"body": "x", "amends_id": refugeNote})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "amends_id") {
		t.Fatalf("amending an unreadable note names amends_id: %d %s", r.status, r.body)
	}
	if r := c.json("POST", "/api/v1/people/"+id+"/notes", map[string]any{"body": "   "}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "body") {
		t.Errorf("an empty note names body: %d", r.status)
	}
}

func TestWorkingWithTellsOtherOpenServices(t *testing.T) {
	w := newWorld(t)
	id := itoa(w.people["hostel_person"].ID)
	r := w.api("outreach").json("POST", "/api/v1/people/"+id+"/involvements", map[string]any{"reason": "met on the street"})
	if r.status != http.StatusCreated {
		t.Fatalf("working with: %d %s", r.status, r.body)
	}
	var ns struct{ Notifications []notice }
	w.api("hostel").get("/api/v1/notifications").decode(t, &ns)
	if len(ns.Notifications) != 1 || ns.Notifications[0].Kind != models.NoticeOpenElsewhere || !strings.Contains(ns.Notifications[0].Text, "Northmoor Outreach") {
		t.Fatalf("the hostel is told: %+v", ns.Notifications)
	}
	// A refuge opening work tells nobody: that alone would reveal it.
	if r := w.api("refuge").json("POST", "/api/v1/people/"+id+"/involvements", map[string]any{"reason": "self-referred"}); r.status != http.StatusCreated {
		t.Fatalf("refuge working with: %d", r.status)
	}
	w.api("hostel").get("/api/v1/notifications").decode(t, &ns)
	if len(ns.Notifications) != 1 {
		t.Fatalf("no notice of the refuge: %+v", ns.Notifications)
	}
	if r := w.api("outreach").json("POST", "/api/v1/people/"+id+"/involvements", map[string]any{"reason": "again"}); r.status != http.StatusOK {
		t.Errorf("already working with answers 200: %d", r.status)
	}
	if r := w.api("outreach").json("POST", "/api/v1/people/"+id+"/involvements", map[string]any{}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a reason is required: %d", r.status)
	}
}

func TestOnlyTheServiceItselfClosesItsInvolvement(t *testing.T) {
	w := newWorld(t)
	inv := itoa(w.ids["inv_mixed_hostel"])
	if r := w.api("outreach").json("POST", "/api/v1/involvements/"+inv+"/close", map[string]any{"reason": "x"}); r.status != http.StatusForbidden {
		t.Errorf("another service's involvement, which outreach sees in the known-to list, is theirs to close: %d", r.status)
	}
	if r := w.api("hostel").json("POST", "/api/v1/involvements/"+inv+"/close", map[string]any{}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a reason is required: %d", r.status)
	}
	if r := w.api("hostel").json("POST", "/api/v1/involvements/"+inv+"/close", map[string]any{"reason": "moved on to supported housing"}); r.status != http.StatusOK {
		t.Fatalf("close: %d", r.status)
	}
	if r := w.api("hostel").json("POST", "/api/v1/involvements/"+inv+"/close", map[string]any{"reason": "again"}); r.status != http.StatusConflict || !strings.Contains(r.body, "already closed") {
		t.Errorf("closing twice says it is already closed: %d %s", r.status, r.body)
	}
	// Within the grace period the hostel still reads the record.
	if r := w.api("hostel").get("/api/v1/people/" + itoa(w.people["mixed"].ID) + "/notes"); r.status != http.StatusOK {
		t.Errorf("within the grace period notes stay readable: %d", r.status)
	}
	// After it, identity only.
	if r := w.api("daycentre").get("/api/v1/people/" + itoa(w.people["daycentre_past"].ID) + "/notes"); r.status != http.StatusNotFound {
		t.Errorf("past the grace period notes are closed: %d", r.status)
	}
}

// Rule 8: partners look up by full name and DOB with a reason and see a
// summary card only.
func TestPartnerLookUp(t *testing.T) {
	w := newWorld(t)
	p := w.api("partner")
	r := p.get("/api/v1/partner/lookup?name=Maria+Mixed&dob=1979-01-02")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "reason") {
		t.Fatalf("a reason is required: %d %s", r.status, r.body)
	}
	if r := p.get("/api/v1/partner/lookup?name=Maria&dob=1979-01-02&reason=hospital+discharge"); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "name") {
		t.Errorf("a full name is required: %d", r.status)
	}
	r = p.get("/api/v1/partner/lookup?name=maria+mixed&dob=1979-01-02&reason=hospital+discharge")
	var lp lookupPage
	r.decode(t, &lp)
	if len(lp.Cards) != 1 {
		t.Fatalf("one card: %s", r.body)
	}
	card := lp.Cards[0]
	if len(card.WorkingWith) != 1 || card.WorkingWith[0].Service != "Northmoor Hostel" || card.WorkingWith[0].Phone == "" {
		t.Errorf("the card lists the hostel with its phone, never the refuge: %+v", card.WorkingWith)
	}
	for _, leak := range []string{marker, "Safe House", "Hostel note", "notes", "address"} {
		if strings.Contains(r.body, leak) {
			t.Errorf("the card must not contain %q", leak)
		}
	}
	if r := p.get("/api/v1/partner/lookup?name=" + marker + "+Refuge" + marker + "&dob=1985-03-14&reason=welfare+check"); strings.Contains(r.body, marker) || strings.Contains(r.body, `"id"`) || r.status != http.StatusOK {
		t.Errorf("a refuge-only person is never found: %s", r.body)
	}
	if r := p.get("/api/v1/partner/lookup?name=maria+mixed&dob=1979-01-03&reason=hospital"); strings.Contains(r.body, `"id"`) {
		t.Errorf("the date of birth must match exactly: %s", r.body)
	}
	for _, path := range []string{"/api/v1/people?q=maria", "/api/v1/people/" + itoa(w.people["mixed"].ID)} {
		if r := p.get(path); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Errorf("partners cannot browse %s: %d", path, r.status)
		}
	}
	var audit auditPage
	w.api("admin").get("/api/v1/audit?action=partner_lookup").decode(t, &audit)
	found := false
	for _, e := range audit.Events {
		found = found || (e.ObjectID != nil && *e.ObjectID == w.people["mixed"].ID && e.Reason == "hospital discharge")
	}
	if !found {
		t.Error("the look-up is audited with its reason")
	}
}

// Rule 3's exception: an area admin opens a record through an audited
// break-glass action; the involved services' managers are told.
func TestBreakGlass(t *testing.T) {
	w := newWorld(t)
	admin := w.api("admin")
	id := itoa(w.people["mixed"].ID)
	var before personPage
	admin.get("/api/v1/people/"+id).decode(t, &before)
	if before.FullRecord {
		t.Fatal("an area admin sees identity only at first")
	}
	if r := admin.json("POST", "/api/v1/people/"+id+"/break-glass", map[string]any{"reason": "short"}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a real reason is required: %d", r.status)
	}
	if r := admin.json("POST", "/api/v1/people/"+id+"/break-glass", map[string]any{"reason": "police welfare concern, ref 1234"}); r.status != http.StatusCreated {
		t.Fatalf("break glass: %d %s", r.status, r.body)
	}
	var notes notesPage
	r := admin.get("/api/v1/people/" + id + "/notes")
	r.decode(t, &notes)
	if len(notes.Notes) != 1 || strings.Contains(r.body, marker) {
		t.Fatalf("break glass opens the non-confidential record only: %s", r.body)
	}
	var mgr, wkr struct{ Notifications []notice }
	w.api("manager").get("/api/v1/notifications").decode(t, &mgr)
	w.api("hostel").get("/api/v1/notifications").decode(t, &wkr)
	if len(mgr.Notifications) != 1 || !strings.Contains(mgr.Notifications[0].Detail, "police welfare concern") {
		t.Errorf("the hostel's manager is told, with the reason: %+v", mgr.Notifications)
	}
	if len(wkr.Notifications) != 0 {
		t.Errorf("workers are not shown break-glass notices: %+v", wkr.Notifications)
	}
	if r := admin.json("POST", "/api/v1/people/"+itoa(w.people["refuge_only"].ID)+"/break-glass", map[string]any{"reason": "trying to see a refuge record"}); r.status != http.StatusNotFound {
		t.Errorf("break glass cannot reach a refuge-only person: %d", r.status)
	}
	if r := w.api("hostel").json("POST", "/api/v1/people/"+id+"/break-glass", map[string]any{"reason": "curious about this person"}); r.status != http.StatusForbidden {
		t.Errorf("only area admins break glass: %d", r.status)
	}
}

// Rule 11: reads are audited, refused or hidden reads are audited as denied,
// and three denied reads in 24 hours raise an alert.
func TestReadsAreAuditedAndRepeatedDenialsRaiseAnAlert(t *testing.T) {
	w := newWorld(t)
	hostel := w.api("hostel")
	hostel.get("/api/v1/people/" + itoa(w.people["hostel_person"].ID))
	hostel.get("/api/v1/people/" + itoa(w.people["hostel_person"].ID) + "/notes")
	var log auditPage
	w.api("admin").get("/api/v1/audit?user_id="+itoa(w.users["hostel"].ID)).decode(t, &log)
	actions := map[string]bool{}
	for _, e := range log.Events {
		actions[e.Action+"/"+e.Outcome] = true
	}
	if !actions["read/allowed"] || !actions["read_notes/allowed"] {
		t.Fatalf("person and notes reads are audited: %v", actions)
	}
	var alerts struct{ Alerts []deniedAlert }
	w.api("admin").get("/api/v1/audit/alerts").decode(t, &alerts)
	if len(alerts.Alerts) != 0 {
		t.Fatalf("no alerts yet: %+v", alerts)
	}
	hostel.get("/api/v1/people/" + itoa(w.people["refuge_only"].ID))
	hostel.get("/api/v1/people/" + itoa(w.people["sexwork_only"].ID))
	hostel.get("/api/v1/people/999999")
	w.api("admin").get("/api/v1/audit/alerts").decode(t, &alerts)
	if len(alerts.Alerts) != 1 || alerts.Alerts[0].UserID != w.users["hostel"].ID || alerts.Alerts[0].Count != 3 {
		t.Fatalf("three denied reads raise an alert: %+v", alerts)
	}
	w.api("admin").get("/api/v1/audit?outcome=denied&user_id="+itoa(w.users["hostel"].ID)).decode(t, &log)
	reasons := map[string]int{}
	for _, e := range log.Events {
		reasons[e.Reason]++
	}
	// These two people exist only for a refuge and a sex-work
	// service, so the area admin cannot tell them from a missing id (it
	// used to read "hidden by access rules"); their services can
	// (auditprivacy_test.go).
	if reasons["hidden by access rules"] != 0 || reasons["no such record"] != 3 {
		t.Errorf("the reviewer cannot tell a confidential service's person from a missing one: %v", reasons)
	}
	if page := w.web("admin").get("/"); !strings.Contains(page.body, "User hostel") || !strings.Contains(page.body, "alert-row") {
		t.Error("the alert shows on the area admin's dashboard")
	}
	if r := hostel.get("/api/v1/audit"); r.status != http.StatusForbidden {
		t.Errorf("only area admins read the audit log: %d", r.status)
	}
}

func TestEditingIdentityDetectsConcurrentChanges(t *testing.T) {
	w := newWorld(t)
	c := w.api("hostel")
	id := itoa(w.people["hostel_person"].ID)
	r := c.json("PATCH", "/api/v1/people/"+id, map[string]any{"phone": "07700 900555", "version": 1})
	if r.status != http.StatusOK {
		t.Fatalf("patch: %d %s", r.status, r.body)
	}
	var p models.Person
	r.decode(t, &p)
	if p.Phone != "07700 900555" || p.GivenName != "Harriet" || p.Version != 2 {
		t.Fatalf("PATCH keeps fields not sent: %+v", p)
	}
	if r := c.json("PATCH", "/api/v1/people/"+id, map[string]any{"phone": "1", "version": 1}); r.status != http.StatusConflict || !strings.Contains(r.body, "version") {
		t.Fatalf("a stale version is a conflict naming version: %d %s", r.status, r.body)
	}
	if r := w.api("outreach").json("PATCH", "/api/v1/people/"+id, map[string]any{"phone": "1"}); r.status != http.StatusNotFound {
		t.Errorf("a service not involved cannot edit: %d", r.status)
	}
}
