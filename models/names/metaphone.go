package names

import "strings"

// phoneticLen is the classic Double Metaphone code length. Longer codes would
// be more selective but a typo late in a long name would then change the code;
// four sounds are enough to tell most family names apart once the given name's
// initial is added (see Keys).
const phoneticLen = 4

// Phonetic returns the Double Metaphone codes of a name: primary is the most
// likely English pronunciation, alternate another plausible one (Smith →
// SM0/XMT, Schmidt → XMT/SMT, so the two meet). alternate equals primary when
// the rules see only one pronunciation. Both are empty for a name with no
// Latin letters.
//
// It follows Lawrence Philips' published algorithm (C/C++ Users Journal, June
// 2000) with these limits, which callers should know:
//   - s is normalised and its words joined ("Mac Donald" is "macdonald"), so
//     the rules that look for a space ("Van ", "San ") never fire.
//   - "0" stands for "th"; "X" for "sh"/"ch"; every vowel after the first
//     letter is dropped and a leading vowel is "A", so Omar, Umar and Amr share
//     AMR and Ahmed, Ahmad and Ahmet share AMT.
//   - codes are cut at four sounds: Abdirahman and Abdirashid both give APTR.
//   - a final J adds nothing to the alternate (the reference code appended a
//     space there, which is a known bug).
//   - a W between vowels also gives F in the alternate, as in Polish and
//     Lithuanian, so Nowak (NK/NFK) meets Novak (NFK) and Kowalski meets
//     Kovalski. This is our addition to the published rules.
//   - some spellings of one name still differ: Thompson/Thomson (the p is
//     kept), Sean/Shaun, Niamh/Neve, Siobhan/Shivon. The nickname table and
//     edit distance catch those.
//   - the rules know English, Germanic, Slavic, Romance and some Greek
//     spellings; transliterated Arabic, Somali, Tigrinya or Pashto names are
//     encoded by their letters only, which works because their spellings are
//     largely phonetic.
func Phonetic(s string) (primary, alternate string) {
	return phonetic(s, phoneticLen)
}

// PhoneticFull is Phonetic without the cut at four sounds: what the name
// sounds like to its end, so that Bednarczyk and Bednar, or Lewandowski and
// Lewandowska's root Lewan, do not "sound the same" for sharing a start.
func PhoneticFull(s string) (primary, alternate string) {
	return phonetic(s, fullLen)
}

// fullLen bounds an untruncated code (the keys' codes use it too).
const fullLen = 64

// phonetic encodes up to limit sounds; Keys takes the last sound of a whole
// name from an unlimited code.
func phonetic(s string, limit int) (primary, alternate string) {
	w := metaphoneWord(s)
	if len(w) == 0 {
		return "", ""
	}
	e := encoder{w: w, slavo: isSlavoGermanic(w), limit: limit,
		p: make([]byte, 0, min(limit, 2*len(w))), a: make([]byte, 0, min(limit, 2*len(w)))}
	e.encode()
	return string(e.p), string(e.a)
}

// metaphoneWord upper-cases the Latin letters of the normalised name and drops
// everything else, spaces included.
func metaphoneWord(s string) []byte {
	n := Normalise(s)
	w := make([]byte, 0, len(n))
	for i := 0; i < len(n); i++ {
		if c := n[i]; c >= 'a' && c <= 'z' {
			w = append(w, c-'a'+'A')
		}
	}
	return w
}

func isSlavoGermanic(w []byte) bool {
	s := string(w)
	return strings.ContainsAny(s, "WK") || strings.Contains(s, "CZ")
}

func isVowel(c byte) bool {
	switch c {
	case 'A', 'E', 'I', 'O', 'U', 'Y':
		return true
	}
	return false
}

// encoder walks the word once, appending sounds to the primary (p) and
// alternate (a) codes; each rule returns the index of the next letter to read.
type encoder struct {
	w     []byte
	p, a  []byte
	slavo bool
	limit int
}

func (e *encoder) at(i int) byte {
	if i < 0 || i >= len(e.w) {
		return 0
	}
	return e.w[i]
}

// has reports whether any of subs occurs in the word starting at index start.
func (e *encoder) has(start int, subs ...string) bool {
	if start < 0 {
		return false
	}
	for _, s := range subs {
		if start+len(s) <= len(e.w) && string(e.w[start:start+len(s)]) == s {
			return true
		}
	}
	return false
}

func (e *encoder) last() int { return len(e.w) - 1 }

func (e *encoder) addP(s string) { e.p = appendCapped(e.p, s, e.limit) }
func (e *encoder) addA(s string) { e.a = appendCapped(e.a, s, e.limit) }
func (e *encoder) add(s string)  { e.addP(s); e.addA(s) }
func (e *encoder) add2(p, a string) {
	e.addP(p)
	e.addA(a)
}

