package matching

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"gateway/models/names"
)

// nameAgreement grades how two given names, or two family names, agree;
// higher is stronger.
type nameAgreement int

const (
	nameDifferent nameAgreement = iota
	nameInformal                // a short everyday form with the same first letter: Kez/Kieran, Lozza/Laura
	nameLoose                   // alike but not clearly one name: Jaro-Winkler at least looseAt
	nameMissing                 // not recorded on one side or either
	nameShort                   // a short form not in the nickname table: Del/Delroy, Lena/Yelena
	nameSimilar                 // Jaro-Winkler at least similarAt
	nameInitial                 // "J" and "John"
	nameSlip                    // one or two typing slips
	nameGendered                // Kowalska and Kowalski, Nováková and Novák
	nameNickname                // Bill and William, Mohamed and Maxamed
	nameSounds                  // Smyth and Smith
	namePart                    // "Mary Jane" and "Mary"
	nameSame
)

// Points per agreement. A family name is rarer than a given name, so
// agreeing on it says more and disagreeing on it counts more against.
var (
	givenPoints = [...]float64{
		nameDifferent: -3, nameInformal: 0, nameLoose: 0, nameMissing: 0, nameShort: 2, nameSimilar: 1, nameInitial: 1,
		nameSlip: 3.5, nameGendered: 3.5, nameNickname: 3.5, nameSounds: 3.5, namePart: 3.5, nameSame: 4,
	}
	familyPoints = [...]float64{
		nameDifferent: -4, nameInformal: -4, nameLoose: 0, nameMissing: 0, nameShort: 1.5, nameSimilar: 1.5, nameInitial: 0.5,
		nameSlip: 4, nameGendered: 4, nameNickname: 4, nameSounds: 4.5, namePart: 4.5, nameSame: 5,
	}
)

const (
	swappedPoints = -0.5 // swapping is a common slip, but so is a real difference
	aliasPoints   = -0.5 // an alias may be shared or mistaken
	similarAt     = 0.88 // Jaro-Winkler for "similar"
	looseAt       = 0.75 // Jaro-Winkler for "alike": no points either way
	soundsAt      = 0.75 // Jaro-Winkler below which equal codes are chance
)

// preparedField is one name field, normalised and encoded once.
type preparedField struct {
	shown    string    // as entered, for reasons
	norm     string    // normalised, words separated by spaces
	joined   string    // normalised, words run together
	codes    [2]string // Double Metaphone primary and alternate of joined, full length
	variants []string  // canonical names of joined and of its first word
	spoken   []string  // as heard and spelled in English (names.Spoken)
}

func prepareField(s string) preparedField {
	f := preparedField{shown: strings.TrimSpace(s), norm: names.Normalise(s)}
	if f.norm == "" {
		return f
	}
	f.joined = f.norm
	first, _, multi := strings.Cut(f.norm, " ")
	if multi {
		f.joined = strings.ReplaceAll(f.norm, " ", "")
	}
	f.codes[0], f.codes[1] = names.PhoneticFull(f.joined)
	f.variants = names.Variants(f.joined)
	f.spoken = names.Spoken(s)
	if multi {
		f.variants = append(slices.Clone(f.variants), names.Variants(first)...)
	}
	return f
}

type preparedName struct {
	given, family preparedField
	alias         bool
}

func prepareName(given, family string, alias bool) preparedName {
	return preparedName{given: prepareField(given), family: prepareField(family), alias: alias}
}

func (n preparedName) empty() bool { return n.given.joined == "" && n.family.joined == "" }

func (n preparedName) shown() string {
	return strings.TrimSpace(n.given.shown + " " + n.family.shown)
}

// namePairing is one way of lining up a name of the checked person (x) with
// a name of a candidate (y).
type namePairing struct {
	x, y     preparedName
	swapped  bool // x's given and family names swapped
	fam, giv nameAgreement
	points   float64
}

// bestNameMatch compares every name of a with every name of b, in both
// orders, and keeps the pairing with the most points. It fails when no
// pairing agrees on anything.
func bestNameMatch(a, b []preparedName) (namePairing, bool) {
	var best namePairing
	found := false
	for _, x := range a {
		for _, y := range b {
			for _, swapped := range [2]bool{false, true} {
				p, ok := pairNames(x, y, swapped)
				if ok && (!found || p.points > best.points) {
					best, found = p, true
				}
			}
		}
	}
	return best, found
}

