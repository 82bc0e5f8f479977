package dedupetest

import (
	"gateway/matching"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"gateway/models/names"
	"gateway/models/names/namegen"
)

// DuplicateSet is a generated population in creation order (IDs 1..n) where
// it is known which records are the same person.
type DuplicateSet struct {
	People []GeneratedPerson
}

// GeneratedPerson is one record of a DuplicateSet.
type GeneratedPerson struct {
	matching.PersonFacts
	Entity int    // records with the same Entity are the same person
	Kind   string // KindBase, KindHardNegative or the variant kind
}

// Record kinds in a DuplicateSet. A variant is a second record of a base
// person, made the way duplicates arise in practice.
const (
	KindBase         = "base person"
	KindHardNegative = "different person, similar name"

	KindTypoGiven     = "typo in given name"
	KindTypoFamily    = "typo in family name"
	KindSwapped       = "given and family swapped"
	KindNickname      = "nickname"
	KindSpelling      = "accents, spelling or middle name"
	KindMissingGiven  = "given name missing"
	KindEstimatedAge  = "no DOB, estimated age"
	KindDOBSwapped    = "DOB day and month swapped"
	KindDOBDigit      = "DOB day or month one digit wrong"
	KindAlias         = "recorded under an alias"
	KindTwoDifference = "nickname or typo and DOB unknown or wrong"
	// Added for the issue "One person, one record".
	KindMissingDOB     = "same name, no DOB on one record"
	KindYearOnly       = "year or month of birth only"
	KindTypoBoth       = "typo in both names"
	KindDoubled        = "doubled or transposed letters"
	KindHyphenated     = "hyphenated or double-barrelled name"
	KindTransliterated = "transliteration"
	KindGendered       = "gendered family name form"
	KindYearDigit      = "year of birth one digit wrong"

	// Different people who look alike, by how: the hard negatives.
	KindNegYearDigit = "namesake, year one digit apart"
	KindNegTwin      = "twin: same family name and date"
	KindNegParent    = "parent or child of the same name"
)

var variantKinds = []string{
	KindTypoGiven, KindTypoFamily, KindSwapped, KindNickname, KindSpelling,
	KindMissingGiven, KindEstimatedAge, KindDOBSwapped, KindDOBDigit, KindAlias,
	KindTwoDifference, KindMissingDOB, KindYearOnly, KindTypoBoth, KindDoubled,
	KindHyphenated, KindTransliterated, KindGendered, KindYearDigit,
}

var negativeKinds = []string{KindHardNegative, KindNegYearDigit, KindNegTwin, KindNegParent}

// Shares of a generated set: a fifth of the records are planted duplicates,
// and 6% are different people with a name like someone else's.
const (
	plantedShare      = 0.20
	hardNegativeShare = 0.06
)

// GenerateDuplicateSet makes a population of the given number of records
// from the sample name lists, in a random creation order: 74% base people,
// 20% planted duplicates (a second record of a base person made one way,
// equal numbers of each variant kind, no base person varied twice) and 6%
// hard negatives (a different person with a base person's family name, or a
// slip of it, often the same given name, and a different full date of
// birth). About 8% of base people have only an estimated age and 3% only a
// year of birth; 10% have an alias. The same seed gives the same set.
func GenerateDuplicateSet(seed int64, people int) DuplicateSet {
	g := generator{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), names: namegen.NewSampler(uint64(seed)),
		aside: rand.New(rand.NewPCG(uint64(seed), 0xa51de))}
	planted := int(float64(people) * plantedShare)
	negatives := int(float64(people) * hardNegativeShare)
	bases := people - planted - negatives

	var set []GeneratedPerson
	for i := range bases {
		set = append(set, GeneratedPerson{PersonFacts: g.basePerson(), Entity: i, Kind: KindBase})
	}
	// Each base person gets at most one variant, so every planted pair is
	// counted under one kind.
	order := g.r.Perm(bases)
	next := 0
	for i := 0; i < planted && next < len(order); i++ {
		kind := variantKinds[i%len(variantKinds)]
		for ; next < len(order); next++ {
			base := set[order[next]]
			if v, ok := g.variant(kind, base.PersonFacts); ok {
				set = append(set, GeneratedPerson{PersonFacts: v, Entity: base.Entity, Kind: kind})
				next++
				break
			}
		}
	}
	for i := range negatives {
		base := set[g.r.IntN(bases)]
		// Most look-alikes share a family name (or nearly) and differ in the
		// date; twins and parents of the same name are rarer, and namesakes
		// born on the same day a decade apart rarer still (about one
		// namesake pair in 2,000 shares a day and month with the year one
		// digit out): one in 20 of each is still far more than life has.
		kind := KindHardNegative
		if i%20 < len(negativeKinds)-1 {
			kind = negativeKinds[1+i%20]
		}
		neg, ok := g.negative(kind, base.PersonFacts)
		if !ok {
			kind, neg = KindHardNegative, g.hardNegative(base.PersonFacts)
		}
		set = append(set, GeneratedPerson{PersonFacts: neg, Entity: bases + i, Kind: kind})
	}
	g.r.Shuffle(len(set), func(i, j int) { set[i], set[j] = set[j], set[i] })
	for i := range set {
		set[i].ID = int64(i + 1)
	}
	return DuplicateSet{People: set}
}

