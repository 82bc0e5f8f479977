package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"golang.org/x/net/html"
)

// Every page tells the truth. The render test signs
// in as every role of the fixture, draws every page a role can reach (every
// GET route, with every kind of id the fixture holds, and a few bad query
// parameters and bad form posts), and fails on what a user should never
// read: a Go formatting error, a missing value, a pointer, a NaN, a raw
// code where a label belongs, an unformatted count or command-line text.

// untruths are checked against the whole answer, attributes included.
var untruths = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`%!`), "a Go formatting error"},
	{regexp.MustCompile(`<no value>`), "a missing template value"},
	{regexp.MustCompile(`\b0x[0-9a-f]{6,}\b`), "a Go pointer"},
	{regexp.MustCompile(`\bNaN\b|[+-]Inf\b`), "NaN or infinity"},
	{regexp.MustCompile(`map\[|\[\]string|&\{`), "a Go value printed raw"},
	{regexp.MustCompile(`\bgateway (?:report|demo|serve|import|user|migrate|generate) |\s--(?:month|la|out|returner|basemap|tile|listen|db)\b`), "command-line text"},
}

// rawInText is checked against what a person reads: the text nodes,
// outside scripts and styles (a code in a form field's name is fine).
var rawInText = []struct {
	re   *regexp.Regexp
	what string
}{
	{regexp.MustCompile(`\b[a-z]+(?:_[a-z]+)+\b`), "a raw code (snake_case)"},
	{regexp.MustCompile(`\w #\d+`), "a record number shown as a code (#id)"},
	{regexp.MustCompile(`(?:^|\s)--[a-z][a-z-]+`), "command-line text (a flag)"},
	{regexp.MustCompile(`\bgateway (?:report|demo|serve|import|user|migrate|generate)\b`), "command-line text (a command)"},
}

// bareCount is a cell that is only a number of five or more digits with no
// thousands separator (four-digit numbers are too often years).
var bareCount = regexp.MustCompile(`^\s*\d{5,}\s*$`)

// rawCodes are enum values whose label differs from the code: a text node
// that is exactly one of them shows a code where a label belongs.
var rawCodes = []string{"male", "female", "non_binary", "british_or_irish", "british or irish", "eea", "non_eea", "worker", "manager",
	"commissioner", "partner", "area_admin", "org_admin", "open", "closed", "sent", "accepted", "declined", "withdrawn", "expired",
	"allowed", "denied", "doorway", "bus_shelter", "new", "red", "amber", "green"}

// badQueries are tried on every parameterless page: each must answer with
// the page (or its form) and a named error, never a dead end or a 500.
var badQueries = []string{
	"?q=" + strings.Repeat("x", 201),
	"?object_id=abc&from=notadate&to=2026-13-40",
	"?month=2026-99&from=bad&to=bad",
	"?page=-1&limit=abc",
}

