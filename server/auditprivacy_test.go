package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gateway/models"
)

// addRefugeManager gives the world a manager at the refuge, who reviews
// the refuge's own audit events and gets its managers' notifications.
func (w *world) addRefugeManager() {
	w.t.Helper()
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: "refugemanager@test.example", Name: "User refugemanager"}, mustHash(w.t))
	if err != nil {
		w.t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, w.svcs["refuge"].ID, models.RoleManager); err != nil {
		w.t.Fatal(err)
	}
	w.users["refugemanager"] = u
}

type auditView struct {
	Events []struct {
		models.AuditEvent
		Actor   string
		Service string
	}
	Pager Pager
}

func (c *client) auditLog(t *testing.T, query string) auditView {
	t.Helper()
	var v auditView
	r := c.get("/api/v1/audit?" + query)
	if r.status != http.StatusOK {
		t.Fatalf("audit log as %s: %d %s", c.role, r.status, r.body)
	}
	r.decode(t, &v)
	return v
}

// The refuge's own work (reading, writing notes on and referring its
// people, including Maria, whom the hostel also works with) is in no one's
// audit log but the refuge managers'.
func TestTheAreaAuditLogHoldsNoConfidentialServicesEvents(t *testing.T) {
	w := newWorld(t)
	w.addRefugeManager()
	refuge := w.api("refuge")
	maria, hidden := itoa(w.people["mixed"].ID), itoa(w.people["refuge_only"].ID)
	refuge.get("/api/v1/people/" + maria)
	refuge.get("/api/v1/people/" + hidden + "/notes")
	if r := refuge.json("POST", "/api/v1/people/"+maria+"/notes", map[string]any{"body": "Seen at the refuge today."}); r.status != http.StatusCreated {
		t.Fatalf("refuge note: %d %s", r.status, r.body)
	}
	w.api("hostel").get("/api/v1/people/" + maria)

	adminView := w.api("admin").auditLog(t, "")
	refugeID := w.svcs["refuge"].ID
	sawHostel := false
	for _, e := range adminView.Events {
		if e.ActingServiceID != nil && *e.ActingServiceID == refugeID || e.Service == "Safe House" || e.ConfidentialServiceID != nil {
			t.Errorf("the area admin sees a refuge event: %+v", e)
		}
		if e.ActingServiceID != nil && *e.ActingServiceID == w.svcs["hostel"].ID && e.Action == "read" {
			sawHostel = true
		}
	}
	if !sawHostel {
		t.Error("the hostel's read of Maria is in the area's log")
	}
	// Filtering for the refuge finds nothing, and the totals do not count it.
	if v := w.api("admin").auditLog(t, "service_id="+itoa(refugeID)); len(v.Events) != 0 || v.Pager.Total != 0 {
		t.Errorf("filtering by the refuge: %d events, total %d", len(v.Events), v.Pager.Total)
	}
	if v := w.api("admin").auditLog(t, "object_id="+maria); func() bool {
		for _, e := range v.Events {
			if e.Action == "add_note" {
				return true
			}
		}
		return false
	}() {
		t.Error("the refuge's note on Maria shows in the area's log")
	}
	// The refuge's managers see their service's events, and only theirs.
	mine := w.api("refugemanager").auditLog(t, "")
	note := false
	for _, e := range mine.Events {
		if e.ActingServiceID == nil || *e.ActingServiceID != refugeID {
			t.Errorf("the refuge manager sees another service's event: %+v", e)
		}
		note = note || e.Action == "add_note"
	}
	if !note {
		t.Error("the refuge manager sees the refuge's note event")
	}
	if r := refuge.get("/api/v1/audit"); r.status != http.StatusForbidden {
		t.Errorf("a refuge worker does not review the log: %d", r.status)
	}
	if r := w.web("refugemanager").get("/audit"); r.status != http.StatusOK || !strings.Contains(r.body, "Added a case note") {
		t.Errorf("the refuge manager's audit page: %d", r.status)
	}
}