func pairNames(x, y preparedName, swapped bool) (namePairing, bool) {
	p := namePairing{x: x, y: y, swapped: swapped}
	xg, xf := p.xFields()
	p.fam, p.giv = agreement(xf, y.family), agreement(xg, y.given)
	if p.fam < nameSimilar && p.giv < nameSimilar && !(p.fam == nameShort || p.giv == nameShort) {
		return p, false // nothing in common
	}
	p.points = familyPoints[p.fam] + givenPoints[p.giv]
	if swapped {
		p.points += swappedPoints
	}
	if x.alias || y.alias {
		p.points += aliasPoints
	}
	return p, true
}

// namesake reports a pairing whose names agree as closely as a different
// person of the same name's would: the same, or one part a nickname or the
// same sound (Mohamed Ahmed and Mohammed Ahmed), or swapped.
func (p namePairing) namesake() bool {
	return p.points >= namesakeAt
}

// twoDifferences reports a pairing whose given and family names both
// differ (a sound, a slip, a form, a part, missing), or that is swapped and
// differs as well.
func (p namePairing) twoDifferences() bool {
	if p.swapped {
		return p.fam != nameSame || p.giv != nameSame
	}
	return p.fam != nameSame && p.giv != nameSame
}

// namesakeAt: the same given and family names score 9, one part a nickname
// or sounding the same 8.5, both swapped 8.5.
const namesakeAt = 8.5

func (p namePairing) xFields() (given, family preparedField) {
	if p.swapped {
		return p.x.family, p.x.given
	}
	return p.x.given, p.x.family
}

// evidence states the pairing's points with its reasons; it is built only
// for candidates that are returned.
func (p namePairing) evidence() evidence {
	e := evidence{points: p.points}
	if p.swapped {
		e.reasons = append(e.reasons, "given and family names swapped")
	}
	switch x, y := p.x, p.y; {
	case x.alias && y.alias:
		e.reasons = append(e.reasons, fmt.Sprintf("alias '%s' matches alias '%s'", x.shown(), y.shown()))
	case y.alias:
		e.reasons = append(e.reasons, fmt.Sprintf("matches alias '%s'", y.shown()))
	case x.alias:
		e.reasons = append(e.reasons, fmt.Sprintf("alias '%s' matches their name", x.shown()))
	}
	xg, xf := p.xFields()
	for _, r := range []string{describe("family", p.fam, xf, p.y.family), describe("given", p.giv, xg, p.y.given)} {
		if r != "" {
			e.reasons = append(e.reasons, r)
		}
	}
	return e
}

func agreement(a, b preparedField) nameAgreement {
	switch {
	case a.joined == "" || b.joined == "":
		return nameMissing
	case a.joined == b.joined:
		return nameSame
	case shareWord(a.norm, b.norm):
		return namePart
	}
	// Order matters for the reason shown: Smyth/Smith sound the same, Jack
	// is a nickname of John, Smiht is a slip for Smith (though its alternate
	// code happens to match).
	jw := names.JaroWinkler(a.joined, b.joined)
	switch {
	case names.GenderedForms(a.joined, b.joined):
		return nameGendered
	case a.codes[0] == b.codes[0] && jw >= soundsAt:
		return nameSounds
	case shareAny(a.variants, b.variants):
		return nameNickname
	case isSlip(a.joined, b.joined):
		return nameSlip
	case shareCode(a.codes, b.codes) && jw >= soundsAt:
		return nameSounds
	case spokenAlike(a.spoken, b.spoken):
		return nameSounds
	case isInitial(a.joined, b.joined) || isInitial(b.joined, a.joined):
		return nameInitial
	case isShortForm(a.joined, b.joined) || isShortForm(b.joined, a.joined):
		return nameShort
	case jw >= similarAt:
		return nameSimilar
	case jw >= looseAt && sameStart(a, b):
		return nameLoose
	case isInformal(a, b) || isInformal(b, a):
		return nameInformal
	}
	return nameDifferent
}

// isInformal: short may be the everyday form of long that English speech
// makes by keeping the first sound and adding an ending (Kez for Kieran,
// Jojo for Joanne, Waz for Waseem, Ish for Ismail): at most four letters,
// two or more fewer than long, beginning with its first letter and with a
// letter from its next two. No table can list them all, so for a given
// name it counts nothing either way, as a loose likeness does: the family
// name and date of birth must carry the match.
func isInformal(short, long preparedField) bool {
	s, l := []rune(short.joined), []rune(long.joined)
	if len(s) < 2 || len(s) > 4 || len(l) < len(s)+2 || s[0] != l[0] || strings.Contains(short.norm, " ") {
		return false
	}
	return slices.Contains(l[1:3], s[1])
}

