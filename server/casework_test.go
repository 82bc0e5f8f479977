package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"gateway/models"
	"gateway/policy"
)

type apiAssessment struct {
	ID           int64          `json:"id"`
	Status       string         `json:"status"`
	Answers      map[string]any `json:"answers"`
	NeedsScore   *int           `json:"needs_score"`
	SupersedesID *int64         `json:"supersedes_id"`
}

func TestAssessmentThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	c := w.api("outreach")
	pid := itoa(w.people["hostel_person"].ID) // outreach is not involved yet
	if r := c.get("/api/v1/people/" + pid + "/assessments/" + itoa(w.ids["assessment_hostel_person_hostel"])); r.status != http.StatusNotFound {
		t.Fatalf("a service not involved reads no assessment: %d", r.status)
	}
	r := c.json("POST", "/api/v1/people/"+pid+"/assessments", nil)
	if r.status != http.StatusCreated {
		t.Fatalf("start: %d %s", r.status, r.body)
	}
	var a apiAssessment
	r.decode(t, &a)
	// Assessing opened the outreach's involvement, so the draft is pre-filled
	// from the hostel's completed assessment.
	if a.Status != "draft" || a.SupersedesID == nil || a.Answers["own_words"] != "I like the hostel" {
		t.Fatalf("pre-filled draft: %+v", a)
	}
	path := "/api/v1/people/" + pid + "/assessments/" + itoa(a.ID)

	// Bad input names each field and changes nothing.
	r = c.json("PATCH", path, map[string]any{"answers": map[string]any{"favourite_colour": "blue", "has_pets": "yes", "rough_sleeping_nights": 10, "ndt_housing": 9}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad answers: %d %s", r.status, r.body)
	}
	for _, f := range []string{"answers.favourite_colour", "answers.has_pets", "answers.rough_sleeping_nights", "answers.ndt_housing"} {
		if !strings.Contains(r.body, f) {
			t.Errorf("the error should name %s: %s", f, r.body)
		}
	}
	if r := c.json("PATCH", path, map[string]any{"answer": map[string]any{}}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"answer"`) {
		t.Errorf("an unknown field is named: %d %s", r.status, r.body)
	}
	var same apiAssessment
	c.get(path).decode(t, &struct{ Assessment *apiAssessment }{&same})
	if same.Answers["has_pets"] != false {
		t.Errorf("a refused update changed the draft: %v", same.Answers["has_pets"])
	}

	r = c.json("PATCH", path, map[string]any{"answers": map[string]any{"rough_sleeping_now": true, "rough_sleeping_nights": 12, "own_words": nil}})
	if r.status != http.StatusOK {
		t.Fatalf("update: %d %s", r.status, r.body)
	}
	r = c.json("POST", path+"/complete", nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "answers.own_words") {
		t.Fatalf("completing without a required answer names it: %d %s", r.status, r.body)
	}
	c.json("PATCH", path, map[string]any{"answers": map[string]any{"own_words": "Back on the street since the hostel closed"}})
	if r := c.json("POST", path+"/complete", nil); r.status != http.StatusOK {
		t.Fatalf("complete: %d %s", r.status, r.body)
	}
	if r := c.json("PATCH", path, map[string]any{"answers": map[string]any{"own_words": "changed"}}); r.status != http.StatusConflict || !strings.Contains(r.body, `"status"`) || !strings.Contains(r.body, "completed") {
		t.Errorf("a completed assessment is refused naming its state: %d %s", r.status, r.body)
	}
	if r := c.json("POST", path+"/complete", nil); r.status != http.StatusConflict {
		t.Errorf("completing twice is refused naming the state: %d %s", r.status, r.body)
	}
	var page struct {
		Assessment apiAssessment `json:"assessment"`
		Threshold  int           `json:"housing_first_threshold"`
		Sharing    struct {
			Allowed bool   `json:"allowed"`
			Reason  string `json:"reason"`
		} `json:"sharing"`
		Progress []struct{ Done bool } `json:"progress"`
	}
	c.get(path).decode(t, &page)
	if page.Assessment.Status != "completed" || page.Threshold != 38 || page.Assessment.NeedsScore == nil || *page.Assessment.NeedsScore != 24 {
		t.Errorf("completed page: %+v", page)
	}
	if page.Sharing.Allowed || !strings.Contains(page.Sharing.Reason, "no consent") {
		t.Errorf("without consent the assessment is not shared, and the answer says why: %+v", page.Sharing)
	}
	var list struct{ Assessments []apiAssessment }
	c.get("/api/v1/people/"+pid+"/assessments").decode(t, &list)
	if len(list.Assessments) != 2 {
		t.Errorf("outreach now reads both completed assessments (not the hostel's draft): %+v", list.Assessments)
	}
	var forms struct {
		Versions []struct{ Version int }
		Current  int
	}
	c.get("/api/v1/forms").decode(t, &forms)
	if forms.Current != 1 || len(forms.Versions) != 1 {
		t.Errorf("forms: %+v", forms)
	}
	if r := c.json("POST", "/api/v1/forms", map[string]any{"definition": map[string]any{}, "notes": "x"}); r.status != http.StatusForbidden {
		t.Errorf("only area admins publish forms: %d", r.status)
	}
}

func TestAssessmentSharingNeedsConsentAndSaysWhy(t *testing.T) {
	w := newWorld(t)
	c := w.web("hostel")
	pid := w.people["hostel_person"].ID
	url := "/people/" + itoa(pid) + "/assessments/" + itoa(w.ids["assessment_hostel_person_hostel"])
	if body := c.get(url).body; !strings.Contains(body, "no consent to share the assessment is recorded") {
		t.Fatalf("the page says why it cannot be shared")
	}
	ok, _ := w.store.HasConsent(ctx, policy.Consents(w.actor("hostel")), pid, models.ConsentShareAssessment)
	if ok {
		t.Fatal("no consent yet")
	}
	r := c.form("/people/"+itoa(pid)+"/consents", urlValues("_form", "tok1", "purpose", "share_assessment", "with_whom", "Services I am referred to", "_has_given", "1", "given", "true"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("record consent: %d %s", r.status, r.body)
	}
	if body := c.get(url).body; !strings.Contains(body, "Can be shared with services the person is referred to") {
		t.Fatal("with consent the page says it can be shared")
	}
	var cs struct{ Consents []models.Consent }
	w.api("hostel").get("/api/v1/people/"+itoa(pid)+"/consents").decode(t, &cs)
	if len(cs.Consents) != 1 {
		t.Fatalf("consents: %+v", cs)
	}
	r = c.form("/people/"+itoa(pid)+"/consents/"+itoa(cs.Consents[0].ID)+"/withdraw", urlValues("reason", "Does not want it shared any more"))
	if r.status != http.StatusSeeOther {
		t.Fatalf("withdraw: %d %s", r.status, r.body)
	}
	if body := c.get(url).body; !strings.Contains(body, "withdrew consent") {
		t.Fatal("after a withdrawal the page says so")
	}
	if ok, _ := w.store.HasConsent(ctx, policy.Consents(w.actor("hostel")), pid, models.ConsentShareAssessment); ok {
		t.Error("withdrawn consent is not consent")
	}
}

func urlValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func TestBirminghamCaseThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	c := w.api("outreach")
	pid := itoa(w.people["hostel_person"].ID)
	if r := c.json("POST", "/api/v1/people/"+pid+"/cases", map[string]any{"pathway": "nowhere", "rag_reason": "x"}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "pathway") {
		t.Fatalf("unknown pathway: %d %s", r.status, r.body)
	}
	r := c.json("POST", "/api/v1/people/"+pid+"/cases", map[string]any{"pathway": "prevention_relief", "rag": "amber", "rag_reason": "Sofa surfing, asked to leave"})
	if r.status != http.StatusCreated {
		t.Fatalf("open: %d %s", r.status, r.body)
	}
	var cs models.Case
	r.decode(t, &cs)
	tr := func(action, outcome, note string) response {
		return c.json("POST", "/api/v1/cases/"+itoa(cs.ID)+"/transitions", map[string]any{"action": action, "outcome": outcome, "note": note})
	}
	r = tr("confirm_closure", "HS - Advice and information only", "")
	if r.status != http.StatusConflict || !strings.Contains(r.body, `"status"`) || !strings.Contains(r.body, "Referral Entered") {
		t.Fatalf("a transition from the wrong state names the state: %d %s", r.status, r.body)
	}
	if r := tr("teleport", "", ""); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"action"`) {
		t.Fatalf("an unknown action names the field: %d %s", r.status, r.body)
	}
	for _, step := range []string{"confirm_referral", "client_contacted", "to_hna", "to_prevention", "to_closure"} {
		if r := tr(step, "", ""); r.status != http.StatusOK {
			t.Fatalf("%s: %d %s", step, r.status, r.body)
		}
	}
	if r := tr("confirm_closure", "", ""); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "outcome") {
		t.Fatalf("closing needs a primary outcome: %d %s", r.status, r.body)
	}
	r = tr("confirm_closure", "HS - Prevention: stayed in existing accommodation", "Referrer told")
	if r.status != http.StatusOK {
		t.Fatalf("close: %d %s", r.status, r.body)
	}
	var page struct {
		Case        models.Case        `json:"case"`
		StatusLabel string             `json:"status_label"`
		Events      []models.CaseEvent `json:"events"`
	}
	c.get("/api/v1/cases/"+itoa(cs.ID)).decode(t, &page)
	if page.StatusLabel != "Closed" || page.Case.PrimaryOutcome != "HS - Prevention: stayed in existing accommodation" || len(page.Events) != 7 {
		t.Fatalf("closed case: %+v", page)
	}
	// Re-presentation opens a new case.
	r = c.json("POST", "/api/v1/people/"+pid+"/cases", map[string]any{"pathway": "prevention_relief", "rag_reason": "Re-presented"})
	var again models.Case
	r.decode(t, &again)
	if r.status != http.StatusCreated || again.RepresentsCaseID == nil || *again.RepresentsCaseID != cs.ID {
		t.Fatalf("re-presentation: %d %s", r.status, r.body)
	}
	// The hostel reads the outreach's case but cannot move it.
	h := w.api("hostel")
	if r := h.get("/api/v1/cases/" + itoa(again.ID)); r.status != http.StatusOK {
		t.Errorf("an involved service reads the case: %d", r.status)
	}
	if r := h.json("POST", "/api/v1/cases/"+itoa(again.ID)+"/transitions", map[string]any{"action": "confirm_referral"}); r.status != http.StatusForbidden {
		t.Errorf("only the service running the case moves it: %d", r.status)
	}
	if r := c.json("POST", "/api/v1/cases/"+itoa(again.ID)+"/rag", map[string]any{"rag": "red"}); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "rag_reason") {
		t.Errorf("a RAG change needs its reason: %d %s", r.status, r.body)
	}
}