func TestEveryPageTellsTheTruth(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	w.addRefugeManager() // auditprivacy_test.go: a confidential service's own manager pages
	var mu sync.Mutex
	seen := map[string]bool{}
	w.srv.rendered = func(page string) { mu.Lock(); seen[page] = true; mu.Unlock() }

	routes := w.srv.Routes()
	sort.Slice(routes, func(i, j int) bool { return routes[i].Path < routes[j].Path })
	pages := 0
	t.Run("roles", func(t *testing.T) {
		for _, role := range append([]string{"", "refugemanager"}, roles...) {
			t.Run("as "+role, func(t *testing.T) {
				t.Parallel()
				c := w.web(role)
				for _, rt := range routes {
					if rt.Method != "GET" || strings.HasPrefix(rt.Path, "/api/") || rt.Path == "/healthz" || rt.Path == "/readyz" {
						continue
					}
					for _, p := range w.pagesOf(t, rt.Path) {
						r := c.get(p)
						if !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
							continue
						}
						mu.Lock()
						pages++
						mu.Unlock()
						for _, bad := range checkTruth(r.body) {
							t.Errorf("%s GET %s (%d): %s", role, p, r.status, bad)
						}
						if r.status >= 500 {
							t.Errorf("%s GET %s: %d", role, p, r.status)
						}
						// A bad query re-shows the page's form with the
						// error naming its field: never a dead end.
						if r.status == 400 || r.status == 422 {
							if !strings.Contains(r.body, "<form") || strings.Contains(r.body, "Please correct the highlighted fields") {
								t.Errorf("%s GET %s (%d): a dead end for a bad query, not the form with its error", role, p, r.status)
							}
							if strings.Contains(r.body, `class="num"`) {
								t.Errorf("%s GET %s (%d): figures shown beside an error in the query", role, p, r.status)
							}
						}
					}
				}
			})
		}
	})
	t.Logf("%d pages read", pages)
	// Every page template was drawn at least once: a template no role
	// reaches is either dead or not covered, and both need saying.
	notDrawn := map[string]string{
		"error":           "drawn for bad queries above; its plain form in every 404 and 403",
		"sso_refused":     "a single sign-on refusal, drawn by the SSO tests against a local provider",
		"login_code":      "the second-factor step; checked in TestSecondFactorIsSetUpByTheUserAndAskedForAtLogin",
		"placement_amend": "drawn once a placement has moved on; checked in TestHostelPutsRightAMoveOnRecordedAsNotKnown",
	}
	for name := range w.srv.pages {
		if !seen[name] && notDrawn[name] == "" {
			t.Errorf("template %s was never drawn by the render test", name)
		}
	}
}

// assertTruth fails a test on anything checkTruth finds in a page.
func assertTruth(t *testing.T, path, body string) {
	t.Helper()
	for _, bad := range checkTruth(body) {
		t.Errorf("GET %s: %s", path, bad)
	}
}

// Errors sit under the field they are about and name it: a future date of
// birth is reported inside the date-of-birth group, as "Date of birth: …",
// and a search too long re-shows the search form with its error.
func TestFormErrorsNameTheirField(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	c := w.web("hostel")
	r := c.form("/people", url.Values{"given_name": {"Ada"}, "family_name": {"Future"}, "dob_day": {"1"}, "dob_month": {"1"}, "dob_year": {"2999"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a future date of birth: %d", r.status)
	}
	assertTruth(t, "POST /people", r.body)
	legend := strings.Index(r.body, "<legend>Date of birth</legend>")
	end := strings.Index(r.body[max(legend, 0):], "</fieldset>")
	if legend < 0 || end < 0 {
		t.Fatal("the date-of-birth group is missing")
	}
	group := r.body[legend : legend+end]
	if !strings.Contains(group, `class="field-error"`) || !strings.Contains(group, "Date of birth: ") {
		t.Errorf("the error is not under the date of birth, naming it:\n%s", group)
	}
	if i := strings.Index(r.body, `class="field-error"`); i < legend {
		t.Errorf("an error appears before the date of birth (under another field)")
	}

	r = c.get("/people?q=" + strings.Repeat("a", 201))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `name="q"`) || !strings.Contains(r.body, "Search: must be at most 200 characters") {
		t.Errorf("a search too long: %d, want the search form with the error naming the field", r.status)
	}
	r = c.get("/audit?object_id=abc")
	_ = r // the hostel may not read the audit log; the admin's is below
	r = w.web("admin").get("/audit?object_id=abc&from=notadate")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `name="object_id"`) || !strings.Contains(r.body, "Object id: ") {
		t.Errorf("letters in the audit object id: %d, want the filter again naming the field\n%s", r.status, r.body)
	}
	r = w.web("commissioner").get("/reports/flows?from=2026-99")
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "From: must be a month") || strings.Contains(r.body, "<table") {
		t.Errorf("flows with a bad month: %d, want the form with its error and no figures", r.status)
	}
}

