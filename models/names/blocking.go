package names

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// Blocking: how candidates for a duplicate check or a search are found
// among hundreds of thousands of people without comparing with everyone.
//
// Every person stores index keys (StoredKeys) for their names, aliases and
// date of birth in person_name_keys. A check or search builds probe keys
// (ProbeKeys, SearchKeys), each with a weight, and the database ranks the
// people stored under any probe key by the sum of the weights of the keys
// they matched: the people who agree on most, and on the strongest evidence,
// come first. Nothing is cut by id; if a limit remains it falls on the
// weakest candidates, and the caller is told.
//
// The keys, so that each kind of difference leaves some key intact:
//
//	n:<given> <family>        the whole name, normalised (exact; also the trigram target on PostgreSQL)
//	a:<given> <family>        the same for an alias, weighing less, so the person of that name
//	                          comes before the person who once used it
//	o:<words sorted>          the words of the name in order: swapped names, middle names moved
//	p:<code>|<code>           full-length phonetic codes of both names, the smaller first:
//	                          spelling that keeps the sound, doubled letters, swapped names
//	                          and hyphenated names (each word)
//	v:<code>|<code>           the same where a code is of a name the name may stand for:
//	                          nicknames (through the canonical name's code) and gendered forms
//	                          (Kowalska/Kowalski through their root), weighing less
//	i:<code>|<first sound>    one name's code with the first sound of the other: a typo in one name
//	z:<code>|<last sound>     one name's code with the last sound of the other: a typo at the start
//	s:<code>                  the family name alone (probed only by a one-name query)
//	h:<code>                  a person recorded under one name only
//	w:<word>                  each word of the name, for search and prefix search
//	d:<YYYY-MM-DD>            the date of birth: a name changed beyond recognition, or typos in both
//	e:<YYYY-MM-DD>|<letter>   the date with an initial of either name; the probe also asks for the
//	                          typing slips of the date (day and month swapped, one digit wrong,
//	                          two digits swapped), so a slip in the date meets a typo in a name
//	y:<YYYY>|<letters>        the year of birth (known, or estimated) with both initials, sorted
//
// The cost: a person with two names stores about 30 to 60 keys (more with
// nicknames of several readings and aliases).
const (
	keyName    = "n:"
	keyAlias   = "a:"
	keyOrdered = "o:"
	keyPair    = "p:"
	keyVariant = "v:"
	keyInitial = "i:"
	keyFinal   = "z:"
	keyFamily  = "s:"
	keyHalf    = "h:"
	keyWord    = "w:"
	keyDOB     = "d:"
	keyDOBInit = "e:"
	keyYear    = "y:"
)

// Weights of probe keys. They approximate how much agreeing on each says
// about being the same person: the whole name most, a shared sound less, a
// date of birth a good deal (one in about 20,000 pairs of adults share it
// by chance), a year with two initials little.
const (
	WeightName      = 100
	WeightAlias     = 70
	WeightSwapped   = 30
	WeightOrdered   = 30
	WeightPair      = 20
	WeightVariant   = 12
	WeightInitial   = 6
	WeightFinal     = 4
	WeightFamily    = 2
	WeightHalf      = 6
	WeightWord      = 3
	WeightDOB       = 12
	WeightDOBInit   = 10
	WeightDOBSlip   = 6
	WeightYear      = 4
	WeightYearClose = 2
)

// CandidateLimit is how many candidates a duplicate check ranks in full,
// the best by weight. A true duplicate shares strong keys, so it is among
// the first few; the limit only drops people who share a sound or an
// initial with the name, and the check says when it applied.
const CandidateLimit = 200

// MinDuplicateWeight is the least weight of shared keys that makes someone
// a candidate for the duplicate check: one sound with an initial, alone,
// is too little (a given name and the first letter of a family name are
// shared by thousands), and leaving those out cost no true duplicate in
// either evaluation set worth the work.
const MinDuplicateWeight = 8

// Name is one name of a person: their recorded name or an alias.
type Name struct{ Given, Family string }

// Birth is what is known of when someone was born: a date (Month and Day 0
// when only the year or month is known) or, failing that, the year a
// worker's estimate of their age points to.
type Birth struct {
	Year, Month, Day int
	EstimatedYear    int
}

