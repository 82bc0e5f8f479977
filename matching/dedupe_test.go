package matching

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var johnSmith = PersonFacts{ID: 1, Given: "John", Family: "Smith", DOB: Date{1985, 3, 14}, Gender: "male"}

// only returns the single match of in against one candidate, failing the
// test if there is none.
func only(t *testing.T, in, candidate PersonFacts) DuplicateMatch {
	t.Helper()
	ms := Duplicates(in, []PersonFacts{candidate})
	if len(ms) != 1 {
		t.Fatalf("%s %s vs %s %s: want one match, got %v", in.Given, in.Family, candidate.Given, candidate.Family, ms)
	}
	return ms[0]
}

func hasReason(m DuplicateMatch, reason string) bool { return slices.Contains(m.Reasons, reason) }

func TestWorkedExamplesGiveTheirReasons(t *testing.T) {
	with := func(change func(*PersonFacts)) PersonFacts {
		p := johnSmith
		p.ID = 0
		change(&p)
		return p
	}
	cases := []struct {
		in       PersonFacts
		reason   string
		strength string
	}{
		{with(func(p *PersonFacts) {}), "same date of birth", StrengthStrong},
		{with(func(p *PersonFacts) {}), "same family name", StrengthStrong},
		{with(func(p *PersonFacts) { p.DOB = Date{1985, 3, 4} }), "date of birth with day and month swapped", ""},
		{with(func(p *PersonFacts) { p.DOB = Date{1985, 3, 15} }), "date of birth differs by one digit", StrengthStrong},
		{with(func(p *PersonFacts) { p.DOB = Date{1958, 3, 14} }), "date of birth with two digits swapped", StrengthStrong},
		{with(func(p *PersonFacts) { p.DOB = Date{Year: 1985} }), "same year of birth", StrengthPossible},
		{with(func(p *PersonFacts) { p.DOB = Date{}; p.EstimatedBirthYear = 1984 }), "estimated age fits date of birth", StrengthPossible},
		{with(func(p *PersonFacts) { p.Family = "Smyth" }), "family name sounds the same (Smyth / Smith)", StrengthStrong},
		{with(func(p *PersonFacts) { p.Family = "Smiht" }), "family name differs by one letter (Smiht / Smith)", StrengthStrong},
		{with(func(p *PersonFacts) { p.Given = "Johm" }), "given name differs by one letter (Johm / John)", StrengthStrong},
		{with(func(p *PersonFacts) { p.Given = "Jhon" }), "given name sounds the same (Jhon / John)", StrengthStrong},
		{with(func(p *PersonFacts) { p.Given = "Jack" }), "given name is a nickname of John (Jack / John)", StrengthStrong},
		{with(func(p *PersonFacts) { p.Given, p.Family = "Smith", "John" }), "given and family names swapped", StrengthStrong},
		{with(func(p *PersonFacts) { p.Given = "John Paul" }), "given names share a part (John Paul / John)", StrengthStrong},
		{with(func(p *PersonFacts) { p.Given = "J" }), "given name initial matches (J / John)", ""},
		{with(func(p *PersonFacts) { p.Given = "" }), "given name missing on one record", StrengthPossible},
		{with(func(p *PersonFacts) { p.Gender = "female" }), "gender recorded differently", ""},
		{with(func(p *PersonFacts) {
			p.Given, p.Family = "Jay", "Brown"
			p.Aliases = []Name{{"John", "Smith"}}
		}), "alias 'John Smith' matches their name", StrengthStrong},
	}
	for _, c := range cases {
		candidate := johnSmith
		if c.in.DOB == (Date{1985, 3, 4}) { // a day that can be a month
			candidate.DOB = Date{1985, 4, 3}
		}
		m := only(t, c.in, candidate)
		if !hasReason(m, c.reason) {
			t.Errorf("%+v: want reason %q, got %q", c.in, c.reason, m.Reasons)
		}
		if c.strength != "" && m.Strength != c.strength {
			t.Errorf("%+v: want %s, got %s (score %.2f)", c.in, c.strength, m.Strength, m.Score)
		}
	}
}

func TestNicknameAndAliasReasonsNameTheCandidate(t *testing.T) {
	william := PersonFacts{ID: 2, Given: "William", Family: "Jones", DOB: Date{1970, 1, 2}}
	m := only(t, PersonFacts{Given: "Bill", Family: "Jones", DOB: Date{1970, 1, 2}}, william)
	if !hasReason(m, "given name is a nickname of William (Bill / William)") {
		t.Errorf("got %q", m.Reasons)
	}
	m = only(t, PersonFacts{Given: "Bill", Family: "Jones", DOB: Date{1970, 1, 2}}, PersonFacts{ID: 3, Given: "Will", Family: "Jones", DOB: Date{1970, 1, 2}})
	if !hasReason(m, "given names are forms of one name (Bill / Will)") {
		t.Errorf("got %q", m.Reasons)
	}
	jay := PersonFacts{ID: 4, Given: "John", Family: "Smith", DOB: Date{1985, 3, 14}, Aliases: []Name{{"Jay", "Smith"}}}
	m = only(t, PersonFacts{Given: "Jay", Family: "Smith", DOB: Date{1985, 3, 14}}, jay)
	if !hasReason(m, "matches alias 'Jay Smith'") {
		t.Errorf("got %q", m.Reasons)
	}
}

