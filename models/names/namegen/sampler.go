package namegen

import (
	"fmt"
	"math/rand/v2"
	"sync"

	"gateway/models/names"
)

// Drawn is one person's name as the population model draws it.
type Drawn struct {
	Origin string // one of Origins()
	Gender string // "female" or "male"; the caller decides other genders
	Given  string
	Family string // in the form the person carries: a Polish woman is Kowalska
}

// Origin is a naming tradition and its share of people in services.
type Origin struct {
	Name  string
	Share float64
}

// Origins returns the origins the model draws from, with their shares
// (summing to 1), largest first in the order of the data.
func Origins() []Origin {
	out := make([]Origin, len(specs))
	for i, s := range specs {
		out[i] = Origin{s.name, s.share}
	}
	return out
}

// Sampler draws names. It is deterministic for a seed and not safe for
// concurrent use; the tables behind it are built once and shared.
type Sampler struct {
	r *rand.Rand
	m *model
}

// NewSampler returns a sampler whose draws depend only on seed.
func NewSampler(seed uint64) *Sampler {
	return &Sampler{r: rand.New(rand.NewPCG(seed, 0x6e616d6573)), m: theModel()}
}

// Draw returns a person: an origin by its share, a gender by the origin's
// share of women, then a given name and family name from that origin.
func (s *Sampler) Draw() Drawn {
	o := s.m.origins[s.m.originPick.draw(s.r)]
	gender := "male"
	if s.r.Float64() < o.spec.female {
		gender = "female"
	}
	return Drawn{Origin: o.spec.name, Gender: gender, Given: s.given(o, gender), Family: s.family(o, gender)}
}

// Family returns a family name of the origin in its men's (unmarked) form,
// for a relative or a namesake; FamilyFor gives a woman's form. An unknown
// origin draws from the whole population.
func (s *Sampler) Family(origin string) string { return s.family(s.m.byName(origin, s.r), "male") }

// FamilyFor returns a family name of the origin in the form a person of
// the gender carries: FamilyFor("Czech and Slovak", "female") may give
// Nováková. A gender other than "female" gives the unmarked form.
func (s *Sampler) FamilyFor(origin, gender string) string {
	return s.family(s.m.byName(origin, s.r), gender)
}

// Given returns a given name of the origin and gender ("female" or "male";
// any other gender draws one of the two by the origin's share of women).
func (s *Sampler) Given(origin, gender string) string {
	o := s.m.byName(origin, s.r)
	if gender != "female" && gender != "male" {
		gender = "male"
		if s.r.Float64() < o.spec.female {
			gender = "female"
		}
	}
	return s.given(o, gender)
}

func (s *Sampler) family(o *built, gender string) string {
	female := gender == "female"
	if female && o.spec.familyFemale > 0 && s.r.Float64() < o.spec.familyFemale {
		return o.familyFemale.names[o.familyFemale.pick.draw(s.r)]
	}
	switch s.choose(o.spec.family) {
	case british:
		return s.m.british.family.draw(s.r, false)
	case fathers:
		return o.given[1].names[o.given[1].pick.draw(s.r)]
	case doubleBarrel:
		a := s.m.british.family.draw(s.r, false)
		for {
			if b := s.m.british.family.draw(s.r, false); b != a {
				return a + "-" + b
			}
		}
	}
	return o.family.draw(s.r, female)
}

func (s *Sampler) given(o *built, gender string) string {
	g := 1
	if gender == "female" {
		g = 0
	}
	if s.choose(o.spec.given) == britishGiven {
		o = s.m.british
	}
	return o.given[g].names[o.given[g].pick.draw(s.r)]
}

func (s *Sampler) choose(parts []part) source {
	x := s.r.Float64()
	for _, p := range parts {
		if x < p.p {
			return p.from
		}
		x -= p.p
	}
	return parts[len(parts)-1].from
}

// model is every origin's lists with their alias tables.
type model struct {
	origins    []*built
	originPick alias
	british    *built
}

