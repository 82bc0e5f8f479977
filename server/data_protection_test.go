package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gateway/models"
)

// rendered checks a page drew real text and no template slip.
func rendered(t *testing.T, what string, r response, want ...string) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("%s: %d %s", what, r.status, r.body)
	}
	for _, bad := range []string{"%!", "<no value>", "periods.street_contact\"", marker, sexworkMarker, "Safe House", "Night Van"} {
		if strings.Contains(r.body, bad) {
			t.Errorf("%s shows %q", what, bad)
		}
	}
	for _, s := range want {
		if !strings.Contains(r.body, s) {
			t.Errorf("%s should show %q", what, s)
		}
	}
}

func TestSubjectAccessIsCompleteAndConfidentialPartsAreReleasedByTheirService(t *testing.T) {
	w := newWorld(t)
	w.addManager("refugemgr", "refuge")
	w.addManager("sexworkmgr", "sexwork")
	pid := itoa(w.people["mixed"].ID)
	admin := w.web("admin")
	rendered(t, "the subject access page", admin.get("/people/"+pid+"/subject-access"), "Disclosures (reads by services)", "Public alerts", "Break-glass openings", "erase it")

	var out struct {
		Record map[string]json.RawMessage `json:"record"`
	}
	r := admin.get("/people/" + pid + "/subject-access.json")
	rendered(t, "the JSON export", r)
	r.decode(t, &out)
	for _, k := range []string{"gap_events", "public_alerts", "notifications", "break_glass", "duplicate_reviews", "disclosures", "other_parts", "street_contacts", "cases"} {
		if v, ok := out.Record[k]; !ok || string(v) == "null" {
			t.Errorf("the export's %s: %s", k, v)
		}
	}
	var parts models.SARParts
	json.Unmarshal(out.Record["other_parts"], &parts)
	if parts.Awaited != 1 || parts.Note != models.PartsAwaitedNote {
		t.Errorf("the refuge's part is awaited, unnamed: %+v", parts)
	}
	var disc []models.Disclosure
	json.Unmarshal(out.Record["disclosures"], &disc)
	if len(disc) == 0 {
		t.Error("the hostel's reads of Maria's record are disclosures")
	}
	pdf := admin.get("/people/" + pid + "/subject-access.pdf")
	if text := pdfText(t, []byte(pdf.body)); !strings.Contains(text, "Who read the record") || !strings.Contains(text, "Parts held separately") || strings.Contains(text, marker) || strings.Contains(text, "Safe House") {
		t.Errorf("the PDF has disclosures and the parts note, and nothing of the refuge")
	}

	// The refuge's manager is told, and releases the part to the person.
	mgr := w.web("refugemgr")
	if body := mgr.get("/").body; !strings.Contains(body, "subject access request") {
		t.Error("the refuge manager's dashboard asks for the part")
	}
	if body := w.web("manager").get("/").body; strings.Contains(body, "subject access request") {
		t.Error("only the confidential holder is asked")
	}
	page := mgr.get("/people/" + pid + "/subject-access/part")
	if page.status != http.StatusOK || !strings.Contains(page.body, "Release and download your part") || strings.Contains(page.body, "<no value>") {
		t.Fatalf("the part page: %d", page.status)
	}
	rel := mgr.form("/people/"+pid+"/subject-access/part", url.Values{})
	if rel.status != http.StatusOK || !strings.Contains(rel.body, "Refuge note about "+marker) || strings.Contains(rel.body, "Hostel note on Maria") {
		t.Fatalf("the released part holds the refuge's records only: %d", rel.status)
	}
	admin.get("/people/"+pid+"/subject-access.json").decode(t, &out)
	json.Unmarshal(out.Record["other_parts"], &parts)
	if parts.Awaited != 0 || parts.Released != 1 || strings.Contains(string(out.Record["other_parts"]), "Safe House") {
		t.Errorf("after the release: %+v", parts)
	}
	// A service holding nothing about the person is refused, by name.
	if r := w.api("sexworkmgr").json("POST", "/api/v1/people/"+pid+"/subject-access/part", map[string]any{}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "holds no records") {
		t.Errorf("a release by a service holding nothing: %d %s", r.status, r.body)
	}
	// Workers and area admins cannot release.
	if r := w.web("refuge").get("/people/" + pid + "/subject-access/part"); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
		t.Errorf("a refuge worker: %d", r.status)
	}
	if r := admin.get("/people/" + pid + "/subject-access/part"); r.status == http.StatusOK {
		t.Error("the area admin never sees a confidential part")
	}
}