func TestAccentsAndApostrophesDoNotMatter(t *testing.T) {
	in := PersonFacts{Given: "Lukasz", Family: "Wojcik", DOB: Date{1990, 5, 6}}
	m := only(t, in, PersonFacts{ID: 5, Given: "Łukasz", Family: "Wójcik", DOB: Date{1990, 5, 6}})
	if !hasReason(m, "same given name") || !hasReason(m, "same family name") || m.Strength != StrengthStrong {
		t.Errorf("got %s %q", m.Strength, m.Reasons)
	}
	m = only(t, PersonFacts{Given: "Sean", Family: "OBrien", DOB: Date{1990, 5, 6}}, PersonFacts{ID: 6, Given: "Seán", Family: "O'Brien", DOB: Date{1990, 5, 6}})
	if m.Strength != StrengthStrong {
		t.Errorf("got %s %q", m.Strength, m.Reasons)
	}
}

func TestNotDuplicates(t *testing.T) {
	cases := map[string]PersonFacts{
		"same name, different date of birth (father and son)": {Given: "John", Family: "Smith", DOB: Date{1961, 7, 2}},
		"same name, year of birth too far":                    {Given: "John", Family: "Smith", DOB: Date{Year: 1990}},
		"same name, nothing to compare dates on":              {Given: "John", Family: "Smith"},
		"same name, estimated age far out":                    {Given: "John", Family: "Smith", EstimatedBirthYear: 1970},
		"twins: same family and date, other given name":       {Given: "Peter", Family: "Smith", DOB: Date{1985, 3, 14}},
		"same date of birth, other names":                     {Given: "Ahmed", Family: "Hassan", DOB: Date{1985, 3, 14}},
		"same given name and date, other family name":         {Given: "John", Family: "Kowalski", DOB: Date{1985, 3, 14}},
	}
	for why, in := range cases {
		if ms := Duplicates(in, []PersonFacts{johnSmith}); len(ms) != 0 {
			t.Errorf("%s: got %+v", why, ms[0])
		}
	}
}

func TestBestFirstThenByID(t *testing.T) {
	in := PersonFacts{Given: "John", Family: "Smith", DOB: Date{1985, 3, 14}}
	exact := johnSmith
	exact.ID = 9
	twin := johnSmith
	twin.ID = 4
	typo := johnSmith
	typo.ID, typo.DOB = 2, Date{1985, 3, 15}
	unrelated := PersonFacts{ID: 1, Given: "Mary", Family: "Jones", DOB: Date{1970, 1, 1}}
	ms := Duplicates(in, []PersonFacts{unrelated, typo, exact, twin})
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if !slices.Equal(ids, []int64{4, 9, 2}) {
		t.Errorf("order %v, want [4 9 2]", ids)
	}
	if ms[0].Score <= ms[2].Score || ms[0].Score > 1 || ms[2].Score < PossibleScore {
		t.Errorf("scores %v", ms)
	}
}

func TestThePersonIsNotTheirOwnDuplicate(t *testing.T) {
	if ms := Duplicates(johnSmith, []PersonFacts{johnSmith}); len(ms) != 0 {
		t.Errorf("got %v", ms)
	}
}

// Reasons may quote names, but only names of the two records compared: the
// worker sees nothing the candidate list did not already show.
func TestReasonsQuoteOnlyTheRecordsCompared(t *testing.T) {
	quoted := regexp.MustCompile(`\(([^()]*) / ([^()]*)\)|'([^']*)'`)
	set := GenerateDuplicateSet(3, 1500)
	people := make([]PersonFacts, len(set.People))
	index := map[string][]int{}
	for i, p := range set.People {
		people[i] = p.PersonFacts
		for _, k := range storedKeys(p.PersonFacts) {
			index[k] = append(index[k], i)
		}
	}
	checked := 0
	for _, in := range people {
		var candidates []PersonFacts
		for _, c := range lookupCandidates(index, in) {
			candidates = append(candidates, people[c])
		}
		for _, m := range Duplicates(in, candidates) {
			allowed := namesShown(in, people[m.ID-1])
			for _, r := range m.Reasons {
				for _, q := range quoted.FindAllStringSubmatch(r, -1) {
					for _, s := range q[1:] {
						if s != "" && !allowed[s] {
							t.Errorf("reason %q quotes %q, not a name of either record", r, s)
						}
					}
					checked++
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("only %d quotes checked", checked)
	}
}

func namesShown(a, b PersonFacts) map[string]bool {
	out := map[string]bool{}
	for _, p := range []PersonFacts{a, b} {
		for _, n := range personNames(p) {
			out[strings.TrimSpace(n.Given)] = true
			out[strings.TrimSpace(n.Family)] = true
			out[strings.TrimSpace(n.Given+" "+n.Family)] = true
		}
	}
	return out
}
