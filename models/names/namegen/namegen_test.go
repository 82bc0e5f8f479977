package namegen

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTheDataLoads(t *testing.T) {
	m, err := buildModel()
	if err != nil {
		t.Fatal(err)
	}
	sum := 0.0
	for _, o := range m.origins {
		sum += o.spec.share
		if len(o.family.entries) < 50 || len(o.given[0].names) < 30 || len(o.given[1].names) < 30 {
			t.Errorf("%s: %d family, %d women's and %d men's names", o.spec.name,
				len(o.family.entries), len(o.given[0].names), len(o.given[1].names))
		}
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("origin shares sum to %v", sum)
	}
	if got := len(Origins()); got != len(specs) {
		t.Errorf("Origins() gives %d", got)
	}
}

// Smith is about 1.2% of people of British descent (546,960 bearers in
// Great Britain), Jones about 0.9%.
func TestSmithAndJonesShares(t *testing.T) {
	s := NewSampler(7)
	const n = 200_000
	count := map[string]int{}
	for range n {
		count[s.Family("English and Welsh")]++
	}
	for name, want := range map[string][2]float64{"Smith": {0.010, 0.014}, "Jones": {0.0075, 0.011}} {
		if got := float64(count[name]) / n; got < want[0] || got > want[1] {
			t.Errorf("%s is %.2f%% of English and Welsh family names, want %.1f-%.1f%%", name, 100*got, 100*want[0], 100*want[1])
		}
	}
}

// Given names: the commonest is a few percent of its origin and gender,
// and there is a tail of hundreds (British) or dozens (elsewhere).
func TestGivenNamesAreRealisticallySpread(t *testing.T) {
	s := NewSampler(3)
	for _, c := range []struct {
		origin, gender string
		minDistinct    int
		maxTop         float64
	}{
		{"English and Welsh", "male", 400, 0.05}, {"English and Welsh", "female", 400, 0.05},
		{"Polish", "female", 40, 0.06}, {"Romanian", "male", 40, 0.06}, {"Nigerian", "female", 40, 0.05},
		{"Somali", "male", 60, 0.12}, // Mohamed is about one Somali man in ten
	} {
		count := map[string]int{}
		const n = 20_000
		for range n {
			count[s.Given(c.origin, c.gender)]++
		}
		top := 0
		for _, v := range count {
			top = max(top, v)
		}
		if len(count) < c.minDistinct || float64(top)/n > c.maxTop || float64(top)/n < 0.02 {
			t.Errorf("%s %s: %d distinct given names, the commonest %.1f%%", c.origin, c.gender, len(count), 100*float64(top)/n)
		}
	}
}

func TestTheSameSeedDrawsTheSamePeople(t *testing.T) {
	a, b, c := NewSampler(42), NewSampler(42), NewSampler(43)
	same := true
	for i := range 2000 {
		x, y, z := a.Draw(), b.Draw(), c.Draw()
		if x != y {
			t.Fatalf("draw %d: %v and %v", i, x, y)
		}
		same = same && x == z
	}
	if same {
		t.Error("seeds 42 and 43 drew the same people")
	}
}

func TestWomenCarryTheirLanguagesWomensForms(t *testing.T) {
	for _, c := range []struct{ origin, family string }{
		{"Polish", "Kowalska"}, {"Polish", "Nowak"}, {"Polish", "Czarna"},
		{"Czech and Slovak", "Nováková"}, {"Czech and Slovak", "Černá"}, {"Czech and Slovak", "Hájková"},
		{"Czech and Slovak", "Staňková"}, {"Czech and Slovak", "Svobodová"}, {"Czech and Slovak", "Krejčí"},
		{"Lithuanian", "Kazlauskienė"}, {"Lithuanian", "Stankevičiūtė"}, {"Lithuanian", "Butkutė"},
		{"Ukrainian", "Kovalska"}, {"Ukrainian", "Ivanova"}, {"Ukrainian", "Shevchenko"},
		{"English and Welsh", "Smith"},
	} {
		man := map[string]string{"Kowalska": "Kowalski", "Nowak": "Nowak", "Czarna": "Czarny", "Nováková": "Novák",
			"Černá": "Černý", "Hájková": "Hájek", "Staňková": "Staněk", "Svobodová": "Svoboda", "Krejčí": "Krejčí",
			"Kazlauskienė": "Kazlauskas", "Stankevičiūtė": "Stankevičius", "Butkutė": "Butkus", "Kovalska": "Kovalskyi",
			"Ivanova": "Ivanov", "Shevchenko": "Shevchenko", "Smith": "Smith"}[c.family]
		if got := FemaleForms(c.origin, man); !slices.Contains(got, c.family) {
			t.Errorf("FemaleForms(%s, %s) = %v, want %s among them", c.origin, man, got, c.family)
		}
	}
	if got := FemaleForms("Lithuanian", "Kazlauskas"); !slices.Equal(got, []string{"Kazlauskienė", "Kazlauskaitė", "Kazlauskė"}) {
		t.Errorf("Lithuanian forms %v", got)
	}
	// The data's own irregular forms win over the rule.
	s := NewSampler(5)
	seen := map[string]bool{}
	for range 200_000 {
		seen[s.FamilyFor("Czech and Slovak", "female")] = true
	}
	if seen["Němecová"] || !seen["Němcová"] {
		t.Error("Němec's women's form is Němcová")
	}
}

