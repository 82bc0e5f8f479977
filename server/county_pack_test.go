package server

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// A county commissioner (a commissioning service
// covering several LAs) takes one pack over all of them: the county's
// totals, then each authority's sections, with the same suppression and
// no person's name; a one-LA commissioner's home offers no county pack.
func TestCountyCommissionerGetsACountyPack(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	b := modeltest.Build(t, w.store)
	svc := b.Service(b.Org("Elmshire County Council"), "County Commissioning", models.Commissioning, w.las[0], w.las[1])
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: "county@test.example", Name: "User county"}, mustHash(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, svc.ID, models.RoleCommissioner); err != nil {
		t.Fatal(err)
	}
	w.users["county"] = u

	home := w.web("county").get("/")
	if !strings.Contains(home.body, `href="/reports/pack?la=all"`) {
		t.Error("the county commissioner's home offers no county pack")
	}
	assertTruth(t, "/", home.body)
	if strings.Contains(w.web("commissioner").get("/").body, "la=all") {
		t.Error("a one-LA commissioner is offered a county pack")
	}

	r := w.api("county").get("/api/v1/reports/pack?la=all")
	if r.status != http.StatusOK || !strings.HasPrefix(r.body, "%PDF") {
		t.Fatalf("county pack: %d %.200s", r.status, r.body)
	}
	if dir := os.Getenv("GATEWAY_SCREENSHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, "county-pack.pdf"), []byte(r.body), 0o644)
	}
	text := pdfText(t, []byte(r.body))
	for _, want := range []string{"County pack", "Northmoor: hotspots", "Southvale: hotspots", "People seen rough sleeping", "counts below 5 suppressed"} {
		if !strings.Contains(text, want) {
			t.Errorf("the county pack lacks %q", want)
		}
	}
	for _, name := range w.peopleNames(t) {
		if strings.Contains(text, name) {
			t.Errorf("the county pack names %q", name)
		}
	}
	for _, m := range []string{marker, sexworkMarker} {
		if strings.Contains(text, m) {
			t.Errorf("the county pack holds the confidential marker %s", m)
		}
	}
	// Not for a worker; a single LA's pack still works as before.
	if r := w.api("hostel").get("/api/v1/reports/pack?la=all"); r.status != http.StatusForbidden {
		t.Errorf("a worker's county pack: %d", r.status)
	}
	if r := w.api("commissioner").get("/api/v1/reports/pack"); r.status != http.StatusOK {
		t.Errorf("the one-LA pack: %d", r.status)
	}
}
