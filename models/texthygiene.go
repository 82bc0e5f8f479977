package models

import (
	"strings"
	"unicode"
)

// Text hygiene. Control characters have no place in
// what people type: a bell or a NUL breaks exports and terminals, and a
// bidirectional override (U+202E) makes "Smith‮nhoJ" display as something
// it is not, in a name that others search for and trust. A single-line
// field (a name, an email, a phone number) with one is refused, naming the
// field; free text (a case note, a reason, a description) keeps its
// newlines and tabs and loses the rest, since a note pasted from another
// system often carries stray control characters that nobody meant.

// unsafeRune reports a control character (Unicode category Cc, which
// includes NUL, BEL, ESC and DEL), a bidirectional formatting character, or
// a line or paragraph separator.
func unsafeRune(r rune) bool {
	if unicode.Is(unicode.Cc, r) {
		return true
	}
	switch r {
	case 0x061C, 0x200E, 0x200F, 0x2028, 0x2029: // Arabic letter mark, LRM, RLM, separators
		return true
	}
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) // embeddings, overrides, isolates
}

// HasControlChars reports whether s holds a character a single-line field
// refuses.
func HasControlChars(s string) bool { return strings.IndexFunc(s, unsafeRune) >= 0 }

// CleanProse strips control and bidirectional formatting characters from
// free text, keeping newlines and tabs; Windows and old Mac line endings
// become newlines.
func CleanProse(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unsafeRune(r) {
			return r
		}
		return -1
	}, s)
}

// controlCharsMessage is the field error for a refused character.
const controlCharsMessage = "must not contain control characters (such as a bell, or a right-to-left override that makes text display differently from what it is)"
