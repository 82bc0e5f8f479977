package names

import (
	"slices"
	"testing"
)

// finds reports whether looking up keys would return a person stored with
// the name (given, family).
func finds(lookup []string, given, family string) bool {
	stored := Keys(given, family)
	for _, k := range lookup {
		if _, ok := slices.BinarySearch(stored, k); ok {
			return true
		}
	}
	return false
}

func TestLookupFindsTheSamePersonDespiteHowTheNameWasTyped(t *testing.T) {
	stored := [2]string{"John", "Smith"}
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
	}
	for why, q := range cases {
		if !finds(LookupKeys(q[0], q[1]), stored[0], stored[1]) {
			t.Errorf("%s: lookup %q does not find %q", why, q, stored)
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
	}
	for _, c := range cases {
		if !finds(LookupKeys(c.query[0], c.query[1]), c.stored[0], c.stored[1]) {
			t.Errorf("lookup %q does not find %q", c.query, c.stored)
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
		if finds(LookupKeys("John", "Smith"), o[0], o[1]) {
			t.Errorf("lookup John Smith returns %q", o)
		}
	}
	// A family name alone does return its family; a given name alone is
	// looked up as a family name or a person's only name, not as a given name.
	if !finds(LookupKeys("", "Smith"), "Sarah", "Smith") {
		t.Error("lookup of Smith alone misses Sarah Smith")
	}
	if finds(LookupKeys("John", ""), "John", "Smith") || !finds(LookupKeys("John", ""), "", "John") {
		t.Error("a single name should find people with only that name, not every John")
	}
}

func TestQueryKeysReadFreeText(t *testing.T) {
	for _, q := range []string{"smith", "john smith", "smith john", "jon smyth", "SMITH, John", "john b smith"} {
		if !finds(QueryKeys(q), "John", "Smith") {
			t.Errorf("search %q does not find John Smith", q)
		}
	}
	if finds(QueryKeys("sarah smith"), "John", "Smith") {
		t.Error("search sarah smith finds John Smith")
	}
	if QueryKeys("  ") != nil {
		t.Error("empty search has keys")
	}
}

func TestKeysAreSortedAndUnique(t *testing.T) {
	ks := Keys("Alex", "Nowak")
	if !slices.IsSorted(ks) || len(slices.Compact(slices.Clone(ks))) != len(ks) {
		t.Errorf("keys not sorted and unique: %v", ks)
	}
	if len(ks) > 40 {
		t.Errorf("%d keys for one name", len(ks))
	}
	if Keys("", "") != nil || LookupKeys(" ", "-") != nil {
		t.Error("an empty name has keys")
	}
}

func TestKeysForNamesInOtherScripts(t *testing.T) {
	if !finds(LookupKeys("ዮሃንስ", "ተስፋይ"), "ዮሃንስ", "ተስፋይ") {
		t.Error("a name in Ge'ez script does not find itself")
	}
}

func BenchmarkKeys(b *testing.B) {
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(Keys("Bill", "Gebremedhin"))
	}
	b.ReportMetric(float64(n), "keys/name")
}

func BenchmarkLookupKeys(b *testing.B) {
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(LookupKeys("Jon", "Smyth"))
	}
	b.ReportMetric(float64(n), "keys/lookup")
}