// Identity is what the index keys are made of.
type Identity struct {
	Names []Name // the recorded name first, then aliases
	Birth Birth
}

// Key is a probe key and the weight a match on it adds to a candidate.
type Key struct {
	Key    string
	Weight int
}

// StoredKeys returns the index keys of a person, sorted and without repeats.
func StoredKeys(id Identity) []string {
	var ks []string
	for i, n := range id.Names {
		g, f := nameCodes(n.Given), nameCodes(n.Family)
		whole := wholeNameKeys(n)
		if i > 0 && len(whole) > 0 {
			whole[0] = keyAlias + whole[0][2:]
		}
		ks = append(ks, whole...)
		switch {
		case !g.empty() && !f.empty():
			ks = append(ks, pairKeys(g, f)...)
			for _, c := range f.all() {
				ks = append(ks, keyFamily+c)
			}
		case !g.empty():
			ks = append(ks, halfKeys(g)...)
		case !f.empty():
			ks = append(ks, halfKeys(f)...)
		}
		for _, w := range strings.Fields(Normalise(n.Given + " " + n.Family)) {
			ks = append(ks, keyWord+w)
		}
	}
	for _, k := range birthKeys(id, false) {
		ks = append(ks, k.Key)
	}
	slices.Sort(ks)
	return slices.Compact(ks)
}

// ProbeKeys returns the keys to look up for a person about to be recorded
// (or edited, or merged), with their weights: every key StoredKeys would
// give them, the other order of each name, and the typing slips of their
// date of birth and estimated year. A key met several ways keeps its
// largest weight.
func ProbeKeys(id Identity) []Key {
	kw := keyWeights{}
	for _, n := range id.Names {
		g, f := nameCodes(n.Given), nameCodes(n.Family)
		for _, k := range wholeNameKeys(n) {
			kw.add(k, weightOf(k))
			if k[:2] == keyName {
				kw.add(keyAlias+k[2:], WeightAlias)
			}
		}
		if full := Normalise(n.Family + " " + n.Given); full != "" {
			kw.add(keyName+full, WeightSwapped)
			kw.add(keyAlias+full, WeightSwapped)
		}
		switch {
		case !g.empty() && !f.empty():
			probePairKeys(g, f, kw)
			// A one-name record ("Smith", "Mo") may be either name.
			for _, k := range halfKeys(g) {
				kw.add(k, WeightHalf)
			}
			for _, k := range halfKeys(f) {
				kw.add(k, WeightHalf)
			}
		case !g.empty():
			kw.oneName(g)
		case !f.empty():
			kw.oneName(f)
		}
	}
	for _, k := range birthKeys(id, true) {
		kw.add(k.Key, k.Weight)
	}
	if id.Birth == (Birth{}) {
		kw.raiseSlipKeys()
	}
	return kw.sorted()
}

// raiseSlipKeys lifts the keys that carry a slip in one name (one name's
// code with a sound of the other) to MinDuplicateWeight, for a probe that
// knows nothing of when the person was born. With a date, a typo in one
// name meets its candidate through the date keys as well; with none, the
// name keys are all there is, and "Reej Mansour" (no date) must still reach
// the one Reem Mansour held. The weight only makes them candidates: the
// check offers a slip with no birth only when nobody else held is as close.
func (kw keyWeights) raiseSlipKeys() {
	for k, w := range kw {
		if (k[:2] == keyInitial || k[:2] == keyFinal) && w < MinDuplicateWeight {
			kw[k] = MinDuplicateWeight
		}
	}
}

// SearchKeys returns the keys to look up for free text typed into a search
// box ("smith", "john smith", "smith john", "jon smyth"). Every split of the
// words into given and family names is tried. A single word is looked up as
// a family name, a one-name record, or any word of a name.
func SearchKeys(text string) []Key {
	words := strings.Fields(Normalise(text))
	if len(words) > 4 {
		words = words[:4]
	}
	kw := keyWeights{}
	switch len(words) {
	case 0:
		return nil
	case 1:
		kw.oneName(nameCodes(words[0]))
		kw.add(keyWord+words[0], WeightWord)
	default:
		for split := 1; split < len(words); split++ {
			id := Identity{Names: []Name{{Given: strings.Join(words[:split], " "), Family: strings.Join(words[split:], " ")}}}
			for _, k := range ProbeKeys(id) {
				kw.add(k.Key, k.Weight)
			}
		}
	}
	return kw.sorted()
}

