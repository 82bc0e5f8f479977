package namegen

// spec is one origin: its share of a caseload, its share of women, its
// data file, and how its family and given names are drawn.
type spec struct {
	name   string
	share  float64 // of people in services in a large English city
	female float64 // share of the origin's people who are women
	file   string
	extra  string // a second file whose lists continue the first's (the long tail)
	forms  formRule

	// family and given names are a mixture of sources (see source).
	family, given []part
	// familyFemale is the chance a woman's family name comes from the
	// file's [family-female] list (Begum, Bibi) instead.
	familyFemale float64

	familyCurve, givenCurve curve
}

// part is one source of a mixture and its probability.
type part struct {
	from source
	p    float64
}

type source int

const (
	own          source = iota // the origin's own list, with its composed tail
	british                    // the English and Welsh family-name list
	fathers                    // the origin's men's given names: patronymic systems
	doubleBarrel               // two British family names joined by a hyphen
	britishGiven               // the English and Welsh given names of the same gender
)

// Curves. Family-name lists fall as a power of rank, steeper past a
// knee; given names are more even among the commonest (offset) and have a
// shorter tail. See README.md for how they were fitted.
var (
	britishFamily = curve{Offset: 0, Head: 0.78, Knee: 1500, Tail: 1.05}
	migrantFamily = curve{Offset: 2, Head: 0.9, Knee: 300, Tail: 1.05}
	conservative  = curve{Offset: 1, Head: 1.1, Knee: 60, Tail: 1.4} // names drawn from a small, shared stock (Somali, Sudanese)
	givenNames    = curve{Offset: 6, Head: 1.0, Knee: 150, Tail: 1.3}
)

// specs are the origins of a homelessness caseload in a large English city.
// The shares follow the previous hand lists (models/names/samples.go),
// with Ukrainian and Czech and Slovak (mostly Roma) people added at 1.5%
// each; README.md gives the reasoning.
var specs = []*spec{
	{name: "English and Welsh", share: 0.40, female: 0.36, file: "british.txt", extra: "us-census-1990.txt",
		family:      []part{{own, 0.99}, {doubleBarrel, 0.01}},
		given:       []part{{own, 1}},
		familyCurve: britishFamily, givenCurve: givenNames},
	{name: "Irish and Traveller", share: 0.05, female: 0.35, file: "irish.txt",
		family:      []part{{own, 0.7}, {british, 0.3}},
		given:       []part{{own, 0.75}, {britishGiven, 0.25}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Scottish", share: 0.04, female: 0.33, file: "scottish.txt",
		family:      []part{{own, 0.6}, {british, 0.4}},
		given:       []part{{own, 0.5}, {britishGiven, 0.5}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Polish", share: 0.07, female: 0.25, file: "polish.txt", forms: polish,
		family:      []part{{own, 1}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Romanian", share: 0.07, female: 0.3, file: "romanian.txt",
		family:      []part{{own, 1}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Lithuanian", share: 0.03, female: 0.25, file: "lithuanian.txt", forms: lithuanian,
		family:      []part{{own, 1}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Czech and Slovak", share: 0.015, female: 0.45, file: "czech-slovak.txt", forms: czech,
		family:      []part{{own, 1}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Ukrainian", share: 0.015, female: 0.6, file: "ukrainian.txt", forms: eastSlavic,
		family:      []part{{own, 1}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Somali", share: 0.05, female: 0.45, file: "somali.txt",
		family:      []part{{own, 0.5}, {fathers, 0.5}},
		given:       []part{{own, 1}},
		familyCurve: conservative, givenCurve: conservative},
	{name: "Eritrean and Ethiopian", share: 0.05, female: 0.2, file: "eritrean.txt",
		family:      []part{{own, 0.6}, {fathers, 0.4}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Sudanese", share: 0.04, female: 0.1, file: "sudanese.txt",
		family:      []part{{own, 0.5}, {fathers, 0.5}},
		given:       []part{{own, 1}},
		familyCurve: conservative, givenCurve: conservative},
	{name: "Afghan", share: 0.03, female: 0.25, file: "afghan.txt",
		family:      []part{{own, 0.7}, {fathers, 0.3}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Kurdish", share: 0.03, female: 0.15, file: "kurdish.txt",
		family:      []part{{own, 0.5}, {fathers, 0.5}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Pakistani", share: 0.03, female: 0.4, file: "pakistani.txt", familyFemale: 0.3,
		family:      []part{{own, 0.8}, {fathers, 0.2}},
		given:       []part{{own, 1}},
		familyCurve: conservative, givenCurve: givenNames},
	{name: "Nigerian", share: 0.04, female: 0.5, file: "nigerian.txt",
		family:      []part{{own, 1}},
		given:       []part{{own, 1}},
		familyCurve: migrantFamily, givenCurve: givenNames},
	{name: "Caribbean", share: 0.04, female: 0.35, file: "caribbean.txt",
		family:      []part{{own, 0.45}, {british, 0.55}},
		given:       []part{{own, 0.5}, {britishGiven, 0.5}},
		familyCurve: migrantFamily, givenCurve: givenNames},
}

func specByName(name string) *spec {
	for _, s := range specs {
		if s.name == name {
			return s
		}
	}
	return nil
}
