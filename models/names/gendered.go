package names

import "strings"

// GenderedRoots returns the roots a family name shares with its forms for
// another gender, where the name's language gives women another ending:
// Kowalska and Kowalski share "kowal", Nováková and Novák "novak", Ivanova
// and Ivanov "ivan", Kazlauskienė, Kazlauskaitė and Kazlauskas "kazlausk".
// Feminine reports whether the name itself has a feminine ending. A name
// with no such ending gives itself, normalised, as its only root (Novák's
// root is "novak"), so a feminine form finds the plain masculine one.
//
// Two records of one woman, one with her own form and one with her father's
// or husband's, then meet; so do a brother and sister, whom the date of birth
// tells apart. The endings are those of Polish, Czech, Slovak, Russian,
// Ukrainian, Bulgarian and Lithuanian, the languages whose speakers UK
// services most often meet; Normalise has already removed the marks (ė → e,
// á → a). A root must keep three letters.
func GenderedRoots(family string) (roots []string, feminine bool) {
	n := Normalise(family)
	if n == "" || strings.Contains(n, " ") {
		return []string{n}, false
	}
	roots = []string{n}
	for _, e := range feminineEndings {
		if stem, ok := strings.CutSuffix(n, e); ok && len(stem) >= 3 {
			return append(roots, stem), true
		}
	}
	for _, e := range masculineEndings {
		if stem, ok := strings.CutSuffix(n, e); ok && len(stem) >= 3 {
			return append(roots, stem), false
		}
	}
	return roots, false
}

// Longer endings first: -skaya before -ska, -iene before -e.
var (
	feminineEndings  = []string{"skaya", "skaia", "iene", "aite", "iute", "dzka", "yte", "ute", "ova", "eva", "ina", "ska", "cka"}
	masculineEndings = []string{"skyi", "skiy", "skij", "dzki", "ius", "sky", "ski", "cki", "as", "is", "ys", "us", "ov", "ev", "in"}
)

// GenderedForms reports whether two family names are forms of one name for
// different genders: one has a feminine ending and they share a root.
func GenderedForms(a, b string) bool {
	ra, fa := GenderedRoots(a)
	rb, fb := GenderedRoots(b)
	if !fa && !fb || ra[0] == rb[0] {
		return false
	}
	for _, x := range ra {
		for _, y := range rb {
			if x == y {
				return true
			}
		}
	}
	return false
}