// A read refused because only the refuge knows the person reads, in the
// area's log, exactly as a read of a missing id; the refuge's managers see
// what happened.
func TestAHiddenReadLooksMissingExceptToItsService(t *testing.T) {
	w := newWorld(t)
	w.addRefugeManager()
	hostel := w.api("hostel")
	hostel.get("/api/v1/people/" + itoa(w.people["refuge_only"].ID))
	hostel.get("/api/v1/people/987654321")
	hostel.get("/api/v1/people/" + itoa(w.people["daycentre_past"].ID) + "/notes") // no secret: the area knows Derek
	v := w.api("admin").auditLog(t, "outcome=denied&user_id="+itoa(w.users["hostel"].ID))
	reasons := map[int64]string{}
	for _, e := range v.Events {
		if e.ObjectID != nil {
			reasons[*e.ObjectID] = e.Reason
		}
	}
	if reasons[w.people["refuge_only"].ID] != "no such record" || reasons[987654321] != "no such record" {
		t.Errorf("hidden and missing read alike: %v", reasons)
	}
	if reasons[w.people["daycentre_past"].ID] != "hidden by access rules" {
		t.Errorf("a person the area knows may still be called hidden: %v", reasons)
	}
	mine := w.api("refugemanager").auditLog(t, "outcome=denied")
	found := false
	for _, e := range mine.Events {
		if e.ObjectID != nil && *e.ObjectID == w.people["refuge_only"].ID && e.Actor == "User hostel" && strings.Contains(e.Reason, "only your service") {
			found = true
		}
		if e.ObjectID != nil && *e.ObjectID == 987654321 {
			t.Error("the refuge does not see reads that are not about its people")
		}
	}
	if !found {
		t.Errorf("the refuge manager sees the refused read of their person: %+v", mine.Events)
	}
}

// A partner's or worker's look-up matching a person only the refuge knows
// tells the refuge's managers who looked, from which service, when and
// why; the area's log reads as a look-up that matched no one.
func TestALookUpOfAHiddenPersonIsToldToItsServiceOnly(t *testing.T) {
	w := newWorld(t)
	w.addRefugeManager()
	partner := w.api("partner")
	name := url.QueryEscape(marker + " Refuge" + marker)
	partner.get("/api/v1/partner/lookup?name=" + name + "&dob=1985-03-14&reason=Missing+person+enquiry")
	if r := w.api("hostel").get("/api/v1/people?q=" + url.QueryEscape(marker)); strings.Contains(r.body, marker) {
		t.Fatal("the search shows the hidden person")
	}
	var got struct {
		Notifications []notice
	}
	w.api("refugemanager").get("/api/v1/notifications").decode(t, &got)
	var partnerNotice, searchNotice *notice
	for i, n := range got.Notifications {
		if n.Kind != models.NoticeHiddenLookup {
			continue
		}
		if n.PersonID != w.people["refuge_only"].ID || !strings.Contains(n.Person, marker) {
			t.Errorf("the notice names the refuge's person to the refuge: %+v", n)
		}
		switch {
		case strings.Contains(n.Detail, "User partner of Police Partnership") && strings.Contains(n.Detail, "Missing person enquiry"):
			partnerNotice = &got.Notifications[i]
		case strings.Contains(n.Detail, "User hostel of Northmoor Hostel") && !strings.Contains(n.Detail, marker):
			searchNotice = &got.Notifications[i]
		}
	}
	if partnerNotice == nil || searchNotice == nil {
		t.Fatalf("the refuge's managers are told of both look-ups: %+v", got.Notifications)
	}
	// Not the refuge's workers, nor anyone else.
	for _, role := range []string{"refuge", "manager", "admin"} {
		var other struct{ Notifications []notice }
		w.api(role).get("/api/v1/notifications").decode(t, &other)
		for _, n := range other.Notifications {
			if n.Kind == models.NoticeHiddenLookup {
				t.Errorf("%s sees the look-up notice", role)
			}
		}
	}
	// The area's log: the partner's look-up reads as no match, and nothing
	// names the person.
	v := w.api("admin").auditLog(t, "action=partner_lookup")
	if len(v.Events) != 1 || v.Events[0].ObjectID != nil || !strings.Contains(v.Events[0].Reason, "no match") {
		t.Errorf("the area's log: %+v", v.Events)
	}
	if v := w.api("admin").auditLog(t, "object_id="+itoa(w.people["refuge_only"].ID)); len(v.Events) != 0 {
		t.Errorf("the area's log names the refuge's person: %+v", v.Events)
	}
	// The refuge manager's dashboard shows it.
	if r := w.web("refugemanager").get("/"); !strings.Contains(r.body, "looked up a person your service works with") {
		t.Error("the notice is on the refuge manager's dashboard")
	}
}