type generator struct {
	r     *rand.Rand
	names *namegen.Sampler
	// aside draws what a correction to the generator needs, so that the
	// draws of r, and so the rest of a set, stay as they were.
	aside *rand.Rand
}

// basePerson draws a person with names as common or rare as in a UK
// caseload (namegen: tens of thousands of family names, a few very
// common), a date of birth, sometimes only an estimated age or a year, and
// sometimes an alias.
func (g *generator) basePerson() matching.PersonFacts {
	var p matching.PersonFacts
	p.Gender, p.Given, p.Family = g.draw()
	if g.r.Float64() < 0.06 { // a second given name
		if _, second := g.genderAndGiven(); second != p.Given {
			p.Given += " " + second
		}
	}
	p.DOB = g.birthDate()
	switch x := g.r.Float64(); {
	case x < 0.08: // never gave a date of birth: a worker estimated the age
		p.EstimatedBirthYear = p.DOB.Year + g.estimateError()
		p.DOB = matching.Date{}
	case x < 0.11: // gave the year only
		p.DOB = matching.Date{Year: p.DOB.Year}
	}
	if g.r.Float64() < 0.10 {
		p.Aliases = []matching.Name{g.alias(p)}
	}
	return p
}

// draw is a person's gender (sometimes not recorded) and names.
func (g *generator) draw() (gender, given, family string) {
	d := g.names.Draw()
	gender = d.Gender
	if g.r.Float64() < 0.04 {
		gender = "" // not recorded
	}
	return gender, d.Given, d.Family
}

// genderAndGiven draws another person's gender and given name.
func (g *generator) genderAndGiven() (gender, given string) {
	gender, given, _ = g.draw()
	return gender, given
}

func (g *generator) birthDate() matching.Date {
	// Adults, most aged 25 to 50.
	year := 1958 + g.r.IntN(24) + g.r.IntN(24)
	month := 1 + g.r.IntN(12)
	return matching.Date{Year: year, Month: month, Day: 1 + g.r.IntN(daysIn(year, month))}
}

// estimateError is how far a worker's estimate of age is out, in years.
func (g *generator) estimateError() int { return g.r.IntN(5) - 2 + g.r.IntN(5) - 2 }

var streetNames = []string{"Jay", "Scouse", "Taff", "Paddy", "Geordie", "Mo", "Tiny", "Red", "Smiley", "Jock", "Polski", "Brummie", "Doc", "Bear"}

// alias is a street name with the family name, or a previous family name
// (from a partner of any origin).
func (g *generator) alias(p matching.PersonFacts) matching.Name {
	if g.r.IntN(2) == 0 {
		return matching.Name{Given: streetNames[g.r.IntN(len(streetNames))], Family: p.Family}
	}
	for {
		if _, _, f := g.draw(); f != p.Family {
			return matching.Name{Given: p.Given, Family: f}
		}
	}
}

