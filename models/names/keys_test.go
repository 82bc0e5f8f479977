package names

import (
	"slices"
	"testing"
)

// finds reports whether probing with keys would return a person stored
// under id.
func finds(probe []Key, id Identity) bool {
	stored := StoredKeys(id)
	for _, k := range probe {
		if _, ok := slices.BinarySearch(stored, k.Key); ok {
			return true
		}
	}
	return false
}

// weight is what a person stored under id scores for the probe: the sum of
// the weights of the keys they share, as the database ranks candidates.
func weight(probe []Key, id Identity) int {
	stored := StoredKeys(id)
	w := 0
	for _, k := range probe {
		if _, ok := slices.BinarySearch(stored, k.Key); ok {
			w += k.Weight
		}
	}
	return w
}

func named(given, family string) Identity { return Identity{Names: []Name{{given, family}}} }

func probe(given, family string) []Key { return ProbeKeys(named(given, family)) }

func TestLookupFindsTheSamePersonDespiteHowTheNameWasTyped(t *testing.T) {
	stored := named("John", "Smith")
	cases := map[string][2]string{
		"same name":                    {"John", "Smith"},
		"case and spacing":             {" JOHN ", "smith"},
		"family name sounds the same":  {"John", "Smyth"},
		"family typo changes its code": {"John", "Smiht"},
		"family typo in first letter":  {"John", "Amith"},
		"given typo":                   {"Jhon", "Smith"},
		"given typo in first letter":   {"Kohn", "Smith"},
		"swapped":                      {"Smith", "John"},
		"swapped with a typo":          {"Smith", "Jhon"},
		"nickname":                     {"Johnny", "Smith"},
		"missing given name":           {"", "Smith"},
		"given initial only":           {"J", "Smith"},
		"doubled letters in both":      {"Jonn", "Smitth"},
	}
	for why, q := range cases {
		if !finds(probe(q[0], q[1]), stored) {
			t.Errorf("%s: lookup %q does not find %v", why, q, stored)
		}
	}
}

func TestLookupFindsNicknamesAccentsAndMultiWordNames(t *testing.T) {
	cases := []struct{ query, stored [2]string }{
		{[2]string{"Bill", "Jones"}, [2]string{"William", "Jones"}},
		{[2]string{"William", "Jones"}, [2]string{"Bill", "Jones"}},
		{[2]string{"Billy", "Jones"}, [2]string{"Liam", "Jones"}},
		{[2]string{"Mohammed", "Ali"}, [2]string{"Mo", "Ali"}},
		{[2]string{"Lukasz", "Wojcik"}, [2]string{"Łukasz", "Wójcik"}},
		{[2]string{"Stefan", "Serban"}, [2]string{"Ștefan", "Șerban"}},
		{[2]string{"Sean", "OBrien"}, [2]string{"Seán", "O'Brien"}},
		{[2]string{"Mary", "Smith"}, [2]string{"Mary-Jane", "Smith"}},
		{[2]string{"Ahmed", "Abdirahman"}, [2]string{"Ahmed", "Abdi Rahman"}},
		{[2]string{"Gareth", "MacDonald"}, [2]string{"Gareth", "Mc Donald"}},
		{[2]string{"Tesfai", "Gebremedin"}, [2]string{"Tesfay", "Gebremedhin"}},
		{[2]string{"Smith", ""}, [2]string{"", "Smith"}}, // one name, either field
		{[2]string{"Muhammad", "Hussain"}, [2]string{"Mohamed", "Husain"}},
		{[2]string{"Anna", "Kowalska"}, [2]string{"Anna", "Kowalski"}},
		{[2]string{"Jana", "Nováková"}, [2]string{"Jana", "Novák"}},
		{[2]string{"Rūta", "Kazlauskienė"}, [2]string{"Rūta", "Kazlauskas"}},
		{[2]string{"Olga", "Ivanova"}, [2]string{"Olga", "Ivanov"}},
		{[2]string{"Sarah", "Smith-Jones"}, [2]string{"Sarah", "Jones"}},
		{[2]string{"Abdirahman", "Mohamed"}, [2]string{"Abdirahim", "Mohamed"}},
	}
	for _, c := range cases {
		if !finds(probe(c.query[0], c.query[1]), named(c.stored[0], c.stored[1])) {
			t.Errorf("lookup %q does not find %q", c.query, c.stored)
		}
	}
}

