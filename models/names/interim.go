// Package names: interim minimal version, replaced by the names branch.
package names

import (
	"strings"
	"unicode"
)

func Normalise(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		case r == '\'':
		default:
			b.WriteRune(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func Keys(given, family string) []string {
	var out []string
	for _, t := range strings.Fields(Normalise(given + " " + family)) {
		out = append(out, "t:"+t)
	}
	return out
}

func QueryKeys(q string) []string { return Keys(q, "") }

func JaroWinkler(a, b string) float64 {
	if a == b {
		return 1
	}
	return 0
}
