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
	"gateway/models/modeltest"
	"gateway/policy"
	"gateway/reports"
)

// addRiverside adds a hostel of its own to the fixture, so the figures
// below stay hand-worked whatever other features add to the shared world.
// Worked by hand against the default rules, for the month the test runs:
//
//	Rhian Complete  everything recorded                        0 of 5
//	Rory Partial    name and date of birth only: no gender,
//	                nationality or local connection            3 of 5
//	Rosa            given name only (no family name), estimated
//	                age, gender: no name, nationality or local
//	                connection                                  3 of 5
//	Riverside Hostel: 3 records, 6 of 15 missing: 100 × 9/15 = 60.0
//
// Northmoor's commissioner sees its row with records "<5" and fields
// missing "*"; its manager (rmanager) sees the named list.
func (w *world) addRiverside() {
	t := w.t
	b := modeltest.Build(t, w.store)
	w.svcs["riverside"] = b.Service(b.Org("Riverside Trust"), "Riverside Hostel", models.Hostel, w.las[0])
	u, err := w.store.CreateUserWithHash(ctx, models.UserInput{Email: "rmanager@test.example", Name: "Riverside manager"}, mustHash(t))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddMembership(ctx, u.ID, w.svcs["riverside"].ID, models.RoleManager); err != nil {
		t.Fatal(err)
	}
	w.users["rmanager"] = u
	age := 33
	w.person("rhian", "rmanager", models.PersonInput{GivenName: "Rhian", FamilyName: "Complete", DOB: models.Date{Year: 1988, Month: 2, Day: 3},
		Gender: "female", Nationality: "Welsh", LocalConnectionLAID: &w.las[0].ID})
	w.person("rory", "rmanager", models.PersonInput{GivenName: "Rory", FamilyName: "Partial", DOB: models.Date{Year: 1992, Month: 9, Day: 9}})
	w.person("rosa", "rmanager", models.PersonInput{GivenName: "Rosa", EstimatedAge: &age, Gender: "female"})
}

func thisMonth() reports.Month { return reports.MonthOf(time.Now().In(london)) }

type complianceJSON struct {
	Month        string       `json:"month"`
	Closed       bool         `json:"closed"`
	RulesVersion int          `json:"rules_version"`
	Services     []rankedJSON `json:"services"`
}

type rankedJSON struct {
	ServiceID int64    `json:"service_id"`
	Name      string   `json:"name"`
	Score     float64  `json:"score"`
	Records   string   `json:"records"`
	Missing   string   `json:"fields_missing"`
	Now       *float64 `json:"score_now"`
}

