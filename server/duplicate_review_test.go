package server

import (
	"net/http"
	"strings"
	"testing"

	"gateway/models"
	"gateway/server/app"
)

// pairsOf reads the review list through the API.
func pairsOf(t *testing.T, c *client, status string) []pairView {
	t.Helper()
	r := c.get("/api/v1/duplicate-pairs?status=" + status)
	if r.status != http.StatusOK {
		t.Fatalf("%s reads the review list: %d %s", c.role, r.status, r.body)
	}
	var pg reviewPage
	r.decode(t, &pg)
	return pg.Pairs
}

// The nightly review finds people recorded twice; area admins decide the
// pairs they may see, a refuge's managers the pairs with their own people,
// and a person hidden by a refuge is never shown to anyone else.
func TestTheDuplicateReviewFindsPairsAndShowsEachOnlyToWhoMaySeeBoth(t *testing.T) {
	w := newWorld(t)
	// Outreach records Harriet again on a busy night, under a slip of her
	// name; the hostel records the refuge's client (whom it cannot see).
	for role, in := range map[string]map[string]any{
		"outreach": {"given_name": "Hariet", "family_name": "Hostle", "dob": "1990-06-01", "confirm_new": true},
		"hostel":   {"given_name": marker, "family_name": "Refuge" + marker, "dob": "1985-03-14", "confirm_new": true},
	} {
		if r := w.api(role).json("POST", "/api/v1/people", in); r.status != http.StatusCreated {
			t.Fatalf("%s records someone: %d %s", role, r.status, r.body)
		}
	}
	run, err := app.ReviewDuplicates(ctx, w.store, w.pol, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if run.PairsFound < 2 || run.PeopleChecked < int64(len(w.people)) {
		t.Fatalf("the first run checks everyone: %+v", run)
	}
	admin := w.api("admin")
	pairs := pairsOf(t, admin, "open")
	var harriet *pairView
	for i, p := range pairs {
		if p.A.ID == w.people["hostel_person"].ID || p.B.ID == w.people["hostel_person"].ID {
			harriet = &pairs[i]
		}
	}
	if harriet == nil || harriet.Strength != "strong" || len(harriet.Reasons) == 0 {
		t.Fatalf("area admins see Harriet's pair with its reasons: %+v", pairs)
	}
	// The refuge's person is no one else's business: not in the area
	// admin's list, nor the hostel manager's (who may not review at all).
	if r := admin.get("/api/v1/duplicate-pairs"); strings.Contains(r.body, marker) {
		t.Errorf("the area admin's list shows the refuge's person")
	}
	if r := w.api("manager").get("/api/v1/duplicate-pairs"); r.status != http.StatusForbidden {
		t.Errorf("a hostel manager has no review list: %d", r.status)
	}
	// The refuge's manager sees the pair with their own person, and decides it.
	refugeManager(t, w)
	rm := w.api("refugemanager")
	mine := pairsOf(t, rm, "open")
	if len(mine) != 1 || !strings.Contains(mine[0].A.GivenName+mine[0].B.GivenName, marker) {
		t.Fatalf("the refuge's manager sees the pair with its client: %+v", mine)
	}
	if r := rm.json("POST", "/api/v1/duplicate-pairs/"+itoa(mine[0].ID)+"/not-same", map[string]any{"note": "different women"}); r.status != http.StatusOK {
		t.Fatalf("not the same: %d %s", r.status, r.body)
	}
	if len(pairsOf(t, rm, "open")) != 0 || len(pairsOf(t, rm, "not_same")) != 1 {
		t.Errorf("a decided pair leaves the open list")
	}
	// A refused or hidden pair answers like a missing one, and is audited.
	if r := admin.json("POST", "/api/v1/duplicate-pairs/"+itoa(mine[0].ID)+"/not-same", map[string]any{}); r.status != http.StatusNotFound {
		t.Errorf("the admin deciding the refuge's pair: %d", r.status)
	}
	// The next run remembers: nothing new, the decided pair is not offered again.
	again, err := app.ReviewDuplicates(ctx, w.store, w.pol, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if again.PairsFound != 0 || len(pairsOf(t, rm, "open")) != 0 {
		t.Errorf("a second run offers a decided pair again: %+v", again)
	}
	// Merging from the list keeps the chosen record and decides the pair.
	r := admin.json("POST", "/api/v1/duplicate-pairs/"+itoa(harriet.ID)+"/merge", map[string]any{"keep": w.people["hostel_person"].ID, "reason": "same date of birth, name misheard"})
	if r.status != http.StatusOK {
		t.Fatalf("merge from the list: %d %s", r.status, r.body)
	}
	if merged := pairsOf(t, admin, "merged"); len(merged) != 0 {
		// The merged-away record is no longer a person: the pair shows no more.
		t.Errorf("a merged pair's record is gone from view: %+v", merged)
	}
	if r := admin.json("POST", "/api/v1/duplicate-pairs/"+itoa(harriet.ID)+"/merge", map[string]any{"keep": 99999, "reason": "same date of birth, name misheard"}); r.status != http.StatusNotFound && r.status != http.StatusUnprocessableEntity {
		t.Errorf("keep must be one of the pair: %d", r.status)
	}
	// The web page renders for the area admin.
	page := w.web("admin").get("/duplicates/review?status=not_same")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Duplicate review") {
		t.Errorf("the review page: %d", page.status)
	}
	if bad := w.web("admin").get("/duplicates/review?status=maybe"); bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "choose open, merged or not the same person") {
		t.Errorf("a bad status filter is named: %d", bad.status)
	}
}

