package server

import (
	"net/http"
	"strings"
	"testing"

	"gateway/models"
	"gateway/policy"
)

// Maria is known to the refuge and the hostel, and both recorded her
// consent to share her assessment. When she tells the refuge no, that
// settles the refuge's own referral; the hostel's referral, resting on the
// consent the hostel recorded, waits on, and nothing on the hostel's side
// (its referral, its assessment page, its notices, the receiver's view)
// shows that the refuge recorded anything (rules 4 and 12).
func TestARefugeRefusalOfConsentShowsNothingToTheHostel(t *testing.T) {
	w := newWorld(t)
	maria := itoa(w.people["mixed"].ID)
	hostel, refuge := w.api("hostel"), w.api("refuge")
	r := hostel.json("POST", "/api/v1/referrals", map[string]any{"person_id": w.people["mixed"].ID, "to_service_id": w.svcs["outreach"].ID})
	if r.status != http.StatusCreated {
		t.Fatalf("the hostel refers Maria on its own consent: %d %s", r.status, r.body)
	}
	var sent referralJSON
	r.decode(t, &sent)
	var before int64
	w.store.Gorm().Table("notifications").Select("COALESCE(MAX(id), 0)").Scan(&before)

	r = refuge.json("POST", "/api/v1/people/"+maria+"/consents", map[string]any{"purpose": models.ConsentShareAssessment,
		"with_whom": "anyone " + marker, "given": false, "notes": "She does not want it shared " + marker})
	if r.status != http.StatusCreated {
		t.Fatalf("the refuge records her refusal: %d %s", r.status, r.body)
	}

	// The refuge's own waiting referral of Maria is withdrawn by the refuge.
	own, _ := referralAt(t, refuge, itoa(w.ids["referral_refuge_to_daycentre"]))
	if own.Status != models.ReferralWithdrawn {
		t.Errorf("the refuge's referral rests on the refusal it recorded: %s", own.Status)
	}
	// The hostel's waits, as the hostel and the receiver see it.
	for _, role := range []string{"hostel", "outreach"} {
		got, resp := referralAt(t, w.api(role), itoa(sent.ID))
		if got.Status != models.ReferralSent || got.Snapshot == nil {
			t.Errorf("%s: the hostel's referral still waits with its assessment: %s", role, resp.body)
		}
		page := w.web(role).get("/referrals/" + itoa(sent.ID))
		for _, body := range []string{resp.body, page.body} {
			refugeTrace(t, role+" referral", body)
		}
	}
	var sharing string
	for _, p := range []response{w.web("hostel").get("/people/" + maria + "/assessments/" + itoa(w.ids["assessment_mixed_hostel"])),
		w.web("hostel").get("/people/" + maria)} {
		if p.status != http.StatusOK {
			t.Fatalf("hostel page: %d", p.status)
		}
		refugeTrace(t, "hostel page", p.body)
		sharing += p.body
	}
	if !strings.Contains(sharing, "they agreed on") || strings.Contains(sharing, "said no") || strings.Contains(sharing, "Cannot be shared") {
		t.Errorf("the hostel's assessment page rests on the hostel's consent")
	}
	if ok, _ := w.store.HasConsent(ctx, policy.Consents(w.actor("hostel")), w.people["mixed"].ID, models.ConsentShareAssessment); !ok {
		t.Error("for the hostel, Maria's consent stands")
	}
	if ok, _ := w.store.HasConsent(ctx, policy.Consents(w.actor("refuge")), w.people["mixed"].ID, models.ConsentShareAssessment); ok {
		t.Error("for the refuge, her latest word is no")
	}
	var told int64
	w.store.Gorm().Table("notifications").Where("id > ? AND service_id IN ?", before,
		[]int64{w.svcs["hostel"].ID, w.svcs["outreach"].ID}).Count(&told)
	if told != 0 {
		t.Errorf("the hostel and the outreach team were told of %d changes", told)
	}
	var cs struct{ Consents []models.Consent }
	hostel.get("/api/v1/people/"+maria+"/consents").decode(t, &cs)
	for _, c := range cs.Consents {
		if c.ServiceID == w.svcs["refuge"].ID || !c.Active() {
			t.Errorf("the hostel lists a refuge's or a refused consent: %+v", c)
		}
	}
}

// A person the hostel and the refuge both work with, whose only consent
// is the refuge's: for the hostel no consent is recorded, and it cannot
// refer on the refuge's word.
func TestARefugeConsentDoesNotLetTheHostelRefer(t *testing.T) {
	w := newWorld(t)
	w.person("mixed_refuge_consent", "refuge", models.PersonInput{GivenName: "Mona", FamilyName: "Mixed", DOB: models.Date{Year: 1983, Month: 3, Day: 3}})
	w.involve("mixed_refuge_consent", "hostel")
	aid := w.completedAssessment("mixed_refuge_consent", "hostel", "Hostel assessment of Mona")
	w.consent("mixed_refuge_consent", "refuge")
	id := w.people["mixed_refuge_consent"].ID
	web := w.web("hostel")
	page := web.get("/people/" + itoa(id) + "/assessments/" + itoa(aid))
	if !strings.Contains(page.body, "no consent to share the assessment is recorded") || strings.Contains(page.body, "consent is recorded") {
		t.Errorf("the hostel's page says no consent is recorded, whatever the refuge holds: %d", page.status)
	}
	refugeTrace(t, "assessment page", page.body)
	r := w.api("hostel").json("POST", "/api/v1/referrals", map[string]any{"person_id": id, "to_service_id": w.svcs["outreach"].ID})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"consent"`) {
		t.Errorf("the hostel cannot refer on a consent it cannot see: %d %s", r.status, r.body)
	}
	refugeTrace(t, "refused referral", r.body)
	// The form and the person page say so too (the form lists the refuge
	// among the services one may refer to, as for anyone).
	if form := web.get("/people/" + itoa(id) + "/referrals/new?service_id=" + itoa(w.svcs["outreach"].ID)); !strings.Contains(form.body, "No consent is recorded") {
		t.Errorf("the referral form says no consent is recorded: %d", form.status)
	}
	if p := web.get("/people/" + itoa(id)); !strings.Contains(p.body, "No consent recorded to share") {
		t.Errorf("the person page says no consent is recorded: %d", p.status)
	}
	if ok, _ := w.store.HasConsent(ctx, policy.Consents(w.actor("refuge")), id, models.ConsentShareAssessment); !ok {
		t.Error("the refuge itself may refer on the consent it recorded")
	}
}

// refugeTrace fails when a body names the refuge, its worker or its marker.
func refugeTrace(t *testing.T, what, body string) {
	t.Helper()
	for _, s := range []string{marker, "Safe House", "User refuge", models.ConsentWithdrawnNote} {
		if strings.Contains(body, s) {
			t.Errorf("%s shows %q", what, s)
		}
	}
}