func appendCapped(code []byte, s string, limit int) []byte {
	if room := limit - len(code); len(s) > room {
		s = s[:room]
	}
	return append(code, s...)
}

func (e *encoder) done() bool {
	return len(e.p) >= e.limit && len(e.a) >= e.limit
}

// skipDouble returns the next index after the letter at i, jumping over a
// repeat of the same letter (or one of also) as English spelling doubles
// consonants without changing the sound.
func (e *encoder) skipDouble(i int, also ...byte) int {
	next := e.at(i + 1)
	if next == e.w[i] {
		return i + 2
	}
	for _, c := range also {
		if next == c {
			return i + 2
		}
	}
	return i + 1
}

func (e *encoder) encode() {
	i := 0
	if e.has(0, "GN", "KN", "PN", "WR", "PS") {
		i = 1 // silent first letter
	}
	for i < len(e.w) && !e.done() {
		switch e.w[i] {
		case 'A', 'E', 'I', 'O', 'U', 'Y':
			if i == 0 {
				e.add("A")
			}
			i++
		case 'B':
			e.add("P")
			i = e.skipDouble(i)
		case 'C':
			i = e.c(i)
		case 'D':
			i = e.d(i)
		case 'F':
			e.add("F")
			i = e.skipDouble(i)
		case 'G':
			i = e.g(i)
		case 'H':
			i = e.h(i)
		case 'J':
			i = e.j(i)
		case 'K':
			e.add("K")
			i = e.skipDouble(i)
		case 'L':
			i = e.l(i)
		case 'M':
			e.add("M")
			if e.at(i+1) == 'M' || e.silentBAfterM(i) {
				i += 2
			} else {
				i++
			}
		case 'N':
			e.add("N")
			i = e.skipDouble(i)
		case 'P':
			if e.at(i+1) == 'H' {
				e.add("F")
				i += 2
			} else {
				e.add("P")
				i = e.skipDouble(i, 'B')
			}
		case 'Q':
			e.add("K")
			i = e.skipDouble(i)
		case 'R':
			i = e.r(i)
		case 'S':
			i = e.s(i)
		case 'T':
			i = e.t(i)
		case 'V':
			e.add("F")
			i = e.skipDouble(i)
		case 'W':
			i = e.wr(i)
		case 'X':
			i = e.x(i)
		case 'Z':
			i = e.z(i)
		default:
			i++
		}
	}
}

// silentBAfterM: "dumb", "thumb", "plumber".
func (e *encoder) silentBAfterM(i int) bool {
	return e.has(i-1, "UMB") && (i+1 == e.last() || e.has(i+2, "ER"))
}

func (e *encoder) c(i int) int {
	switch {
	case e.germanicCH(i): // "bacher", "macher", "chianti"
		e.add("K")
		return i + 2
	case i == 0 && e.has(0, "CAESAR"):
		e.add("S")
		return i + 2
	case e.has(i, "CH"):
		return e.ch(i)
	case e.has(i, "CZ") && !e.has(i-2, "WICZ"): // "Czerny"
		e.add2("S", "X")
		return i + 2
	case e.has(i+1, "CIA"): // "focaccia"
		e.add("X")
		return i + 3
	case e.has(i, "CC") && !(i == 1 && e.at(0) == 'M'): // not "McClelland"
		return e.cc(i)
	case e.has(i, "CK", "CG", "CQ"):
		e.add("K")
		return i + 2
	case e.has(i, "CI", "CE", "CY"):
		if e.has(i, "CIO", "CIE", "CIA") { // Italian
			e.add2("S", "X")
		} else {
			e.add("S")
		}
		return i + 2
	}
	e.add("K")
	if e.has(i+1, "C", "K", "Q") && !e.has(i+1, "CE", "CI") {
		return i + 2
	}
	return i + 1
}

func (e *encoder) germanicCH(i int) bool {
	if e.has(i, "CHIA") {
		return true
	}
	if i <= 1 || isVowel(e.at(i-2)) || !e.has(i-1, "ACH") {
		return false
	}
	next := e.at(i + 2)
	return (next != 'I' && next != 'E') || e.has(i-2, "BACHER", "MACHER")
}

func (e *encoder) cc(i int) int {
	if e.has(i+2, "I", "E", "H") && !e.has(i+2, "HU") { // "bellocchio", not "bacchus"
		if (i == 1 && e.at(0) == 'A') || e.has(i-1, "UCCEE", "UCCES") {
			e.add("KS") // "accident", "succeed"
		} else {
			e.add("X") // "bacci", "bertucci"
		}
		return i + 3
	}
	e.add("K")
	return i + 2
}

