package models

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"strings"
	"testing"
	"time"
)

func TestCommonAndContextPasswordsAreRefused(t *testing.T) {
	for pw, want := range map[string]string{
		"password1234":          "most commonly used", // on the list
		"Qwertyuiop1":           "most commonly used", // on the list, whatever the case
		"1zyYbyt82A":            "",                   // strong-looking, not on this list
		"gateway-demo":          "too easy to guess",  // the service's own name
		"Northmoor2024!":        "built on your",      // the service's name
		"jsmith@hostel.example": "built on your",      // the email itself
		"qazwsxedc12345":        "too easy to guess",  // a keyboard run
		"correct horse battery": "",
		"long enough password":  "",
		"short":                 "at least 10",
	} {
		err := checkPassword(pw, "jsmith@hostel.example", "Jo Smith", "Northmoor Hostel")
		switch {
		case want == "" && err != nil:
			t.Errorf("%q refused: %v", pw, err)
		case want != "" && (err == nil || !strings.Contains(err.(FieldErrors)["password"], want)):
			t.Errorf("%q: %v, want %q", pw, err, want)
		}
	}
}

// The bundled list only needs passwords the length rule lets through, and
// must be sorted and lower-case for the binary search.
func TestCommonPasswordListCoversTheMinimumLength(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(zr)
	prev, n := "", 0
	for sc.Scan() {
		w := sc.Text()
		n++
		if len([]rune(w)) < MinPasswordLength || w != strings.ToLower(w) || w <= prev {
			t.Fatalf("line %d %q: every entry is at least %d characters, lower case, sorted, once", n, w, MinPasswordLength)
		}
		prev = w
	}
	if n < 40000 {
		t.Fatalf("only %d passwords", n)
	}
}

// Judging a long password stays quick.
func TestPasswordCheckIsQuickForLongPasswords(t *testing.T) {
	start := time.Now()
	checkPassword(strings.Repeat("abc1", 64), "a@b.example")
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("256 characters took %v", d)
	}
}
