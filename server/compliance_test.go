package server

import (
	"bytes"
	"encoding/csv"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// The fixture (fixture_test.go) worked by hand against the default rules,
// for the month the test runs in. Everyone was created with a name and a
// date of birth, and nothing else essential (gender, nationality or
// immigration status, local connection): 3 of 5 fields missing each.
//
//	Northmoor Hostel  Harriet Hostel, Maria Mixed    2 records, 6 of 10 missing: 40.0
//	Safe House        the refuge person, Maria Mixed 2 records, 6 of 10 missing: 40.0
//	Night Van         Sasha                          1 record,  3 of 5 missing:  40.0
//	Southvale Day Centre: Derek's involvement closed 200 days ago: no records.
//
// Commissioners (Northmoor) see the hostel only (the outreach team had no
// records; the refuge is confidential): records "<5", fields missing "*".

func thisMonth() reports.Month { return reports.MonthOf(time.Now().In(london)) }

type complianceJSON struct {
	Month        string `json:"month"`
	Closed       bool   `json:"closed"`
	RulesVersion int    `json:"rules_version"`
	Services     []struct {
		ServiceID int64    `json:"service_id"`
		Name      string   `json:"name"`
		Score     float64  `json:"score"`
		Records   string   `json:"records"`
		Missing   string   `json:"fields_missing"`
		Now       *float64 `json:"score_now"`
	} `json:"services"`
}

type serviceJSON struct {
	Closed       bool       `json:"closed"`
	RulesVersion int        `json:"rules_version"`
	Published    *scoreView `json:"published"`
	Now          scoreView  `json:"now"`
	PerField     []struct {
		Key      string `json:"key"`
		Required int    `json:"required"`
		Missing  int    `json:"missing"`
	} `json:"per_field"`
	Named []struct {
		Name    string   `json:"name"`
		Link    string   `json:"link"`
		Missing []string `json:"missing"`
	} `json:"named"`
}

func serviceURL(id int64, m reports.Month) string {
	return "/api/v1/services/" + itoa(id) + "/compliance?month=" + m.String()
}

func TestComplianceAsEachRoleSeesIt(t *testing.T) {
	w := newWorld(t)
	m := thisMonth()
	hostel, refuge := w.svcs["hostel"].ID, w.svcs["refuge"].ID

	// A manager: their service, with the named list.
	mgr := w.api("manager")
	var sc serviceJSON
	r := mgr.get(serviceURL(hostel, m))
	if r.status != http.StatusOK {
		t.Fatalf("manager: %d %s", r.status, r.body)
	}
	r.decode(t, &sc)
	if sc.Closed || sc.Now.Score != 40 || sc.Now.Records != "2" || sc.Now.Required != "10" || sc.Now.Missing != "6" {
		t.Errorf("hostel now = %+v, want open, 40.0, 2 records, 6 of 10 missing", sc.Now)
	}
	var named []string
	for _, n := range sc.Named {
		named = append(named, n.Name+" "+n.Link+" "+strings.Join(n.Missing, ","))
	}
	want := []string{
		"Harriet Hostel /people/" + itoa(w.people["hostel_person"].ID) + "/edit Gender,Nationality or immigration status,Local connection",
		"Maria Mixed /people/" + itoa(w.people["mixed"].ID) + "/edit Gender,Nationality or immigration status,Local connection",
	}
	if strings.Join(named, "\n") != strings.Join(want, "\n") {
		t.Errorf("named list\n got %q\nwant %q", named, want)
	}
	if len(sc.PerField) != 5 {
		t.Errorf("per field = %+v", sc.PerField)
	}
	var ov complianceJSON
	mgr.get("/api/v1/compliance?month="+m.String()).decode(t, &ov)
	if len(ov.Services) != 1 || ov.Services[0].ServiceID != hostel {
		t.Errorf("a manager's overview lists %+v, want their service only", ov.Services)
	}
	missing := mgr.get(serviceURL(missingID, m))
	if hidden := mgr.get(serviceURL(w.svcs["daycentre"].ID, m)); sameAnswer(withoutID(missing, missingID), withoutID(hidden, w.svcs["daycentre"].ID)) != "" {
		t.Error("another service's compliance answers unlike a missing one")
	}

	// A commissioner: their LA's non-confidential services, figures only.
	com := w.api("commissioner")
	r = com.get("/api/v1/compliance?month=" + m.String())
	ov = complianceJSON{}
	r.decode(t, &ov)
	if len(ov.Services) != 1 || ov.Services[0].ServiceID != hostel || ov.Services[0].Records != "<5" || ov.Services[0].Missing != "*" || ov.Services[0].Score != 40 {
		t.Errorf("commissioner sees %+v, want the hostel alone at 40.0 with records <5 and fields missing *", ov.Services)
	}
	for _, leak := range []string{"Harriet", "Maria", "Safe House", "Night Van", marker, sexworkMarker} {
		if strings.Contains(r.body, leak) {
			t.Errorf("the commissioner's overview shows %q", leak)
		}
	}
	r = com.get(serviceURL(hostel, m))
	sc = serviceJSON{}
	r.decode(t, &sc)
	if r.status != http.StatusOK || sc.Named != nil || sc.PerField != nil || sc.Now.Records != "<5" || sc.Now.Required != "" || strings.Contains(r.body, "Harriet") {
		t.Errorf("commissioner's service page: %d %s", r.status, r.body)
	}
	missing = com.get(serviceURL(missingID, m))
	if hidden := com.get(serviceURL(refuge, m)); sameAnswer(withoutID(missing, missingID), withoutID(hidden, refuge)) != "" {
		t.Error("the refuge's compliance answers a commissioner unlike a missing service")
	}
	if r := com.get(serviceURL(hostel, m) + "&format=csv"); r.status != http.StatusForbidden {
		t.Errorf("a commissioner downloads a named list: %d", r.status)
	}

	// An area admin: every service, exact counts, no names.
	adm := w.api("admin")
	r = adm.get("/api/v1/compliance?month=" + m.String())
	ov = complianceJSON{}
	r.decode(t, &ov)
	got := map[string]string{}
	for _, s := range ov.Services {
		got[s.Name] = s.Records
	}
	if len(got) != 3 || got["Safe House"] == "" || got["Night Van"] == "" || got["Northmoor Hostel"] == "" {
		t.Errorf("area admin sees %v, want the hostel, the refuge and the sex-work project", got)
	}
	r = adm.get(serviceURL(refuge, m))
	sc = serviceJSON{}
	r.decode(t, &sc)
	if sc.Now.Records != "2" || sc.Now.Score != 40 || sc.Named != nil || len(sc.PerField) == 0 || strings.Contains(r.body, marker) {
		t.Errorf("area admin's view of the refuge: %s", r.body)
	}

	// Nobody else.
	for _, role := range []string{"hostel", "outreach", "refuge", "partner", "orgadmin"} {
		if r := w.api(role).get("/api/v1/compliance"); r.status != http.StatusForbidden {
			t.Errorf("%s: GET /api/v1/compliance = %d", role, r.status)
		}
		if r := w.api(role).get(serviceURL(hostel, m)); r.status != http.StatusNotFound {
			t.Errorf("%s: the hostel's compliance = %d", role, r.status)
		}
	}
}

// laterWorld is the same area seen by a server whose clock reads at: a
// second app instance on the same database, as after a month has ended.
func laterWorld(t *testing.T, w *world, at time.Time) *world {
	t.Helper()
	srv, err := New(w.store, w.pol, Config{Version: "test", Now: func() time.Time { return at },
		LoginLimits: LoginLimits{PerAccount: 10000, AccountEvery: time.Millisecond, PerIP: 10000, IPEvery: time.Millisecond}},
		slog.New(slog.NewJSONHandler(w.logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	later := *w
	later.srv, later.ts = srv, httptest.NewServer(srv)
	t.Cleanup(later.ts.Close)
	return &later
}

func TestClosedMonthKeepsItsPublishedScore(t *testing.T) {
	w := newWorld(t)
	m := thisMonth()
	later := laterWorld(t, w, m.Next().Start(london).Add(50*time.Hour))
	hostel := w.svcs["hostel"].ID
	mgr := later.api("manager")

	var sc serviceJSON
	mgr.get(serviceURL(hostel, m)).decode(t, &sc)
	if !sc.Closed || sc.Published == nil || sc.Published.Score != 40 || sc.Now.Score != 40 || sc.Published.RulesVersion != 1 {
		t.Fatalf("first look after the month closed: %+v / %+v", sc.Published, sc.Now)
	}

	// Harriet's gender is recorded after the month closed.
	p := w.people["hostel_person"]
	in := models.InputOf(p, time.Now())
	in.Gender = "female"
	if _, err := w.store.UpdatePerson(ctx, policy.Editable(w.actor("manager")), p.ID, p.Version, in); err != nil {
		t.Fatal(err)
	}
	// And the area admin drops nationality from the rules.
	adm := later.api("admin")
	rules := map[string]any{"based_on": 1, "reason": "nationality is asked at assessment now",
		"types": map[string]any{"person": []map[string]string{
			{"key": "name", "label": "Name"}, {"key": "dob_or_estimated_age", "label": "Date of birth or estimated age"},
			{"key": "gender", "label": "Gender"}, {"key": "local_connection", "label": "Local connection"}}}}
	if r := adm.json("POST", "/api/v1/compliance/rules", rules); r.status != http.StatusCreated {
		t.Fatalf("save rules: %d %s", r.status, r.body)
	}

	mgr.get(serviceURL(hostel, m)).decode(t, &sc)
	// Published: unchanged. Now: Harriet misses local connection only, Maria
	// gender and local connection (nationality no longer counts): 3 of 8.
	if sc.Published.Score != 40 || sc.Published.RulesVersion != 1 || sc.Published.Missing != "6" {
		t.Errorf("published score changed: %+v", sc.Published)
	}
	if sc.Now.Score != 62.5 || sc.Now.Missing != "3" || sc.Now.Required != "8" || sc.Now.RulesVersion != 2 {
		t.Errorf("re-run = %+v, want 62.5 (3 of 8 missing) on rules version 2", sc.Now)
	}
	var n int64
	w.store.Gorm().Table("compliance_scores").Where("service_id = ? AND month = ?", hostel, m.String()).Count(&n)
	if n != 1 {
		t.Errorf("%d published rows for the hostel's month", n)
	}

	// The commissioner's report shows both, the published score ranked.
	r := later.api("commissioner").get("/api/v1/reports/compliance?format=csv&month=" + m.String())
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("report CSV: %v %q", err, r.body)
	}
	if got := strings.Join(rows[1], ","); got != m.String()+",all your local authorities,1,Northmoor Hostel,40.0,<5,*,62.5" {
		t.Errorf("hostel row = %s", got)
	}
	// The commissioner's own look at the closed month publishes nothing new
	// for the refuge, which they cannot see.
	w.store.Gorm().Table("compliance_scores").Where("service_id = ?", w.svcs["refuge"].ID).Count(&n)
	if n != 0 {
		t.Errorf("a commissioner's computation published the refuge's month")
	}
}

func TestComplianceRulesAreVersionedData(t *testing.T) {
	w := newWorld(t)
	adm := w.api("admin")
	var pg struct {
		Version  int `json:"version"`
		Measured []struct {
			Type     string `json:"type"`
			Measured bool   `json:"measured"`
		} `json:"measured"`
	}
	w.api("hostel").get("/api/v1/compliance/rules").decode(t, &pg)
	if pg.Version != 1 || len(pg.Measured) != len(reports.RecordTypes) || !pg.Measured[0].Measured {
		t.Fatalf("rules as a worker reads them: %+v", pg)
	}
	body := func(based int, key, reason string) map[string]any {
		return map[string]any{"based_on": based, "reason": reason, "types": map[string]any{"person": []map[string]string{{"key": key, "label": "A label"}}}}
	}
	for _, c := range []struct {
		role   string
		body   map[string]any
		status int
		field  string
	}{
		{"manager", body(1, "name", "mine"), http.StatusForbidden, ""},
		{"admin", body(1, "shoe_size", "a field nobody records"), http.StatusUnprocessableEntity, "types.person[0].key"},
		{"admin", body(1, "name", ""), http.StatusUnprocessableEntity, "reason"},
		{"admin", body(1, "name", "names only this year"), http.StatusCreated, ""},
		{"admin", body(1, "gender", "a stale edit of version 1"), http.StatusConflict, "version"},
	} {
		r := w.api(c.role).json("POST", "/api/v1/compliance/rules", c.body)
		if r.status != c.status || (c.field != "" && !strings.Contains(r.body, `"`+c.field+`"`)) {
			t.Errorf("%s %v: %d %s; want %d naming %q", c.role, c.body["types"], r.status, r.body, c.status, c.field)
		}
	}
	// The web editor: tick gender too, with a label, as version 3.
	form := map[string][]string{"based_on": {"2"}, "reason": {"gender back"}, "f.person.name": {"1"}, "l.person.name": {"Full name"},
		"f.person.gender": {"1"}, "l.person.gender": {"Gender"}}
	r := w.web("admin").form("/admin/compliance-rules", form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("web save: %d %s", r.status, r.body)
	}
	adm.get("/api/v1/compliance/rules").decode(t, &pg)
	if pg.Version != 3 {
		t.Errorf("after the web save, version %d", pg.Version)
	}
	var sc serviceJSON
	w.api("manager").get(serviceURL(w.svcs["hostel"].ID, thisMonth())).decode(t, &sc)
	// Name and gender: both people miss gender, 2 of 4.
	if sc.Now.Score != 50 || sc.Now.Required != "4" || sc.RulesVersion != 3 {
		t.Errorf("scored on version 3: %+v (rules %d)", sc.Now, sc.RulesVersion)
	}
}

// Every PDF opens: rendered to PNG with pdftoppm, page by page.
func TestCompliancePDFsRenderToPNG(t *testing.T) {
	w := newWorld(t)
	m := thisMonth().String()
	north := w.las[0].Code
	for _, c := range []struct{ role, path string }{
		{"commissioner", "/api/v1/reports/compliance?format=pdf&month=" + m},
		{"commissioner", "/api/v1/reports/pack?month=" + m},
		{"admin", "/api/v1/reports/pack?la=" + north + "&month=" + m},
		{"manager", serviceURL(w.svcs["hostel"].ID, thisMonth()) + "&format=pdf"},
	} {
		r := w.api(c.role).get(c.path)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s %s: %d %s", c.role, c.path, r.status, r.header.Get("Content-Type"))
		}
		pages := rasterise(t, []byte(r.body))
		text := pdfText(t, []byte(r.body))
		if pages < 1 || !strings.Contains(text, "Page 1 of ") || !strings.Contains(text, "Period: "+thisMonth().Label()) || !strings.Contains(text, "Generated ") {
			t.Errorf("%s: %d pages; text %q", c.path, pages, text)
		}
		if n := strings.Count(text, "\f"); n != pages {
			t.Errorf("%s: pdftoppm made %d pages, pdftotext %d", c.path, pages, n)
		}
	}
}

// rasterise renders a PDF to PNGs at 40 dpi and returns how many pages
// became images: proof that a real reader opens it.
func rasterise(t *testing.T, pdf []byte) int {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		if os.Getenv("GATEWAY_CI") != "" {
			t.Fatal("pdftoppm is needed (apt-get install poppler-utils)")
		}
		t.Skip("pdftoppm not installed")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "-r", "40", "-png", in, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v %s", err, out)
	}
	pngs, _ := filepath.Glob(filepath.Join(dir, "page*.png"))
	for _, p := range pngs {
		b, _ := os.ReadFile(p)
		if !bytes.HasPrefix(b, []byte("\x89PNG")) || len(b) < 500 {
			t.Fatalf("%s is not a rendered page", p)
		}
	}
	return len(pngs)
}
