package names

import (
	"slices"
	"strings"
)

// codes are the sounds a name field may be known by.
type codes struct {
	whole       []string // full-length Double Metaphone codes of the name as written
	derived     []string // codes of the names it may stand for, not among whole
	first, last []string // first and last sounds of all of them
}

// all is every code, the name's own first.
func (c codes) all() []string { return append(slices.Clone(c.whole), c.derived...) }

func (c codes) empty() bool { return len(c.whole) == 0 }

// nameCodes returns the codes of a name field: of the whole field, of its
// significant words, of the canonical names each may be a nickname or
// variant of, and of the root a gendered family name shares with its other
// forms (Kowalska and Kowalski: "kowal"). Codes are full length, so long
// names that differ late do not share a code by accident.
func nameCodes(field string) codes {
	var c codes
	n := Normalise(field)
	if n == "" {
		return c
	}
	add := func(name string, derived bool) {
		p, a := phonetic(name, 64)
		if p == "" { // no Latin letters: keep the name itself as its code
			p, a = "#"+name, "#"+name
		}
		for _, code := range [2]string{p, a} {
			c.last = appendNew(c.last, lastSound(code))
			c.first = appendNew(c.first, firstSound(code))
			if derived {
				c.derived = appendNew(c.derived, code)
			} else {
				c.whole = appendNew(c.whole, code)
			}
		}
	}
	forms := nameForms(n)
	for _, form := range forms {
		add(form, false)
	}
	for _, form := range forms {
		for _, v := range Variants(form) {
			if v != form {
				add(v, true)
			}
		}
		if roots, _ := GenderedRoots(form); len(roots) > 1 {
			add(roots[1], true)
		}
	}
	c.derived = slices.DeleteFunc(c.derived, func(code string) bool { return slices.Contains(c.whole, code) })
	return c
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}

// nameForms returns the spellings of a normalised name field worth encoding:
// the words run together ("mac donald" = "macdonald", "abdi rahman" =
// "abdirahman") and, for a field of several words, each word but particles,
// so "Mary Jane" meets "Mary" and "Garcia Lopez" meets "Lopez".
func nameForms(n string) []string {
	words := strings.Fields(n)
	forms := []string{strings.Join(words, "")}
	if len(words) == 1 {
		return forms
	}
	for _, w := range words {
		if !isParticle(w) && !slices.Contains(forms, w) {
			forms = append(forms, w)
		}
	}
	return forms
}

// isParticle reports the small words that begin family names in many
// languages; alone they would make keys shared by thousands.
func isParticle(w string) bool {
	switch w {
	case "al", "el", "ul", "bin", "ibn", "bint", "abu", "van", "von", "der", "den",
		"de", "da", "di", "du", "del", "la", "le", "mac", "mc", "st", "o", "y":
		return true
	}
	return len([]rune(w)) < 2
}

// firstSound and lastSound take one sound from an untruncated code; a code
// kept as a non-Latin name ("#...") gives its first or last rune instead.
func firstSound(code string) string {
	if strings.HasPrefix(code, "#") {
		r := []rune(code[1:])
		return string(r[0])
	}
	return code[:1]
}

func lastSound(code string) string {
	if strings.HasPrefix(code, "#") {
		r := []rune(code)
		return string(r[len(r)-1])
	}
	return code[len(code)-1:]
}
