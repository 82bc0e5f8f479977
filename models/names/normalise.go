package names

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// foldSpecial covers letters that Unicode does not decompose into a base
// letter plus a mark, so stripping marks alone would leave them behind:
// "Łukasz" must meet "Lukasz", "Søren" must meet "Soren".
var foldSpecial = map[rune]string{
	'ł': "l", 'ø': "o", 'ß': "ss", 'æ': "ae", 'œ': "oe", 'đ': "d", 'ð': "d",
	'þ': "th", 'ı': "i", 'ħ': "h", 'ŧ': "t", 'ŀ': "l", 'ĸ': "k", 'ŋ': "n",
	'ſ': "s", 'ɖ': "d", 'ƒ': "f",
}

// isApostrophe reports the marks people put inside names (O'Brien, N'Dour,
// Ba'ath) in all the shapes keyboards and phones produce. They are dropped,
// not turned into spaces, so "O'Brien" and "OBrien" are the same name.
func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', '‘', 'ʼ', 'ʻ', '`', '´', '′':
		return true
	}
	return false
}

// Normalise returns s case-folded, without diacritics or apostrophes, with
// every other run of punctuation or space turned into one space:
// "Ștefan" → "stefan", "O'Brien" → "obrien", "Mary-Jane  Smith" →
// "mary jane smith". Letters of non-Latin scripts are kept (lower-cased).
func Normalise(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r), isApostrophe(r):
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if f, ok := foldSpecial[r]; ok {
				b.WriteString(f)
			} else {
				b.WriteRune(r)
			}
		default:
			space = true
		}
	}
	return b.String()
}
