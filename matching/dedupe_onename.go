package matching

// A record with one name only ("Puma", about 49) is how a worker writes
// down someone who gave no more. Its one name agreeing says little when
// many people share it; but when the candidate is the only person held
// under that name and their ages agree, the worker would ask "is this Neil
// Puma?". oneNamePoints lifts such a pair to a possible match (family name
// 5, ages agree 1.5, this 3: 9.5 points), never strong.
const oneNamePoints = 3.0

// oneNameFewHolders: a one-name record may stand for the only person held
// under its name who could be them (couldBe) only when at most this many
// people are held under the name in all. "Bou", a woman of about 40, is
// Claire Bou, about 42, though Mark Pou, a man born 1975, is held too; but
// among the 300 Joneses of an area, the one man whose age fits a one-name
// "Jones" is no more likely to be him than one of the Joneses not yet
// recorded. On the project's generated area of 27,000 people (seed 1)
// allowing a second holder who could not be them found 5 more one-name
// duplicates for 2 different people offered; a third, 7 for 7.
const oneNameFewHolders = 2

// oneName reports a person recorded under a single name.
func (p person) oneName() bool {
	return len(p.names) > 0 && (p.names[0].given.joined == "") != (p.names[0].family.joined == "")
}

// alikeInOneName reports a pairing in which the one name recorded on the
// checked person agrees (the same, or a slip, a sound, a nickname of it)
// with either name of the candidate.
func alikeInOneName(p namePairing) bool {
	return p.fam >= nameSlip || p.giv >= nameSlip
}

// oneNameEvidence: the checked person has one name only, the candidate is
// the only person among the candidates held under a name like it who could
// be them (counted as people, by their births, as namesakePeople does; at
// most oneNameFewHolders held under it in all), and both say when
// they were born and it agrees, though not as a full date on both (that is
// already a possible match, and must not become strong this way). Only the
// checked side's single name is used: its candidates are everyone held
// under that name (a one-name check asks for the family-name and one-name
// keys), so "the only one" is known; a full name's candidates are not
// everyone sharing one part of it.
func oneNameEvidence(a, b PersonFacts, birth evidence, alone bool) evidence {
	var e evidence
	if alone && a.hasBirth() && b.hasBirth() && birth.points > 0 && !(a.DOB.full() && b.DOB.full()) {
		e.add(oneNamePoints, "the only person held under this name, and the ages agree")
	}
	return e
}

// couldBe reports whether the one-name record a could stand for b as far
// as what else both record goes: the gender is not recorded differently and
// their births do not disagree (the same date, a slip of it, a year or an
// estimate within estimateFar years, or nothing to compare).
func couldBe(a, b PersonFacts) bool {
	if compareGender(a.Gender, b.Gender).points < 0 {
		return false
	}
	return !a.hasBirth() || !b.hasBirth() || compareBirth(a, b).points >= 0
}