func TestDrawnWomenAndMenCarryTheRightForms(t *testing.T) {
	s := NewSampler(11)
	womenOnly := map[string][]string{ // endings only a woman's name has, by origin
		"Polish": {"ska", "cka", "dzka"}, "Czech and Slovak": {"ová", "ská"}, "Lithuanian": {"ienė", "aitė", "ytė", "utė"},
	}
	menOnly := map[string][]string{"Polish": {"ski", "cki"}, "Czech and Slovak": {"ský"}, "Lithuanian": {"as", "is", "us", "ys"}}
	women := map[string]int{}
	for range 300_000 {
		d := s.Draw()
		if d.Gender == "female" {
			women[d.Origin]++
		}
		bad := womenOnly[d.Origin]
		if d.Gender == "female" {
			bad = menOnly[d.Origin]
		}
		for _, end := range bad {
			if strings.HasSuffix(d.Family, end) {
				t.Fatalf("a %s %s is called %s %s", d.Origin, d.Gender, d.Given, d.Family)
			}
		}
	}
	for _, o := range specs {
		share := float64(women[o.name]) / (300_000 * o.share)
		if math.Abs(share-o.female) > 0.03 {
			t.Errorf("%s: %.2f women, want %.2f", o.name, share, o.female)
		}
	}
}

// Names keep their diacritics and apostrophes as people write them.
func TestNamesKeepTheirSpelling(t *testing.T) {
	s := NewSampler(9)
	want := map[string]bool{"O'Brien": false, "Wiśniewska": false, "Ștefan": false, "Siobhán": false, "Kazlauskienė": false}
	nonASCII := 0
	for range 300_000 {
		d := s.Draw()
		for _, n := range []string{d.Given, d.Family} {
			if _, ok := want[n]; ok {
				want[n] = true
			}
			if utf8.RuneCountInString(n) != len(n) {
				nonASCII++
			}
		}
	}
	for n, seen := range want {
		if !seen {
			t.Errorf("never drew %s", n)
		}
	}
	if nonASCII < 10_000 {
		t.Errorf("only %d names with letters beyond ASCII", nonASCII)
	}
}

// A synthetic name is never a real listed name or one edit from one: the
// tail must not plant near-duplicates of common names.
func TestComposedNamesKeepClearOfRealOnes(t *testing.T) {
	tb := &table{family: []listed{{name: "Kowalski"}, {name: "Nowak"}},
		composes: []compose{{begin: []string{"Kowal", "Kowalsk", "Grab", "Nowa"}, middle: []string{"", "ow"},
			end: []listed{{name: "ski", female: "ska"}, {name: "y"}, {name: "k"}}}}}
	var got []string
	for _, e := range composed(tb, polish) {
		got = append(got, e.family)
		if e.family == "Grabowski" && e.female[0].name != "Grabowska" {
			t.Errorf("Grabowski's women's form is %v", e.female)
		}
	}
	for _, bad := range []string{"Kowalski", "Kowalsky", "Kowalskiy", "Nowak", "Nowaki"} {
		if slices.Contains(got, bad) {
			t.Errorf("composed %s beside a real name", bad)
		}
	}
	for _, good := range []string{"Grabowski", "Grabski", "Kowalowski"} {
		if !slices.Contains(got, good) {
			t.Errorf("did not compose %s: %v", good, got)
		}
	}
}

func TestRelativesAndNamesakesComeFromTheOrigin(t *testing.T) {
	s := NewSampler(2)
	polish := map[string]bool{}
	for range 2000 {
		polish[s.Family("Polish")] = true
		if g := s.Given("Somali", "female"); g == "" {
			t.Fatal("no given name")
		}
	}
	if polish["Smith"] || !polish["Nowak"] {
		t.Errorf("Polish family names: Smith %v, Nowak %v", polish["Smith"], polish["Nowak"])
	}
	if s.Family("nowhere") == "" || s.Given("nowhere", "") == "" {
		t.Error("an unknown origin should draw from the whole population")
	}
}

func TestDrawingAllocatesNothing(t *testing.T) {
	s := NewSampler(1)
	if n := testing.AllocsPerRun(10_000, func() { _ = s.Draw() }); n >= 1 {
		t.Errorf("%v allocations per draw", n)
	}
}
