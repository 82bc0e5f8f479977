package server

import (
	"bytes"
	"net/url"
	"os"
	"os/exec"
	"sort"
	"strings"
	"sync"
	"testing"
)

// leakQueries are tried on every parameterless GET route: searches and
// look-ups that would find the refuge person if anything leaked, filters,
// pages and export formats. None contains the marker, so any marker in an
// answer came from the data.
var leakQueries = []string{
	"",
	"?q=Refuge&type=refuge&boundaries=1&object_type=person",
	"?q=Hidden&dob=1985-03-14&type=sex_work_support",
	"?q=Maria+Mixed&page=2",
	"?q=Sasha&format=csv",
	"?name=Qorvexinn+Refuge&dob=1985-03-14&reason=leak+test&format=pdf",
	"?name=Maria+Mixed&dob=1979-01-02&reason=leak+test",
}

// idsFor lists the fixture ids a route's :id is tried with: every record
// of the kind the route names, visible or not.
func (w *world) idsFor(path string) []int64 {
	p := strings.TrimPrefix(strings.TrimPrefix(path, "/api/v1"), "/admin")
	var table string
	switch {
	case strings.HasPrefix(p, "/people/"):
		table = "people"
	case strings.HasPrefix(p, "/involvements/"):
		table = "involvements"
	case strings.HasPrefix(p, "/cases/"):
		table = "cases"
	case strings.HasPrefix(p, "/organisations/"):
		table = "organisations"
	case strings.HasPrefix(p, "/services/"):
		table = "services"
	case strings.HasPrefix(p, "/local-authorities/"):
		table = "local_authorities"
	case strings.HasPrefix(p, "/users/"):
		table = "users"
	case strings.HasPrefix(p, "/memberships/"):
		table = "memberships"
	case strings.HasPrefix(p, "/referrals/"):
		table = "referrals"
	case strings.HasPrefix(p, "/placements/"):
		table = "placements"
	case strings.HasPrefix(p, "/vacancies/"):
		table = "vacancies"
	case strings.HasPrefix(p, "/adjustments/"):
		table = "priority_adjustments"
	case strings.HasPrefix(p, "/street-contacts/"):
		table = "street_contacts"
	default:
		w.t.Fatalf("the leak test does not know which ids to try on %s; add its table to idsFor", path)
	}
	return w.telling(table, path)
}

// leakIDsPerRoute bounds how many records each id route is tried with.
const leakIDsPerRoute = 6

// telling picks the records most likely to show a leak: those of the
// confidential services and of the people they know come first, then the
// others by id, up to leakIDsPerRoute. (Every record is still checked by
// the sweep and the access matrix; this keeps the test quick under -race.)
func (w *world) telling(table, path string) []int64 {
	secret := []int64{w.people["refuge_only"].ID, w.people["mixed"].ID, w.people["sexwork_only"].ID}
	conf := []int64{w.svcs["refuge"].ID, w.svcs["sexwork"].ID}
	list := func(ids []int64) string {
		parts := make([]string, len(ids))
		for i, id := range ids {
			parts[i] = itoa(id)
		}
		return "(" + strings.Join(parts, ",") + ")"
	}
	m := w.store.Gorm().Migrator()
	var first string
	switch {
	case table == "people":
		first = "id IN " + list(secret)
	case table == "services":
		first = "confidential"
	case table == "users":
		first = "id IN (SELECT user_id FROM memberships WHERE service_id IN " + list(conf) + ")"
	case table == "memberships":
		first = "service_id IN " + list(conf)
	case m.HasColumn(table, "person_id") && m.HasColumn(table, "confidential"):
		first = "confidential OR person_id IN " + list(secret)
	case m.HasColumn(table, "person_id"):
		first = "person_id IN " + list(secret)
	case m.HasColumn(table, "service_id"):
		first = "service_id IN " + list(conf)
	default:
		first = "1 = 0"
	}
	var ids []int64
	q := w.store.Gorm().Table(table).Order("CASE WHEN " + first + " THEN 0 ELSE 1 END, id")
	if table == "services" && (strings.HasSuffix(path, "/vacancies") || strings.HasSuffix(path, "/rules")) {
		// A service's placement profile holds no person: only a
		// confidential service's address could leak from it.
		q = q.Where("confidential = ? OR id = ?", true, w.svcs["hostel"].ID)
	}
	if err := q.Limit(leakIDsPerRoute).Pluck("id", &ids).Error; err != nil {
		w.t.Fatal(err)
	}
	return ids
}