// WordPrefix is the range of stored keys for words beginning with prefix,
// for search as the worker types: key >= from AND key < to.
func WordPrefix(prefix string) (from, to string) {
	p := keyWord + Normalise(prefix)
	return p, p + "\U0010FFFF"
}

func weightOf(k string) int {
	switch k[:2] {
	case keyName:
		return WeightName
	case keyOrdered:
		return WeightOrdered
	case keyPair:
		return WeightPair
	case keyVariant:
		return WeightVariant
	case keyInitial:
		return WeightInitial
	case keyFinal:
		return WeightFinal
	case keyFamily:
		return WeightFamily
	case keyHalf:
		return WeightHalf
	case keyWord:
		return WeightWord
	}
	return 1
}

// wholeNameKeys are the exact keys: the name as recorded and its words in
// order.
func wholeNameKeys(n Name) []string {
	full := Normalise(n.Given + " " + n.Family)
	if full == "" {
		return nil
	}
	words := strings.Fields(full)
	slices.Sort(words)
	return []string{keyName + full, keyOrdered + strings.Join(words, " ")}
}

// pairKeys are the phonetic keys of a person with both names. Pair keys put
// the smaller code first so that swapped names give the same key; a pair
// with a code of a name it may stand for (a nickname's canonical name, a
// gendered root) is a v: key, so that it weighs less than the names' own.
func pairKeys(g, f codes) []string {
	var ks []string
	pairs := func(prefix string, gs, fs []string) {
		for _, a := range gs {
			for _, b := range fs {
				ks = append(ks, prefix+min(a, b)+"|"+max(a, b))
			}
		}
	}
	pairs(keyPair, g.whole, f.whole)
	pairs(keyVariant, g.derived, f.all())
	pairs(keyVariant, g.whole, f.derived)
	one := func(whole, other codes) {
		for _, c := range whole.all() {
			for _, s := range other.first {
				ks = append(ks, keyInitial+c+"|"+s)
			}
			for _, s := range other.last {
				ks = append(ks, keyFinal+c+"|"+s)
			}
		}
	}
	one(f, g)
	one(g, f)
	return ks
}

// probePairKeys are the pair keys to look up: the stored pair keys, and
// each p: key also as a v: key (the other record may hold this name as a
// nickname's canonical name) and each v: key also as a p: key (the other
// record may be written as the canonical name), at the lower weight.
func probePairKeys(g, f codes, kw keyWeights) {
	for _, k := range pairKeys(g, f) {
		kw.add(k, weightOf(k))
		switch k[:2] {
		case keyPair:
			kw.add(keyVariant+k[2:], WeightVariant)
		case keyVariant:
			kw.add(keyPair+k[2:], WeightVariant)
		}
	}
}

func halfKeys(c codes) []string {
	all := c.all()
	ks := make([]string, len(all))
	for i, code := range all {
		ks[i] = keyHalf + code
	}
	return ks
}

// birthKeys are the date and year keys of a person. probe adds the slips a
// date may have been typed with, and years either side of an estimate.
func birthKeys(id Identity, probe bool) []Key {
	var ks []Key
	b := id.Birth
	initials := nameInitials(id.Names)
	year := b.Year
	if year == 0 {
		year = b.EstimatedYear
	}
	if b.Year > 0 && b.Month > 0 && b.Day > 0 {
		dates := []dateSlip{{b.Year, b.Month, b.Day, false}}
		if probe {
			dates = append(dates, DateSlips(b.Year, b.Month, b.Day)...)
		}
		for _, d := range dates {
			date := isoDate(d.year, d.month, d.day)
			w := WeightDOBInit
			if d.slip {
				w = WeightDOBSlip
			} else {
				ks = append(ks, Key{keyDOB + date, WeightDOB})
			}
			for _, in := range initials {
				ks = append(ks, Key{keyDOBInit + date + "|" + in, w})
			}
		}
	}
	if year > 0 {
		spread := 0
		if probe {
			spread = 2 // an estimate is often a year or two out
		}
		for y := year - spread; y <= year+spread; y++ {
			w := WeightYear
			if y != year {
				w = WeightYearClose
			}
			for _, pair := range initialPairs(id.Names) {
				ks = append(ks, Key{keyYear + strconv.Itoa(y) + "|" + pair, w})
			}
		}
	}
	return ks
}

