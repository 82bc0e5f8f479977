package demo

import (
	"context"
	"encoding/json"
	"testing"

	"gateway/models"
	"gateway/models/modeltest"
)

// The demo's casework holds to the rules the app enforces: every
// assessment is complete on the form it names and written by a service
// working with the person, with the service's confidential flag; every case
// is at a status of its pathway; safety plans are for flagged people. It is
// built on both databases (COPY on PostgreSQL).
func TestTheDemoCaseworkFollowsTheRules(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		s, sum, err := buildDemo(t, s)
		if err != nil {
			t.Fatal(err)
		}
		if sum.Assessments < 50 || sum.Cases < 50 {
			t.Fatalf("too little casework: %+v", sum)
		}
		all := models.NewScope("test: every row", "1 = 1", nil)
		var as []models.Assessment
		s.Gorm().Find(&as)
		form, err := s.CurrentForm(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			if missing := form.Definition.Missing(a.Answers, a.ForServiceType); len(missing) > 0 {
				t.Fatalf("assessment %d is missing %v", a.ID, missing)
			}
			// The needs scores agree with the answers.
			num := func(k string) float64 { var v float64; json.Unmarshal(a.Answers[k], &v); return v }
			yes := func(k string) bool { var v bool; json.Unmarshal(a.Answers[k], &v); return v }
			switch {
			case yes("rough_sleeping_now") && num("ndt_housing") < 4:
				t.Errorf("assessment %d: sleeping rough now, housing need %v", a.ID, num("ndt_housing"))
			case yes("self_harm_recent") && num("ndt_intentional_self_harm") < 4:
				t.Errorf("assessment %d: recent self-harm, self-harm score %v", a.ID, num("ndt_intentional_self_harm"))
			case !yes("drug_use") && !yes("alcohol_concern") && num("ndt_alcohol_drugs") != 1:
				t.Errorf("assessment %d: no drug or alcohol use, alcohol and drugs score %v", a.ID, num("ndt_alcohol_drugs"))
			case yes("domestic_abuse") && num("ndt_risk_from_others") < 4:
				t.Errorf("assessment %d: domestic abuse, risk from others %v", a.ID, num("ndt_risk_from_others"))
			}
			if score := form.Definition.Score(a.Answers); score == nil || a.NeedsScore == nil || *score != *a.NeedsScore {
				t.Fatalf("assessment %d: stored score %v, answers add up to %v", a.ID, a.NeedsScore, score)
			}
			if _, err := form.Definition.Merge(models.Answers{}, a.Answers, a.ForServiceType, func(int64) bool { return true }); err != nil {
				t.Fatalf("assessment %d has answers the form refuses: %v", a.ID, err)
			}
		}
		var wrong int64
		s.Gorm().Model(&models.Assessment{}).Where(`NOT EXISTS (SELECT 1 FROM involvements i JOIN services sv ON sv.id = i.service_id
			WHERE i.person_id = assessments.person_id AND i.service_id = assessments.service_id AND sv.confidential = assessments.confidential)`).Count(&wrong)
		if wrong != 0 {
			t.Errorf("%d assessments by a service not working with the person, or with the wrong confidential flag", wrong)
		}
		pathways, _ := s.Pathways(ctx)
		for _, p := range pathways {
			var statuses []string
			s.Gorm().Model(&models.Case{}).Where("pathway_id = ?", p.ID).Distinct("status").Pluck("status", &statuses)
			for _, st := range statuses {
				if p.Definition.State(st) == nil {
					t.Errorf("a %s case is at %q, not a status of the pathway", p.Key, st)
				}
			}
		}
		s.Gorm().Model(&models.SafetyPlan{}).Where("NOT EXISTS (SELECT 1 FROM people p WHERE p.id = safety_plans.person_id AND p.safety_flag)").Count(&wrong)
		if wrong != 0 {
			t.Errorf("%d safety plans for people without the safety flag", wrong)
		}
		// The review lists have something to show.
		var svc int64
		s.Gorm().Model(&models.Case{}).Where("closed_at IS NULL AND rag = 'red'").Select("service_id").Limit(1).Scan(&svc)
		red, err := s.RedCases(ctx, all, all, models.ReviewFilter{ServiceID: svc, Now: models.Now()})
		if err != nil || len(red) == 0 {
			t.Errorf("red cases for service %d: %v %d", svc, err, len(red))
		}
	})
}