func (e *encoder) ch(i int) int {
	switch {
	case i > 0 && e.has(i, "CHAE"): // "Michael"
		e.add2("K", "X")
	case i == 0 && (e.has(1, "HARAC", "HARIS") || e.has(1, "HOR", "HYM", "HIA", "HEM")) && !e.has(0, "CHORE"):
		e.add("K") // Greek roots: "chorus", "charisma"
	case e.has(0, "SCH") ||
		e.has(i-2, "ORCHES", "ARCHIT", "ORCHID") ||
		e.has(i+2, "T", "S") ||
		((i == 0 || e.has(i-1, "A", "O", "U", "E")) &&
			(e.has(i+2, "L", "R", "N", "M", "B", "H", "F", "V", "W") || i+1 == e.last())):
		e.add("K") // "ch" for a "kh" sound
	case i > 0:
		if e.has(0, "MC") {
			e.add("K")
		} else {
			e.add2("X", "K")
		}
	default:
		e.add("X")
	}
	return i + 2
}

func (e *encoder) d(i int) int {
	switch {
	case e.has(i, "DG"):
		if e.has(i+2, "I", "E", "Y") { // "edge"
			e.add("J")
			return i + 3
		}
		e.add("TK") // "Edgar"
		return i + 2
	case e.has(i, "DT", "DD"):
		e.add("T")
		return i + 2
	}
	e.add("T")
	return i + 1
}

func (e *encoder) g(i int) int {
	next := e.at(i + 1)
	switch {
	case next == 'H':
		return e.gh(i)
	case next == 'N':
		switch {
		case i == 1 && isVowel(e.at(0)) && !e.slavo:
			e.add2("KN", "N")
		case !e.has(i+2, "EY") && !e.slavo:
			e.add2("N", "KN")
		default:
			e.add("KN")
		}
		return i + 2
	case e.has(i+1, "LI") && !e.slavo: // "tagliaro"
		e.add2("KL", "L")
		return i + 2
	case i == 0 && (next == 'Y' || e.has(1, "ES", "EP", "EB", "EL", "EY", "IB", "IL", "IN", "IE", "EI", "ER")):
		e.add2("K", "J")
		return i + 2
	case (e.has(i+1, "ER") || next == 'Y') &&
		!e.has(0, "DANGER", "RANGER", "MANGER") &&
		!e.has(i-1, "E", "I") && !e.has(i-1, "RGY", "OGY"):
		e.add2("K", "J") // -ger-, -gy-
		return i + 2
	case e.has(i+1, "E", "I", "Y") || e.has(i-1, "AGGI", "OGGI"):
		switch {
		case e.has(0, "SCH") || e.has(i+1, "ET"): // Germanic
			e.add("K")
		case e.has(i+1, "IER"):
			e.add("J")
		default:
			e.add2("J", "K")
		}
		return i + 2
	case next == 'G':
		e.add("K")
		return i + 2
	}
	e.add("K")
	return i + 1
}

func (e *encoder) gh(i int) int {
	switch {
	case i > 0 && !isVowel(e.at(i-1)):
		e.add("K")
	case i == 0:
		if e.at(2) == 'I' { // "Ghislane"
			e.add("J")
		} else {
			e.add("K")
		}
	case e.has(i-2, "B", "H", "D") || e.has(i-3, "B", "H", "D") || e.has(i-4, "B", "H"):
		// Parker's rule: silent in "hugh", "bough", "broughton"
	default:
		if i > 2 && e.at(i-1) == 'U' && e.has(i-3, "C", "G", "L", "R", "T") {
			e.add("F") // "laugh", "McLaughlin", "tough"
		} else if e.at(i-1) != 'I' {
			e.add("K")
		}
	}
	return i + 2
}

// h is kept only at the start or between vowels.
func (e *encoder) h(i int) int {
	if (i == 0 || isVowel(e.at(i-1))) && isVowel(e.at(i+1)) {
		e.add("H")
		return i + 2
	}
	return i + 1
}

func (e *encoder) j(i int) int {
	if e.has(i, "JOSE") { // Spanish
		if i == 0 && len(e.w) == 4 {
			e.add("H")
		} else {
			e.add2("J", "H")
		}
		return i + 1
	}
	switch {
	case i == 0:
		e.add2("J", "A") // "Jankelowicz" / "Yankelovich"
	case isVowel(e.at(i-1)) && !e.slavo && (e.at(i+1) == 'A' || e.at(i+1) == 'O'):
		e.add2("J", "H") // "bajador"
	case i == e.last():
		e.addP("J")
	case !e.has(i+1, "L", "T", "K", "S", "N", "M", "B", "Z") && !e.has(i-1, "S", "K", "L"):
		e.add("J")
	}
	return e.skipDouble(i)
}