// nameInitials are the first letters of every name part of every name.
func nameInitials(ns []Name) []string {
	var out []string
	for _, n := range ns {
		for _, part := range []string{n.Given, n.Family} {
			if in := initial(part); in != "" && !slices.Contains(out, in) {
				out = append(out, in)
			}
		}
	}
	return out
}

// initialPairs are the two initials of each name with both parts, sorted
// (so swapped names give the same pair).
func initialPairs(ns []Name) []string {
	var out []string
	for _, n := range ns {
		g, f := initial(n.Given), initial(n.Family)
		if g == "" || f == "" {
			continue
		}
		if p := min(g, f) + max(g, f); !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

func initial(part string) string {
	for _, r := range Normalise(part) {
		return string(r)
	}
	return ""
}

type dateSlip struct {
	year, month, day int
	slip             bool
}

// DateSlips returns the dates someone may have typed for a date of birth:
// day and month swapped, one digit of the day, month or the year's last two
// wrong, two neighbouring digits swapped (as written day first,
// DDMMYYYY). Only real dates, none before 1900.
func DateSlips(year, month, day int) []dateSlip {
	var digits [8]int
	for i, v := range [8]int{day / 10, day % 10, month / 10, month % 10, year / 1000, year / 100 % 10, year / 10 % 10, year % 10} {
		digits[i] = v
	}
	out := make([]dateSlip, 0, 48)
	add := func(ds [8]int) {
		d, m, y := ds[0]*10+ds[1], ds[2]*10+ds[3], ds[4]*1000+ds[5]*100+ds[6]*10+ds[7]
		if (y == year && m == month && d == day) || y < 1900 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
			return
		}
		for _, o := range out {
			if o.year == y && o.month == m && o.day == d {
				return
			}
		}
		out = append(out, dateSlip{y, m, d, true})
	}
	if day <= 12 {
		add([8]int{month / 10, month % 10, day / 10, day % 10, digits[4], digits[5], digits[6], digits[7]})
	}
	for _, i := range [6]int{0, 1, 2, 3, 6, 7} { // day, month, the year's last two digits
		for c := range 10 {
			if c != digits[i] {
				ds := digits
				ds[i] = c
				add(ds)
			}
		}
	}
	for i := 0; i+1 < len(digits); i++ {
		ds := digits
		ds[i], ds[i+1] = ds[i+1], ds[i]
		add(ds)
	}
	return out
}

// daysIn is the number of days in a month (1 to 12) of year: day 0 of
// the next month is its last day.
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// keyWeights collects probe keys, keeping each key's largest weight.
type keyWeights map[string]int

func (kw keyWeights) add(k string, w int) {
	if w > kw[k] {
		kw[k] = w
	}
}

// oneName adds the keys for a query holding a single name, which may be a
// family name, a given name or a one-name record.
func (kw keyWeights) oneName(c codes) {
	for _, code := range c.all() {
		kw.add(keyFamily+code, WeightPair)
		kw.add(keyHalf+code, WeightPair)
	}
}

func (kw keyWeights) sorted() []Key {
	if len(kw) == 0 {
		return nil
	}
	out := make([]Key, 0, len(kw))
	for k, w := range kw {
		out = append(out, Key{k, w})
	}
	slices.SortFunc(out, func(a, b Key) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// isoDate writes YYYY-MM-DD without fmt: probes write dozens per check.
func isoDate(y, m, d int) string {
	b := make([]byte, 10)
	b[0], b[1], b[2], b[3] = byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10)
	b[4], b[5], b[6], b[7] = '-', byte('0'+m/10), byte('0'+m%10), '-'
	b[8], b[9] = byte('0'+d/10), byte('0'+d%10)
	return string(b)
}