// variant makes a second record of base as kind, or reports that base cannot
// have that kind of variant (no day ≤ 12 to swap, no nickname...).
func (g *generator) variant(kind string, base matching.PersonFacts) (matching.PersonFacts, bool) {
	v := base
	v.Aliases = nil               // a second record rarely repeats the first one's aliases
	if v.EstimatedBirthYear > 0 { // another worker estimates the age afresh
		v.EstimatedBirthYear += g.r.IntN(5) - 2
	}
	ok := true
	switch kind {
	case KindTypoGiven:
		v.Given, ok = g.typo(base.Given)
	case KindTypoFamily:
		v.Family, ok = g.typo(base.Family)
	case KindSwapped:
		v.Given, v.Family = base.Family, base.Given
	case KindNickname:
		v.Given, ok = g.nickname(base.Given)
	case KindSpelling:
		v.Given, v.Family, ok = g.respell(base.Given, base.Family)
	case KindMissingGiven:
		v.Given = ""
	case KindEstimatedAge:
		ok = known(base.DOB)
		v.DOB, v.EstimatedBirthYear = matching.Date{}, base.DOB.Year+g.estimateError()
	case KindDOBSwapped:
		d := base.DOB
		ok = full(d) && d.Day <= 12 && d.Day != d.Month
		v.DOB = matching.Date{Year: d.Year, Month: d.Day, Day: d.Month}
	case KindDOBDigit:
		v.DOB, ok = g.digitSlip(base.DOB, dayOrMonth)
	case KindAlias:
		if len(base.Aliases) > 0 { // recorded under the alias the first record holds
			v.Given, v.Family = base.Aliases[0].Given, base.Aliases[0].Family
		} else { // recorded under another name, with the first record's name as alias
			_, v.Given, v.Family = g.draw()
			v.Aliases = []matching.Name{{Given: base.Given, Family: base.Family}}
		}
	case KindTwoDifference:
		if g.r.IntN(2) == 0 {
			v.Given, ok = g.nickname(base.Given)
		} else {
			v.Family, ok = g.typo(base.Family)
		}
		if g.r.IntN(2) == 0 {
			v.DOB, v.EstimatedBirthYear = matching.Date{}, base.DOB.Year+g.estimateError()
			ok = ok && known(base.DOB)
		} else {
			var dobOK bool
			v.DOB, dobOK = g.digitSlip(base.DOB, dayOrMonth)
			ok = ok && dobOK
		}
	case KindMissingDOB: // the same name, and no date of birth or age on the new record
		ok = base.DOB.Year > 0 || base.EstimatedBirthYear > 0
		v.DOB, v.EstimatedBirthYear = matching.Date{}, 0
	case KindYearOnly: // only the year, or the month and year, known this time
		ok = full(base.DOB)
		v.DOB = matching.Date{Year: base.DOB.Year}
		if g.r.IntN(3) == 0 {
			v.DOB.Month = base.DOB.Month
		}
	case KindTypoBoth:
		var ok2 bool
		v.Given, ok = g.typo(base.Given)
		v.Family, ok2 = g.typo(base.Family)
		ok = ok && ok2
	case KindDoubled:
		v.Given, v.Family, ok = g.doubled(base.Given, base.Family)
	case KindHyphenated:
		v.Family, ok = g.hyphenated(base.Family)
	case KindTransliterated:
		v.Given, ok = g.transliterated(base.Given)
	case KindGendered:
		v.Family, ok = g.gendered(base)
	case KindYearDigit:
		v.DOB, ok = g.digitSlip(base.DOB, year)
	}
	return v, ok
}

// doubled doubles a letter, undoubles one, or swaps two neighbours, in
// either name (Philip/Phillip, Mathew/Matthew, Jhon/John).
func (g *generator) doubled(given, family string) (string, string, bool) {
	change := func(name string) (string, bool) {
		rs := []rune(name)
		if len(rs) < 3 {
			return name, false
		}
		i := 1 + g.r.IntN(len(rs)-2)
		switch {
		case rs[i] == rs[i+1]:
			rs = slices.Delete(rs, i, i+1)
		case g.r.IntN(2) == 0:
			rs = slices.Insert(rs, i, rs[i])
		default:
			rs[i], rs[i+1] = rs[i+1], rs[i]
		}
		out := string(rs)
		return out, out != name
	}
	if g.r.IntN(2) == 0 {
		out, ok := change(given)
		return out, family, ok
	}
	out, ok := change(family)
	return given, out, ok
}

