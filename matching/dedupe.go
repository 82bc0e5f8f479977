package matching

import (
	"cmp"
	"fmt"
	"gateway/models/names"
	"math"
	"slices"
)

// Name is one name a person is known by: their recorded name or an alias.
type Name struct{ Given, Family string }

// Date is a civil date of birth. Zero Month and Day mean only the year is
// known; a zero Year means no date at all.
type Date struct{ Year, Month, Day int }

// PersonFacts is what duplicate detection knows about a person: identity
// only, as any worker may see it when searching (docs/ACCESS.md rule 6).
type PersonFacts struct {
	ID            int64
	Given, Family string
	Aliases       []Name
	DOB           Date
	// EstimatedBirthYear stands in for a date of birth the person did not
	// give: the year a worker's estimate of their age points to. Ignored
	// when DOB is known.
	EstimatedBirthYear int
	Gender             string
	// GivenNameHolders is, for the person being checked, how many people
	// held have a name with their given name's first word in it (counted
	// up to names.HoldersCounted); -1 when not counted. It says whether two
	// people sharing the given name and the day of birth would be a
	// coincidence (familyNameChanged).
	GivenNameHolders int
}

// DuplicateMatch is a candidate that may be the same person, with the
// evidence a worker can check.
type DuplicateMatch struct {
	ID       int64
	Score    float64 // 0..1
	Strength string  // StrengthStrong or StrengthPossible
	Reasons  []string
}

const (
	StrengthStrong   = "strong"
	StrengthPossible = "possible"
)

// How evidence becomes a score. Each agreement or disagreement adds points
// (see dedupe_names.go and dedupe_birth.go), set by hand to behave like
// log-odds of "same person" against "two people" and tuned on generated sets
// (GenerateDuplicateSet, Evaluate). The total is squashed to 0..1 around
// possibleAt. Points do not depend on how common a name is: two Mohamed Alis
// count as much as two Żydrūnas Kavaliauskases.
//
// A candidate is returned only if its score is at least PossibleScore (0.5,
// 9.25 points): a name that agrees needs some agreement on age too. The same
// full name (9 points) with an estimated age that fits (10.5) or the same
// year of birth (11) is returned; the same full name with nothing to compare
// dates on, or a family name and date of birth with a different given name
// (twins, 8), is not. A score of StrongScore (0.9, 12 points) or more is
// "strong": a name that agrees or has a slip, plus a date of birth that
// agrees or has a typical typo.
const (
	PossibleScore = 0.5
	StrongScore   = 0.9

	possibleAt = 9.25 // points for a score of 0.5
	pointsWide = 1.25 // points per unit of log-odds in the score
)

