package matching

import (
	"errors"
	"strings"
	"testing"
)

func TestHardRulesFailWithReasons(t *testing.T) {
	adult := Candidate{PersonID: 1, Age: 30, Gender: "male", LocalConnectionLAs: []int64{4}}
	tests := []struct {
		name   string
		rules  Eligibility
		change func(*Candidate)
		want   []Failure
	}{
		{"under minimum age", Eligibility{MinAge: 18}, func(c *Candidate) { c.Age = 17 },
			[]Failure{{"min_age", "age 17 is under the minimum of 18"}}},
		{"over maximum age", Eligibility{MinAge: 16, MaxAge: 25}, nil,
			[]Failure{{"max_age", "age 30 is over the maximum of 25"}}},
		{"age unknown", Eligibility{MinAge: 16, MaxAge: 25}, func(c *Candidate) { c.Age = 0 },
			[]Failure{{"min_age", "age not recorded; the minimum is 16"}, {"max_age", "age not recorded; the maximum is 25"}}},
		{"women only", Eligibility{Genders: []string{"female"}}, nil,
			[]Failure{{"genders", "takes female only; gender recorded as male"}}},
		{"gender not recorded", Eligibility{Genders: []string{"female", "non_binary"}}, func(c *Candidate) { c.Gender = "" },
			[]Failure{{"genders", "takes female or non binary only; gender recorded as unknown"}}},
		{"no local connection", Eligibility{LocalConnectionRequired: true}, nil,
			[]Failure{{"local_connection_required", "no local connection to an area the service covers"}}},
		{"need outside the specialism", Eligibility{NeedsAccepted: []string{"mental_health"}},
			func(c *Candidate) { c.Needs = []string{"mental_health", "alcohol", "offending"} },
			[]Failure{{"needs_accepted", "does not support alcohol, offending"}}},
		{"excluded need", Eligibility{NeedsExcluded: []string{"substance_use"}},
			func(c *Candidate) { c.Needs = []string{"substance_use"} },
			[]Failure{{"needs_excluded", "does not accept substance use"}}},
		{"excluded risk", Eligibility{RisksExcluded: []string{"arson", "sexual_offending"}},
			func(c *Candidate) { c.Risks = []string{"violence_to_staff", "arson"} },
			[]Failure{{"risks_excluded", "cannot manage a risk of arson"}}},
		{"pets", Eligibility{}, func(c *Candidate) { c.Pets = true },
			[]Failure{{"pets_allowed", "does not accept pets"}}},
		{"wheelchair", Eligibility{}, func(c *Candidate) { c.Wheelchair = true },
			[]Failure{{"wheelchair_accessible", "is not wheelchair accessible"}}},
		{"couple", Eligibility{}, func(c *Candidate) { c.Couple = true },
			[]Failure{{"couples_accepted", "does not accept couples"}}},
		{"needs too high for low support", Eligibility{MaxNeedsScore: 30}, func(c *Candidate) { c.NeedsScore = 44 },
			[]Failure{{"max_needs_score", "needs score 44 is over the maximum of 30"}}},
		{"everything at once, in rule order", Eligibility{MinAge: 35, LocalConnectionRequired: true},
			func(c *Candidate) { c.Pets = true; c.Couple = true },
			[]Failure{
				{"min_age", "age 30 is under the minimum of 35"},
				{"local_connection_required", "no local connection to an area the service covers"},
				{"pets_allowed", "does not accept pets"},
				{"couples_accepted", "does not accept couples"},
			}},
		{"meets everything", Eligibility{MinAge: 18, Genders: []string{"male"}, LocalConnectionRequired: true, PetsAllowed: true},
			func(c *Candidate) { c.Pets = true; c.LocalConnectionLAs = []int64{9, 2} }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := adult
			if tt.change != nil {
				tt.change(&c)
			}
			s := Service{ServiceID: 1, LAs: []int64{1, 2}, Rules: tt.rules}
			for _, r := range []Result{Priority(c, s, DefaultWeights(), fixtureNow), Fit(c, s, DefaultWeights(), fixtureNow)} {
				if r.Eligible != (tt.want == nil) {
					t.Errorf("eligible = %v", r.Eligible)
				}
				if len(r.Failures) != len(tt.want) {
					t.Fatalf("failures = %+v, want %+v", r.Failures, tt.want)
				}
				for i := range tt.want {
					if r.Failures[i] != tt.want[i] {
						t.Errorf("failure %d = %+v, want %+v", i, r.Failures[i], tt.want[i])
					}
				}
			}
		})
	}
}

func TestParseEligibilityNamesTheField(t *testing.T) {
	tests := []struct{ json, field, problem string }{
		{`{"min_age": 18, "max_age": 16}`, "max_age", "16 is under min_age 18"},
		{`{"min_needs_score": 70}`, "min_needs_score", "70 is outside 12 to 60 (0 for none)"},
		{`{"genders": ["female", ""]}`, "genders[1]", "is empty"},
		{`{"pets": true}`, "pets", "unknown field"},
		{`{"min_age": "eighteen"}`, "min_age", "want a whole number, got string"},
		{`{"risks_excluded": "arson"}`, "risks_excluded", "want a list, got string"},
	}
	for _, tt := range tests {
		_, err := ParseEligibility([]byte(tt.json))
		var fes FieldErrors
		if !errors.As(err, &fes) || len(fes) != 1 || fes[0].Field != tt.field || fes[0].Problem != tt.problem {
			t.Errorf("%s: err = %v, want %s: %s", tt.json, err, tt.field, tt.problem)
		}
	}
	r, err := ParseEligibility([]byte(`{"min_age": 16, "max_age": 25, "genders": ["female"]}`))
	if err != nil || r.MinAge != 16 || r.MaxAge != 25 || r.Genders[0] != "female" {
		t.Errorf("valid rules: %+v, %v", r, err)
	}
}

func TestDefaultEligibilityPerServiceType(t *testing.T) {
	want := []string{"day_centre", "hostel", "housing_first", "housing_options", "outreach", "refuge", "sex_work_support", "supported_housing", "young_peoples_housing"}
	if got := strings.Join(ServiceTypes(), ","); got != strings.Join(want, ",") {
		t.Errorf("ServiceTypes() = %s", got)
	}
	refuge, groups := DefaultEligibility("refuge")
	if strings.Join(refuge.Genders, ",") != "female" || strings.Join(groups, ",") != "women" {
		t.Errorf("refuge: %+v %v", refuge, groups)
	}
	if hf, _ := DefaultEligibility("housing_first"); hf.MinNeedsScore != 38 || hf.MinAge != 18 {
		t.Errorf("housing first: %+v", hf)
	}
	if yp, _ := DefaultEligibility("young_peoples_housing"); yp.MinAge != 16 || yp.MaxAge != 25 {
		t.Errorf("young people: %+v", yp)
	}
	if none, g := DefaultEligibility("spaceship"); none.MinAge != 0 || g != nil {
		t.Errorf("unknown type: %+v %v", none, g)
	}
	// The defaults are shared; a caller editing its copy must not change them.
	refuge.Genders[0] = "male"
	groups[0] = "veteran"
	if again, g := DefaultEligibility("refuge"); again.Genders[0] != "female" || g[0] != "women" {
		t.Error("editing a returned default changed the defaults")
	}
}
