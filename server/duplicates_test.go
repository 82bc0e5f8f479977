package server

import (
	"net/http"
	"strings"
	"testing"
)

// Recording a person through the API checks for duplicates as the web
// form does: a look-alike answers 409 with the ranked likely matches the
// caller may see (never a hidden person), and confirm_new records them.
func TestCreatingThroughTheAPIWarnsOfLikelyDuplicates(t *testing.T) {
	w := newWorld(t)
	c := w.api("outreach")
	lookalike := map[string]any{"given_name": "Hariet", "family_name": "Hostle", "dob": "1990-06-01"}
	r := c.json("POST", "/api/v1/people", lookalike)
	if r.status != http.StatusConflict {
		t.Fatalf("a look-alike answers 409: %d %s", r.status, r.body)
	}
	var conflict duplicatesConflict
	r.decode(t, &conflict)
	if len(conflict.Matches) != 1 || conflict.Matches[0].ID != w.people["hostel_person"].ID || conflict.Matches[0].GivenName != "Harriet" ||
		len(conflict.Matches[0].Reasons) == 0 || conflict.Fields["confirm_new"] == "" {
		t.Fatalf("the answer lists the likely match with reasons and names confirm_new: %s", r.body)
	}
	if strings.Contains(r.body, "immigration_status") || strings.Contains(r.body, `"email"`) {
		t.Errorf("the matches are identity only: %s", r.body)
	}
	if n := countPeople(t, w); n != len(w.people) {
		t.Fatalf("nothing is created before the caller decides: %d people", n)
	}
	// Bad input is named first, not hidden behind the likely matches.
	bad := map[string]any{"given_name": "Hariet", "family_name": "Hostle", "dob": "2999-01-01"}
	if r := c.json("POST", "/api/v1/people", bad); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"dob"`) {
		t.Errorf("bad input is 422 before the duplicate check: %d %s", r.status, r.body)
	}
	lookalike["confirm_new"] = true
	if r := c.json("POST", "/api/v1/people", lookalike); r.status != http.StatusCreated {
		t.Fatalf("confirm_new records a new person: %d %s", r.status, r.body)
	}
	if n := countPeople(t, w); n != len(w.people)+1 {
		t.Fatalf("one person created: %d", n)
	}
	// The refuge-only person is no one's likely match outside the refuge:
	// recording someone just like them goes straight through.
	hidden := map[string]any{"given_name": marker, "family_name": "Refuge" + marker, "dob": "1985-03-14"}
	if r := w.api("hostel").json("POST", "/api/v1/people", hidden); r.status != http.StatusCreated {
		t.Errorf("a hidden person is never a likely match: %d %s", r.status, r.body)
	}
	// confirm_new belongs to creating only.
	if r := w.api("hostel").json("PATCH", "/api/v1/people/"+itoa(w.people["hostel_person"].ID), map[string]any{"confirm_new": true}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "confirm_new") {
		t.Errorf("confirm_new on an edit: %d %s", r.status, r.body)
	}
}
