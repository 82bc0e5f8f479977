package server

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"gateway/models"
)

// peopleNames are the names of every person in the world and every alias,
// read from the database so a person added to the fixture is covered: no
// commissioner output may hold one (docs/ACCESS.md rule 9). Given names
// stand alone ("Harriet"); family names only beside a given name
// ("Harriet Hostel", "Hostel, Harriet"), because the fixture's family
// names are words its services are named with.
func (w *world) peopleNames(t *testing.T) []string {
	t.Helper()
	var rows []struct{ GivenName, FamilyName string }
	err := w.store.Gorm().Raw("SELECT given_name, family_name FROM people UNION SELECT given_name, family_name FROM person_aliases").Scan(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var out []string
	add := func(n string) {
		if n = strings.TrimSpace(n); len(n) >= 3 && n != "," && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for _, r := range rows {
		add(r.GivenName)
		add(r.GivenName + " " + r.FamilyName)
		add(r.FamilyName + ", " + r.GivenName)
	}
	sort.Strings(out)
	if len(rows) < 8 {
		t.Fatalf("the world has only %d names; the check would prove little", len(rows))
	}
	return out
}

// confidentialServices are the names of the fixture's confidential
// services, which commissioners' outputs leave out entirely.
var confidentialServices = []string{"Safe House", "Night Van"}

// scanCompliance fetches paths as role and checks each answer; it returns
// everything role was shown.
func scanCompliance(t *testing.T, world *world, role string, paths, names []string) string {
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
		if m := seesRefugePoint(text); m != "" && role != "admin" && role != "refuge" && role != "refugemanager" {
			t.Errorf("%s sees the refuge's point (%s) at %s", role, m, p)
		}
		if role == "commissioner" || role == "admin" {
			for _, n := range names {
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
	names := w.peopleNames(t)
	// A second instance whose clock is in the next month, so this month
	// is closed and published there.
	m := thisMonth()
	later := laterWorld(t, w, m.Next().Start(london).Add(30*time.Hour))

	var paths []string
	for _, month := range []string{m.String(), m.Prev().String()} {
		for _, la := range []string{"", w.las[0].Code, w.las[1].Code, "all"} { // all: the county pack
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
					text := scanCompliance(t, world, role, ps, names)
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
	for _, n := range append(names, addressMarker, sexworkMarker) {
		if strings.Contains(logs, strings.ToLower(n)) {
			t.Errorf("the server log contains %q", n)
		}
	}
}