func (e *encoder) l(i int) int {
	if e.at(i+1) != 'L' {
		e.add("L")
		return i + 1
	}
	// Spanish "-illo", "-illa", "-alle": the ll may sound as y.
	n := len(e.w)
	spanish := (i == n-3 && e.has(i-1, "ILLO", "ILLA", "ALLE")) ||
		((e.has(n-2, "AS", "OS") || e.has(n-1, "A", "O")) && e.has(i-1, "ALLE"))
	if spanish {
		e.addP("L")
	} else {
		e.add("L")
	}
	return i + 2
}

func (e *encoder) r(i int) int {
	// French final -ier ("Rogier") drops the r in the primary.
	if i == e.last() && !e.slavo && e.has(i-2, "IE") && !e.has(i-4, "ME", "MA") {
		e.addA("R")
	} else {
		e.add("R")
	}
	return e.skipDouble(i)
}

func (e *encoder) s(i int) int {
	switch {
	case e.has(i-1, "ISL", "YSL"): // "island", "Carlisle"
		return i + 1
	case i == 0 && e.has(0, "SUGAR"):
		e.add2("X", "S")
		return i + 1
	case e.has(i, "SH"):
		if e.has(i+1, "HEIM", "HOEK", "HOLM", "HOLZ") {
			e.add("S")
		} else {
			e.add("X")
		}
		return i + 2
	case e.has(i, "SIO", "SIA"): // Italian, Armenian
		if e.slavo {
			e.add("S")
		} else {
			e.add2("S", "X")
		}
		return i + 3
	case (i == 0 && e.has(1, "M", "N", "L", "W")) || e.has(i+1, "Z"):
		// "Smith" meets "Schmidt", "Snider" meets "Schneider"; Slavic -sz-.
		e.add2("S", "X")
		if e.has(i+1, "Z") {
			return i + 2
		}
		return i + 1
	case e.has(i, "SC"):
		return e.sc(i)
	}
	if i == e.last() && e.has(i-2, "AI", "OI") { // French "Artois"
		e.addA("S")
	} else {
		e.add("S")
	}
	return e.skipDouble(i, 'Z')
}

func (e *encoder) sc(i int) int {
	switch {
	case e.at(i+2) == 'H':
		switch {
		case e.has(i+3, "ER", "EN"): // "Schenker"
			e.add2("X", "SK")
		case e.has(i+3, "OO", "UY", "ED", "EM"): // Dutch "school"
			e.add("SK")
		case i == 0 && !isVowel(e.at(3)) && e.at(3) != 'W': // "Schmidt"
			e.add2("X", "S")
		default:
			e.add("X")
		}
	case e.has(i+2, "I", "E", "Y"):
		e.add("S")
	default:
		e.add("SK")
	}
	return i + 3
}

func (e *encoder) t(i int) int {
	switch {
	case e.has(i, "TION"):
		e.add("X")
		return i + 3
	case e.has(i, "TIA", "TCH"):
		e.add("X")
		return i + 3
	case e.has(i, "TH", "TTH"):
		if e.has(i+2, "OM", "AM") || e.has(0, "SCH") { // "Thomas", "Thames"
			e.add("T")
		} else {
			e.add2("0", "T")
		}
		return i + 2
	}
	e.add("T")
	return e.skipDouble(i, 'D')
}

func (e *encoder) wr(i int) int {
	switch {
	case e.has(i, "WR"):
		e.add("R")
		return i + 2
	case i == 0 && isVowel(e.at(1)):
		e.add2("A", "F") // "Wasserman" meets "Vasserman"
		return i + 1
	case i == 0 && e.at(1) == 'H':
		e.add("A")
		return i + 1
	case (i == e.last() && isVowel(e.at(i-1))) ||
		e.has(i-1, "EWSKI", "EWSKY", "OWSKI", "OWSKY") || e.has(0, "SCH"):
		e.addA("F") // "Arnow" meets "Arnoff", Polish "-owski"
		return i + 1
	case e.has(i, "WICZ", "WITZ"): // Polish "Filipowicz"
		e.add2("TS", "FX")
		return i + 4
	case i > 0 && isVowel(e.at(i-1)) && isVowel(e.at(i+1)):
		e.addA("F") // our addition: Slavic "Nowak" meets "Novak"
	}
	return i + 1
}

func (e *encoder) x(i int) int {
	if i == 0 { // "Xavier"
		e.add("S")
		return i + 1
	}
	frenchSilent := i == e.last() && (e.has(i-3, "IAU", "EAU") || e.has(i-2, "AU", "OU"))
	if !frenchSilent {
		e.add("KS")
	}
	return e.skipDouble(i, 'C')
}

func (e *encoder) z(i int) int {
	if e.at(i+1) == 'H' { // pinyin "Zhao"
		e.add("J")
		return i + 2
	}
	if e.has(i+1, "ZO", "ZI", "ZA") || (e.slavo && i > 0 && e.at(i-1) != 'T') {
		e.add2("S", "TS")
	} else {
		e.add("S")
	}
	return e.skipDouble(i)
}
