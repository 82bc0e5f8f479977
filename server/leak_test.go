package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"sort"
	"strconv"
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
	table := tableOfRoute(path)
	if table == "" {
		w.t.Fatalf("the leak test does not know which ids to try on %s; add its table to tableOfRoute", path)
	}
	return w.telling(table, path)
}

// tableOfRoute names the table whose rows a route's :id names.
func tableOfRoute(path string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(path, "/api/v1"), "/admin")
	for _, r := range []struct{ prefix, table string }{
		{"/people/", "people"},
		{"/involvements/", "involvements"},
		{"/cases/", "cases"},
		{"/organisations/", "organisations"},
		{"/services/", "services"},
		{"/local-authorities/", "local_authorities"},
		{"/users/", "users"},
		{"/memberships/", "memberships"},
		{"/referrals/", "referrals"},
		{"/placements/", "placements"},
		{"/vacancies/", "vacancies"},
		{"/adjustments/", "priority_adjustments"},
		{"/street-contacts/", "street_contacts"},
	} {
		if strings.HasPrefix(p, r.prefix) {
			return r.table
		}
	}
	return ""
}

// leakIDsPerRoute bounds how many records each id route is tried with.
const leakIDsPerRoute = 6

// telling picks the records most likely to show a leak: those of the
// confidential services and of the people they know come first, then the
// others by id, up to leakIDsPerRoute. (Every record is still checked by
// the sweep and the access matrix; this keeps the test quick under -race.)
func (w *world) telling(table, path string) []int64 {
	first := w.tellingCond(table)
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

// tellingCond is the SQL condition on table's rows that are the most
// telling: the people known only to or also to a confidential service
// (refuge only, sex-work only, mixed), the confidential services, their
// users and memberships, and the records of those people or services.
func (w *world) tellingCond(table string) string {
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
	switch {
	case table == "people":
		return "id IN " + list(secret)
	case table == "services":
		return "confidential"
	case table == "users":
		return "id IN (SELECT user_id FROM memberships WHERE service_id IN " + list(conf) + ")"
	case table == "memberships":
		return "service_id IN " + list(conf)
	case m.HasColumn(table, "person_id") && m.HasColumn(table, "confidential"):
		return "confidential OR person_id IN " + list(secret)
	case m.HasColumn(table, "person_id"):
		return "person_id IN " + list(secret)
	case m.HasColumn(table, "service_id"):
		return "service_id IN " + list(conf)
	}
	return "1 = 0"
}

// TestRefugeMarkerReachesNoOneElse plants a marker in a refuge person's
// names, aliases and notes (and another in the refuge's address, and a
// distinctive point), fetches every page, API answer and export as every
// other role, and checks the marker appears in none of them, nor anywhere
// in the server's log; nor the address or point outside the refuge and
// the area admins.
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
	// A partner's look-up and a worker's search that match the
	// refuge's person leave events and notifications for the refuge alone;
	// none may reach anyone else (nor the search terms the log).
	w.api("partner").get("/api/v1/partner/lookup?name=" + marker + "+Refuge" + marker + "&dob=1985-03-14&reason=leak+test")
	w.api("hostel").get("/api/v1/people?q=" + marker)
	if r := w.api("admin").get("/api/v1/services/" + itoa(w.svcs["refuge"].ID)); seesRefugePoint(r.body) == "" {
		t.Fatalf("area admins should see the refuge's point (the test would prove nothing otherwise): %d %s", r.status, r.body)
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
	// Commissioners see aggregates only: no person's name anywhere (rule 9).
	names := w.peopleNames(t)
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
						} else if strings.Contains(rt.Path, ":slug") { // single sign-on, no person data
							paths = append(paths, strings.Replace(rt.Path, ":slug", "no-such-provider", 1))
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
							shown := textOf(t, r)
							text := strings.ToLower(shown)
							for _, m := range forbidden[role] {
								if strings.Contains(text, strings.ToLower(m)) {
									t.Errorf("%s sees another service's confidential marker %s at GET %s", role, m, p)
								}
							}
							if role != "admin" && role != "refuge" && strings.Contains(text, strings.ToLower(addressMarker)) {
								t.Errorf("%s sees the refuge's address at GET %s", role, p)
							}
							if m := seesRefugePoint(text); m != "" && role != "admin" && role != "refuge" {
								t.Errorf("%s sees the refuge's point (%s) at GET %s", role, m, p)
							}
							if role == "commissioner" {
								// A search box shows what was typed: that
								// echo is not a leak (the same route is
								// also fetched with no query).
								for _, vs := range queryOf(p) {
									for _, v := range vs {
										shown = strings.ReplaceAll(shown, v, "")
									}
								}
								for _, n := range names {
									if strings.Contains(shown, n) {
										t.Errorf("the commissioner sees the name %q at GET %s", n, p)
									}
								}
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
	// The outputs that leave by file rather than by route: the
	// directory (both ways of handling confidential services, JSON and
	// tabular), every LA's statistical extract, and a consented transfer
	// of a person also known to the refuge, as the hostel sends it.
	for _, out := range w.fileOutputs(t) {
		text := strings.ToLower(out.text)
		for _, m := range []string{marker, sexworkMarker, addressMarker} {
			if strings.Contains(text, strings.ToLower(m)) {
				t.Errorf("%s holds the confidential marker %s", out.name, m)
			}
		}
		if m := seesRefugePoint(text); m != "" {
			t.Errorf("%s holds the refuge's point (%s)", out.name, m)
		}
	}
	// Each log line's time is left out of the scan for the point: a line
	// written at 00:42:52.6937… would read as the refuge's latitude.
	logs := logTimes.ReplaceAllString(strings.ToLower(w.logs.String()), `"time":""`)
	for _, m := range []string{marker, sexworkMarker, addressMarker} {
		if strings.Contains(logs, strings.ToLower(m)) {
			t.Errorf("the server log contains %q", m)
		}
	}
	if m := seesRefugePoint(logs); m != "" {
		t.Errorf("the server log contains the refuge's point (%s)", m)
	}
}

// textOf is what a person would read in an answer: its headers and body,
// with PDFs turned into text. A PDF that cannot be read fails (or, without
// pdftotext outside CI, skips) that one answer only: the caller's scan of
// every other answer goes on.
func textOf(t *testing.T, r response) string {
	t.Helper()
	var hdr strings.Builder
	for k, vs := range r.header {
		hdr.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
	}
	body := r.body
	if strings.HasPrefix(r.header.Get("Content-Type"), "application/pdf") {
		text, err := readPDF([]byte(r.body))
		switch {
		case errors.Is(err, exec.ErrNotFound) && os.Getenv("GATEWAY_CI") == "":
			t.Logf("a PDF was not scanned: pdftotext is not installed (apt-get install poppler-utils)")
		case err != nil:
			t.Errorf("a PDF could not be scanned: %v", err)
		default:
			body = text
		}
	}
	if u, err := url.QueryUnescape(body); err == nil {
		body += "\n" + u
	}
	return hdr.String() + body
}

// queryOf is the query of a path, what a caller typed.
func queryOf(path string) url.Values {
	u, err := url.Parse(path)
	if err != nil {
		return nil
	}
	q := u.Query()
	delete(q, "")
	for k, vs := range q {
		q[k] = slices.DeleteFunc(vs, func(v string) bool { return v == "" })
	}
	return q
}

// logTimes matches the time field of a JSON log line.
var logTimes = regexp.MustCompile(`"time":"[^"]*"`)

// refugePointMarkers are the ways the refuge's point could be written in
// an answer: as JSON and Go write a float, and rounded to 4 to 7 decimals
// (to 4, about 10 metres, still finds the house). Fewer decimals would
// match other places in the fixture's area.
func refugePointMarkers() []string {
	var out []string
	for _, v := range []float64{refugeLat, refugeLon} {
		out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		for prec := 4; prec <= 7; prec++ {
			out = append(out, strconv.FormatFloat(v, 'f', prec, 64))
		}
	}
	return out
}

// seesRefugePoint names the rendering of the refuge's point in text, if any.
func seesRefugePoint(text string) string {
	for _, m := range refugePointMarkers() {
		if strings.Contains(text, m) {
			return m
		}
	}
	return ""
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils), for a
// test about that one PDF. Without pdftotext the test skips, unless
// GATEWAY_CI is set, when it fails.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	text, err := readPDF(pdf)
	switch {
	case errors.Is(err, exec.ErrNotFound) && os.Getenv("GATEWAY_CI") == "":
		t.Skip("pdftotext not installed; PDFs cannot be scanned")
	case errors.Is(err, exec.ErrNotFound):
		t.Fatal("pdftotext is needed to scan PDFs (apt-get install poppler-utils)")
	case err != nil:
		t.Fatal(err)
	}
	return text
}

// readPDF is a PDF's text by pdftotext; exec.ErrNotFound without it.
func readPDF(pdf []byte) (string, error) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return "", err
	}
	cmd := exec.Command("pdftotext", "-q", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pdftotext: %w", err)
	}
	return string(out), nil
}
