package dedupetest

import (
	"gateway/matching"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"gateway/models/names"
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
	KindDOBDigit      = "DOB one digit wrong"
	KindAlias         = "recorded under an alias"
	KindTwoDifference = "nickname or typo and DOB unknown or wrong"
)

var variantKinds = []string{
	KindTypoGiven, KindTypoFamily, KindSwapped, KindNickname, KindSpelling,
	KindMissingGiven, KindEstimatedAge, KindDOBSwapped, KindDOBDigit, KindAlias,
	KindTwoDifference,
}

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
	g := generator{r: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), origins: names.SampleOrigins()}
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
		set = append(set, GeneratedPerson{PersonFacts: g.hardNegative(base.PersonFacts), Entity: bases + i, Kind: KindHardNegative})
	}
	g.r.Shuffle(len(set), func(i, j int) { set[i], set[j] = set[j], set[i] })
	for i := range set {
		set[i].ID = int64(i + 1)
	}
	return DuplicateSet{People: set}
}

type generator struct {
	r       *rand.Rand
	origins []names.Origin
}

// pick chooses a family name from a list ordered commonest first, the first
// about five times as likely as the twentieth, so common names repeat the way
// they do in a real caseload.
func (g *generator) pick(list []string) string { return g.skewed(list, 5) }

// pickGiven chooses a given name less steeply: the commonest is about 4% of
// its origin's people, as James or David is among British men.
func (g *generator) pickGiven(list []string) string { return g.skewed(list, 15) }

// skewed picks list[i] with probability proportional to flat/(i+flat).
func (g *generator) skewed(list []string, flat float64) string {
	for {
		i := g.r.IntN(len(list))
		if g.r.Float64() < flat/(float64(i)+flat) {
			return list[i]
		}
	}
}

// familyName draws a family name the way they are spread in a real caseload.
// A few dozen sample names per origin would make far too many people share a
// full name, so three quarters of European family names come from a long
// tail built from common parts (Ashworth, Grabczyk, Dobrescu): the sample
// lists then cover about a quarter of people, as the hundred commonest
// surnames do in Britain, and Smith is about 1.5% of English and Welsh
// people, as in the census. Where the family name is usually the father's
// given name (Somali, Sudanese, Eritrean, Afghan, Kurdish, Pakistani), half
// are drawn from the male given names instead, which keeps the real, high
// share of people called Mohamed Ali.
func (g *generator) familyName(o names.Origin) string {
	if parts, ok := surnameParts[o.Name]; ok && g.r.Float64() < 0.75 {
		return parts[0][g.r.IntN(len(parts[0]))] + parts[1][g.r.IntN(len(parts[1]))]
	}
	if patronymic[o.Name] && g.r.IntN(2) == 0 {
		return g.pickGiven(o.Male)
	}
	return g.pick(o.Family)
}

var patronymic = map[string]bool{
	"Somali": true, "Sudanese": true, "Eritrean and Ethiopian": true, "Afghan": true,
	"Kurdish": true, "Pakistani": true,
}

var english = [2][]string{
	fields(`Ash Brad Whit Wood Hol Black Brook Castle Cross Fair Green Hart Kings Long
		Marsh Mid New Nor Old Red Rad Shel South Stan Sut Thorn Wal West Wil Win Al Bar
		Bel Brom Bur Car Chad Dun Fen Ful Gar Hals Hay Hep Hinch Lang Lin Mar Mel Pen`),
	fields(`ley ton field worth wood ford by ham well more hurst combe brook cliffe stone
		wick dale shaw thorpe land`),
}

