package models_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/reports"
)

// coreAnswers completes the five core sections of form version 1.
const coreAnswers = `{"gender":"female","care_leaver":false,"armed_forces":false,"has_pets":false,"housed_with_partner":false,` +
	`"current_situation":"rough_sleeping","rough_sleeping_now":false,"physical_health_concern":false,"uses_wheelchair":false,` +
	`"mental_health_concern":false,"self_harm_recent":false,"drug_use":false,"alcohol_concern":false}`

// aboutYouOnly completes "About you" and nothing else.
const aboutYouOnly = `{"gender":"male","care_leaver":true,"armed_forces":false,"has_pets":true,"housed_with_partner":false}`

// addCasework adds the hostel's assessments and cases to the fixture.
// Worked by hand against the default rules (assessment: consent and the
// five core sections; case: outcome on closure), March 2025:
//
//	A1 Ada    completed 10 March, core sections done, consent
//	          recorded by the hostel                               0 of 6
//	A2 Bob    draft started 2 March, only About you done, no
//	          consent decision                                     5 of 6
//	A3 Cat    completed in February: not counted
//	A4 Gus    draft started in April: not counted
//	A5 Dan    completed 20 March, core sections done; consent
//	          recorded only by a refuge, which must not show      1 of 6
//	C1 Ada    closed 15 March with an outcome                      0 of 1
//	C2 Bob    closed 16 March without one                          1 of 1
//	C3 Cat    closed in April; C4 Gus still open: not counted
//
// With the hostel's people (4 records, 5 of 20 missing): 9 records,
// 12 of 40 missing: 100 × 28/40 = 70.0.
func addCasework(t *testing.T, w *complianceWorld) map[string]int64 {
	t.Helper()
	s := w.s
	org, err := s.CreateOrganisation(ctx, models.OrganisationInput{Name: "Women's Aid"})
	if err != nil {
		t.Fatal(err)
	}
	refuge, err := s.CreateService(ctx, models.ServiceInput{OrganisationID: org.ID, Name: "Refuge", Type: models.Refuge, LAIDs: w.hostel.LAIDs})
	if err != nil {
		t.Fatal(err)
	}
	at := func(month time.Month, day int) time.Time { return time.Date(2025, month, day, 12, 0, 0, 0, time.UTC) }
	ids := map[string]int64{}
	insert := func(table, key string, cols string, vals ...any) {
		t.Helper()
		marks := strings.TrimSuffix(strings.Repeat("?,", len(vals)), ",")
		var id int64
		if err := s.Gorm().Raw("INSERT INTO "+table+" ("+cols+") VALUES ("+marks+") RETURNING id", vals...).Scan(&id).Error; err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		ids[key] = id
	}
	assessment := func(key, person, status, answers string, created time.Time, completed any) {
		insert("assessments", key, "person_id, service_id, confidential, form_version_id, for_service_type, status, answers, created_by_user_id, created_at, updated_at, completed_at",
			w.people[person].ID, w.hostel.ID, false, 1, "hostel", status, answers, w.manager.ID, created, created, completed)
	}
	consent := func(key, person string, service *models.Service) {
		insert("consents", key, "person_id, purpose, with_whom, given, service_id, confidential, recorded_by_user_id, recorded_at",
			w.people[person].ID, models.ConsentShareAssessment, "services I am referred to", true, service.ID, service.Confidential, w.manager.ID, at(3, 1))
	}
	assessment("A1", "ada", models.AssessmentCompleted, coreAnswers, at(3, 3), at(3, 10))
	consent("ada consent", "ada", w.hostel)
	assessment("A2", "bob", models.AssessmentDraft, aboutYouOnly, at(3, 2), nil)
	assessment("A3", "cat", models.AssessmentCompleted, coreAnswers, at(2, 1), at(2, 20))
	assessment("A4", "gus", models.AssessmentDraft, coreAnswers, at(4, 5), nil)
	assessment("A5", "dan", models.AssessmentCompleted, coreAnswers, at(3, 18), at(3, 20))
	consent("dan consent", "dan", refuge)

	var pathway int64
	if err := s.Gorm().Table("pathways").Select("id").Order("id").Limit(1).Scan(&pathway).Error; err != nil || pathway == 0 {
		t.Fatalf("no pathway seeded: %v", err)
	}
	kase := func(key, person string, closed any, outcome string) {
		insert("cases", key, "person_id, service_id, confidential, pathway_id, status, rag, rag_reason, primary_outcome, opened_by_user_id, opened_at, closed_at, last_activity_at",
			w.people[person].ID, w.hostel.ID, false, pathway, "closed", "green", "settled", outcome, w.manager.ID, at(1, 10), closed, at(1, 10))
	}
	kase("C1", "ada", at(3, 15), "housed")
	kase("C2", "bob", at(3, 16), "")
	kase("C3", "cat", at(4, 2), "")
	kase("C4", "gus", nil, "")
	return ids
}

func TestCaseworkComplianceMatchesTheHandWorkedFixture(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		ids := addCasework(t, w)
		q := marchQuery()
		q.ServiceIDs = []int64{w.hostel.ID}
		q.Names = allPeople
		recs := readRecords(t, s, q)
		hostel := reports.Score(march2025, reports.DefaultRules(), recs)[0]
		if got := fmt.Sprintf("%d records, %d of %d missing, %.1f", hostel.Records, hostel.Missing, hostel.Required, hostel.Score); got != "9 records, 12 of 40 missing, 70.0" {
			t.Errorf("hostel: %s; want 9 records, 12 of 40 missing, 70.0", got)
		}
		var got []string
		for _, n := range hostel.Named {
			if n.Type == "person" {
				continue
			}
			var keys []string
			for _, f := range n.Missing {
				keys = append(keys, f.Key)
			}
			got = append(got, fmt.Sprintf("%s %d %s %s %s", n.Type, n.ID, n.Label, n.Link, strings.Join(keys, ",")))
		}
		sort.Strings(got)
		want := []string{
			fmt.Sprintf("assessment %d Bob /people/%d/assessments/%d consent,housing_history,physical_health,mental_health,substance_use", ids["A2"], w.people["bob"].ID, ids["A2"]),
			fmt.Sprintf("assessment %d Dan Daycentre /people/%d/assessments/%d consent", ids["A5"], w.people["dan"].ID, ids["A5"]),
			fmt.Sprintf("case %d Bob /cases/%d outcome_on_closure", ids["C2"], ids["C2"]),
		}
		sort.Strings(want)
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("named list\n got %q\nwant %q", got, want)
		}
		// Sections the rules do not require are still checked (an admin
		// may make them essential), and hidden ones do not apply.
		for _, r := range recs {
			if r.Type == "assessment" && r.ID == ids["A1"] && !strings.Contains(strings.Join(r.Missing, ","), "offending") {
				t.Errorf("A1's unanswered offending section is not reported missing: %v", r.Missing)
			}
		}
	})
}