func TestDuplicateWarningBeforeCreating(t *testing.T) {
	w := newWorld(t)
	c := w.api("outreach")
	var d duplicatesPage
	c.get("/api/v1/people/duplicates?given_name=Hariet&family_name=Hostle&dob=1990-06-01").decode(t, &d)
	if len(d.Matches) != 1 || d.Matches[0].ID != w.people["hostel_person"].ID || d.Matches[0].Strength != "strong" || len(d.Matches[0].Reasons) == 0 {
		t.Fatalf("duplicates: %+v", d)
	}
	if r := c.get("/api/v1/people/duplicates"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("the check needs a name: %d", r.status)
	}
	// Nobody outside the refuge is warned about the refuge-only person.
	r := c.get("/api/v1/people/duplicates?given_name=" + marker + "&family_name=Refuge" + marker + "&dob=1985-03-14")
	if strings.Contains(r.body, itoa(w.people["refuge_only"].ID)) || strings.Contains(r.body, "Safe House") {
		t.Errorf("a duplicate check must not reveal the refuge person: %s", r.body)
	}
	web := w.web("outreach")
	form := urlValues("_form", "t1", "given_name", "Hariet", "family_name", "Hostle", "dob", "1990-06-01")
	r = web.form("/people", form)
	if r.status != http.StatusOK || !strings.Contains(r.body, "This may be someone already recorded") || !strings.Contains(r.body, "Harriet") {
		t.Fatalf("the create form warns of the likely duplicate: %d", r.status)
	}
	if n := countPeople(t, w); n != len(w.people) {
		t.Fatalf("nothing is created before the worker decides: %d people", n)
	}
	form.Set("confirm_new", "1")
	if r := web.form("/people", form); r.status != http.StatusSeeOther {
		t.Fatalf("confirming a new person creates them: %d %s", r.status, r.body)
	}
	if n := countPeople(t, w); n != len(w.people)+1 {
		t.Fatalf("one person created: %d", n)
	}
}

