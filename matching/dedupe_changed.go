package matching

import (
	"fmt"
	"strings"

	"gateway/models/names"
)

// RareGivenNameHolders: a given name held by at most this many people is
// rare enough for a shared day of birth to say something. Among adults born
// over some 45 years, one person in about 16,000 shares a given day, so a
// given name held by 63 people meets a namesake born the same day about
// once in 250 checks, and one held by 24 once in 700; one held by 500
// (David in an area of 27,000), once in 30, more often than a family name
// changes. Where the given name is commoner, the changed family name is not
// offered. It is the whole count below names.HoldersCounted, where the
// database stops counting.
//
// The bound is a count, not a share of the people held: what a false match
// needs is one of the holders born on the person's day, and each holder is
// that with the same chance (about 1 in 16,000) however many people the
// area holds; a share would let a name held by 2,000 of 400,000 people
// through, and one check in eight would meet a namesake born the same day.
//
// It was 24 while a nickname, a spelling of the same sound or an alias
// could stand for the given name; the count is of the name as written, and
// Katie, Kate, Cathy and Katherine together are held by several times as
// many people as any one of them (on the project's generated area of
// 27,000 people, which has no changed family names, 23 of the 29 people
// offered this way at 24 or fewer were through such a form or an alias, 6
// through the same given name). With the same given name only, the count
// says what it should, and 63 offers fewer people there (16) than 24 did.
const RareGivenNameHolders = names.HoldersCounted - 1

// changedFamilyPoints offsets a different family name when the given name,
// the full date of birth and the gender all agree. People change family
// names (marriage, divorce, a stepfather's name, a father's rather than a
// grandfather's name), and a record made under the new name has nothing
// else to link it; while two different people sharing a given name and the
// exact day of birth are rare (about one pair in 20,000 of those who share a
// given name). It leaves the pair a possible match, never strong (same
// given name 4, different family name -4, same date 6, this 4: 10 points, a
// score of 0.65): the worker asks. Twins are the other way round (the
// family name and date shared, the given name not) and stay apart; a slip
// in the given name, or another form of it, on top of a new family name is
// two differences, and is not offered.
const changedFamilyPoints = 4.0

// familyNameChanged reports a pairing and dates that look like one person
// recorded under another family name: the given name the same (or one of
// two given names, the first the same), on the names recorded rather than
// an alias, the family name plainly different, the same full date of birth
// on both, the gender not recorded differently, and the given name rare
// among the people held (a, the person checked, says how rare).
func familyNameChanged(a, b PersonFacts, p namePairing) bool {
	if p.fam != nameDifferent || p.swapped || p.x.alias || p.y.alias {
		return false
	}
	xg, _ := p.xFields()
	switch p.giv {
	case nameSame:
	case namePart: // Mary Jane and Mary; not Jane and Mary Jane, whose first words differ
		if firstWord(xg.norm) != firstWord(p.y.given.norm) {
			return false
		}
	default:
		// A nickname, a spelling of the same sound or another form: the
		// holders counted are of the name as written, and the name's
		// forms together are held by many more.
		return false
	}
	if a.GivenNameHolders < 0 || a.GivenNameHolders > RareGivenNameHolders {
		return false
	}
	return a.DOB.full() && a.DOB == b.DOB && compareGender(a.Gender, b.Gender).points == 0
}

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	return w
}

func changedFamilyEvidence(p namePairing) evidence {
	var e evidence
	_, xf := p.xFields()
	e.add(changedFamilyPoints, fmt.Sprintf("family name may have changed (%s / %s): same date of birth, given name and gender agree", xf.shown, p.y.family.shown))
	return e
}
