package dedupetest

import "testing"

// A year of birth one digit out, whether a typing slip of the same person
// ("year of birth one digit wrong") or a different person of the same name
// born the same day ("namesake, year one digit apart"), is one a living
// adult could be born in: never 1905 for someone born 1975.
func TestYearSlipsGiveTheYearOfALivingAdult(t *testing.T) {
	set := GenerateDuplicateSet(1, 27000)
	seen := 0
	for _, p := range set.People {
		if p.Kind != KindYearDigit && p.Kind != KindNegYearDigit {
			continue
		}
		seen++
		if p.DOB.Year < earliestBirthYear || p.DOB.Year > latestBirthYear {
			t.Errorf("%s: born %d", p.Kind, p.DOB.Year)
		}
	}
	if seen < 100 {
		t.Errorf("only %d year slips and namesakes", seen)
	}
}