func countPeople(t *testing.T, w *world) int {
	var n int64
	w.store.Gorm().Table("people").Count(&n)
	return int(n)
}

func TestMergeMovesHistoryAndTheOldAddressLeadsToTheSurvivor(t *testing.T) {
	w := newWorld(t)
	dup := w.person("dup", "outreach", models.PersonInput{GivenName: "Hariet", FamilyName: "Hostel", DOB: models.Date{Year: 1990, Month: 6, Day: 1}})
	w.note("dup", "outreach", "Outreach note on the duplicate")
	survivor := w.people["hostel_person"]
	if r := w.api("hostel").json("POST", "/api/v1/people/"+itoa(survivor.ID)+"/merge", map[string]any{"merge_id": dup.ID, "reason": "same person"}); r.status != http.StatusForbidden {
		t.Fatalf("only area admins merge: %d", r.status)
	}
	admin := w.api("admin")
	if body := w.web("admin").get("/people/" + itoa(survivor.ID) + "/merge").body; !strings.Contains(body, "Hariet") || !strings.Contains(body, "same date of birth") {
		t.Fatal("the merge page lists the likely duplicate with its reasons")
	}
	r := admin.json("POST", "/api/v1/people/"+itoa(survivor.ID)+"/merge", map[string]any{"merge_id": dup.ID, "reason": "Same date of birth; Hariet is a misspelling"})
	if r.status != http.StatusOK {
		t.Fatalf("merge: %d %s", r.status, r.body)
	}
	// The outreach's note and involvement followed the person.
	var notes notesPage
	w.api("outreach").get("/api/v1/people/"+itoa(survivor.ID)+"/notes").decode(t, &notes)
	found := false
	for _, n := range notes.Notes {
		found = found || n.Body == "Outreach note on the duplicate"
	}
	if !found {
		t.Fatalf("the note moved to the survivor: %+v", notes)
	}
	// The old address says where the person went, to those who may see them.
	r = w.web("daycentre").get("/people/" + itoa(dup.ID))
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/people/"+itoa(survivor.ID) {
		t.Fatalf("merged address: %d %s", r.status, r.header.Get("Location"))
	}
	if r := w.api("daycentre").get("/api/v1/people/" + itoa(dup.ID)); r.status != http.StatusMovedPermanently || !strings.Contains(r.body, itoa(survivor.ID)) {
		t.Fatalf("merged address through the API: %d %s", r.status, r.body)
	}
	var log mergesPage
	admin.get("/api/v1/merges").decode(t, &log)
	if len(log.Merges) != 1 || log.Merges[0].MergedID != dup.ID || log.Merges[0].Moved["case notes"] != 1 {
		t.Fatalf("merge log: %+v", log)
	}
	if body := w.web("admin").get("/admin/merges").body; !strings.Contains(body, "Hariet Hostel") || !strings.Contains(body, "misspelling") {
		t.Error("the merge can be inspected later")
	}
}