func (m *model) byName(name string, r *rand.Rand) *built {
	for _, o := range m.origins {
		if o.spec.name == name {
			return o
		}
	}
	return m.origins[m.originPick.draw(r)]
}

type built struct {
	spec         *spec
	family       familyList
	familyFemale nameList
	given        [2]nameList // women's, men's
}

type nameList struct {
	names []string
	pick  alias
}

type entry struct {
	family string
	female []womansForm
}

type familyList struct {
	entries []entry
	pick    alias
}

func (l familyList) draw(r *rand.Rand, female bool) string {
	e := l.entries[l.pick.draw(r)]
	if !female || len(e.female) == 0 {
		return e.family
	}
	if len(e.female) == 1 {
		return e.female[0].name
	}
	x := r.Float64()
	for _, f := range e.female {
		if x < f.share {
			return f.name
		}
		x -= f.share
	}
	return e.female[len(e.female)-1].name
}

var theModel = sync.OnceValue(func() *model {
	m, err := buildModel()
	if err != nil {
		panic(err) // the data is embedded: TestTheDataLoads catches this
	}
	return m
})

func buildModel() (*model, error) {
	m := &model{}
	shares := make([]float64, len(specs))
	for i, sp := range specs {
		b, err := buildOrigin(sp)
		if err != nil {
			return nil, err
		}
		m.origins = append(m.origins, b)
		shares[i] = sp.share
		if sp.name == "English and Welsh" {
			m.british = b
		}
	}
	m.originPick = newAlias(normalise(shares))
	return m, nil
}

func buildOrigin(sp *spec) (*built, error) {
	t, err := loadTable(sp.file)
	if err != nil {
		return nil, err
	}
	if sp.extra != "" {
		x, err := loadTable(sp.extra)
		if err != nil {
			return nil, err
		}
		t.family = appendNew(t.family, x.family)
		t.female = appendNew(t.female, x.female)
		t.male = appendNew(t.male, x.male)
	}
	t.family = appendNew(nil, t.family)
	t.female, t.male = appendNew(nil, t.female), appendNew(nil, t.male)
	if len(t.family) == 0 || len(t.female) == 0 || len(t.male) == 0 {
		return nil, fmt.Errorf("%s: a [family], [female] and [male] list are all needed", sp.file)
	}
	rule := sp.forms
	if rule == nil {
		rule = same
	}
	b := &built{spec: sp}
	var ppm []float64
	for _, l := range t.family {
		e := entry{family: l.name, female: rule(l.name)}
		if l.female != "" {
			e.female = []womansForm{{l.female, 1}}
		}
		b.family.entries = append(b.family.entries, e)
		ppm = append(ppm, l.ppm)
	}
	for _, e := range composed(t, rule) {
		b.family.entries = append(b.family.entries, e)
		ppm = append(ppm, 0)
	}
	b.family.pick = newAlias(weigh(ppm, sp.familyCurve))
	if len(t.familyFemale) > 0 {
		b.familyFemale = makeList(t.familyFemale, sp.familyCurve)
	} else if sp.familyFemale > 0 {
		return nil, fmt.Errorf("%s: women draw from [family-female] but there is none", sp.file)
	}
	b.given[0] = makeList(t.female, sp.givenCurve)
	b.given[1] = makeList(t.male, sp.givenCurve)
	return b, nil
}

func makeList(ls []listed, c curve) nameList {
	out := nameList{}
	var ppm []float64
	for _, l := range ls {
		out.names = append(out.names, l.name)
		ppm = append(ppm, l.ppm)
	}
	out.pick = newAlias(weigh(ppm, c))
	return out
}

// appendNew appends the names of more that list does not hold yet, compared
// as names.Normalise compares them (Obrien is O'Brien).
func appendNew(list, more []listed) []listed {
	seen := make(map[string]bool, len(list)+len(more))
	for _, l := range list {
		seen[names.Normalise(l.name)] = true
	}
	for _, l := range more {
		if k := names.Normalise(l.name); !seen[k] {
			seen[k] = true
			list = append(list, l)
		}
	}
	return list
}