// shareWord: the words of one name are all among the other's ("Mary" /
// "Mary Jane", "Lopez" / "Garcia Lopez"), as when a middle name or one of
// two family names is left out. "Mary Ann" / "Mary Jane" is not a part.
func shareWord(a, b string) bool {
	if !strings.Contains(a, " ") && !strings.Contains(b, " ") {
		return false
	}
	wa, wb := strings.Fields(a), strings.Fields(b)
	if len(wa) > len(wb) {
		wa, wb = wb, wa
	}
	if len(wa) == len(wb) {
		return false
	}
	for _, w := range wa {
		if !slices.Contains(wb, w) {
			return false
		}
	}
	return true
}

// spokenAlike: the names are spelled the same, or a letter apart, once
// each is written as heard (Woźniak and Vozhniak, Nagy and Nadj).
func spokenAlike(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y || (min(len(x), len(y)) >= 5 && names.DamerauLevenshtein(x, y) == 1) {
				return true
			}
		}
	}
	return false
}

func shareCode(a, b [2]string) bool {
	return a[0] == b[0] || a[0] == b[1] || a[1] == b[0] || a[1] == b[1]
}

func shareAny(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// isSlip: one typing slip in a name of three letters or more, or two in a
// long name. Shorter names differing by a letter are usually other names.
func isSlip(a, b string) bool {
	la, lb := utf8.RuneCountInString(a), utf8.RuneCountInString(b)
	shorter := min(la, lb)
	if shorter < 3 || abs(la-lb) > 2 {
		return false
	}
	d := names.DamerauLevenshtein(a, b)
	return d <= 1 || (d == 2 && shorter >= 8)
}

// isShortForm: short is how long is often cut when said or written: its
// start (Del, Delroy; Huss, Hussein; Winnie, Winston, by the first three
// letters) or its end (Lena, Yelena; Tina, Christina).
func isShortForm(short, long string) bool {
	ls, ll := utf8.RuneCountInString(short), utf8.RuneCountInString(long)
	if ls < 2 || ls >= ll {
		return false
	}
	switch {
	case strings.HasPrefix(long, short):
		return true
	case ls >= 3 && strings.HasSuffix(long, short):
		return true
	case ls >= 3 && ls <= 6 && sharedPrefix(short, long) >= 3:
		return true
	}
	return false
}

// sameStart: the names begin with the same letter or the same sound (W and V).
func sameStart(a, b preparedField) bool {
	ra, _ := utf8.DecodeRuneInString(a.joined)
	rb, _ := utf8.DecodeRuneInString(b.joined)
	return ra == rb || (a.codes[0] != "" && b.codes[0] != "" && a.codes[0][0] == b.codes[0][0])
}

func sharedPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func isInitial(short, long string) bool {
	r, n := utf8.DecodeRuneInString(short)
	return n == len(short) && strings.HasPrefix(long, string(r))
}

// agreementSays is how a worker would put each plain agreement of two
// names, between the field's name and the names themselves; describe
// words the rest.
var agreementSays = map[nameAgreement]string{
	namePart:     " names share a part ",
	nameSounds:   " name sounds the same ",
	nameInitial:  " name initial matches ",
	nameSimilar:  " name is similar ",
	nameGendered: " names are the forms of one name for a man and a woman ",
	nameShort:    " name may be a short form ",
	nameLoose:    " names are alike but not the same ",
	nameInformal: " name may be an everyday short form ",
}

// describe says in a worker's words how two fields agree, quoting the names as
// entered (the checked person's first).
func describe(field string, a nameAgreement, x, y preparedField) string {
	pair := fmt.Sprintf("(%s / %s)", x.shown, y.shown)
	switch a {
	case nameSame:
		return "same " + field + " name"
	case nameNickname:
		for _, c := range [2]preparedField{y, x} {
			if slices.Contains(x.variants, c.joined) && slices.Contains(y.variants, c.joined) {
				return fmt.Sprintf("%s name is a nickname of %s %s", field, c.shown, pair)
			}
		}
		return field + " names are forms of one name " + pair
	case nameSlip:
		if names.DamerauLevenshtein(x.joined, y.joined) == 1 {
			return field + " name differs by one letter " + pair
		}
		return field + " name differs by two letters " + pair
	case nameMissing:
		if x.joined == y.joined {
			return "" // on neither record: nothing to say
		}
		return field + " name missing on one record"
	}
	if says, ok := agreementSays[a]; ok {
		return field + says + pair
	}
	return field + " names differ " + pair
}
