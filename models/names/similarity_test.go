package names

import (
	"math"
	"testing"
)

func TestJaroWinklerPublishedValues(t *testing.T) {
	// Winkler's own examples.
	cases := []struct {
		a, b string
		want float64
	}{
		{"martha", "marhta", 0.961},
		{"dwayne", "duane", 0.840},
		{"dixon", "dicksonx", 0.813},
		{"smith", "smith", 1},
		{"", "", 1},
		{"smith", "", 0},
		{"abc", "xyz", 0},
	}
	for _, c := range cases {
		if got := JaroWinkler(c.a, c.b); math.Abs(got-c.want) > 0.0005 {
			t.Errorf("JaroWinkler(%q, %q) = %.4f, want %.3f", c.a, c.b, got, c.want)
		}
	}
}

func TestJaroWinklerIsSymmetricAndComparesRunes(t *testing.T) {
	if JaroWinkler("lukasz", "łukasz") != JaroWinkler("łukasz", "lukasz") {
		t.Error("not symmetric")
	}
	// One rune differs out of six: a byte comparison would see two.
	if got := JaroWinkler("łukasz", "lukasz"); got < 0.88 {
		t.Errorf("got %.3f", got)
	}
}

func TestDamerauLevenshtein(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"smith", "smith", 0},
		{"smith", "smiht", 1},  // transposition
		{"jhon", "john", 1},    // transposition
		{"smith", "smyth", 1},  // substitution
		{"smith", "smithe", 1}, // insertion
		{"smith", "smth", 1},   // deletion
		{"kitten", "sitting", 3},
		{"ca", "abc", 2}, // unrestricted: transpose then insert between
		{"", "abc", 3},
		{"abc", "", 3},
		{"łukasz", "lukasz", 1},
		{"wójcik", "wojcik", 1},
	}
	for _, c := range cases {
		if got := DamerauLevenshtein(c.a, c.b); got != c.want {
			t.Errorf("DamerauLevenshtein(%q, %q) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := DamerauLevenshtein(c.b, c.a); got != c.want {
			t.Errorf("DamerauLevenshtein(%q, %q) = %d, want %d (symmetry)", c.b, c.a, got, c.want)
		}
	}
}

func BenchmarkJaroWinkler(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		JaroWinkler("gebremedhin", "gebremedin")
	}
}

func BenchmarkDamerauLevenshtein(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		DamerauLevenshtein("gebremedhin", "gebremedin")
	}
}
