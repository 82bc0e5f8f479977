package names

import (
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Spoken returns a name spelled as an English speaker writes what they
// hear, under the spelling rules of the languages whose writing differs
// most from English among people met in UK services: the Slavic languages
// written in Latin letters (Polish, Czech, Slovak), German spellings of
// Slavic names, and Hungarian and Albanian. A worker told "Vozhniak" over a
// bad line writes that; the passport says Woźniak. Both Spoken forms are
// "vozhniak".
//
// It returns the name as typed and one form per family of rules (Hungarian
// reads s, sz and zs unlike Polish), lower case, without marks. Compare any
// form of one name with any form of the other.
func Spoken(name string) []string {
	lower := strings.ToLower(norm.NFC.String(strings.TrimSpace(name)))
	if lower == "" {
		return nil
	}
	// The name as typed is one of the forms: the worker who wrote down
	// "Nadj" spelled in English what the passport spells Nagy.
	out := []string{plainLetters(lower)}
	for _, r := range []*strings.Replacer{slavic, hungarian} {
		if f := plainLetters(r.Replace(lower)); !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// slavic reads Polish, Czech and Slovak, and German spellings of Russian
// and Ukrainian names (Roschkow for Rozhkov), as English would spell them.
// Longer spellings come first: strings.Replacer takes the first that
// matches at each position.
var slavic = strings.NewReplacer(
	"szcz", "shch", "tsch", "ch", "sch", "sh",
	"cz", "ch", "sz", "sh", "rz", "zh", "ch", "h", "dz", "dz",
	"ł", "w", "w", "v", "j", "y", "ck", "tsk", "c", "ts",
	"ż", "zh", "ź", "zh", "ś", "sh", "ć", "ch", "ń", "n", "ó", "u",
	"č", "ch", "š", "sh", "ž", "zh", "ř", "rzh", "ě", "ye", "ů", "u",
	"kh", "h", "x", "ks",
)

// hungarian reads Hungarian and Albanian spellings.
var hungarian = strings.NewReplacer(
	"dzs", "j", "gy", "dj", "cs", "ch", "zs", "zh", "sz", "s", "s", "sh", "ty", "ty", "ny", "ny", "ly", "y",
	"xh", "dj", "ç", "ch", "ë", "e", "j", "y", "c", "ts",
)

// plainLetters drops marks and anything but letters.
func plainLetters(s string) string {
	n := Normalise(s)
	return strings.ReplaceAll(n, " ", "")
}