func TestAMergedAwayRefugePersonStaysHidden(t *testing.T) {
	w := newWorld(t)
	// The refuge merges its own duplicate through the database team; the
	// survivor is refuge-only, so its old address is a 404 for everyone else.
	dup := w.person("refuge_dup", "refuge", models.PersonInput{GivenName: "Dup" + marker, FamilyName: "X"})
	w.store.Gorm().Exec("UPDATE people SET merged_into_id = ? WHERE id = ?", w.people["refuge_only"].ID, dup.ID)
	missing := w.web("hostel").get("/people/987654321")
	got := w.web("hostel").get("/people/" + itoa(dup.ID))
	if got.status != http.StatusNotFound || got.body != missing.body {
		t.Fatalf("a merged-away person whose survivor is hidden answers like a missing one: %d", got.status)
	}
	if r := w.web("refuge").get("/people/" + itoa(dup.ID)); r.status != http.StatusSeeOther {
		t.Errorf("the refuge is told where its person went: %d", r.status)
	}
}

func TestReviewListsOnTheDashboard(t *testing.T) {
	w := newWorld(t)
	// A case with no action for 20 days and no note from the service is stale;
	// Harriet's case is as old, but the hostel wrote her a note recently.
	quiet := w.person("quiet", "hostel", models.PersonInput{GivenName: "Quentin", FamilyName: "Quiet"})
	a := w.actor("hostel")
	cs, err := w.store.OpenCase(ctx, policy.People(a), a.Author(), quiet.ID, models.CaseInput{Pathway: "prevention_relief", RAGReason: "new"})
	if err != nil {
		t.Fatal(err)
	}
	old := models.Now().AddDate(0, 0, -20)
	w.store.Gorm().Exec("UPDATE cases SET last_activity_at = ? WHERE id IN ?", old, []int64{cs.ID, w.ids["case_hostel_person_hostel"]})
	var r reviewLists
	w.api("manager").get("/api/v1/review").decode(t, &r)
	if !r.Whole || len(r.Stale) != 1 || r.Stale[0].ID != cs.ID {
		t.Fatalf("stale: %+v", r.Stale)
	}
	var mine reviewLists
	w.api("hostel").get("/api/v1/review").decode(t, &mine)
	if mine.Whole || len(mine.Stale) != 1 {
		t.Errorf("a worker sees their own cases: %+v", mine)
	}
	if len(r.Red) != 2 {
		t.Errorf("the hostel's two red cases: %+v", r.Red)
	}
	for _, sp := range r.Shared {
		if sp.ID == w.people["mixed"].ID {
			t.Errorf("Maria is open to the hostel and a refuge only: she is not 'open to several' for the hostel")
		}
	}
	w.involve("hostel_person", "outreach")
	w.api("manager").get("/api/v1/review").decode(t, &r)
	if len(r.Shared) != 1 || r.Shared[0].ID != w.people["hostel_person"].ID || len(r.Shared[0].Services) != 2 {
		t.Fatalf("open to several: %+v", r.Shared)
	}
	body := w.web("hostel").get("/").body
	for _, want := range []string{"Review lists", "No activity for 14 days", "Red cases", "Open to more than one service"} {
		if !strings.Contains(body, want) {
			t.Errorf("the worker's dashboard shows %q", want)
		}
	}
}

