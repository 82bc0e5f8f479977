package models_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// all sees every row: these tests check storage and rules of the records
// themselves; policy's matrix owns visibility.
var all = allNotes

type caseworld struct {
	s      *models.Store
	la     *models.LocalAuthority
	hostel *models.Service
	refuge *models.Service
	worker *models.User
	rworkr *models.User
	person *models.Person
}

func newCaseworld(t *testing.T, s *models.Store) *caseworld {
	b := modeltest.Build(t, s)
	w := &caseworld{s: s, la: b.LA("Northmoor")}
	org := b.Org("Org")
	w.hostel = b.Service(org, "Hostel", models.Hostel, w.la)
	w.refuge = b.Service(b.Org("Safe"), "Refuge", models.Refuge, w.la)
	w.worker = b.User("Worker", w.hostel, models.RoleWorker)
	w.rworkr = b.User("Refuge worker", w.refuge, models.RoleWorker)
	w.person = b.Person("Ann", "Example", w.worker, w.hostel)
	return w
}

func (w *caseworld) by() models.Author {
	return models.Author{UserID: w.worker.ID, ServiceID: w.hostel.ID}
}

func answers(t *testing.T, kv map[string]any) models.Answers {
	t.Helper()
	out := models.Answers{}
	for k, v := range kv {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[k] = b
	}
	return out
}

// complete answers every required question of the shipped form.
func completeAnswers(t *testing.T, la int64) map[string]any {
	kv := map[string]any{
		"gender": "female", "care_leaver": true, "armed_forces": false, "has_pets": true, "housed_with_partner": false,
		"current_situation": "rough_sleeping", "rough_sleeping_now": true, "rough_sleeping_nights": 40, "local_connection_la": la,
		"physical_health_concern": false, "uses_wheelchair": false, "mental_health_concern": true, "self_harm_recent": false,
		"drug_use": true, "alcohol_concern": false, "offending_history": false, "left_prison_recently": false,
		"risk_history": []string{"arson"}, "learning_disability": false, "feels_safe_now": false, "domestic_abuse": true,
		"own_words": "I want somewhere quiet.",
	}
	for _, q := range []string{"ndt_housing", "ndt_engagement", "ndt_intentional_self_harm", "ndt_unintentional_self_harm",
		"ndt_stress_anxiety", "ndt_meaningful_time", "ndt_social_effectiveness", "ndt_risk_to_others", "ndt_risk_from_others",
		"ndt_alcohol_drugs", "ndt_impulse_control", "ndt_self_care"} {
		kv[q] = 3
	}
	return kv
}

func TestTheShippedFormIsValid(t *testing.T) {
	d, err := models.DefaultForm()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Validate(); err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, s := range d.Sections {
		titles = append(titles, s.Title)
	}
	want := "About you|Housing history and current situation|Physical health|Emotional wellbeing and mental health|Substance and alcohol use|Offending|Finances|Skills, training and employment|Tenancy sustainment|Relationships and safety|Needs score|In my own words|Referrer's comments"
	if got := strings.Join(titles, "|"); got != want {
		t.Errorf("sections:\n got %s\nwant %s", got, want)
	}
}

func TestAFormVersionThatDropsAMatcherQuestionIsRefused(t *testing.T) {
	d, _ := models.DefaultForm()
	for si := range d.Sections {
		qs := d.Sections[si].Questions[:0]
		for _, q := range d.Sections[si].Questions {
			if q.ID != "rough_sleeping_now" && q.ID != "ndt_self_care" {
				qs = append(qs, q)
			}
		}
		d.Sections[si].Questions = qs
	}
	err := d.Validate()
	var fe models.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe["sections"], "self_care") {
		t.Fatalf("want a refusal naming the missing domain, got %v", err)
	}
}

