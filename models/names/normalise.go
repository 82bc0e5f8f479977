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
	if isNormalASCII(s) {
		return s // the common case on hot paths: no work, no allocation
	}
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

// isNormalASCII reports whether s is already Normalise's output: lower-case
// ASCII letters and digits in words separated by single spaces.
func isNormalASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ' && i > 0 && i < len(s)-1 && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}
