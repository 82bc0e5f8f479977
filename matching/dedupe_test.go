package matching

import (
	"slices"
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
		{with(func(p *PersonFacts) { p.DOB = Date{1985, 3, 4} }), "day and month of birth swapped (4 Mar 1985 and 3 Apr 1985)", ""},
		{with(func(p *PersonFacts) { p.DOB = Date{1985, 3, 15} }), "day of birth differs by one digit: 15 and 14", StrengthStrong},
		{with(func(p *PersonFacts) { p.DOB = Date{1985, 8, 14} }), "month of birth differs by one digit: August and March", StrengthStrong},
		// A slip in the year counts for less, and says it is the year.
		{with(func(p *PersonFacts) { p.DOB = Date{1988, 3, 14} }), "year of birth differs by one digit: 1988 and 1985", StrengthPossible},
		{with(func(p *PersonFacts) { p.DOB = Date{1958, 3, 14} }), "two digits of the year of birth swapped: 1958 and 1985", StrengthPossible},
		// A year (or month and year) of birth that agrees, with the same
		// name and no namesake, is strong: workers often know no more.
		{with(func(p *PersonFacts) { p.DOB = Date{Year: 1985} }), "same year of birth (1985)", StrengthStrong},
		{with(func(p *PersonFacts) { p.DOB = Date{Year: 1985, Month: 3} }), "same month and year of birth (March 1985)", StrengthStrong},
		// Rough sleepers often give no date of birth: the same full name is
		// then a possible match, never strong.
		{with(func(p *PersonFacts) { p.DOB = Date{} }), "no date of birth or age on one record", StrengthPossible},
		{with(func(p *PersonFacts) { p.DOB = Date{}; p.EstimatedBirthYear = 1984 }), "estimated age fits the date of birth (born about 1984; 14 Mar 1985)", StrengthPossible},
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
		if c.reason != "" && !hasReason(m, c.reason) {
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
		"same name, different date of birth (father and son)":     {Given: "John", Family: "Smith", DOB: Date{1961, 7, 2}},
		"same name, year of birth too far":                        {Given: "John", Family: "Smith", DOB: Date{Year: 1990}},
		"same name, estimated age far out":                        {Given: "John", Family: "Smith", EstimatedBirthYear: 1970},
		"twins: same family and date, other given name":           {Given: "Peter", Family: "Smith", DOB: Date{1985, 3, 14}},
		"same date of birth, other names":                         {Given: "Ahmed", Family: "Hassan", DOB: Date{1985, 3, 14}},
		"same given name and date, other gender and family name":  {Given: "John", Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "female"},
		"a slip in the given name as well as another family name": {Given: "Johm", Family: "Kowalski", DOB: Date{1985, 3, 14}},
		"another family name and only the year":                   {Given: "John", Family: "Kowalski", DOB: Date{Year: 1985}},
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

// The new kinds of name variation the check now understands, each with a
// reason that says what differs.
func TestNameVariationsAreRecognised(t *testing.T) {
	dob := Date{1984, 3, 14}
	cases := []struct {
		in, stored [2]string
		reason     string
	}{
		{[2]string{"Anna", "Kowalska"}, [2]string{"Anna", "Kowalski"}, "family names are the forms of one name for a man and a woman (Kowalska / Kowalski)"},
		{[2]string{"Jana", "Nováková"}, [2]string{"Jana", "Novák"}, "family names are the forms of one name for a man and a woman (Nováková / Novák)"},
		{[2]string{"Rūta", "Kazlauskienė"}, [2]string{"Rūta", "Kazlauskas"}, "family names are the forms of one name for a man and a woman (Kazlauskienė / Kazlauskas)"},
		{[2]string{"Karol", "Vuytsik"}, [2]string{"Karol", "Wójcik"}, "family name sounds the same (Vuytsik / Wójcik)"},
		{[2]string{"Zsombor", "Nadj"}, [2]string{"Zsombor", "Nagy"}, "family name sounds the same (Nadj / Nagy)"},
		{[2]string{"Del", "Williams"}, [2]string{"Delroy", "Williams"}, "given name may be a short form (Del / Delroy)"},
		{[2]string{"Lena", "Vasilyeva"}, [2]string{"Yelena", "Vasilyeva"}, "given name may be a short form (Lena / Yelena)"},
		{[2]string{"Sarah", "Smith-Jones"}, [2]string{"Sarah", "Jones"}, "family names share a part (Smith-Jones / Jones)"},
	}
	for _, c := range cases {
		m := only(t, PersonFacts{Given: c.in[0], Family: c.in[1], DOB: dob}, PersonFacts{ID: 9, Given: c.stored[0], Family: c.stored[1], DOB: dob})
		if !hasReason(m, c.reason) {
			t.Errorf("%q / %q: want %q, got %q", c.in, c.stored, c.reason, m.Reasons)
		}
	}
}

// How similar two records are does not depend on which was recorded
// first.
func TestScoresAreTheSameEitherWay(t *testing.T) {
	people := []PersonFacts{
		{ID: 1, Given: "Jon", Family: "Smyth", DOB: Date{1985, 3, 14}},
		{ID: 2, Given: "John", Family: "Smith", DOB: Date{1985, 14 % 12, 3}},
		{ID: 3, Given: "Smith", Family: "John", EstimatedBirthYear: 1984},
		{ID: 4, Given: "Anna", Family: "Kowalska", DOB: Date{Year: 1985}},
		{ID: 5, Given: "Ania", Family: "Kowalski", DOB: Date{1985, 3, 1}},
		{ID: 6, Given: "Johnny", Family: "Smith", Aliases: []Name{{"Jay", "Smith"}}},
	}
	for _, a := range people {
		for _, b := range people {
			if a.ID >= b.ID {
				continue
			}
			ab, ba := Duplicates(a, []PersonFacts{b}), Duplicates(b, []PersonFacts{a})
			if len(ab) != len(ba) || (len(ab) == 1 && ab[0].Score != ba[0].Score) {
				t.Errorf("%s %s / %s %s: %v one way, %v the other", a.Given, a.Family, b.Given, b.Family, ab, ba)
			}
		}
	}
}

// When several different people share the person's name, the name alone
// says less: without a date of birth none of them is offered.
func TestACommonNameAloneIsNotEnough(t *testing.T) {
	in := PersonFacts{Given: "Mohamed", Family: "Ahmed"}
	one := []PersonFacts{{ID: 1, Given: "Mohamed", Family: "Ahmed", DOB: Date{1980, 1, 2}}}
	if ms := Duplicates(in, one); len(ms) != 1 || ms[0].Strength != StrengthPossible {
		t.Fatalf("one namesake: %v", ms)
	}
	three := append(one, PersonFacts{ID: 2, Given: "Mohammed", Family: "Ahmed", DOB: Date{1991, 5, 6}},
		PersonFacts{ID: 3, Given: "Ahmed", Family: "Mohamed", DOB: Date{1970, 7, 8}})
	if ms := Duplicates(in, three); len(ms) != 0 {
		t.Errorf("three different people of that name: %v", ms)
	}
	// Two records of one person (same date of birth) are not two namesakes.
	twice := append(one, PersonFacts{ID: 4, Given: "Mohamed", Family: "Ahmed", DOB: Date{1980, 1, 2}})
	if ms := Duplicates(in, twice); len(ms) != 2 {
		t.Errorf("one person recorded twice: %v", ms)
	}
	// With the date of birth, the right one is still strong.
	in.DOB = Date{1991, 5, 6}
	if ms := Duplicates(in, three); len(ms) != 1 || ms[0].ID != 2 || ms[0].Strength != StrengthStrong {
		t.Errorf("with a date of birth: %v", ms)
	}
}

// A family name changed (marriage, divorce, a stepfather's) leaves only the
// given name, the date of birth and the gender to link the records: a
// possible match for the worker to ask about, never strong, saying why.
func TestAChangedFamilyNameIsPossible(t *testing.T) {
	for _, given := range []string{"John", "John Paul"} { // the same given name, or it and a second one
		m := only(t, PersonFacts{Given: given, Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "male", GivenNameHolders: RareGivenNameHolders}, johnSmith)
		if m.Strength != StrengthPossible || !hasReason(m, "family name may have changed (Kowalski / Smith): same date of birth, given name and gender agree") {
			t.Errorf("%s Kowalski: got %s %q", given, m.Strength, m.Reasons)
		}
		if slices.ContainsFunc(m.Reasons, func(r string) bool { return r == "family names differ (Kowalski / Smith)" }) {
			t.Errorf("%s Kowalski: both reasons %q", given, m.Reasons)
		}
	}
	// Where the given name is common, two people sharing it and the day of
	// birth are no coincidence worth a question; nor is anything offered
	// when the holders were not counted.
	for _, holders := range []int{RareGivenNameHolders + 1, -1} {
		in := PersonFacts{Given: "John", Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "male", GivenNameHolders: holders}
		if ms := Duplicates(in, []PersonFacts{johnSmith}); len(ms) != 0 {
			t.Errorf("%d holders of John: %v", holders, ms)
		}
	}
	// Another form of the given name (Jack for John, Jon), or the given name
	// through an alias, with a new family name is two differences: the
	// holders counted are of the name as written, and its forms together are
	// held by many more people.
	for _, in := range []PersonFacts{
		{Given: "Jack", Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "male"},
		{Given: "Jon", Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "male"},
		{Given: "Paul", Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "male", Aliases: []Name{{"John", "Nowak"}}},
		{Given: "Paul John", Family: "Kowalski", DOB: Date{1985, 3, 14}, Gender: "male"},
	} {
		if ms := Duplicates(in, []PersonFacts{johnSmith}); len(ms) != 0 {
			t.Errorf("%s %s (%v): %v", in.Given, in.Family, in.Aliases, ms)
		}
	}
}

// Two workers' estimates of one person's age that agree count as much as an
// estimate against a date of birth (and more than nothing recorded): with a
// slip in a name, both are possible matches.
func TestEstimatedAgesCarryASlip(t *testing.T) {
	stored := PersonFacts{ID: 7, Given: "Kerry", Family: "Hoyer", EstimatedBirthYear: 1975, Gender: "female"}
	for _, in := range []PersonFacts{
		{Given: "Kerry", Family: "Hoyr", EstimatedBirthYear: 1976},
		{Given: "Kerry", Family: "Hoyr", DOB: Date{1977, 7, 5}},
	} {
		if m := only(t, in, stored); m.Strength != StrengthPossible {
			t.Errorf("%+v: %s %q", in, m.Strength, m.Reasons)
		}
	}
	// Six years out is not a fit.
	if ms := Duplicates(PersonFacts{Given: "Kerry", Family: "Hoyr", DOB: Date{1981, 7, 5}}, []PersonFacts{stored}); len(ms) != 0 {
		t.Errorf("six years out: %v", ms)
	}
}

// A record with one name only is offered against the only person held under
// that name whose age agrees, and not when another person held under that
// name could be them too (Ion, born 1973). Someone held under it who could
// not be them (a woman, or born 13 years later) does not stand in the way,
// unless the name is held by more than two people: then the one who fits is
// no likelier than someone not yet recorded.
func TestOneNameMeetsTheOnlyPersonOfThatName(t *testing.T) {
	in := PersonFacts{Family: "Puma", EstimatedBirthYear: 1977, Gender: "male"}
	neil := PersonFacts{ID: 1, Given: "Neil", Family: "Puma", EstimatedBirthYear: 1979, Gender: "male"}
	m := only(t, in, neil)
	if m.Strength != StrengthPossible || !hasReason(m, "the only person held under this name, and the ages agree") {
		t.Errorf("got %s %q", m.Strength, m.Reasons)
	}
	brother := PersonFacts{ID: 2, Given: "Ion", Family: "Puma", DOB: Date{1973, 2, 3}}
	if ms := Duplicates(in, []PersonFacts{neil, brother}); len(ms) != 0 {
		t.Errorf("with another Puma held who could be him: %v", ms)
	}
	sister := PersonFacts{ID: 3, Given: "Ana", Family: "Puma", DOB: Date{1990, 2, 3}}
	if ms := Duplicates(in, []PersonFacts{neil, sister}); len(ms) != 1 || ms[0].ID != 1 {
		t.Errorf("with a Puma held born 13 years later: %v", ms)
	}
	wife := PersonFacts{ID: 4, Given: "Elena", Family: "Puma", DOB: Date{1978, 5, 6}, Gender: "female"}
	if ms := Duplicates(in, []PersonFacts{neil, wife}); len(ms) != 1 || ms[0].ID != 1 {
		t.Errorf("with a woman of his age held under the name: %v", ms)
	}
	mother := PersonFacts{ID: 5, Given: "Elena", Family: "Puma", DOB: Date{1950, 5, 6}, Gender: "female"}
	if ms := Duplicates(in, []PersonFacts{neil, sister, mother}); len(ms) != 0 {
		t.Errorf("with three held under the name: %v", ms)
	}
}