func (c complianceJSON) row(id int64) *rankedJSON {
	for i := range c.Services {
		if c.Services[i].ServiceID == id {
			return &c.Services[i]
		}
	}
	return nil
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
	w.addRiverside()
	m := thisMonth()
	riverside, refuge := w.svcs["riverside"].ID, w.svcs["refuge"].ID

	// A manager: their service, with the named list.
	mgr := w.api("rmanager")
	var sc serviceJSON
	r := mgr.get(serviceURL(riverside, m))
	if r.status != http.StatusOK {
		t.Fatalf("manager: %d %s", r.status, r.body)
	}
	r.decode(t, &sc)
	if sc.Closed || sc.Now.Score != 60 || sc.Now.Records != "3" || sc.Now.Required != "15" || sc.Now.Missing != "6" {
		t.Errorf("Riverside now = %+v, want open, 60.0, 3 records, 6 of 15 missing", sc.Now)
	}
	var named []string
	for _, n := range sc.Named {
		named = append(named, n.Name+" "+n.Link+" "+strings.Join(n.Missing, ","))
	}
	want := []string{
		"Rory Partial /people/" + itoa(w.people["rory"].ID) + "/edit Gender,Nationality or immigration status,Local connection",
		"Rosa /people/" + itoa(w.people["rosa"].ID) + "/edit Name,Nationality or immigration status,Local connection",
	}
	if strings.Join(named, "\n") != strings.Join(want, "\n") {
		t.Errorf("named list\n got %q\nwant %q", named, want)
	}
	if len(sc.PerField) != 5 || sc.PerField[0].Key != "name" || sc.PerField[0].Missing != 1 || sc.PerField[0].Required != 3 {
		t.Errorf("per field = %+v", sc.PerField)
	}
	var ov complianceJSON
	mgr.get("/api/v1/compliance?month="+m.String()).decode(t, &ov)
	if len(ov.Services) != 1 || ov.Services[0].ServiceID != riverside {
		t.Errorf("a manager's overview lists %+v, want their service only", ov.Services)
	}
	missing := mgr.get(serviceURL(missingID, m))
	if hidden := mgr.get(serviceURL(w.svcs["hostel"].ID, m)); sameAnswer(withoutID(missing, missingID), withoutID(hidden, w.svcs["hostel"].ID)) != "" {
		t.Error("another service's compliance answers unlike a missing one")
	}

	// A commissioner: their LA's non-confidential services, figures only.
	com := w.api("commissioner")
	r = com.get("/api/v1/compliance?month=" + m.String())
	ov = complianceJSON{}
	r.decode(t, &ov)
	if row := ov.row(riverside); row == nil || row.Records != "<5" || row.Missing != "*" || row.Score != 60 {
		t.Errorf("commissioner sees Riverside as %+v, want 60.0 with records <5 and fields missing *", row)
	}
	if ov.row(refuge) != nil || ov.row(w.svcs["sexwork"].ID) != nil {
		t.Error("the commissioner's ranking lists a confidential service")
	}
	for _, leak := range []string{"Rory", "Rosa", "Harriet", "Maria", "Safe House", "Night Van", marker, sexworkMarker} {
		if strings.Contains(r.body, leak) {
			t.Errorf("the commissioner's overview shows %q", leak)
		}
	}
	r = com.get(serviceURL(riverside, m))
	sc = serviceJSON{}
	r.decode(t, &sc)
	if r.status != http.StatusOK || sc.Named != nil || sc.PerField != nil || sc.Now.Records != "<5" || sc.Now.Required != "" || strings.Contains(r.body, "Rory") {
		t.Errorf("commissioner's service page: %d %s", r.status, r.body)
	}
	missing = com.get(serviceURL(missingID, m))
	if hidden := com.get(serviceURL(refuge, m)); sameAnswer(withoutID(missing, missingID), withoutID(hidden, refuge)) != "" {
		t.Error("the refuge's compliance answers a commissioner unlike a missing service")
	}
	if r := com.get(serviceURL(riverside, m) + "&format=csv"); r.status != http.StatusForbidden {
		t.Errorf("a commissioner downloads a named list: %d", r.status)
	}

	// An area admin: every service, exact counts, no names.
	adm := w.api("admin")
	r = adm.get("/api/v1/compliance?month=" + m.String())
	ov = complianceJSON{}
	r.decode(t, &ov)
	if row := ov.row(riverside); row == nil || row.Records != "<5" || ov.row(refuge) == nil || ov.row(w.svcs["sexwork"].ID) == nil {
		t.Errorf("area admin's ranking: %+v", ov.Services)
	}
	r = adm.get(serviceURL(riverside, m))
	sc = serviceJSON{}
	r.decode(t, &sc)
	if sc.Now.Records != "3" || sc.Now.Score != 60 || sc.Named != nil || len(sc.PerField) != 5 || strings.Contains(r.body, "Rory") {
		t.Errorf("area admin's view of Riverside: %s", r.body)
	}
	if r := adm.get(serviceURL(refuge, m)); r.status != http.StatusOK || strings.Contains(r.body, marker) {
		t.Errorf("area admin's view of the refuge: %d %s", r.status, r.body)
	}

	// Nobody else.
	for _, role := range []string{"hostel", "outreach", "refuge", "partner", "orgadmin"} {
		if r := w.api(role).get("/api/v1/compliance"); r.status != http.StatusForbidden {
			t.Errorf("%s: GET /api/v1/compliance = %d", role, r.status)
		}
		if r := w.api(role).get(serviceURL(riverside, m)); r.status != http.StatusNotFound {
			t.Errorf("%s: Riverside's compliance = %d", role, r.status)
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
	w.addRiverside()
	m := thisMonth()
	later := laterWorld(t, w, m.Next().Start(london).Add(50*time.Hour))
	riverside := w.svcs["riverside"].ID
	mgr := later.api("rmanager")

	var sc serviceJSON
	mgr.get(serviceURL(riverside, m)).decode(t, &sc)
	if !sc.Closed || sc.Published == nil || sc.Published.Score != 60 || sc.Now.Score != 60 || sc.Published.RulesVersion != 1 {
		t.Fatalf("first look after the month closed: %+v / %+v", sc.Published, sc.Now)
	}

	// Rory's gender is recorded after the month closed: 5 of 15 missing.
	p := w.people["rory"]
	in := models.InputOf(p, time.Now())
	in.Gender = "male"
	if _, err := w.store.UpdatePerson(ctx, policy.Editable(w.actor("rmanager")), p.ID, p.Version, in); err != nil {
		t.Fatal(err)
	}
	sc = serviceJSON{}
	mgr.get(serviceURL(riverside, m)).decode(t, &sc)
	if sc.Published.Score != 60 || sc.Now.Score != 66.7 {
		t.Errorf("after a fix: published %.1f, now %.1f; want 60.0 and 66.7", sc.Published.Score, sc.Now.Score)
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

	sc = serviceJSON{}
	mgr.get(serviceURL(riverside, m)).decode(t, &sc)
	// Published: unchanged. Now: Rory misses local connection, Rosa name
	// and local connection (nationality no longer counts): 3 of 12.
	if sc.Published.Score != 60 || sc.Published.RulesVersion != 1 || sc.Published.Missing != "6" {
		t.Errorf("published score changed: %+v", sc.Published)
	}
	if sc.Now.Score != 75 || sc.Now.Missing != "3" || sc.Now.Required != "12" || sc.Now.RulesVersion != 2 {
		t.Errorf("re-run = %+v, want 75.0 (3 of 12 missing) on rules version 2", sc.Now)
	}
	var n int64
	w.store.Gorm().Table("compliance_scores").Where("service_id = ? AND month = ?", riverside, m.String()).Count(&n)
	if n != 1 {
		t.Errorf("%d published rows for Riverside's month", n)
	}

	// The commissioner's report shows both, the published score ranked.
	r := later.api("commissioner").get("/api/v1/reports/compliance?format=csv&month=" + m.String())
	rows, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
	if err != nil || len(rows) < 3 {
		t.Fatalf("report CSV: %v %q", err, r.body)
	}
	found := false
	for _, row := range rows {
		if row[3] == "Riverside Hostel" {
			found = true
			if got := strings.Join(append(row[:2:2], row[4:]...), ","); got != m.String()+",all your local authorities,60.0,<5,*,75.0" {
				t.Errorf("Riverside's row = %s", got)
			}
		}
	}
	if !found {
		t.Errorf("Riverside is not in the report: %q", r.body)
	}
	// The commissioner's own look at the closed month publishes nothing
	// for the refuge, which they cannot see.
	w.store.Gorm().Table("compliance_scores").Where("service_id = ?", w.svcs["refuge"].ID).Count(&n)
	if n != 0 {
		t.Errorf("a commissioner's computation published the refuge's month")
	}
}

func TestComplianceRulesAreVersionedData(t *testing.T) {
	w := newWorld(t)
	w.addRiverside()
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
	w.api("rmanager").get(serviceURL(w.svcs["riverside"].ID, thisMonth())).decode(t, &sc)
	// Name and gender: Rory misses gender, Rosa her family name: 2 of 6.
	if sc.Now.Score != 66.7 || sc.Now.Required != "6" || sc.RulesVersion != 3 {
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
		{"commissioner", "/api/v1/reports/pack?la=" + north + "&month=" + m},
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
		if strings.Contains(c.path, "/pack") {
			// Oscar's placement at the hostel counts, suppressed; Rita's at
			// the refuge and the refuge's failed match do not show at all.
			for _, want := range []string{"Hotspots", "Rough sleeping flows", "Gaps in provision", "Placements and move-on", "Data compliance", "People placed this month: <5"} {
				if !strings.Contains(text, want) {
					t.Errorf("the pack lacks %q", want)
				}
			}
			if strings.Contains(text, "Rita") || strings.Contains(text, "Domestic abuse") || strings.Contains(text, "Safe House") {
				t.Errorf("the pack shows the refuge's records:\n%s", text)
			}
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

// Area admins see all. An area admin gets the commissioner
// pack for any LA on the web and the API, read as a commissioner of every
// LA would: the same aggregates as the LA's own commissioner, small
// numbers suppressed, never a name.
func TestAreaAdminsGetTheCommissionerPackForAnyLA(t *testing.T) {
	w := newWorld(t)
	m := thisMonth().String()
	north, south := w.las[0].Code, w.las[1].Code
	adm := w.api("admin")
	text := func(c *client, path string) string {
		t.Helper()
		r := c.get(path)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/pdf" {
			t.Fatalf("%s: %d %s", path, r.status, r.body)
		}
		var kept []string
		for _, line := range strings.Split(pdfText(t, []byte(r.body)), "\n") {
			if !strings.Contains(line, "Generated") {
				kept = append(kept, line)
			}
		}
		return strings.Join(kept, "\n")
	}
	mine := text(adm, "/api/v1/reports/pack?la="+north+"&month="+m)
	theirs := text(w.api("commissioner"), "/api/v1/reports/pack?la="+north+"&month="+m)
	if mine != theirs {
		t.Errorf("the area admin's pack for Northmoor differs from its commissioner's:\n%s\n---\n%s", mine, theirs)
	}
	if !strings.Contains(mine, "People placed this month: <5") || !strings.Contains(mine, "Data compliance") {
		t.Errorf("the pack's aggregates:\n%s", mine)
	}
	southvale := text(adm, "/api/v1/reports/pack?la="+south+"&month="+m)
	for _, leak := range append(w.peopleNames(t), "Safe House", "Night Van", marker, sexworkMarker) {
		if strings.Contains(mine, leak) || strings.Contains(southvale, leak) {
			t.Errorf("the area admin's pack shows %q", leak)
		}
	}
	if r := w.web("admin").get("/reports/pack?la=" + south + "&month=" + m); r.status != http.StatusOK {
		t.Errorf("the pack on the web: %d", r.status)
	}
	if page := w.web("admin").get("/compliance?la=" + south + "&month=" + m); !strings.Contains(page.body, `href="/reports/pack?la=`+south+`&amp;month=`+m+`"`) {
		t.Errorf("the compliance page offers the area admin the pack for the LA and month shown")
	}
	if r := adm.get("/api/v1/reports/pack?month=" + m); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"la"`) {
		t.Errorf("a pack is for one LA: %d %s", r.status, r.body)
	}
	var n int64
	w.store.Gorm().Model(&models.AuditEvent{}).Where("action = 'export_commissioner_pack' AND outcome = ? AND actor_user_id = ?", models.Allowed, w.users["admin"].ID).Count(&n)
	if n != 3 {
		t.Errorf("the area admin's packs are audited as theirs: %d events", n)
	}
}
