package server

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"gateway/models"
)

// peopleNames are the given names of the fixture's people: no
// commissioner output may hold one (DESIGN.md §3 rule 9).
var peopleNames = []string{"Harriet", "Maria", "Derek", "Sasha", marker}

// confidentialServices are the names of the fixture's confidential
// services, which commissioners' outputs leave out entirely.
var confidentialServices = []string{"Safe House", "Night Van"}

// scanCompliance fetches paths as role and checks each answer; it returns
// everything role was shown.
func scanCompliance(t *testing.T, world *world, role string, paths []string) string {
	web, api := world.web(role), world.api(role)
	var all strings.Builder
	for _, p := range paths {
		c := web
		if strings.HasPrefix(p, "/api/") {
			c = api
		}
		r := c.get(p)
		if r.status == http.StatusInternalServerError {
			t.Fatalf("%s GET %s: 500 %s", role, p, r.body)
		}
		text := textOf(t, r)
		all.WriteString(text)
		lower := strings.ToLower(text)
		if role != "refuge" && role != "refugemanager" && strings.Contains(lower, strings.ToLower(marker)) {
			t.Errorf("%s sees the refuge marker at %s", role, p)
		}
		if role != "sexwork" && strings.Contains(lower, strings.ToLower(sexworkMarker)) {
			t.Errorf("%s sees the sex-work marker at %s", role, p)
		}
		if role != "admin" && role != "refuge" && role != "refugemanager" && strings.Contains(lower, strings.ToLower(addressMarker)) {
			t.Errorf("%s sees the refuge's address at %s", role, p)
		}
		if role == "commissioner" || role == "admin" {
			for _, n := range peopleNames {
				if strings.Contains(text, n) {
					t.Errorf("%s sees the name %q at %s", role, n, p)
				}
			}
		}
		if role == "commissioner" {
			for _, n := range confidentialServices {
				if strings.Contains(text, n) {
					t.Errorf("the commissioner sees the confidential service %q at %s", n, p)
				}
			}
		}
	}
	return all.String()
}

// TestComplianceOutputsLeakNothing fetches every compliance output (the
// pages and API answers, every PDF and CSV, for the open month and a
// closed one, for each LA and for none) as every role, and a refuge
// manager besides. No one outside a confidential service finds its
// marker; no commissioner output holds a person's name or a confidential
// service; and the people who should see names do (so the scan is real).
func TestComplianceOutputsLeakNothing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: "refugemanager@test.example", Name: "Refuge manager"}, mustHash(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, w.svcs["refuge"].ID, models.RoleManager); err != nil {
		t.Fatal(err)
	}
	w.users["refugemanager"] = u
	// A second instance whose clock is in the next month, so this month
	// is closed and published there.
	m := thisMonth()
	later := laterWorld(t, w, m.Next().Start(london).Add(30*time.Hour))

	var paths []string
	for _, month := range []string{m.String(), m.Prev().String()} {
		for _, la := range []string{"", w.las[0].Code, w.las[1].Code} {
			q := "?month=" + month + "&la=" + la
			paths = append(paths, "/compliance"+q, "/api/v1/compliance"+q,
				"/api/v1/reports/compliance"+q+"&format=pdf", "/api/v1/reports/compliance"+q+"&format=csv",
				"/reports/compliance"+q+"&format=csv", "/api/v1/reports/pack"+q)
		}
		for _, sv := range w.svcs {
			for _, f := range []string{"", "&format=pdf", "&format=csv"} {
				paths = append(paths, "/services/"+itoa(sv.ID)+"/compliance?month="+month+f,
					"/api/v1/services/"+itoa(sv.ID)+"/compliance?month="+month+f)
			}
		}
	}
	var mu sync.Mutex
	seen := map[string]string{} // role → everything it was shown
	scanned := 0
	// Roles with no compliance access get the same refusals whatever the
	// month or clock, so they are scanned once; the others everywhere.
	open := paths[:len(paths)/2]
	t.Run("roles", func(t *testing.T) {
		for i, world := range []*world{w, later} {
			for _, role := range append(roles, "refugemanager") {
				ps := paths
				if audienceOf(world.actor(role)) == audienceNone {
					if i > 0 {
						continue
					}
					ps = open
				}
				t.Run(role+"/"+[]string{"open", "closed"}[i], func(t *testing.T) {
					t.Parallel()
					text := scanCompliance(t, world, role, ps)
					mu.Lock()
					seen[role] += text
					scanned += len(ps)
					mu.Unlock()
				})
			}
		}
	})
	t.Logf("%d answers scanned", scanned)
	// The scan would prove nothing if the outputs were empty.
	for role, want := range map[string]string{"manager": "Harriet Hostel", "refugemanager": marker, "commissioner": "Northmoor Hostel", "admin": "Safe House"} {
		if !strings.Contains(seen[role], want) {
			t.Errorf("%s was never shown %q", role, want)
		}
	}
	logs := strings.ToLower(w.logs.String())
	for _, n := range append(peopleNames, addressMarker, sexworkMarker) {
		if strings.Contains(logs, strings.ToLower(n)) {
			t.Errorf("the server log contains %q", n)
		}
	}
}