var surnameParts = map[string][2][]string{
	"English and Welsh": english,
	"Caribbean":         english,
	"Irish and Traveller": {fields(`Mc Mac O'`),
		fields(`Carthy Cann Donagh Ginley Guire Laughlin Mahon Namara Sweeney Govern Keown
			Kenna Loughlin Nally Quaid Shane Bride Caffrey Dermott Elroy Brien Connor
			Donnell Dowd Dwyer Flaherty Gorman Hara Kane Keeffe Leary Mahony Malley Rourke
			Shea Toole`)},
	"Scottish": {fields(`Mac Mc`),
		fields(`Allister Arthur Callum Dougall Ewan Farlane Intyre Innes Kinnon Lean Millan
			Nab Neil Pherson Rae Taggart Vicar Gill Kay Queen`)},
	"Polish": {fields(`Bor Dąb Gór Jan Kacz Kras Kur Las Lis Mał Maj Mroz Nied Ost Pas Pol
			Rad Rog Sad Sob Sok Stras Szul Tom Wal Wil Wit Zaj Zar Żur Grab Czarn`),
		fields(`owski ewski ak czyk ek ski iński ecki`)},
	"Lithuanian": {fields(`Jan Pet Kaz Vas Žuk But Pauk Urb Kaval Baran Pok Nav Rim Sakal
			Ad Bal Gud Jur Kair Mil Stan Šim Vait Žem`),
		fields(`auskas evičius ūnas aitis onis as ulis`)},
	"Romanian": {fields(`Pop Ion Rad Dumitr Stoic Mate Cioban Munt Marin Moldov Năst Tudor
			Flor Vas Gheorgh Nicol Mih Ciur Dob Olt Pet Stan Bărb Coman Dragom`),
		fields(`escu eanu ache uță aru ici`)},
	"Nigerian": {fields(`Ade Olu Ola Oye Ayo Afo Oke Ogun Akin Ibi Baba`),
		fields(`yemi bayo wale dipo labi leke tunde kunle sanya sola femi`)},
}

func fields(s string) []string { return strings.Fields(s) }

func (g *generator) origin() names.Origin {
	x := g.r.Float64()
	for _, o := range g.origins {
		if x -= o.Share; x < 0 {
			return o
		}
	}
	return g.origins[0]
}

func (g *generator) basePerson() matching.PersonFacts {
	o := g.origin()
	p := matching.PersonFacts{Family: g.familyName(o)}
	p.Gender, p.Given = g.genderAndGiven(o)
	if g.r.Float64() < 0.06 { // a second given name
		if second := g.secondGiven(o, p.Gender); second != p.Given {
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

func (g *generator) genderAndGiven(o names.Origin) (gender, given string) {
	switch x := g.r.Float64(); {
	case x < 0.04 && len(o.Neutral) > 0:
		return []string{"female", "male", ""}[g.r.IntN(3)], g.pickGiven(o.Neutral)
	case x < 0.34:
		gender, given = "female", g.pickGiven(o.Female)
	default:
		gender, given = "male", g.pickGiven(o.Male)
	}
	if g.r.Float64() < 0.04 {
		gender = "" // not recorded
	}
	return gender, given
}

func (g *generator) secondGiven(o names.Origin, gender string) string {
	switch gender {
	case "female":
		return g.pickGiven(o.Female)
	case "male":
		return g.pickGiven(o.Male)
	}
	return g.pickGiven(append(slices.Clone(o.Female), o.Male...))
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
		if f := g.familyName(g.origin()); f != p.Family {
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
		v.DOB, ok = g.digitSlip(base.DOB)
	case KindAlias:
		if len(base.Aliases) > 0 { // recorded under the alias the first record holds
			v.Given, v.Family = base.Aliases[0].Given, base.Aliases[0].Family
		} else { // recorded under another name, with the first record's name as alias
			o := g.origin()
			v.Family = g.familyName(o)
			_, v.Given = g.genderAndGiven(o)
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
			v.DOB, dobOK = g.digitSlip(base.DOB)
			ok = ok && dobOK
		}
	}
	return v, ok
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

// digitSlip changes one digit of the date as written (day, month or the
// last two digits of the year), keeping it a real date.
func (g *generator) digitSlip(d matching.Date) (matching.Date, bool) {
	if !full(d) {
		return d, false
	}
	for range 50 {
		v := d
		digit := g.r.IntN(10)
		switch g.r.IntN(6) {
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
		if v != d && v.Month >= 1 && v.Month <= 12 && v.Day >= 1 && v.Day <= daysIn(v.Year, v.Month) && v.Year <= 2008 {
			return v, true
		}
	}
	return d, false
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

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
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
