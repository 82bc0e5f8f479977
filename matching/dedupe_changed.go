package matching

import "fmt"

// RareGivenNameHolders: a given name held by at most this many people is
// rare enough for a shared day of birth to say something. Among adults born
// over some 45 years, one person in about 16,000 shares a given day, so a
// given name held by 24 people meets a namesake born the same day about
// once in 700 checks; one held by 500 (David in an area of 27,000), once in
// 30, more often than a family name changes. Where the given name is
// common, the changed family name is not offered.
const RareGivenNameHolders = 24

// changedFamilyPoints offsets a different family name when the given name,
// the full date of birth and the gender all agree. People change family
// names (marriage, divorce, a stepfather's name, a father's rather than a
// grandfather's name), and a record made under the new name has nothing
// else to link it; while two different people sharing a given name and the
// exact day of birth are rare (about one pair in 20,000 of those who share a
// given name). It leaves the pair a possible match, never strong (same
// given name 4, different family name -4, same date 6, this 4: 10 points, a
// score of 0.65; 9.5 and 0.55 with a nickname): the worker asks. Twins are
// the other way round (the family name and date shared, the given name not)
// and stay apart; a slip in the given name on top of a new family name is
// two differences, and is not offered.
const changedFamilyPoints = 4.0

// familyNameChanged reports a pairing and dates that look like one person
// recorded under another family name: the given name the same, or another
// form of it (a nickname, a spelling of its sound, one of two given names),
// the family name plainly different, the same full date of birth on both,
// the gender not recorded differently, and the given name rare among the
// people held (a, the person checked, says how rare).
func familyNameChanged(a, b PersonFacts, p namePairing) bool {
	switch p.giv {
	case nameSame, namePart, nameSounds, nameNickname:
	default:
		return false
	}
	if a.GivenNameHolders < 0 || a.GivenNameHolders > RareGivenNameHolders {
		return false
	}
	return p.fam == nameDifferent && !p.swapped &&
		a.DOB.full() && a.DOB == b.DOB && compareGender(a.Gender, b.Gender).points == 0
}

func changedFamilyEvidence(p namePairing) evidence {
	var e evidence
	_, xf := p.xFields()
	e.add(changedFamilyPoints, fmt.Sprintf("family name may have changed (%s / %s): same date of birth, given name and gender agree", xf.shown, p.y.family.shown))
	return e
}