func TestAssessmentDraftCompleteAndSupersede(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		a, created, err := s.StartAssessment(ctx, all, all, w.by(), w.person.ID, models.AssessmentStart{})
		if err != nil || !created {
			t.Fatalf("start: %v %v", err, created)
		}
		if a.Status != models.AssessmentDraft || a.ForServiceType != "hostel" || a.FormVersion != 1 {
			t.Fatalf("draft: %+v", a)
		}
		again, created, err := s.StartAssessment(ctx, all, all, w.by(), w.person.ID, models.AssessmentStart{})
		if err != nil || created || again.ID != a.ID {
			t.Fatalf("a second start should return the draft: %v %v %d", err, created, again.ID)
		}

		// Bad input names the field and changes nothing.
		for name, change := range map[string]map[string]any{
			"answers.no_such_question":      {"no_such_question": "x"},
			"answers.rough_sleeping_now":    {"rough_sleeping_now": "yes"},
			"answers.rough_sleeping_nights": {"rough_sleeping_now": false, "rough_sleeping_nights": 3},
			"answers.ndt_housing":           {"ndt_housing": 6},
			"answers.perpetrator_area":      {"perpetrator_area": "Northmoor"},
			"answers.local_connection_la":   {"local_connection_la": 99999},
		} {
			_, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, change)})
			var fe models.FieldErrors
			if !errors.As(err, &fe) || fe[name] == "" {
				t.Errorf("%v: want an error on %s, got %v", change, name, err)
			}
		}
		unchanged, _ := s.Assessment(ctx, all, a.ID)
		if len(unchanged.Answers) != len(a.Answers) {
			t.Errorf("a refused change must change nothing: %v", unchanged.Answers)
		}

		// Completing early names each missing required answer.
		_, err = s.CompleteAssessment(ctx, all, w.by(), a.ID)
		var missing models.FieldErrors
		if !errors.As(err, &missing) || missing["answers.care_leaver"] == "" || missing["answers.own_words"] == "" {
			t.Fatalf("want missing answers named, got %v", err)
		}
		if _, ok := missing["answers.rough_sleeping_nights"]; ok {
			t.Error("a question hidden by its condition is not required")
		}

		upd, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, completeAnswers(t, w.la.ID))})
		if err != nil {
			t.Fatal(err)
		}
		if upd.NeedsScore == nil || *upd.NeedsScore != 36 {
			t.Fatalf("needs score: %v", upd.NeedsScore)
		}
		if upd.HousingFirstIndicated() {
			t.Error("36 is under the threshold")
		}
		// Turning rough sleeping off drops the hidden nights answer.
		off, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, map[string]any{"rough_sleeping_now": false})})
		if err != nil || off.Answers.Has("rough_sleeping_nights") {
			t.Fatalf("hidden answers should be dropped: %v %v", err, off.Answers)
		}
		if _, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, map[string]any{"rough_sleeping_now": true, "rough_sleeping_nights": 40})}); err != nil {
			t.Fatal(err)
		}
		yes := true
		if _, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{NeedsOverride: &yes}); err == nil {
			t.Error("an override without a reason must be refused")
		}
		reason := "Care leaver: scores low because she avoids services"
		if _, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{NeedsOverride: &yes, NeedsOverrideReason: &reason}); err != nil {
			t.Fatal(err)
		}
		done, err := s.CompleteAssessment(ctx, all, w.by(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !done.Completed() || done.CompletedAt == nil || !done.HousingFirstIndicated() {
			t.Fatalf("completed: %+v", done)
		}
		f := done.Facts()
		if !f.RoughSleepingNow || f.NightsRough != 40 || f.NeedsScore != 36 || !f.Pets || f.Couple ||
			f.LocalConnectionLAID == nil || *f.LocalConnectionLAID != w.la.ID || !f.NeedsOverride ||
			strings.Join(f.Needs, ",") != "mental_health,substance_use,domestic_abuse" ||
			strings.Join(f.Risks, ",") != "arson" || strings.Join(f.Groups, ",") != "women,care_leaver,complex_needs" {
			t.Errorf("facts: %+v", f)
		}

		// Completed means immutable, in the store and in the database.
		if _, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, map[string]any{"own_words": "changed"})}); !errors.Is(err, models.ErrConflict) {
			t.Errorf("changing a completed assessment: want a conflict, got %v", err)
		}
		if err := s.Gorm().Exec("UPDATE assessments SET answers = '{}' WHERE id = ?", a.ID).Error; err == nil {
			t.Error("the database must refuse to change a completed assessment")
		}
		if err := s.Gorm().Exec("DELETE FROM assessments WHERE id = ?", a.ID).Error; err == nil {
			t.Error("the database must refuse to delete a completed assessment")
		}

		// The next one is pre-filled and supersedes it; age comes from the person.
		next, created, err := s.StartAssessment(ctx, all, all, w.by(), w.person.ID, models.AssessmentStart{})
		if err != nil || !created || next.SupersedesID == nil || *next.SupersedesID != a.ID {
			t.Fatalf("next: %v %v %+v", err, created, next)
		}
		if next.Answers.String("own_words") != "I want somewhere quiet." || next.Answers.Int("rough_sleeping_nights") != 40 || next.NeedsOverride {
			t.Errorf("pre-fill: %v", next.Answers)
		}
		latest, err := s.LatestAssessment(ctx, all, w.person.ID)
		if err != nil || latest.ID != a.ID {
			t.Errorf("latest completed: %v %v", err, latest)
		}
		if err := s.DiscardDraft(ctx, all, next.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestARefugeAssessmentAsksTheRefugeQuestions(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		by := models.Author{UserID: w.rworkr.ID, ServiceID: w.refuge.ID}
		a, _, err := s.StartAssessment(ctx, all, all, by, w.person.ID, models.AssessmentStart{})
		if err != nil {
			t.Fatal(err)
		}
		if !a.Confidential || a.ForServiceType != "refuge" {
			t.Fatalf("refuge assessment: %+v", a)
		}
		if _, err := s.UpdateDraft(ctx, all, a.ID, models.AssessmentUpdate{Answers: answers(t, map[string]any{"perpetrator_area": "Southdale"})}); err != nil {
			t.Errorf("a refuge may answer its own questions: %v", err)
		}
		if _, _, err := s.StartAssessment(ctx, all, all, w.by(), w.person.ID, models.AssessmentStart{ForServiceType: "commissioning"}); err == nil {
			t.Error("an assessment is for a provider service type")
		}
	})
}

func TestPublishingAFormVersion(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := newCaseworld(t, s)
		d, _ := models.DefaultForm()
		d.Sections[0].Questions = append(d.Sections[0].Questions, models.Question{ID: "nickname_used", Label: "Any other name you use?", Type: models.TypeText})
		b, _ := json.Marshal(d)
		fv, err := s.PublishForm(ctx, w.by(), models.PublishFormInput{Definition: b, Notes: "adds a question"})
		if err != nil {
			t.Fatal(err)
		}
		if fv.Version != 2 {
			t.Fatalf("version %d", fv.Version)
		}
		if _, err := s.PublishForm(ctx, w.by(), models.PublishFormInput{Definition: []byte(`{"title":"x","sections":[]}`), Notes: "bad"}); err == nil {
			t.Error("an invalid definition must be refused")
		}
		if err := s.Gorm().Exec("UPDATE form_versions SET title = 'x' WHERE id = ?", fv.ID).Error; err == nil {
			t.Error("a published version must never change")
		}
		list, err := s.FormVersions(ctx, models.Nothing)
		if err != nil || len(list) != 2 || list[0].Version != 2 {
			t.Fatalf("versions: %v %+v", err, list)
		}
	})
}
