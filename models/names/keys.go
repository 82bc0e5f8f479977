package names

import (
	"slices"
	"strings"
)

// Index keys find candidate duplicates with one indexed lookup
// (person_name_keys.key IN (...)). The models package stores Keys for a
// person's name and for each alias, and looks up LookupKeys (structured
// given/family, as on the create form) or QueryKeys (a free-text search box).
//
// The scheme. Every name field is reduced to phonetic codes (Phonetic of the
// whole field, of each significant word in it, and of each canonical name it
// may be a nickname of). For a person with both names, and for either order of
// the two, we store
//
//	i:<code of one name>|<first sound of the other>   e.g. i:SM0|J for John Smith
//	z:<code of one name>|<last sound of the other>    e.g. z:SM0|N
//	                      (of the whole name: codes are cut at four sounds)
//	s:<code of the family name>                       family name alone
//
// and for a person recorded with a single name, h:<code>.
//
// Why. Pairing a whole code with one sound of the other name keeps a key
// selective: i:SM0|J holds the Smiths whose given name starts with a J sound,
// about a tenth of the Smiths, never a family name's whole population. One
// typo changes at most one name; whichever name it hit, some key survives:
// a typo in the family name that changes its code leaves i:<given>|<family's
// first sound>, or, if it hit the first letter, z:<given>|<family's last
// sound>. Because both orders are stored, swapped given and family names meet
// without extra lookups. Nicknames meet through the canonical name's code
// (Bill → william → ALM). The family-alone key (s:) matches every Smith, so
// LookupKeys asks for it only when the query has a single name; h: keys let a
// person recorded with one name ("Smith", or just "Mo") meet full names.
//
// The cost: a person with two names stores about 15 to 30 keys (more for
// nicknames with several readings), and two simultaneous typos, one in each
// name, can still hide a duplicate. DOB is not in the keys: a duplicate with
// a different name and no alias is not found by name search.
const (
	keyInitial = "i:"
	keyFinal   = "z:"
	keyFamily  = "s:"
	keyHalf    = "h:"
)

// Keys returns the index keys to store for one name of a person (the primary
// name or an alias), sorted and without repeats. See the key scheme above.
func Keys(given, family string) []string {
	g, f := nameCodes(given), nameCodes(family)
	var ks keySet
	switch {
	case !g.empty() && !f.empty():
		ks.pairs(g, f)
		ks.each(keyFamily, f)
	case !g.empty():
		ks.each(keyHalf, g)
	case !f.empty():
		ks.each(keyHalf, f)
	}
	return ks.sorted()
}

// LookupKeys returns the keys to look up for a name given as separate given
// and family names (creating a person, a partner's search). A person is a
// candidate if any of their stored Keys is among these.
func LookupKeys(given, family string) []string {
	g, f := nameCodes(given), nameCodes(family)
	var ks keySet
	switch {
	case !g.empty() && !f.empty():
		ks.pairs(g, f)
		ks.each(keyHalf, g)
		ks.each(keyHalf, f)
	case !g.empty():
		ks.each(keyHalf, g)
		ks.each(keyFamily, g)
	case !f.empty():
		ks.each(keyHalf, f)
		ks.each(keyFamily, f)
	}
	return ks.sorted()
}

// QueryKeys returns the keys to look up for free text typed into a search box:
// "smith", "john smith", "smith john", "jon smyth". The order of the words does
// not matter; with three or more words every split into given and family is
// tried ("mary jane smith"). A single word is looked up as a family name or as
// a person's only name, not as a given name, which would match too many.
func QueryKeys(query string) []string {
	words := strings.Fields(Normalise(query))
	if len(words) > 4 {
		words = words[:4]
	}
	switch len(words) {
	case 0:
		return nil
	case 1:
		return LookupKeys("", words[0])
	}
	var all []string
	for split := 1; split < len(words); split++ {
		all = append(all, LookupKeys(strings.Join(words[:split], " "), strings.Join(words[split:], " "))...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// codes are the sounds a name field may be known by.
type codes struct {
	whole       []string // Double Metaphone codes (four sounds at most)
	first, last []string // first and last sounds of the untruncated codes
}

func (c codes) empty() bool { return len(c.whole) == 0 }

// nameCodes returns the codes of a name field: of the whole field, of its
// significant words, and of the canonical names each may be a nickname or
// variant of.
func nameCodes(field string) codes {
	var c codes
	n := Normalise(field)
	if n == "" {
		return c
	}
	add := func(name string) {
		p, a := phonetic(name, 64)
		if p == "" { // no Latin letters: keep the name itself as its code
			p, a = "#"+name, "#"+name
		}
		for _, code := range [2]string{p, a} {
			c.last = appendNew(c.last, lastSound(code))
			c.first = appendNew(c.first, firstSound(code))
			if !strings.HasPrefix(code, "#") && len(code) > phoneticLen {
				code = code[:phoneticLen]
			}
			c.whole = appendNew(c.whole, code)
		}
	}
	for _, form := range nameForms(n) {
		add(form)
		for _, v := range Variants(form) {
			if v != form {
				add(v)
			}
		}
	}
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

type keySet []string

// pairs adds the initial and final keys for both orders of the two names.
func (ks *keySet) pairs(g, f codes) {
	ks.pair(f, g)
	ks.pair(g, f)
}

func (ks *keySet) pair(whole, other codes) {
	for _, c := range whole.whole {
		for _, s := range other.first {
			*ks = append(*ks, keyInitial+c+"|"+s)
		}
		for _, s := range other.last {
			*ks = append(*ks, keyFinal+c+"|"+s)
		}
	}
}

func (ks *keySet) each(prefix string, c codes) {
	for _, code := range c.whole {
		*ks = append(*ks, prefix+code)
	}
}

func (ks keySet) sorted() []string {
	slices.Sort(ks)
	return slices.Compact(ks)
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
