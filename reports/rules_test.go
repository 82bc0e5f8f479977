package reports

import (
	"strings"
	"testing"
)

func TestDefaultRulesCoverTheFiveRecordTypes(t *testing.T) {
	rs := DefaultRules()
	want := map[string][]string{
		"person":         {"name", "dob_or_estimated_age", "gender", "nationality_or_immigration_status", "local_connection"},
		"street_contact": {"point", "time", "site_type"},
		"placement":      {"start", "move_on_reason", "move_on_destination"},
		"case":           {"outcome_on_closure"},
	}
	for typ, keys := range want {
		var got []string
		for _, f := range rs.Types[typ] {
			got = append(got, f.Key)
		}
		if strings.Join(got, ",") != strings.Join(keys, ",") {
			t.Errorf("%s: got %v, want %v", typ, got, keys)
		}
	}
	if a := rs.Types["assessment"]; len(a) < 2 || a[0].Key != "consent" {
		t.Errorf("assessment must start with consent then core sections: %v", a)
	}
}

func TestParseRuleSetNamesEveryBadField(t *testing.T) {
	_, err := ParseRuleSet([]byte(`{"version": 0, "types": {
		"person": [{"key": "name", "label": "Name"}, {"key": "name", "label": "Again"}, {"key": "Bad Key", "label": ""}],
		"street_contacts": [{"key": "point", "label": "Point"}]}}`))
	if err == nil {
		t.Fatal("accepted a broken rule set")
	}
	for _, want := range []string{
		"version: must be 1 or more",
		`types.person[1].key: duplicate "name"`,
		`types.person[2].key: "Bad Key"`,
		"types.person[2].label: missing",
		"types.street_contacts: unknown record type",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%v", want, err)
		}
	}
}

func TestParseRuleSetRejectsMisspeltAttributes(t *testing.T) {
	_, err := ParseRuleSet([]byte(`{"version": 1, "types": {"case": [{"key": "outcome_on_closure", "lable": "Outcome"}]}}`))
	if err == nil || !strings.Contains(err.Error(), "lable") {
		t.Fatalf("err = %v", err)
	}
}
