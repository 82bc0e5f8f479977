package matching

import "testing"

// An everyday short form the nickname table does not know (Kez for Kieran,
// Waz for Waseem) counts nothing either way: with the same family name and
// date of birth it is a possible match; twins with unrelated names, or
// names that only sound alike at the start, are not offered.
func TestAnEverydayShortFormLeavesItToTheFamilyNameAndBirth(t *testing.T) {
	kieran := PersonFacts{ID: 1, Given: "Kieran", Family: "Yarham", DOB: Date{1975, 8, 8}, Gender: "male"}
	m := only(t, PersonFacts{Given: "Kez", Family: "Yarham", DOB: Date{1975, 8, 8}, Gender: "male"}, kieran)
	if m.Strength != StrengthPossible || !hasReason(m, "given name may be an everyday short form (Kez / Kieran)") {
		t.Errorf("Kez for Kieran: %+v", m)
	}
	for _, twin := range []PersonFacts{
		{Given: "Salma", Family: "Al-Khatib", DOB: Date{1983, 8, 5}, Gender: "female"}, // Zainab's twin: Z and S sound alike, but no
		{Given: "Jamie", Family: "Hall", DOB: Date{2001, 6, 15}, Gender: "male"},       // Geovanni's twin
		{Given: "Nazia", Family: "Siddiqui", DOB: Date{2000, 4, 26}, Gender: "female"}, // Nasreen's twin: five letters is a name
	} {
		sibling := map[string]PersonFacts{
			"Al-Khatib": {ID: 2, Given: "Zainab", Family: "Al-Khatib", DOB: Date{1983, 8, 5}, Gender: "female"},
			"Hall":      {ID: 3, Given: "Geovanni", Family: "Hall", DOB: Date{2001, 6, 15}, Gender: "male"},
			"Siddiqui":  {ID: 4, Given: "Nasreen", Family: "Siddiqui", DOB: Date{2000, 4, 26}, Gender: "female"},
		}[twin.Family]
		if ms := Duplicates(twin, []PersonFacts{sibling}); len(ms) != 0 {
			t.Errorf("twins %s and %s %s offered: %+v", twin.Given, sibling.Given, twin.Family, ms)
		}
	}
}

// With no date of birth, a slip of the name is offered only when the
// candidate is the one person held under a name that close: a slip of a
// rare name is usually the same person, while a common name always has
// several people near it, and then the slip says nothing.
func TestASlipWithNoBirthIsOfferedOnlyWhenNobodyElseIsThatClose(t *testing.T) {
	reas := PersonFacts{Given: "Laura", Family: "Reas", Gender: "female"}
	read := PersonFacts{ID: 1, Given: "Laura", Family: "Read", DOB: Date{1984, 8, 26}, Gender: "female"}
	m := only(t, reas, read)
	if m.Strength != StrengthPossible || !hasReason(m, "no date of birth or age on one record") {
		t.Errorf("Laura Reas, no DOB, against the one Laura Read: %+v", m)
	}
	// Two different Laura Reads and a Laura Rear: none is offered.
	others := []PersonFacts{read,
		{ID: 2, Given: "Laura", Family: "Read", DOB: Date{1961, 2, 3}, Gender: "female"},
		{ID: 3, Given: "Laura", Family: "Rear", DOB: Date{1999, 5, 1}, Gender: "female"},
	}
	if ms := Duplicates(reas, others); len(ms) != 0 {
		t.Errorf("Laura Reas against three people near her name: %+v", ms)
	}
	// One person recorded twice (same date of birth) is still one person.
	twice := []PersonFacts{read, {ID: 4, Given: "Laura", Family: "Read", DOB: Date{1984, 8, 26}, Gender: "female"}}
	if ms := Duplicates(reas, twice); len(ms) != 2 {
		t.Errorf("Laura Reas against one Laura Read recorded twice: want both records, got %+v", ms)
	}
}

// With only an estimated age to go on, a name that differs in both parts
// (Mohamed Hassan, Muhammad Hussain) is not offered when others are held
// under a name that close: an estimate fits a tenth of all adults. It is
// when the candidate is the only one, and the same family name with a form
// of the given name still is.
func TestAnEstimatedAgeDoesNotCarryTwoDifferencesInTheName(t *testing.T) {
	in := PersonFacts{Given: "Mohamed", Family: "Hassan", EstimatedBirthYear: 1980, Gender: "male"}
	hussain := PersonFacts{ID: 1, Given: "Muhammad", Family: "Hussain", DOB: Date{1981, 2, 3}, Gender: "male"}
	hasan := PersonFacts{ID: 2, Given: "Mohammed", Family: "Hasan", DOB: Date{1960, 5, 5}, Gender: "male"}
	if ms := Duplicates(in, []PersonFacts{hussain, hasan}); len(ms) != 0 {
		t.Errorf("Mohamed Hassan about 1980 among two people near the name: %+v", ms)
	}
	if m := only(t, in, hussain); m.Strength != StrengthPossible {
		t.Errorf("against the only Muhammad Hussain: %s %q", m.Strength, m.Reasons)
	}
	// One difference: the same family name.
	hassan := PersonFacts{ID: 3, Given: "Muhammad", Family: "Hassan", DOB: Date{1981, 2, 3}, Gender: "male"}
	if ms := Duplicates(in, []PersonFacts{hassan, hasan}); len(ms) != 1 || ms[0].ID != 3 {
		t.Errorf("Mohamed Hassan about 1980 against Muhammad Hassan born 1981: %+v", ms)
	}
	// A full date of birth carries two differences as before.
	in.EstimatedBirthYear, in.DOB = 0, Date{1981, 2, 3}
	if ms := Duplicates(in, []PersonFacts{hussain, hasan}); len(ms) != 1 || ms[0].ID != 1 {
		t.Errorf("Mohamed Hassan born 3 Feb 1981: %+v", ms)
	}
}