// hyphenated halves a double-barrelled family name, or makes one from
// the name and a partner's (Smith becomes Smith-Jones).
func (g *generator) hyphenated(family string) (string, bool) {
	if first, second, ok := strings.Cut(family, "-"); ok {
		if g.r.IntN(2) == 0 {
			return first, true
		}
		return second, true
	}
	if strings.Contains(family, " ") || family == "" {
		return family, false
	}
	other := g.names.Family("")
	if g.r.IntN(2) == 0 {
		return family + "-" + other, true
	}
	return other + "-" + family, true
}

// transliterated writes the given name in another of its spellings
// (Mohammed, Muhammad, Mohamed), one that keeps its first letter.
func (g *generator) transliterated(given string) (string, bool) {
	first, _, _ := strings.Cut(given, " ")
	n := names.Normalise(first)
	var others []string
	for _, f := range names.Forms(first) {
		if f != n && f[0] == n[0] && names.JaroWinkler(f, n) >= 0.8 {
			others = append(others, f)
		}
	}
	if len(others) == 0 {
		return given, false
	}
	return titleCase(others[g.r.IntN(len(others))]), true
}

// gendered gives a woman's record her family name in its other gender's
// form (Kowalska recorded as Kowalski, her father's), or a man's in the
// woman's form.
func (g *generator) gendered(p matching.PersonFacts) (string, bool) {
	for _, o := range namegen.Origins() {
		for _, f := range namegen.FemaleForms(o.Name, p.Family) {
			if f != p.Family {
				return f, true
			}
		}
	}
	return p.Family, false
}

// negative makes a different person who looks like base in one of the
// ways real namesakes do.
func (g *generator) negative(kind string, base matching.PersonFacts) (matching.PersonFacts, bool) {
	p := base
	p.ID, p.Aliases, p.EstimatedBirthYear = 0, nil, 0
	switch kind {
	case KindNegYearDigit: // the same name, born the same day a decade apart
		d, ok := g.digitSlip(base.DOB, year)
		p.DOB = d
		return p, ok && d.Year != base.DOB.Year
	case KindNegTwin: // a brother or sister born the same day
		if !full(base.DOB) {
			return p, false
		}
		for range 20 {
			if _, given := g.genderAndGiven(); names.Normalise(given) != names.Normalise(base.Given) {
				p.Given, p.Gender = given, ""
				return p, true
			}
		}
		return p, false
	case KindNegParent: // a father or mother of the same name
		if !full(base.DOB) {
			return p, false
		}
		p.DOB = g.birthDate()
		p.DOB.Year = base.DOB.Year - 20 - g.r.IntN(16)
		p.DOB.Day = min(p.DOB.Day, daysIn(p.DOB.Year, p.DOB.Month))
		return p, true
	}
	return p, false
}