// Duplicates returns the candidates that are likely the same person as in,
// best first (score, then ID), each with reasons a worker understands.
// Candidates with in's own ID are skipped. Reasons quote only names from in
// and from the candidate.
func Duplicates(in PersonFacts, candidates []PersonFacts) []DuplicateMatch {
	self := preparePerson(in)
	type compared struct {
		p       person
		pairing namePairing
		ok      bool
	}
	cs := make([]compared, 0, len(candidates))
	var named []PersonFacts    // candidates recorded under exactly in's name
	var alike []PersonFacts    // candidates whose names are at most a slip from in's
	var oneNamed []PersonFacts // when in has one name only: candidates under a name like it who could be in
	var oneNamedAll []PersonFacts
	for _, c := range candidates {
		if in.ID != 0 && c.ID == in.ID {
			continue
		}
		p := preparePerson(c)
		pairing, ok := bestNameMatch(self.names, p.names)
		cs = append(cs, compared{p, pairing, ok})
		if ok && pairing.namesake() {
			named = append(named, c)
		}
		if ok && pairing.points >= alikeAt {
			alike = append(alike, c)
		}
		if ok && self.oneName() && alikeInOneName(pairing) {
			oneNamedAll = append(oneNamedAll, c)
			if couldBe(in, c) {
				oneNamed = append(oneNamed, c)
			}
		}
	}
	oneNamedPeople := namesakePeople(oneNamed)
	fewHold := namesakePeople(oneNamedAll) <= oneNameFewHolders
	people := namesakePeople(named)
	alikePeople := namesakePeople(alike)
	var out []DuplicateMatch
	for _, c := range cs {
		if !c.ok {
			continue
		}
		others := 0
		if c.pairing.namesake() {
			others = people
			if c.p.facts.hasBirth() {
				others-- // itself
			}
		}
		// Is c the only person whose name is this close? Then a slip with no
		// birth to compare is worth offering (see comparePeople).
		only := false
		if c.pairing.points >= alikeAt {
			n := alikePeople
			if c.p.facts.hasBirth() {
				n-- // itself
			}
			only = n == 0
		}
		onlyOne := false
		if self.oneName() && alikeInOneName(c.pairing) {
			n := oneNamedPeople
			if c.p.facts.hasBirth() {
				n-- // itself
			}
			onlyOne = n == 0 && fewHold
		}
		if m, ok := comparePeople(&self, c.p, c.pairing, others, only, onlyOne); ok {
			out = append(out, m)
		}
	}
	slices.SortFunc(out, func(a, b DuplicateMatch) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out
}

// person is a PersonFacts with its names prepared for comparison once.
type person struct {
	facts PersonFacts
	names []preparedName // recorded name first, then aliases
}

func preparePerson(p PersonFacts) person {
	out := person{facts: p, names: make([]preparedName, 0, 1+len(p.Aliases))}
	if n := prepareName(p.Given, p.Family, false); !n.empty() {
		out.names = append(out.names, n)
	}
	for _, a := range p.Aliases {
		if n := prepareName(a.Given, a.Family, true); !n.empty() {
			out.names = append(out.names, n)
		}
	}
	return out
}

// namesakePoints is taken off, per doubling of the number of namesakes,
// from each of several candidates recorded under exactly the person's name:
// when three people born on different days are recorded as Mohamed Ahmed,
// the name says less about which (if any) is this one, and the date of birth
// must do the work. It is the frequency of a name, counted where it
// matters: among the people the check found.
const namesakePoints = 1.0

// alikeAt: a pairing at most one slip from the same name in one part
// (the same given name and a slip of the family name score 8).
const alikeAt = 7.5

// namesakePeople counts how many different people the records named alike
// that say when they were born stand for: records whose births agree (the
// same date, or a slip of it, or a year or an estimate that fits) are one
// person recorded twice, not yet merged. A record with no birth at all
// could be any of them, so it adds no one; but it is not one of them
// either, so all of them count against it.
func namesakePeople(records []PersonFacts) int {
	group := make([]int, len(records))
	for i := range group {
		group[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if group[i] != i {
			group[i] = find(group[i])
		}
		return group[i]
	}
	for i := range records {
		for j := i + 1; j < len(records); j++ {
			if records[i].hasBirth() && records[j].hasBirth() && compareBirth(records[i], records[j]).points > 0 {
				group[find(i)] = find(j)
			}
		}
	}
	n := 0
	for i := range group {
		if find(i) == i && records[i].hasBirth() {
			n++
		}
	}
	return n
}

// comparePeople scores candidate b against the person a, given the best
// pairing of their names and how many other candidates share a's name.
func comparePeople(a *person, b person, pairing namePairing, namesakes int, onlyAlike, onlyOneNamed bool) (DuplicateMatch, bool) {
	birth := compareBirth(a.facts, b.facts)
	noBirth := !a.facts.hasBirth() || !b.facts.hasBirth()
	if !onlyAlike && ((noBirth && pairing.points < namesakeAt) || (estimatedOnly(a.facts, b.facts) && pairing.twoDifferences())) {
		// With no birth to compare, only a name the same (or one slip or
		// nickname from it) is worth offering: sound-alikes of common names
		// (Mohammed Hossain, Mohamed Hassan) are different people far more
		// often than not. With only an estimated age, which fits a tenth of
		// all adults, the same holds of a name that differs in both parts
		// (both only sounding alike, a form of one and a sound of the
		// other) or is swapped and differs as well (on the project's
		// generated area of 27,000 people such pairs offered 28 different
		// people and 1 duplicate). Unless b is the only person held under a
		// name this close (onlyAlike): a slip of a name nobody else has is
		// the same person more often than not, and a common name always
		// has others. The reason still says what is missing or estimated.
		birth.points = 0
	}
	gender := compareGender(a.facts.Gender, b.facts.Gender)
	var common evidence
	if namesakes > 0 {
		noun := "people are"
		if namesakes == 1 {
			noun = "person is"
		}
		common.add(-namesakePoints*math.Log2(1+float64(namesakes)), fmt.Sprintf("%d other %s recorded under a name like this", namesakes, noun))
	}
	var changed evidence
	if familyNameChanged(a.facts, b.facts, pairing) {
		changed = changedFamilyEvidence(pairing)
	}
	oneName := oneNameEvidence(a.facts, b.facts, birth, onlyOneNamed)
	points := pairing.points + birth.points + gender.points + common.points + changed.points + oneName.points
	score := 1 / (1 + math.Exp(-(points-possibleAt)/pointsWide))
	if score < PossibleScore {
		return DuplicateMatch{}, false
	}
	m := DuplicateMatch{ID: b.facts.ID, Score: score, Strength: StrengthPossible}
	if score >= StrongScore {
		m.Strength = StrengthStrong
	}
	names := pairing.evidence()
	if changed.points != 0 { // "may have changed" says it instead of "family names differ"
		_, xf := pairing.xFields()
		names.reasons = slices.DeleteFunc(names.reasons, func(r string) bool {
			return r == describe("family", nameDifferent, xf, pairing.y.family)
		})
	}
	for _, e := range []evidence{names, changed, birth, oneName, gender, common} {
		m.Reasons = append(m.Reasons, e.reasons...)
	}
	return m, true
}

// estimatedOnly: what the two records say of when the person was born can
// be compared only through an estimated age: one has no date of birth, or
// neither (compareBirth then weighs the estimates, or nothing).
func estimatedOnly(a, b PersonFacts) bool {
	return !a.DOB.known() || !b.DOB.known()
}

// evidence is a number of points and the reasons that earned them.
type evidence struct {
	points  float64
	reasons []string
}

func (e *evidence) add(points float64, reason string) {
	e.points += points
	if reason != "" {
		e.reasons = append(e.reasons, reason)
	}
}

// Identity is p as the index keys see it (names.StoredKeys, ProbeKeys).
func (p PersonFacts) Identity() names.Identity {
	id := names.Identity{Names: []names.Name{{Given: p.Given, Family: p.Family}},
		Birth: names.Birth{Year: p.DOB.Year, Month: p.DOB.Month, Day: p.DOB.Day}}
	if !p.DOB.known() {
		id.Birth.EstimatedYear = p.EstimatedBirthYear
	}
	for _, a := range p.Aliases {
		id.Names = append(id.Names, names.Name{Given: a.Given, Family: a.Family})
	}
	return id
}
