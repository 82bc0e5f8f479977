package policy_test

import (
	"testing"

	"gateway/models"
	"gateway/policy"
)

// caseworkRecord is one assessment, case, safety plan or consent record of
// the access fixture.
type caseworkRecord struct {
	kind   string
	id     int64
	person string
}

// addCasework gives the fixture's people records written by their
// services: completed assessments and a draft, cases, safety plans and
// consent, including a refuge's (confidential) ones on a person the hostel
// also works with, and records on people past the grace period, under
// break glass and merged away. Rows are inserted directly so the
// involvements the fixture arranged stay as they are.
func (w *world) addCasework(t *testing.T, users map[string]*models.User, sv map[string]*models.Service) {
	t.Helper()
	db := w.s.Gorm()
	form, err := w.s.CurrentForm(ctx)
	if err != nil {
		t.Fatal(err)
	}
	pathway, err := w.s.PathwayByKey(ctx, "prevention_relief")
	if err != nil {
		t.Fatal(err)
	}
	w.casework = map[string]caseworkRecord{}
	add := func(kind, name, person, author, service string) {
		t.Helper()
		s, u, pid, now := sv[service], users[author], w.people[person], w.now
		var row any
		switch kind {
		case policy.KindAssessment:
			a := &models.Assessment{PersonID: pid, ServiceID: s.ID, Confidential: s.Confidential, FormVersionID: form.ID,
				ForServiceType: string(s.Type), Status: models.AssessmentCompleted, Answers: models.Answers{}, CreatedByUserID: u.ID,
				CreatedAt: now, UpdatedAt: now, CompletedAt: &now}
			if name == "hostel_draft_on_open_hostel" {
				a.Status, a.CompletedAt = models.AssessmentDraft, nil
			}
			row = a
		case policy.KindCase:
			row = &models.Case{PersonID: pid, ServiceID: s.ID, Confidential: s.Confidential, PathwayID: pathway.ID, Status: "triage",
				Flags: []string{}, RAG: models.RAGAmber, RAGReason: "fixture", OpenedByUserID: u.ID, OpenedAt: now, LastActivityAt: now, Version: 1}
		case policy.KindSafetyPlan:
			row = &models.SafetyPlan{PersonID: pid, ServiceID: s.ID, Confidential: s.Confidential,
				SafetyPlanInput: models.SafetyPlanInput{KeepsMeSafe: "plan " + name, AgreedActions: "visit in pairs", ReviewBy: models.DateOf(now.AddDate(0, 1, 0))}, CreatedByUserID: u.ID, CreatedAt: now}
		case policy.KindConsent:
			row = &models.Consent{PersonID: pid, ConsentInput: models.ConsentInput{Purpose: models.ConsentShareAssessment, WithWhom: "services", Given: true},
				ServiceID: s.ID, Confidential: s.Confidential, RecordedByUserID: u.ID, RecordedAt: now}
		}
		omit := []string{"ServiceName", "AuthorName", "FormVersion", "PathwayKey", "PathwayName", "WorkerName", "RecorderName"}
		if err := db.Omit(omit...).Create(row).Error; err != nil {
			t.Fatalf("%s %s: %v", kind, name, err)
		}
		var id int64
		switch r := row.(type) {
		case *models.Assessment:
			id = r.ID
		case *models.Case:
			id = r.ID
		case *models.SafetyPlan:
			id = r.ID
		case *models.Consent:
			id = r.ID
		}
		w.casework[kind+":"+name] = caseworkRecord{kind: kind, id: id, person: person}
	}
	A, C, S, K := policy.KindAssessment, policy.KindCase, policy.KindSafetyPlan, policy.KindConsent
	add(A, "hostel_on_open_hostel", "open_hostel", "hostel_worker", "hostel")
	add(A, "hostel_draft_on_open_hostel", "open_hostel", "hostel_worker", "hostel")
	add(C, "hostel_on_open_hostel", "open_hostel", "hostel_worker", "hostel")
	add(K, "hostel_on_open_hostel", "open_hostel", "hostel_worker", "hostel")
	add(A, "daycentre_on_closed_in_grace", "closed_in_grace", "daycentre_worker", "daycentre")
	add(C, "daycentre_on_closed_past_grace", "closed_past_grace", "daycentre_worker", "daycentre")
	add(A, "refuge_on_refuge_only", "refuge_only", "refuge_worker", "refuge")
	add(S, "refuge_on_refuge_only", "refuge_only", "refuge_worker", "refuge")
	add(A, "refuge_on_refuge_and_hostel", "refuge_and_hostel", "refuge_worker", "refuge")
	add(A, "hostel_on_refuge_and_hostel", "refuge_and_hostel", "hostel_worker", "hostel")
	add(C, "refuge_on_refuge_and_hostel", "refuge_and_hostel", "refuge_worker", "refuge")
	add(S, "refuge_on_refuge_and_hostel", "refuge_and_hostel", "refuge_worker", "refuge")
	add(S, "hostel_on_refuge_and_hostel", "refuge_and_hostel", "hostel_worker", "hostel")
	add(K, "refuge_on_refuge_and_hostel", "refuge_and_hostel", "refuge_worker", "refuge")
	add(A, "sexwork_on_sexwork_closed", "sexwork_closed_long_ago", "sexwork_worker", "sexwork")
	add(C, "outreach_on_outreach_open", "outreach_open", "outreach_worker", "outreach")
	add(A, "hostel_on_broken_glass", "broken_glass", "hostel_worker", "hostel")
	add(S, "hostel_on_broken_glass", "broken_glass", "hostel_worker", "hostel")
	add(A, "hostel_on_glass_expired", "glass_expired", "hostel_worker", "hostel")
	add(A, "hostel_on_merged_away", "merged_away", "hostel_worker", "hostel")
	add(C, "hostel_on_merged_away", "merged_away", "hostel_worker", "hostel")
}