// pagesOf fills a route's parameters with fixture ids, and adds the bad
// queries to parameterless pages.
func (w *world) pagesOf(t *testing.T, path string) []string {
	var paths []string
	if strings.Contains(path, ":slug") {
		return nil // single sign-on: a redirect to the provider, never a page (sso_test.go)
	}
	if ps, ok := w.fillCaseworkParams(path); ok {
		paths = ps
	} else if strings.Contains(path, ":id") {
		for _, id := range w.idsFor(path) {
			paths = append(paths, strings.Replace(path, ":id", itoa(id), 1))
		}
	} else if strings.Contains(path, ":reference") {
		for _, ref := range w.alertReferences() {
			paths = append(paths, strings.Replace(path, ":reference", ref, 1))
		}
	} else if !strings.Contains(path, ":") {
		paths = append(paths, path)
		for _, q := range badQueries {
			paths = append(paths, path+q)
		}
	} else {
		t.Fatalf("the render test cannot fill the parameters of %s", path)
	}
	return paths
}

// checkTruth lists what is wrong with one page.
func checkTruth(body string) []string {
	var out []string
	for _, u := range untruths {
		if m := u.re.FindString(body); m != "" {
			out = append(out, fmt.Sprintf("%s: %q", u.what, around(body, m)))
		}
	}
	for _, text := range visibleTexts(body) {
		for _, u := range rawInText {
			if m := u.re.FindString(text); m != "" {
				out = append(out, fmt.Sprintf("%s: %q", u.what, text))
			}
		}
		if bareCount.MatchString(text) {
			out = append(out, fmt.Sprintf("a count without thousands separators: %q", text))
		}
		tt := strings.TrimSpace(text)
		for _, code := range rawCodes {
			if tt == code {
				out = append(out, fmt.Sprintf("an unlabelled code: %q", text))
			}
		}
	}
	return out
}

func around(body, m string) string {
	i := strings.Index(body, m)
	lo, hi := max(0, i-80), min(len(body), i+len(m)+40)
	return body[lo:hi]
}

// visibleTexts are the text nodes a person reads (not scripts, styles or
// the fields' own values, which show what was typed).
func visibleTexts(body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return nil
	}
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.Data == "script" || n.Data == "style" || n.Data == "textarea" || n.Data == "code" || n.Data == "pre") {
			return
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			out = append(out, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}

// The rules page, the API and the report say, for
// each essential field, exactly when it counts as missing and which
// records count in a month, and when a month's figures are fixed.
func TestComplianceRulesSayWhatCountsAsMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	r := w.web("commissioner").get("/compliance/rules")
	if r.status != http.StatusOK {
		t.Fatalf("the rules page for a commissioner: %d", r.status)
	}
	assertTruth(t, "/compliance/rules", r.body)
	for _, want := range []string{"Which records count in a month:", "Counts as missing when:", "one name part blank is missing",
		"A consent recorded after the month closed does not change the published score", "figures are fixed"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the rules page does not say %q", want)
		}
	}
	var api struct {
		Timing   string
		Measured []struct {
			Type, Counts string
			Fields       []struct {
				Key         string
				MissingWhen string `json:"missing_when"`
			}
		}
	}
	w.api("commissioner").get("/api/v1/compliance/rules").decode(t, &api)
	if api.Timing == "" || len(api.Measured) == 0 {
		t.Fatalf("the API says nothing of timing or types: %+v", api)
	}
	for _, ty := range api.Measured {
		if ty.Counts == "" {
			t.Errorf("%s: no words on which records count", ty.Type)
		}
		for _, f := range ty.Fields {
			if f.MissingWhen == "" {
				t.Errorf("%s.%s: no words on when it counts as missing", ty.Type, f.Key)
			}
		}
	}
	pdf := w.web("commissioner").get("/reports/compliance?format=pdf")
	if pdf.status != http.StatusOK {
		t.Fatalf("the compliance report: %d", pdf.status)
	}
	text := textOf(t, pdf)
	if strings.HasPrefix(pdf.header.Get("Content-Type"), "application/pdf") && strings.Contains(text, "%PDF") {
		t.Skip("pdftotext is not installed: the report's text was not read")
	}
	if !strings.Contains(text, "How the score is counted") || !strings.Contains(text, "counts as missing when") {
		t.Errorf("the report does not say how the score is counted")
	}
}