func TestMyRecordAndSubjectAccess(t *testing.T) {
	w := newWorld(t)
	pid := itoa(w.people["mixed"].ID)
	h := w.web("hostel")
	body := h.get("/people/" + pid + "/my-record").body
	for _, want := range []string{"My record", "Hostel note on Maria", "Hostel assessment of Maria", "plan by hostel"} {
		if !strings.Contains(body, want) {
			t.Errorf("my record shows %q", want)
		}
	}
	if strings.Contains(body, marker) || strings.Contains(body, "Safe House") {
		t.Error("my record for the hostel shows nothing of the refuge")
	}
	pdf := h.get("/people/" + pid + "/my-record.pdf")
	if pdf.status != http.StatusOK || pdf.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d %s", pdf.status, pdf.header.Get("Content-Type"))
	}
	if text := pdfText(t, []byte(pdf.body)); !strings.Contains(text, "Hostel note on Maria") || strings.Contains(text, marker) {
		t.Errorf("the PDF holds the hostel's record and nothing of the refuge")
	}
	if r := h.get("/people/" + pid + "/subject-access.json"); r.status != http.StatusForbidden {
		t.Errorf("subject access is for area admins: %d", r.status)
	}
	admin := w.web("admin")
	r := admin.get("/people/" + pid + "/subject-access.json")
	if r.status != http.StatusOK || !strings.Contains(r.body, "Hostel assessment of Maria") || !strings.Contains(r.body, "Hostel note on Maria") {
		t.Fatalf("subject access JSON: %d", r.status)
	}
	if strings.Contains(r.body, marker) || strings.Contains(r.body, "Safe House") {
		t.Error("subject access never includes a confidential service's records")
	}
	r = admin.get("/people/" + pid + "/subject-access.pdf")
	if text := pdfText(t, []byte(r.body)); r.status != http.StatusOK || !strings.Contains(text, "Hostel note on Maria") || strings.Contains(text, marker) {
		t.Errorf("subject access PDF: %d", r.status)
	}
	if r := admin.get("/people/" + itoa(w.people["refuge_only"].ID) + "/subject-access.json"); r.status != http.StatusNotFound {
		t.Errorf("a refuge-only person has no subject access export outside the refuge: %d", r.status)
	}
	evs, _, _ := w.store.AuditLog(ctx, models.AuditFilter{Action: "subject_access_export", Outcome: models.Allowed})
	if len(evs) != 2 {
		t.Errorf("each export is audited: %d", len(evs))
	}
}

