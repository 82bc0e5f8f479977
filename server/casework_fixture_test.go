package server

import (
	"encoding/json"
	"time"

	"gateway/models"
	"gateway/policy"
)

// addCasework gives the fixture's people assessments, cases, safety plans
// and consent: the refuge's carry the refuge marker (on the refuge-only
// person and on Maria, whom the hostel also works with), the sex-work
// service's its marker, and the hostel's none. ids are kept as
// assessment_<person>_<role>, case_…, plan_…, consent_….
func (w *world) addCasework() {
	t := w.t
	for _, r := range []struct {
		person, role, words string
	}{
		{"refuge_only", "refuge", "Refuge words " + marker},
		{"mixed", "refuge", "Refuge assessment of Maria " + marker},
		{"mixed", "hostel", "Hostel assessment of Maria"},
		{"hostel_person", "hostel", "I like the hostel"},
		{"sexwork_only", "sexwork", "Night van words " + sexworkMarker},
	} {
		w.ids["assessment_"+r.person+"_"+r.role] = w.completedAssessment(r.person, r.role, r.words)
	}
	// A hostel draft on Harriet, which only the hostel sees.
	a := w.actor("hostel")
	d, _, err := w.store.StartAssessment(ctx, policy.People(a), policy.Assessments(a), a.Author(), w.people["hostel_person"].ID, models.AssessmentStart{})
	if err != nil {
		t.Fatal(err)
	}
	w.ids["draft_hostel_person_hostel"] = d.ID
	for _, r := range []struct{ person, role, pathway string }{
		{"mixed", "refuge", "prevention_relief"},
		{"refuge_only", "refuge", "prevention_relief"},
		{"mixed", "hostel", "prevention_relief"},
		{"hostel_person", "hostel", "prevention_relief"},
	} {
		a := w.actor(r.role)
		cs, err := w.store.OpenCase(ctx, policy.People(a), a.Author(), w.people[r.person].ID, models.CaseInput{Pathway: r.pathway, RAG: "red", RAGReason: "reason by " + r.role + " " + markerFor(r.role)})
		if err != nil {
			t.Fatalf("case %s %s: %v", r.person, r.role, err)
		}
		w.ids["case_"+r.person+"_"+r.role] = cs.ID
	}
	for _, r := range []struct{ person, role string }{{"mixed", "refuge"}, {"mixed", "hostel"}, {"refuge_only", "refuge"}} {
		a := w.actor(r.role)
		p, err := w.store.WriteSafetyPlan(ctx, policy.Records(a), policy.SafetyPlans(a), a.Author(), w.people[r.person].ID, models.SafetyPlanInput{
			KeepsMeSafe: "plan by " + r.role + " " + markerFor(r.role), AgreedActions: "text first", ReviewBy: models.DateOf(time.Now().AddDate(0, 1, 0))})
		if err != nil {
			t.Fatalf("plan %s %s: %v", r.person, r.role, err)
		}
		w.ids["plan_"+r.person+"_"+r.role] = p.ID
		c, err := w.store.RecordConsent(ctx, policy.Records(a), policy.SenderConsents(a), a.Author(), w.people[r.person].ID, models.ConsentInput{
			Purpose: models.ConsentShareAssessment, WithWhom: "services " + markerFor(r.role), Given: true})
		if err != nil {
			t.Fatal(err)
		}
		w.ids["consent_"+r.person+"_"+r.role] = c.ID
	}
}

func markerFor(role string) string {
	switch role {
	case "refuge":
		return marker
	case "sexwork":
		return sexworkMarker
	}
	return ""
}

// completedAssessment answers every required question and completes it.
func (w *world) completedAssessment(person, role, words string) int64 {
	t := w.t
	a := w.actor(role)
	as, _, err := w.store.StartAssessment(ctx, policy.People(a), policy.Assessments(a), a.Author(), w.people[person].ID, models.AssessmentStart{})
	if err != nil {
		t.Fatalf("assessment %s %s: %v", person, role, err)
	}
	ans := requiredAnswers()
	ans["own_words"] = words
	raw := models.Answers{}
	for k, v := range ans {
		b, _ := json.Marshal(v)
		raw[k] = b
	}
	if _, err := w.store.UpdateDraft(ctx, policy.EditableAssessments(a), as.ID, models.AssessmentUpdate{Answers: raw}); err != nil {
		t.Fatalf("answers %s %s: %v", person, role, err)
	}
	if _, err := w.store.CompleteAssessment(ctx, policy.EditableAssessments(a), a.Author(), as.ID); err != nil {
		t.Fatalf("complete %s %s: %v", person, role, err)
	}
	return as.ID
}

// requiredAnswers answers every required question of the shipped form.
func requiredAnswers() map[string]any {
	ans := map[string]any{
		"gender": "female", "care_leaver": false, "armed_forces": false, "has_pets": false, "housed_with_partner": false,
		"current_situation": "hostel", "rough_sleeping_now": false, "physical_health_concern": false, "uses_wheelchair": false,
		"mental_health_concern": true, "self_harm_recent": false, "drug_use": false, "alcohol_concern": false,
		"offending_history": false, "left_prison_recently": false, "learning_disability": false, "feels_safe_now": true,
		"domestic_abuse": false, "own_words": "In my words",
	}
	for _, q := range []string{"ndt_housing", "ndt_engagement", "ndt_intentional_self_harm", "ndt_unintentional_self_harm",
		"ndt_stress_anxiety", "ndt_meaningful_time", "ndt_social_effectiveness", "ndt_risk_to_others", "ndt_risk_from_others",
		"ndt_alcohol_drugs", "ndt_impulse_control", "ndt_self_care"} {
		ans[q] = 2
	}
	return ans
}

func personNamed(given, family string) models.PersonInput {
	return models.PersonInput{GivenName: given, FamilyName: family}
}