func TestRetentionPageAndAPI(t *testing.T) {
	w := newWorld(t)
	admin := w.web("admin")
	rendered(t, "the retention page", admin.get("/admin/retention"), "Retention and erasure", "Street contacts", "Audit events", "(defaults)", "No one has been erased.")
	form := url.Values{"reason": {"area policy agreed by the board"}}
	for _, ty := range models.RetentionTypes {
		form.Set("days_"+ty.Key, "365")
	}
	form.Set("days_street_contact", "0")
	r := admin.form("/admin/retention", form)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "at least 1 day") || strings.Contains(r.body, "<no value>") {
		t.Fatalf("zero days: %d", r.status)
	}
	form.Set("days_street_contact", "730")
	if r := admin.form("/admin/retention", form); r.status != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.status, r.body)
	}
	rendered(t, "the retention page after a save", admin.get("/admin/retention"), "version 1", "area policy agreed by the board")
	api := w.api("admin")
	r = api.json("POST", "/api/v1/retention", map[string]any{"periods": map[string]int{"audit_event": -1}, "reason": "shorter audit trail"})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "periods.audit_event") {
		t.Errorf("a negative period: %d %s", r.status, r.body)
	}
	if r := w.api("hostel").get("/api/v1/retention"); r.status != http.StatusForbidden {
		t.Errorf("retention is for area admins: %d", r.status)
	}
}

func TestErasurePageAndAPI(t *testing.T) {
	w := newWorld(t)
	pid := itoa(w.people["hostel_person"].ID)
	admin := w.web("admin")
	rendered(t, "the erasure page", admin.get("/people/"+pid+"/erasure"), "Erase", "What erasure does", "Northmoor Hostel", "Erase for good")
	if text := textOf(t, admin.get("/people/"+pid+"/subject-access.pdf")); !strings.Contains(text, w.people["hostel_person"].GivenName) {
		t.Fatal("before erasure the PDF names the person (the sweep below would prove nothing otherwise)")
	}
	api := w.api("admin")
	r := api.json("POST", "/api/v1/people/"+pid+"/erasure", map[string]any{"requested_via_service_id": w.svcs["hostel"].ID})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "reason") {
		t.Fatalf("no reason: %d %s", r.status, r.body)
	}
	in := map[string]any{"reason": "the person asked for the record to go", "requested_via_service_id": w.svcs["hostel"].ID}
	r = api.json("POST", "/api/v1/people/"+pid+"/erasure", in)
	if r.status == http.StatusUnprocessableEntity {
		if !strings.Contains(r.body, "open_work_reason") {
			t.Fatalf("refused for another reason: %s", r.body)
		}
		in["open_work_reason"] = "consent to all processing withdrawn"
		r = api.json("POST", "/api/v1/people/"+pid+"/erasure", in)
	}
	if r.status != http.StatusOK {
		t.Fatalf("erase: %d %s", r.status, r.body)
	}
	if r := admin.get("/people/" + pid); r.status != http.StatusNotFound {
		t.Errorf("an erased person is gone: %d", r.status)
	}
	if r := api.json("POST", "/api/v1/people/"+pid+"/erasure", in); r.status != http.StatusNotFound {
		t.Errorf("erasing twice: %d", r.status)
	}
	if r := api.json("POST", "/api/v1/people/987654321/erasure", in); r.status != http.StatusNotFound {
		t.Errorf("an unknown person: %d", r.status)
	}
	if r := w.api("manager").json("POST", "/api/v1/people/"+itoa(w.people["mixed"].ID)+"/erasure", in); r.status != http.StatusForbidden {
		t.Errorf("erasure is for area admins: %d", r.status)
	}
	evs, _, _ := w.store.AuditLog(ctx, models.AuditFilter{Action: "person_erased"})
	if len(evs) != 1 || evs[0].Reason != "" {
		t.Errorf("the erasure is audited without identity: %+v", evs)
	}
	rendered(t, "the retention page lists the erasure", admin.get("/admin/retention"), "#"+pid, "the person asked for the record to go")
	// Nothing anyone can fetch names her any more: every page, JSON and
	// PDF is rebuilt from the erased rows. The search echoes what was
	// typed, so the queries use other words.
	name := w.people["hostel_person"].GivenName
	fetched := 0
	for _, role := range []string{"admin", "hostel", "manager"} {
		for _, c := range []*client{w.web(role), w.api(role)} {
			for _, rt := range w.srv.Routes() {
				if rt.Method != "GET" || (c.token != "") != strings.HasPrefix(rt.Path, "/api/") {
					continue
				}
				var paths []string
				if ps, ok := w.fillCaseworkParams(rt.Path); ok {
					paths = ps
				} else if strings.Contains(rt.Path, ":id") {
					for _, id := range w.idsFor(rt.Path) {
						paths = append(paths, strings.Replace(rt.Path, ":id", itoa(id), 1))
					}
				} else if !strings.Contains(rt.Path, ":") {
					paths = []string{rt.Path, rt.Path + "?format=pdf", rt.Path + "?format=csv"}
				}
				for _, p := range paths {
					r := c.get(p)
					fetched++
					if strings.Contains(textOf(t, r), name) {
						t.Errorf("after erasure %s still sees %q at GET %s", role, name, p)
					}
				}
			}
		}
	}
	if fetched < 300 {
		t.Fatalf("only %d fetches: the sweep proves little", fetched)
	}
	t.Logf("%d fetches after erasure", fetched)
	if body := admin.get("/people?q=Harriet").body; strings.Contains(body, "Harriet") && strings.Contains(body, "/people/"+pid+"\"") {
		t.Error("search finds an erased person")
	}
}
