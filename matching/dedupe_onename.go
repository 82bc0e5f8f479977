package matching

// A record with one name only ("Puma", about 49) is how a worker writes
// down someone who gave no more. Its one name agreeing says little when
// many people share it; but when the candidate is the only person held
// under that name and their ages agree, the worker would ask "is this Neil
// Puma?". oneNamePoints lifts such a pair to a possible match (family name
// 5, ages agree 1.5, this 3: 9.5 points), never strong.
const oneNamePoints = 3.0

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
// the only person among the candidates held under a name like it (counted
// as people, by their births, as namesakePeople does), and both say when
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