// A date of birth reaches a record whose names both have typos, and a
// slip in the date meets a slip in a name.
func TestTheDateOfBirthReachesRecordsWhoseNamesChanged(t *testing.T) {
	stored := Identity{Names: []Name{{"Jonathan", "Kowalczyk"}}, Birth: Birth{Year: 1984, Month: 3, Day: 14}}
	for _, q := range []Identity{
		{Names: []Name{{"Jonatan", "Kowalcyzk"}}, Birth: Birth{Year: 1984, Month: 3, Day: 14}}, // a typo in each name
		{Names: []Name{{"Jon", "Kovalchik"}}, Birth: Birth{Year: 1984, Month: 14, Day: 3}},     // day and month swapped
		{Names: []Name{{"Jonatan", "Kowalchyk"}}, Birth: Birth{Year: 1984, Month: 3, Day: 17}}, // a digit of the day
		{Names: []Name{{"Jonatan", "Kowalchyk"}}, Birth: Birth{Year: 1948, Month: 3, Day: 14}}, // two digits swapped
		{Names: []Name{{"Johnathon", "Kowalczy"}}, Birth: Birth{Year: 1984}},                   // the year only
		{Names: []Name{{"Johnathon", "Kowalczy"}}, Birth: Birth{EstimatedYear: 1986}},          // an estimate two years out
	} {
		if !finds(ProbeKeys(q), stored) {
			t.Errorf("%v does not find %v", q, stored)
		}
	}
}

func TestLookupStaysSelective(t *testing.T) {
	// A full name must not pull in everyone sharing the family name, nor
	// everyone sharing the given name.
	// (Final-sound keys do let John Smith meet a John whose family name also
	// ends in a t sound, such as John Ahmed: that is their price.)
	others := [][2]string{{"Sarah", "Smith"}, {"Peter", "Smith"}, {"John", "Jones"}, {"John", "Ali"}}
	for _, o := range others {
		if finds(probe("John", "Smith"), named(o[0], o[1])) {
			t.Errorf("lookup John Smith returns %q", o)
		}
	}
	// A family name alone does return its family; a given name alone is
	// looked up as a family name or a person's only name, not as a given name.
	if !finds(probe("", "Smith"), named("Sarah", "Smith")) {
		t.Error("lookup of Smith alone misses Sarah Smith")
	}
	if finds(probe("John", ""), named("John", "Smith")) || !finds(probe("John", ""), named("", "John")) {
		t.Error("a single name should find people with only that name, not every John")
	}
	// The same date of birth alone is evidence, but less than a name.
	dob := Birth{Year: 1980, Month: 1, Day: 2}
	q := ProbeKeys(Identity{Names: []Name{{"John", "Smith"}}, Birth: dob})
	if a, b := weight(q, Identity{Names: []Name{{"Sarah", "Ahmed"}}, Birth: dob}), weight(q, named("John", "Smith")); a == 0 || a >= b {
		t.Errorf("a stranger born the same day weighs %d against the same name's %d", a, b)
	}
}

// Candidates are ranked by the evidence they share: the same name above a
// sound-alike, above one name and an initial.
func TestWeightsRankTheStrongestEvidenceFirst(t *testing.T) {
	q := probe("John", "Smith")
	same, sounds, initial := weight(q, named("John", "Smith")), weight(q, named("Jon", "Smyth")), weight(q, named("Jasmine", "Smith"))
	if !(same > sounds && sounds > initial && initial > 0) {
		t.Errorf("same %d, sounds alike %d, one name and an initial %d", same, sounds, initial)
	}
	// A match either way round weighs the same: the similarity does not
	// depend on which spelling was stored first.
	for _, pair := range [][2][2]string{{{"Jon", "Smyth"}, {"John", "Smith"}}, {{"Bill", "Jones"}, {"William", "Jones"}}, {{"Anna", "Kowalska"}, {"Anna", "Kowalski"}}} {
		a, b := pair[0], pair[1]
		if x, y := weight(probe(a[0], a[1]), named(b[0], b[1])), weight(probe(b[0], b[1]), named(a[0], a[1])); x != y {
			t.Errorf("%q finds %q with weight %d, the other way %d", a, b, x, y)
		}
	}
}

func TestSearchKeysReadFreeText(t *testing.T) {
	for _, q := range []string{"smith", "john smith", "smith john", "jon smyth", "SMITH, John", "john b smith"} {
		if !finds(SearchKeys(q), named("John", "Smith")) {
			t.Errorf("search %q does not find John Smith", q)
		}
	}
	if finds(SearchKeys("sarah smith"), named("John", "Smith")) {
		t.Error("search sarah smith finds John Smith")
	}
	if SearchKeys("  ") != nil {
		t.Error("empty search has keys")
	}
}

