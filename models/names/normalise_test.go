package names

import "testing"

func TestNormaliseFoldsCaseAccentsAndPunctuation(t *testing.T) {
	cases := map[string]string{
		"Łukasz":              "lukasz",
		"Zoë":                 "zoe",
		"Ștefan":              "stefan",
		"Şerban":              "serban",
		"Siobhán":             "siobhan",
		"Søren":               "soren",
		"Strauß":              "strauss",
		"Æthelred":            "aethelred",
		"O'Brien":             "obrien",
		"O’Brien":             "obrien",
		"N'Dour":              "ndour",
		"Mary-Jane":           "mary jane",
		"  SMITH ,  John  ":   "smith john",
		"Abdi--Rahman":        "abdi rahman",
		"Jean-Luc St. Pierre": "jean luc st pierre",
		"Kęstutis Žukauskas":  "kestutis zukauskas",
		"Bălan":               "balan",
		"İbrahim":             "ibrahim",
		"":                    "",
		"-- ' --":             "",
	}
	for in, want := range cases {
		if got := Normalise(in); got != want {
			t.Errorf("Normalise(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormaliseKeepsOtherScripts(t *testing.T) {
	// Names written in their own script are kept, not erased, so they still
	// compare equal to themselves.
	if got := Normalise("ዮሃንስ محمد"); got != "ዮሃንስ محمد" {
		t.Errorf("got %q", got)
	}
}

func TestNormaliseIsIdempotent(t *testing.T) {
	for _, s := range []string{"Łukasz", "mary jane", "O'Brien", "a  b", " a", "a ", "x-y", "ab1"} {
		once := Normalise(s)
		if twice := Normalise(once); twice != once {
			t.Errorf("Normalise(Normalise(%q)) = %q, want %q", s, twice, once)
		}
	}
}

func BenchmarkNormalise(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Normalise("Gebremedhin")
	}
}
