package matching

import (
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDefaultWeightsAreTheEmbeddedFile(t *testing.T) {
	data, err := os.ReadFile("defaults/weights.json")
	if err != nil {
		t.Fatal(err)
	}
	w, err := ParseWeights(data)
	if err != nil {
		t.Fatal(err)
	}
	if w != DefaultWeights() {
		t.Errorf("defaults differ from defaults/weights.json")
	}
	if w.Priority.RoughSleepingTonight != 20 || w.Priority.NightsRough != (Rate{Per: 7, Cap: 20}) {
		t.Errorf("worked examples assume rough sleeping 20 and 1 per 7 nights capped at 20: %+v", w.Priority)
	}
}

// replaceIn edits the default weights JSON, so each case breaks one thing.
func replaceIn(t *testing.T, old, new string) []byte {
	t.Helper()
	data, err := os.ReadFile("defaults/weights.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("defaults/weights.json has no %q", old)
	}
	return []byte(strings.Replace(string(data), old, new, 1))
}

func TestParseWeightsErrorsNameTheField(t *testing.T) {
	tests := []struct {
		name, old, new, field, problem string
	}{
		{"misspelt field", `"nights_rough"`, `"nights_rogh"`, "priority.nights_rogh", "unknown field"},
		{"misspelt field leaves one missing", `"vacancy": 5`, `"vacancies": 5`, "fit.vacancy", "missing (use 0 to turn it off)"},
		{"wrong type", `"local_connection": 10,`, `"local_connection": "ten",`, "priority.local_connection", "want a whole number, got string"},
		{"negative", `"rough_sleeping_tonight": 20`, `"rough_sleeping_tonight": -5`, "priority.rough_sleeping_tonight", "-5 is outside 0 to 1000"},
		{"rate without a step", `"waiting_days": {"per": 7`, `"waiting_days": {"per": 0`, "priority.waiting_days.per", "must be at least 1 when cap is set"},
		{"distance without a step", `"per_metres": 2000`, `"per_metres": 0`, "fit.distance.per_metres", "must be at least 1 when max is set"},
		{"nested object expected", `"distance": {"max": 10, "per_metres": 2000}`, `"distance": 10`, "fit.distance", "want an object, got number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseWeights(replaceIn(t, tt.old, tt.new))
			var fes FieldErrors
			if !errors.As(err, &fes) {
				t.Fatalf("err = %v, want FieldErrors", err)
			}
			for _, fe := range fes {
				if fe.Field == tt.field && fe.Problem == tt.problem {
					return
				}
			}
			t.Errorf("err = %v, want %s: %s", err, tt.field, tt.problem)
		})
	}
}

func TestParseWeightsReportsEveryProblemAndSyntax(t *testing.T) {
	data := replaceIn(t, `"rough_sleeping_tonight": 20`, `"rough_sleeping_tonight": -1`)
	data = []byte(strings.Replace(string(data), `"vacancy": 5`, `"vacancy": 5000`, 1))
	_, err := ParseWeights(data)
	if err == nil || err.Error() != "priority.rough_sleeping_tonight: -1 is outside 0 to 1000; fit.vacancy: 5000 is outside 0 to 1000" {
		t.Errorf("err = %v", err)
	}
	if _, err := ParseWeights([]byte(`{"priority": {`)); err == nil || !strings.Contains(err.Error(), "invalid JSON") {
		t.Errorf("syntax error: %v", err)
	}
}

func TestZeroWeightsTurnFactorsOff(t *testing.T) {
	c := Candidate{PersonID: 1, Age: 30, RoughSleepingTonight: true, NightsRough: 100, NeedsScore: 50, LocalConnectionLAs: []int64{1}, WaitingSince: fixtureNow.AddDate(0, -1, 0)}
	r := Priority(c, plainHostel, Weights{}, fixtureNow)
	if len(r.Factors) != 0 || r.Total != 0 {
		t.Errorf("zero weights scored %+v", r.Factors)
	}
}