func TestKeysAreSortedAndUnique(t *testing.T) {
	ks := StoredKeys(Identity{Names: []Name{{"Alex", "Nowak"}}, Birth: Birth{Year: 1980, Month: 5, Day: 6}})
	if !slices.IsSorted(ks) || len(slices.Compact(slices.Clone(ks))) != len(ks) {
		t.Errorf("keys not sorted and unique: %v", ks)
	}
	if len(ks) > 60 {
		t.Errorf("%d keys for one name", len(ks))
	}
	if StoredKeys(named("", "")) != nil || ProbeKeys(named(" ", "-")) != nil {
		t.Error("an empty name has keys")
	}
}

func TestKeysForNamesInOtherScripts(t *testing.T) {
	if !finds(probe("ዮሃንስ", "ተስፋይ"), named("ዮሃንስ", "ተስፋይ")) {
		t.Error("a name in Ge'ez script does not find itself")
	}
}

func TestDateSlipsAreRealDates(t *testing.T) {
	slips := DateSlips(1984, 3, 14)
	has := func(y, m, d int) bool {
		return slices.ContainsFunc(slips, func(s dateSlip) bool { return s.year == y && s.month == m && s.day == d })
	}
	for _, want := range [][3]int{{1984, 3, 17}, {1984, 3, 4}, {1984, 8, 14}, {1948, 3, 14}, {1985, 3, 14}} {
		if !has(want[0], want[1], want[2]) {
			t.Errorf("no slip %v", want)
		}
	}
	if has(1984, 14, 3) || has(1984, 3, 34) || has(1984, 3, 14) {
		t.Error("an impossible date, or the date itself, among the slips")
	}
	if !has(1984, 3, 14) && len(DateSlips(1984, 2, 3)) == 0 {
		t.Error("no slips")
	}
	if !slices.ContainsFunc(DateSlips(1984, 2, 3), func(s dateSlip) bool { return s.month == 3 && s.day == 2 }) {
		t.Error("day and month swapped")
	}
}

func BenchmarkStoredKeys(b *testing.B) {
	b.ReportAllocs()
	var n int
	id := Identity{Names: []Name{{"Bill", "Gebremedhin"}}, Birth: Birth{Year: 1980, Month: 5, Day: 6}}
	for b.Loop() {
		n = len(StoredKeys(id))
	}
	b.ReportMetric(float64(n), "keys/person")
}

func BenchmarkProbeKeys(b *testing.B) {
	b.ReportAllocs()
	var n int
	id := Identity{Names: []Name{{"Jon", "Smyth"}}, Birth: Birth{Year: 1980, Month: 5, Day: 6}}
	for b.Loop() {
		n = len(ProbeKeys(id))
	}
	b.ReportMetric(float64(n), "keys/probe")
}

// With nothing of the birth on the probe, a slip in one name must still
// make the one person held under the right name a candidate: the date keys
// cannot add to the name's.
func TestASlipWithNoBirthIsStillACandidate(t *testing.T) {
	held := Identity{Names: []Name{{"Reem", "Mansour"}}, Birth: Birth{Year: 1999, Month: 3, Day: 8}}
	if w := weight(probe("Reej", "Mansour"), held); w < MinDuplicateWeight {
		t.Errorf("Reej Mansour (no date) reaches Reem Mansour with weight %d, under %d", w, MinDuplicateWeight)
	}
	// With a date the probe's date keys do that work, and a stranger who
	// shares only a sound and an initial stays out.
	withDate := ProbeKeys(Identity{Names: []Name{{"Rana", "Mansour"}}, Birth: Birth{Year: 1970, Month: 1, Day: 2}})
	if w := weight(withDate, held); w >= MinDuplicateWeight {
		t.Errorf("Rana Mansour born 1970 reaches Reem Mansour with weight %d", w)
	}
}

// The given name's key is the stored word key of its first word, so
// counting the people under it counts the people holding that name.
func TestGivenNameKeyIsAStoredKey(t *testing.T) {
	stored := StoredKeys(named("Mary Jane", "Smith"))
	if k := GivenNameKey("Mary Jane"); k == "" || !slices.Contains(stored, k) {
		t.Errorf("GivenNameKey(Mary Jane) = %q, not among %q", k, stored)
	}
	if GivenNameKey("Marie") == GivenNameKey("Mary") || GivenNameKey(" ") != "" {
		t.Error("GivenNameKey mixes names or keys an empty one")
	}
}
