package reports

import (
	"fmt"
	"testing"
	"time"
)

var october = Month{2026, time.October}

// The fixture, worked by hand against the default rules
// (person 5 fields, assessment 6, street contact 3, placement 3, case 1):
//
// Service 10
//
//	person 1          missing gender, local_connection      2 of 5
//	person 2          complete                              0 of 5
//	street contact 3  missing site_type (listed twice) and
//	                  "colour", which no rule requires      1 of 3
//	case 4            missing outcome_on_closure            1 of 1
//	records 4, required 14, missing 4: 100 × (1 − 4/14) = 71.428… → 71.4
//
// Service 20
//
//	placement 5       complete                              0 of 3
//	referral 9        not a measured type: not counted
//	records 1, required 3, missing 0: 100
//
// Service 30
//
//	person 6          missing name, gender                  2 of 5
//	assessment 7      missing consent                       1 of 6
//	records 2, required 11, missing 3: 100 × 8/11 = 72.727… → 72.7
//
// All three combined: required 28, missing 7: 100 × 21/28 = 75.0
func complianceFixture() []Record {
	return []Record{
		{Type: "person", ID: 1, ServiceID: 10, Label: "Zoë Adams", Missing: []string{"gender", "local_connection"}},
		{Type: "street_contact", ID: 3, ServiceID: 10, Missing: []string{"site_type", "site_type", "colour"}},
		{Type: "placement", ID: 5, ServiceID: 20},
		{Type: "person", ID: 2, ServiceID: 10, Label: "Łukasz Nowak"},
		{Type: "case", ID: 4, ServiceID: 10, Missing: []string{"outcome_on_closure"}},
		{Type: "referral", ID: 9, ServiceID: 20, Missing: []string{"anything"}},
		{Type: "assessment", ID: 7, ServiceID: 30, Missing: []string{"consent"}},
		{Type: "person", ID: 6, ServiceID: 30, Label: "Алексей Петров", Missing: []string{"name", "gender"}},
	}
}

func TestScoreMatchesTheHandWorkedFixture(t *testing.T) {
	got := Score(october, DefaultRules(), complianceFixture())
	want := []struct {
		id                         int64
		records, required, missing int
		score                      float64
	}{
		{10, 4, 14, 4, 71.4},
		{20, 1, 3, 0, 100},
		{30, 2, 11, 3, 72.7},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d services, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ServiceID != w.id || g.Records != w.records || g.Required != w.required || g.Missing != w.missing || g.Score != w.score || g.Month != october {
			t.Errorf("service %d: got %+v, want %+v", w.id, g, w)
		}
	}
	if all := Combine(october, got); all.Required != 28 || all.Missing != 7 || all.Score != 75 {
		t.Errorf("combined = %d/%d %.1f, want 28/7 75.0", all.Required, all.Missing, all.Score)
	}
}

func TestScoreCountsEachEssentialField(t *testing.T) {
	s := Score(october, DefaultRules(), complianceFixture())[0] // service 10
	got := map[string]string{}
	for _, f := range s.PerField {
		got[f.Type+"."+f.Key] = fmt.Sprintf("%d/%d", f.Missing, f.Required)
	}
	want := map[string]string{
		"person.name": "0/2", "person.gender": "1/2", "person.local_connection": "1/2",
		"person.dob_or_estimated_age": "0/2", "person.nationality_or_immigration_status": "0/2",
		"street_contact.point": "0/1", "street_contact.time": "0/1", "street_contact.site_type": "1/1",
		"case.outcome_on_closure": "1/1",
	}
	if len(got) != len(want) {
		t.Errorf("PerField has %d entries, want %d (types without records are left out): %v", len(got), len(want), got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s = %q, want %q", k, got[k], w)
		}
	}
}

func TestNamedListShowsEachIncompleteRecordOnce(t *testing.T) {
	s := Score(october, DefaultRules(), complianceFixture())[0]
	var got []string
	for _, n := range s.Named {
		keys := ""
		for _, f := range n.Missing {
			keys += " " + f.Key
		}
		got = append(got, fmt.Sprintf("%s %d:%s", n.Type, n.ID, keys))
	}
	want := []string{
		"person 1: gender local_connection",
		"street_contact 3: site_type",
		"case 4: outcome_on_closure",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("named list\n got %q\nwant %q", got, want)
	}
	if s.Named[0].Label != "Zoë Adams" {
		t.Errorf("label lost: %q", s.Named[0].Label)
	}
}

func TestNothingRequiredScoresOneHundred(t *testing.T) {
	rules := RuleSet{Version: 1, Types: map[string][]Field{"case": {}}}
	s := Score(october, rules, []Record{{Type: "case", ID: 1, ServiceID: 1}})
	if len(s) != 1 || s[0].Score != 100 || s[0].Records != 1 {
		t.Fatalf("got %+v", s)
	}
	if got := Score(october, rules, nil); len(got) != 0 {
		t.Fatalf("no records gave %+v", got)
	}
}