// refugeManager adds a manager to the refuge, as "refugemanager".
func refugeManager(t *testing.T, w *world) {
	t.Helper()
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: "refugemanager@test.example", Name: "Refuge manager"}, mustHash(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, w.svcs["refuge"].ID, models.RoleManager); err != nil {
		t.Fatal(err)
	}
	w.users["refugemanager"] = u
}

// An area admin splits a mistaken merge: both records come back, each
// with its own history, and the split is refused a second time.
func TestAMistakenMergeIsSplitByAnAreaAdmin(t *testing.T) {
	w := newWorld(t)
	outreach := w.api("outreach")
	r := outreach.json("POST", "/api/v1/people", map[string]any{"given_name": "Hattie", "family_name": "Hostel", "dob": "1990-06-02", "confirm_new": true})
	if r.status != http.StatusCreated {
		t.Fatal(r.status, r.body)
	}
	var other models.Person
	r.decode(t, &other)
	outreach.json("POST", "/api/v1/people/"+itoa(other.ID)+"/notes", map[string]any{"body": "Met at the station."})
	admin := w.api("admin")
	keep := w.people["hostel_person"].ID
	r = admin.json("POST", "/api/v1/people/"+itoa(keep)+"/merge", map[string]any{"merge_id": other.ID, "reason": "looked like the same woman"})
	if r.status != http.StatusOK {
		t.Fatalf("merge: %d %s", r.status, r.body)
	}
	var m models.PersonMerge
	r.decode(t, &m)
	if got := outreach.get("/api/v1/people/" + itoa(other.ID)); got.status != http.StatusMovedPermanently {
		t.Fatalf("the merged record leads to the survivor: %d", got.status)
	}
	// Bad input is named and changes nothing.
	if r := admin.json("POST", "/api/v1/merges/"+itoa(m.ID)+"/split", map[string]any{"reason": "no"}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"reason"`) {
		t.Errorf("a split needs a reason: %d %s", r.status, r.body)
	}
	if r := w.api("hostel").json("POST", "/api/v1/merges/"+itoa(m.ID)+"/split", map[string]any{"reason": "two different women"}); r.status != http.StatusForbidden {
		t.Errorf("only area admins split: %d", r.status)
	}
	r = admin.json("POST", "/api/v1/merges/"+itoa(m.ID)+"/split", map[string]any{"reason": "two different women, checked with both"})
	if r.status != http.StatusOK {
		t.Fatalf("split: %d %s", r.status, r.body)
	}
	got := outreach.get("/api/v1/people/" + itoa(other.ID))
	if got.status != http.StatusOK || !strings.Contains(got.body, "Hattie") {
		t.Fatalf("the split record is a person again: %d %s", got.status, got.body)
	}
	if notes := outreach.get("/api/v1/people/" + itoa(other.ID) + "/notes"); !strings.Contains(notes.body, "Met at the station.") {
		t.Errorf("its note came back with it: %s", notes.body)
	}
	if notes := w.api("hostel").get("/api/v1/people/" + itoa(keep) + "/notes"); strings.Contains(notes.body, "Met at the station.") {
		t.Errorf("the survivor kept the other's note")
	}
	if r := admin.json("POST", "/api/v1/merges/"+itoa(m.ID)+"/split", map[string]any{"reason": "two different women, again"}); r.status != http.StatusConflict {
		t.Errorf("a merge splits once: %d %s", r.status, r.body)
	}
	// The merges page offers nothing more to split, and says it was split.
	page := w.web("admin").get("/admin/merges")
	if !strings.Contains(page.body, "Split ") || strings.Contains(page.body, "Split this merge") {
		t.Errorf("the merges page shows the split: %s", page.body)
	}
	// Merging into a merged record is refused, naming where it went.
	admin.json("POST", "/api/v1/people/"+itoa(keep)+"/merge", map[string]any{"merge_id": other.ID, "reason": "the same after all, checked"})
	third, err := w.store.CreatePerson(ctx, w.author("hostel"), models.PersonInput{GivenName: "Harriet", FamilyName: "Hostell"})
	if err != nil {
		t.Fatal(err)
	}
	r = admin.json("POST", "/api/v1/people/"+itoa(third.ID)+"/merge", map[string]any{"merge_id": other.ID, "reason": "the same person again"})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "already merged into person "+itoa(keep)) {
		t.Errorf("merging a merged record: %d %s", r.status, r.body)
	}
}
