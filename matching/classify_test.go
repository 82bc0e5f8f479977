package matching

import "testing"

// A person counts once in the gaps report, under the first need and group
// in the vocabulary's order, whatever order their assessment listed them in.
func TestMainNeedAndGroupFollowTheVocabularyOrder(t *testing.T) {
	cases := []struct {
		name      string
		c         Candidate
		need, grp string
	}{
		{"needs in any order", Candidate{Needs: []string{"offending", "alcohol"}, NeedsScore: 30, Groups: []string{"veteran", "women"}}, "alcohol", "women"},
		{"rough sleeping tonight comes first", Candidate{RoughSleepingTonight: true, Groups: []string{"women"}, NeedsScore: 20}, "none_recorded", GroupRoughSleeper},
		{"no assessment", Candidate{}, "not_assessed", "none"},
	}
	for _, tc := range cases {
		if got := tc.c.MainNeed(); got != tc.need {
			t.Errorf("%s: MainNeed = %q, want %q", tc.name, got, tc.need)
		}
		if got := tc.c.MainGroup(); got != tc.grp {
			t.Errorf("%s: MainGroup = %q, want %q", tc.name, got, tc.grp)
		}
	}
}