func TestCaseworkReadsAreAudited(t *testing.T) {
	w := newWorld(t)
	h := w.api("hostel")
	pid := itoa(w.people["mixed"].ID)
	h.get("/api/v1/people/" + pid + "/assessments/" + itoa(w.ids["assessment_mixed_hostel"]))
	h.get("/api/v1/cases/" + itoa(w.ids["case_mixed_hostel"]))
	h.get("/api/v1/people/" + pid + "/assessments/" + itoa(w.ids["assessment_mixed_refuge"]))
	for action, outcome := range map[string]string{"read_assessment": models.Allowed, "read_case": models.Allowed} {
		evs, _, _ := w.store.AuditLog(ctx, models.AuditFilter{Action: action, Outcome: outcome})
		if len(evs) == 0 {
			t.Errorf("no %s %s event", outcome, action)
		}
	}
	evs, _, _ := w.store.AuditLog(ctx, models.AuditFilter{Action: "read_assessment", Outcome: models.Denied})
	if len(evs) != 1 || *evs[0].ObjectID != w.ids["assessment_mixed_refuge"] {
		t.Errorf("the hidden read is audited as denied: %+v", evs)
	}
	// The lists are part of the full record: a service that is not involved
	// (the hostel never worked with Derek) gets the one 404, audited as a
	// denied read, not an empty list audited as allowed.
	derek := w.people["daycentre_past"].ID
	for _, list := range []string{"assessments", "cases"} {
		missing := h.get("/api/v1/people/" + itoa(missingID) + "/" + list)
		got := h.get("/api/v1/people/" + itoa(derek) + "/" + list)
		if got.status != http.StatusNotFound || sameAnswer(withoutID(missing, missingID), withoutID(got, derek)) != "" {
			t.Errorf("%s of a person the hostel does not work with: %d %s", list, got.status, got.body)
		}
		evs, _, _ := w.store.AuditLog(ctx, models.AuditFilter{Action: "read_" + list, ObjectID: derek})
		if len(evs) != 1 || evs[0].Outcome != models.Denied || evs[0].Reason != "hidden by access rules" {
			t.Errorf("read_%s of Derek is audited as denied: %+v", list, evs)
		}
		if r := h.get("/api/v1/people/" + pid + "/" + list); r.status != http.StatusOK {
			t.Errorf("%s of Maria, whom the hostel works with: %d", list, r.status)
		}
	}
}

func TestPublishingAFormVersionAsAnAreaAdmin(t *testing.T) {
	w := newWorld(t)
	admin := w.web("admin")
	body := admin.get("/admin/forms").body
	if !strings.Contains(body, "Publish as version 2") {
		t.Fatal("the admin gets the publishing form")
	}
	r := admin.form("/admin/forms", urlValues("notes", "broken", "definition", `{"title":"x","sections":[]}`))
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Not published") {
		t.Fatalf("an invalid definition is refused with reasons: %d", r.status)
	}
	d, _ := models.DefaultForm()
	d.Sections[0].Questions[0].Label = "What name do you use?"
	api := w.api("admin")
	r = api.json("POST", "/api/v1/forms", map[string]any{"definition": d, "notes": "Friendlier first question"})
	if r.status != http.StatusCreated {
		t.Fatalf("publish: %d %s", r.status, r.body)
	}
	// A draft started on version 1 keeps version 1; a new one uses 2.
	var old struct {
		Assessment struct {
			FormVersion int `json:"form_version"`
		}
	}
	w.api("hostel").get("/api/v1/people/"+itoa(w.people["hostel_person"].ID)+"/assessments/"+itoa(w.ids["draft_hostel_person_hostel"])).decode(t, &old)
	if old.Assessment.FormVersion != 1 {
		t.Errorf("the draft keeps its version: %d", old.Assessment.FormVersion)
	}
	r = w.api("outreach").json("POST", "/api/v1/people/"+itoa(w.people["hostel_person"].ID)+"/assessments", nil)
	var fresh struct {
		FormVersion int `json:"form_version"`
	}
	r.decode(t, &fresh)
	if fresh.FormVersion != 2 {
		t.Errorf("a new assessment uses version 2: %d", fresh.FormVersion)
	}
}
