package server

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"gateway/models"
)

// eventsOf lists the audit events of one fixture user for an action.
func eventsOf(t *testing.T, w *world, role, action, outcome string) []models.AuditEvent {
	t.Helper()
	evs, _, err := w.store.AuditLog(ctx, models.AuditFilter{ActorUserID: w.users[role].ID, Action: action, Outcome: outcome, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// refuseAuditWrites makes every audit write fail from now on, as a full
// disk or a lost database connection would.
func refuseAuditWrites(t *testing.T, w *world) {
	t.Helper()
	err := w.store.Gorm().Exec(`CREATE TRIGGER audit_refused_for_test BEFORE INSERT ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit refused for the test'); END;`).Error
	if err != nil {
		t.Fatal(err)
	}
}

// Rule 11: a refused read of a report, an export or an LA that is not the
// caller's is audited as denied, and counts towards the alert, whichever
// handler refused it.
func TestRefusedReadsAreAuditedAsDenied(t *testing.T) {
	w := newWorld(t)
	north, south := w.las[0].ID, w.las[1].ID
	hostelSvc, harriet := w.svcs["hostel"].ID, w.people["hostel_person"].ID
	for _, tc := range []struct {
		name, role, path string
		status           int
		action, object   string
		objectID         int64
	}{
		{"compliance for a role with none", "partner", "/api/v1/compliance", 403, "read_compliance", "report", 0},
		{"an LA report for a manager", "manager", "/api/v1/reports/compliance", 403, "export_compliance_report", "report", 0},
		{"the pack for a manager", "manager", "/api/v1/reports/pack?la=" + itoa(north), 403, "export_commissioner_pack", "report", 0},
		{"a named list for a commissioner", "commissioner", "/api/v1/services/" + itoa(hostelSvc) + "/compliance?format=csv", 403, "export_compliance_list", "service", hostelSvc},
		{"compliance of another LA", "commissioner", "/api/v1/compliance?la=" + itoa(south), 422, "read_compliance", "local_authority", south},
		{"an LA report of another LA", "commissioner", "/api/v1/reports/compliance?la=" + itoa(south), 422, "export_compliance_report", "local_authority", south},
		{"the pack of another LA", "commissioner", "/api/v1/reports/pack?la=" + itoa(south), 422, "export_commissioner_pack", "local_authority", south},
		{"hotspots of another LA", "commissioner", "/api/v1/hotspots?la_id=" + itoa(south), 422, "read_hotspots", "local_authority", south},
		{"flows of another LA", "commissioner", "/api/v1/reports/flows?la_id=" + itoa(south), 422, "read_flows", "local_authority", south},
		{"flows page of another LA", "commissioner", "/reports/flows?la_id=" + itoa(south), 422, "read_flows", "local_authority", south},
		{"the coarse check (allow)", "hostel", "/api/v1/hotspots", 403, "read report", "report", 0},
		{"review lists for a role without cases", "commissioner", "/api/v1/review", 403, "read_review", "case", 0},
		{"my record for a partner", "partner", "/api/v1/people/" + itoa(harriet) + "/my-record.pdf", 403, "export_my_record", "person", harriet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(eventsOf(t, w, tc.role, tc.action, models.Denied))
			c := w.api(tc.role)
			if !strings.HasPrefix(tc.path, "/api/") {
				c = w.web(tc.role)
			}
			r := c.get(tc.path)
			if r.status != tc.status {
				t.Fatalf("want %d, got %d %s", tc.status, r.status, r.body)
			}
			evs := eventsOf(t, w, tc.role, tc.action, models.Denied)
			if len(evs) != before+1 {
				t.Fatalf("want one denied %s event, got %d", tc.action, len(evs)-before)
			}
			ev := evs[0]
			if ev.ObjectType != tc.object || ev.Reason == "" {
				t.Errorf("the event names what was refused and why: %+v", ev)
			}
			if got := ev.ObjectID; (tc.objectID == 0) != (got == nil) || (got != nil && *got != tc.objectID) {
				t.Errorf("object id: want %d, got %v", tc.objectID, got)
			}
		})
	}
	// The refusals count towards the alert like hidden reads do.
	alerts, err := w.store.DeniedAlerts(ctx, time.Now().Add(-time.Hour), 3)
	if err != nil {
		t.Fatal(err)
	}
	raised := false
	for _, a := range alerts {
		raised = raised || a.UserID == w.users["commissioner"].ID
	}
	if !raised {
		t.Errorf("the commissioner's refused reports raise the alert: %+v", alerts)
	}
}

// A list of people (a search, the duplicate check, the review lists) is a
// read of each person in it: one event naming their ids, never their
// names. The edit form shows the contact details: a read of the person.
func TestListsOfPeopleAreAuditedWithTheIDsShown(t *testing.T) {
	w := newWorld(t)
	harriet := w.people["hostel_person"].ID
	hasIDs := func(t *testing.T, ev models.AuditEvent, ids ...int64) {
		t.Helper()
		for _, id := range ids {
			if !strings.Contains(ev.Reason+", ", " "+itoa(id)+",") {
				t.Errorf("the %s event names person %d: %q", ev.Action, id, ev.Reason)
			}
		}
		for _, p := range w.people {
			if strings.Contains(ev.Reason, p.GivenName) || strings.Contains(ev.Reason, p.FamilyName) {
				t.Errorf("the %s event names %s: %q", ev.Action, p.GivenName, ev.Reason)
			}
		}
	}
	hostel := w.api("hostel")
	if r := hostel.get("/api/v1/people?q=Harriet"); r.status != http.StatusOK || !strings.Contains(r.body, "Harriet") {
		t.Fatalf("search: %d", r.status)
	}
	evs := eventsOf(t, w, "hostel", "search", models.Allowed)
	if len(evs) != 1 || strings.Contains(evs[0].Reason, "Harriet") {
		t.Fatalf("one search event, without the search terms: %+v", evs)
	}
	hasIDs(t, evs[0], harriet)

	if r := hostel.get("/api/v1/people/duplicates?given_name=Hariet&family_name=Hostle&dob=1990-06-01"); r.status != http.StatusOK {
		t.Fatalf("duplicate check: %d", r.status)
	}
	evs = eventsOf(t, w, "hostel", "duplicate_check", models.Allowed)
	if len(evs) != 1 {
		t.Fatalf("one duplicate check event: %+v", evs)
	}
	hasIDs(t, evs[0], harriet)

	if r := w.web("hostel").get("/people/" + itoa(harriet) + "/edit"); r.status != http.StatusOK {
		t.Fatalf("edit form: %d", r.status)
	}
	evs = eventsOf(t, w, "hostel", "read", models.Allowed)
	if len(evs) != 1 || evs[0].ObjectID == nil || *evs[0].ObjectID != harriet || evs[0].Reason != "edit form" {
		t.Fatalf("the edit form is a read of the person: %+v", evs)
	}

	// Harriet's case goes quiet: the manager's review lists name her.
	w.store.Gorm().Exec("UPDATE cases SET last_activity_at = ? WHERE id = ?", models.Now().AddDate(0, 0, -20), w.ids["case_hostel_person_hostel"])
	if r := w.api("manager").get("/api/v1/review"); r.status != http.StatusOK || !strings.Contains(r.body, "Harriet") {
		t.Fatalf("review lists: %d %s", r.status, r.body)
	}
	if r := w.web("manager").get("/"); r.status != http.StatusOK || !strings.Contains(r.body, "Harriet") {
		t.Fatalf("dashboard: %d", r.status)
	}
	evs = eventsOf(t, w, "manager", "read_review", models.Allowed)
	if len(evs) != 2 {
		t.Fatalf("the API and the dashboard are each audited: %+v", evs)
	}
	for _, ev := range evs {
		hasIDs(t, ev, harriet)
	}
}

// A list whose audit event cannot be written is not shown, like a person.
func TestListsOfPeopleFailClosedWithoutTheirAudit(t *testing.T) {
	w := newWorld(t)
	harriet := w.people["hostel_person"].ID
	w.store.Gorm().Exec("UPDATE cases SET last_activity_at = ? WHERE id = ?", models.Now().AddDate(0, 0, -20), w.ids["case_hostel_person_hostel"])
	hostel, web, manager, partner := w.api("hostel"), w.web("hostel"), w.api("manager"), w.api("partner")
	refuseAuditWrites(t, w)
	for name, get := range map[string]func() response{
		"search":          func() response { return hostel.get("/api/v1/people?q=Harriet") },
		"search page":     func() response { return web.get("/people?q=Harriet") },
		"duplicate check": func() response { return hostel.get("/api/v1/people/duplicates?given_name=Harriet&family_name=Hostel") },
		"edit form":       func() response { return web.get("/people/" + itoa(harriet) + "/edit") },
		"review lists":    func() response { return manager.get("/api/v1/review") },
		"partner no match": func() response {
			return partner.get("/api/v1/partner/lookup?name=Nobody+Known&dob=1985-03-14&reason=Welfare+check")
		},
	} {
		r := get()
		if r.status != http.StatusInternalServerError || strings.Contains(r.body, "Harriet") {
			t.Errorf("%s without its audit: %d %s", name, r.status, r.body)
		}
	}
	r := w.web("hostel").do("POST", "/people", "given_name=Hariet&family_name=Hostle&dob=1990-06-01&_form=t1", "application/x-www-form-urlencoded")
	if r.status != http.StatusInternalServerError || strings.Contains(r.body, "Harriet") {
		t.Errorf("the likely matches without their audit: %d", r.status)
	}
}

// Rule 11 and 12: a partner's look-up that matches only a person known to
// a refuge answers exactly as no match does, and is audited as a denied
// read of that person, for the refuge's managers alone; in the area's log
// it reads as no match (it used to be a denied read naming the
// person, which told the area admin that someone exists).
func TestPartnerLookUpOfAHiddenPersonIsAuditedAsDenied(t *testing.T) {
	w := newWorld(t)
	partner := w.api("partner")
	hidden := partner.get("/api/v1/partner/lookup?name=" + marker + "+Refuge" + marker + "&dob=1985-03-14&reason=Welfare+check")
	nobody := partner.get("/api/v1/partner/lookup?name=Nobody+Known&dob=1985-03-14&reason=Welfare+check")
	if diff := sameAnswer(nobody, hidden); diff != "" || hidden.status != http.StatusOK {
		t.Fatalf("a hidden match answers like no match: %s (%d %s)", diff, hidden.status, hidden.body)
	}
	denied := eventsOf(t, w, "partner", "partner_lookup", models.Denied)
	if len(denied) != 1 || denied[0].ObjectID == nil || *denied[0].ObjectID != w.people["refuge_only"].ID ||
		denied[0].ConfidentialServiceID == nil || *denied[0].ConfidentialServiceID != w.svcs["refuge"].ID ||
		!strings.Contains(denied[0].Reason, "Welfare check") {
		t.Fatalf("the hidden match is a denied read naming the person, for the refuge: %+v", denied)
	}
	allowed := eventsOf(t, w, "partner", "partner_lookup", models.Allowed)
	if len(allowed) != 2 || allowed[0].ObjectID != nil || allowed[0].Reason != allowed[1].Reason || !strings.Contains(allowed[0].Reason, "no match") {
		t.Fatalf("both look-ups read as no match in the area's log: %+v", allowed)
	}
	// A match the partner may see is an allowed read, and nothing is denied.
	if r := partner.get("/api/v1/partner/lookup?name=Maria+Mixed&dob=1979-01-02&reason=Welfare+check"); !strings.Contains(r.body, "Maria") {
		t.Fatalf("visible match: %d %s", r.status, r.body)
	}
	if n := len(eventsOf(t, w, "partner", "partner_lookup", models.Denied)); n != 1 {
		t.Errorf("a visible match is not denied: %d denied events", n)
	}
}

// An area admin under break glass reads the notes but may not write one:
// the note and amendment forms are not offered.
func TestNoteFormsOnlyForThoseWhoMayWriteNotes(t *testing.T) {
	w := newWorld(t)
	harriet := itoa(w.people["hostel_person"].ID)
	if body := w.web("hostel").get("/people/" + harriet).body; !strings.Contains(body, "Add note") || !strings.Contains(body, "Add amendment") {
		t.Fatal("the hostel may write notes on Harriet")
	}
	admin := w.web("admin")
	if r := admin.form("/people/"+harriet+"/break-glass", urlValues("reason", "Safeguarding review requested by the board")); r.status != http.StatusSeeOther {
		t.Fatalf("break glass: %d %s", r.status, r.body)
	}
	body := admin.get("/people/" + harriet).body
	if !strings.Contains(body, "Settled well at the hostel.") {
		t.Fatal("the admin reads the notes under break glass")
	}
	if strings.Contains(body, "Add note") || strings.Contains(body, "Add amendment") || strings.Contains(body, `action="/people/`+harriet+`/notes"`) {
		t.Error("the admin is offered a note form they may not use")
	}
}

// TestEveryRefusedGetIsAuditedAsDenied walks every GET route as every
// role (with an id that names nothing): each 403, and each 404 for a
// record about a person, writes a denied audit event, so that no refusal
// escapes the alert for repeated denials (rule 11). Missing services,
// organisations, LAs and users are configuration, not reads of a person.
func TestEveryRefusedGetIsAuditedAsDenied(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	personal := []string{"/people", "/cases", "/referrals", "/placements", "/street-contacts", "/adjustments", "/vacancies/:id/candidates"}
	refusals := 0
	for _, role := range roles {
		web, api := w.web(role), w.api(role)
		for _, rt := range w.srv.Routes() {
			if rt.Method != "GET" || strings.Contains(strings.ReplaceAll(rt.Path, ":id", ""), ":") || strings.Contains(rt.Path, "*") {
				continue
			}
			c := web
			if strings.HasPrefix(rt.Path, "/api/") {
				c = api
			}
			_, before, _ := w.store.AuditLog(ctx, models.AuditFilter{ActorUserID: w.users[role].ID, Outcome: models.Denied})
			r := probe(c, "GET", rt.Path, missingID)
			_, after, _ := w.store.AuditLog(ctx, models.AuditFilter{ActorUserID: w.users[role].ID, Outcome: models.Denied})
			about := false
			for _, p := range personal {
				about = about || strings.HasPrefix(strings.TrimPrefix(rt.Path, "/api/v1"), p)
			}
			if r.status == http.StatusForbidden || (r.status == http.StatusNotFound && about) {
				refusals++
				if after == before {
					t.Errorf("GET %s as %s: %d without a denied audit event", rt.Path, role, r.status)
				}
			}
		}
	}
	t.Logf("%d refusals", refusals)
	if refusals < 100 {
		t.Errorf("only %d refusals; the walk should meet more", refusals)
	}
}
