package names

import (
	"slices"
	"testing"
)

func TestCanonicalGathersNicknames(t *testing.T) {
	cases := map[string][]string{
		"william":   {"Bill", "Billy", "Will", "Liam", "William", "WILLY"},
		"robert":    {"Bob", "Rob", "Robbie", "Bobby"},
		"catherine": {"Kate", "Katie", "Cathy", "Katherine", "Kathryn", "Katarzyna", "Kasia"},
		"muhammad":  {"Mo", "Mohammed", "Muhammad", "Mohamed", "Maxamed"},
		"john":      {"Johnny", "Jack", "Ion", "Jonas"},
		"stephen":   {"Ștefan", "Steve", "Steven", "Szczepan"},
		"luke":      {"Łukasz", "Lukas"},
		"elizabeth": {"Liz", "Beth", "Elżbieta"},
		"margaret":  {"Maggie", "Peggy", "Małgorzata", "Gosia"},
		"yusuf":     {"Yousef", "Youssef"},
		"fatima":    {"Fadumo", "Fatuma"},
		"oluwaseun": {"Seun"},
	}
	for canonical, names := range cases {
		for _, n := range names {
			if got := Canonical(n); got != canonical {
				t.Errorf("Canonical(%q) = %q, want %q", n, got, canonical)
			}
		}
	}
}

func TestVariantsListsEveryGroup(t *testing.T) {
	cases := map[string][]string{
		"Alex":   {"alexander", "alexandra"},
		"Chris":  {"christopher", "christian", "christine"},
		"Sam":    {"samuel", "samantha"},
		"Harry":  {"henry", "harold"},
		"Nicola": {"nicola", "nicholas"}, // its own group first
	}
	for n, want := range cases {
		if got := Variants(n); !slices.Equal(got, want) {
			t.Errorf("Variants(%q) = %v, want %v", n, got, want)
		}
	}
	if got := Canonical("Nicola"); got != "nicola" {
		t.Errorf("a canonical name must map to itself, got %q", got)
	}
}

func TestUnknownNamesStandForThemselves(t *testing.T) {
	if got := Canonical("Żydrūnas"); got != "zydrunas" {
		t.Errorf("got %q", got)
	}
	if got := Variants("Żydrūnas"); !slices.Equal(got, []string{"zydrunas"}) {
		t.Errorf("got %v", got)
	}
	if got := Variants("  "); got != nil {
		t.Errorf("empty name has variants %v", got)
	}
}

func TestNicknameTableSize(t *testing.T) {
	if n := len(groupsOf); n < 400 {
		t.Errorf("table has %d names, want a few hundred", n)
	}
}

func TestFormsListsTheWholeGroup(t *testing.T) {
	got := Forms("Bill")
	for _, want := range []string{"bill", "billy", "liam", "will", "william"} {
		if !slices.Contains(got, want) {
			t.Errorf("Forms(Bill) lacks %q: %v", want, got)
		}
	}
	if got := Forms("Alex"); !slices.Contains(got, "alexander") || !slices.Contains(got, "alexandra") {
		t.Errorf("Forms(Alex) = %v", got)
	}
	if got := Forms("Żydrūnas"); !slices.Equal(got, []string{"zydrunas"}) {
		t.Errorf("Forms of an unknown name = %v", got)
	}
	if Forms("") != nil {
		t.Error("Forms of nothing")
	}
}

// A familiar form's -y, -ie, -i and -ey are one sound: Andi is Andy's
// spelling (so Andrew's) as well as the Andrea the table lists it under;
// Kerrie, which the table does not list, is Kerry.
func TestAFamiliarEndingMayBeSpelledAnyWay(t *testing.T) {
	cases := map[string][]string{
		"Andi":   {"andrea", "andrew"},
		"Kerrie": {"kerry"},
		"Stevie": {"stephen"},
	}
	for n, want := range cases {
		for _, w := range want {
			if got := Variants(n); !slices.Contains(got, w) {
				t.Errorf("Variants(%q) = %q, want %q among them", n, got, w)
			}
		}
	}
	// Forms, which the generator draws nicknames from, stay the table's.
	if slices.Contains(Forms("Andi"), "andrew") {
		t.Errorf("Forms(Andi) = %q", Forms("Andi"))
	}
}