// typo makes one slip anywhere in the name, the first letter included: a
// letter inserted, dropped, replaced by any letter, or swapped with the next.
func (g *generator) typo(name string) (string, bool) {
	rs := []rune(name)
	if len(rs) < 2 {
		return name, false
	}
	letter := rune('a' + g.r.IntN(26))
	i := g.r.IntN(len(rs))
	switch g.r.IntN(4) {
	case 0:
		rs = slices.Insert(rs, i, letter)
	case 1:
		rs = slices.Delete(rs, i, i+1)
	case 2:
		if unicode.ToLower(rs[i]) == letter {
			return g.typo(name)
		}
		rs[i] = letter
	case 3:
		if i == len(rs)-1 {
			i--
		}
		if rs[i] == rs[i+1] {
			return g.typo(name)
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	out := strings.TrimSpace(string(rs))
	return out, out != "" && out != name
}

func (g *generator) nickname(given string) (string, bool) {
	first, _, _ := strings.Cut(given, " ")
	var others []string
	for _, f := range names.Forms(first) {
		if f != names.Normalise(first) {
			others = append(others, f)
		}
	}
	if len(others) == 0 {
		return given, false
	}
	return titleCase(others[g.r.IntN(len(others))]), true
}

// respell writes the name as another worker might: without accents or
// apostrophes, with a middle name dropped, or in a spelling of the same
// sound the nickname table knows (Mohamed for Mohammed).
func (g *generator) respell(given, family string) (string, string, bool) {
	plain := func(s string) string { return titleCase(names.Normalise(s)) }
	switch {
	case plain(given) != given || plain(family) != family:
		return plain(given), plain(family), true
	case strings.Contains(given, " "):
		first, _, _ := strings.Cut(given, " ")
		return first, family, true
	}
	p, _ := names.Phonetic(given)
	for _, f := range names.Forms(given) {
		if q, _ := names.Phonetic(f); q == p && f != names.Normalise(given) {
			return titleCase(f), family, true
		}
	}
	return given, family, false
}

// Which digits of a date a slip may hit.
const (
	dayOrMonth = iota
	year
)

// The years of birth a slip of the year may give: those of a living adult
// (aged 18 to 100 in 2026). Until 2026-12-07 only the upper bound held, and
// the tens digit was drawn freely, so a "namesake, year one digit apart" of
// someone born 1975 could be born 1905 (a person of 121 in a homelessness
// caseload), and a year typed for 1981 could be 1921: no worker would record
// either without asking. Both kinds use the same rule, so they stay
// indistinguishable by construction (docs/DUPLICATES.md).
const (
	earliestBirthYear = 1926
	latestBirthYear   = 2008
)

// digitSlip changes one digit of the date as written (of the day or
// month, or of the year's last two), keeping it a real date and, for a
// year, one a living adult could be born in.

func (g *generator) digitSlip(d matching.Date, part int) (matching.Date, bool) {
	if !full(d) {
		return d, false
	}
	for range 50 {
		v := d
		digit := g.r.IntN(10)
		pos := g.r.IntN(4) // day or month
		if part == year {
			pos = 4 + g.r.IntN(2)
		}
		switch pos {
		case 0:
			v.Day = digit*10 + d.Day%10
		case 1:
			v.Day = d.Day/10*10 + digit
		case 2:
			v.Month = digit*10 + d.Month%10
		case 3:
			v.Month = d.Month/10*10 + digit
		case 4:
			v.Year = d.Year/100*100 + digit*10 + d.Year%10
		case 5:
			v.Year = d.Year/10*10 + digit
		}
		if v != d && v.Month >= 1 && v.Month <= 12 && v.Day >= 1 && v.Day <= daysIn(v.Year, v.Month) && v.Year <= latestBirthYear {
			if v.Year < earliestBirthYear {
				return g.livingYearSlip(d)
			}
			return v, true
		}
	}
	return d, false
}

// livingYearSlip is a slip of one of the last two digits of d's year that
// gives a year a living adult could be born in, drawn from the generator's
// aside stream: a draw of digitSlip that gave a year before
// earliestBirthYear is replaced without the main stream noticing, so every
// other record of a set stays as it was.
func (g *generator) livingYearSlip(d matching.Date) (matching.Date, bool) {
	var years []int
	for y := max(earliestBirthYear, d.Year/100*100); y <= latestBirthYear; y++ {
		if y != d.Year && oneDigitOut(y, d.Year) && d.Day <= daysIn(y, d.Month) {
			years = append(years, y)
		}
	}
	if len(years) == 0 {
		return d, false
	}
	v := d
	v.Year = years[g.aside.IntN(len(years))]
	return v, true
}

// oneDigitOut: a and b differ in their tens or their units digit only.
func oneDigitOut(a, b int) bool {
	return a/100 == b/100 && (a%10 == b%10) != (a/10%10 == b/10%10)
}

// hardNegative is a different person whose name is like base's: same family
// name or one slip of it, the same given name half the time (fathers and
// sons, common names), and a different full date of birth.
func (g *generator) hardNegative(base matching.PersonFacts) matching.PersonFacts {
	p := g.basePerson()
	p.Aliases = nil
	p.Family = base.Family
	if g.r.Float64() < 0.3 {
		if f, ok := g.typo(base.Family); ok {
			p.Family = f
		}
	}
	if g.r.IntN(2) == 0 {
		p.Given, p.Gender = base.Given, base.Gender
	}
	p.EstimatedBirthYear = 0
	for {
		p.DOB = g.birthDate()
		if p.DOB != base.DOB {
			return p
		}
	}
}

// daysIn is the number of days in a month (1 to 12) of year: day 0 of
// the next month is its last day.
func daysIn(year, month int) int {
	return time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func titleCase(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		r, n := utf8.DecodeRuneInString(w)
		words[i] = string(unicode.ToUpper(r)) + w[n:]
	}
	return strings.Join(words, " ")
}

func known(d matching.Date) bool { return d.Year > 0 }
func full(d matching.Date) bool  { return d.Year > 0 && d.Month > 0 && d.Day > 0 }