// TestRefugeMarkerReachesNoOneElse plants a marker in a refuge person's
// names, aliases and notes (and another in the refuge's address), fetches
// every page, API answer and export as every other role, and checks the
// marker appears in none of them, nor anywhere in the server's log.
func TestRefugeMarkerReachesNoOneElse(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	// The refuge's own worker uses its records first, so the log holds
	// their requests too: no log line may carry the marker even then.
	refuge := w.web("refuge")
	for _, p := range []string{"/people?q=" + marker, "/people/" + itoa(w.people["refuge_only"].ID), "/admin/services/" + itoa(w.svcs["refuge"].ID)} {
		if r := refuge.get(p); !strings.Contains(r.body, marker) && !strings.Contains(r.body, addressMarker) {
			t.Fatalf("the refuge should see its own records at %s (the test would prove nothing otherwise)", p)
		}
	}
	routes := w.srv.Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path < routes[j].Path })
	fetched := 0
	// Each confidential service's marker must reach no one outside it.
	forbidden := map[string][]string{}
	for _, role := range roles {
		if role != "refuge" {
			forbidden[role] = append(forbidden[role], marker)
		}
		if role != "sexwork" {
			forbidden[role] = append(forbidden[role], sexworkMarker)
		}
	}
	var mu sync.Mutex
	t.Run("roles", func(t *testing.T) {
		for _, role := range roles {
			t.Run(role, func(t *testing.T) {
				t.Parallel()
				for _, c := range []*client{w.web(role), w.api(role)} {
					for _, rt := range routes {
						if rt.Method != "GET" || (c.token != "") != strings.HasPrefix(rt.Path, "/api/") {
							continue
						}
						var paths []string
						if ps, ok := w.fillCaseworkParams(rt.Path); ok { // casework_sweep_test.go
							paths = ps
						} else if strings.Contains(rt.Path, ":id") {
							for _, id := range w.idsFor(rt.Path) {
								paths = append(paths, strings.Replace(rt.Path, ":id", itoa(id), 1))
							}
						} else if strings.Contains(rt.Path, ":reference") {
							for _, ref := range w.alertReferences() {
								paths = append(paths, strings.Replace(rt.Path, ":reference", ref, 1))
							}
						} else if !strings.Contains(rt.Path, ":") {
							for _, q := range leakQueries {
								paths = append(paths, rt.Path+q)
							}
						} else {
							t.Fatalf("the leak test cannot fill the parameters of %s", rt.Path)
						}
						for _, p := range paths {
							r := c.get(p)
							mu.Lock()
							fetched++
							mu.Unlock()
							text := strings.ToLower(textOf(t, r))
							for _, m := range forbidden[role] {
								if strings.Contains(text, strings.ToLower(m)) {
									t.Errorf("%s sees another service's confidential marker %s at GET %s", role, m, p)
								}
							}
							if role != "admin" && role != "refuge" && strings.Contains(text, strings.ToLower(addressMarker)) {
								t.Errorf("%s sees the refuge's address at GET %s", role, p)
							}
						}
					}
				}
			})
		}
	})
	t.Logf("%d answers scanned", fetched)
	// The one search that types the marker: the page shows what was
	// typed, so that echo is removed before looking for a leak.
	for _, role := range []string{"hostel", "admin", "sexwork"} {
		r := w.web(role).get("/people?q=Refuge" + marker)
		if strings.Contains(strings.ReplaceAll(r.body, "Refuge"+marker, ""), marker) {
			t.Errorf("%s: searching for the refuge person's family name shows them", role)
		}
	}
	logs := strings.ToLower(w.logs.String())
	for _, m := range []string{marker, sexworkMarker, addressMarker} {
		if strings.Contains(logs, strings.ToLower(m)) {
			t.Errorf("the server log contains %q", m)
		}
	}
}

// textOf is what a person would read in an answer: its headers and body,
// with PDFs turned into text.
func textOf(t *testing.T, r response) string {
	t.Helper()
	var hdr strings.Builder
	for k, vs := range r.header {
		hdr.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
	}
	body := r.body
	if strings.HasPrefix(r.header.Get("Content-Type"), "application/pdf") {
		body = pdfText(t, []byte(r.body))
	}
	if u, err := url.QueryUnescape(body); err == nil {
		body += "\n" + u
	}
	return hdr.String() + body
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils). Without it
// the test skips, unless GATEWAY_CI is set, when it fails.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("GATEWAY_CI") != "" {
			t.Fatal("pdftotext is needed to scan PDFs (apt-get install poppler-utils)")
		}
		t.Skip("pdftotext not installed; PDFs cannot be scanned")
	}
	cmd := exec.Command("pdftotext", "-q", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}
