package reports

import "testing"

func TestCountsBelowFiveAreSuppressedAndZeroed(t *testing.T) {
	for n := -1; n < Threshold; n++ {
		c := Suppress(n)
		if !c.Suppressed || c.N != 0 || c.String() != "<5" {
			t.Errorf("Suppress(%d) = %+v %q", n, c, c)
		}
	}
	if c := Suppress(5); c.Suppressed || c.String() != "5" {
		t.Errorf("Suppress(5) = %+v", c)
	}
}

func TestATotalIsWithheldWhenAnyPartIsSuppressed(t *testing.T) {
	// 12 + 3 + 9: printing 24 beside "12, <5, 9" gives the 3 back.
	if got := TotalOf(12, 3, 9); !got.Withheld || got.N != 0 || got.String() != "*" {
		t.Fatalf("TotalOf(12,3,9) = %+v %q", got, got)
	}
	if got := TotalOf(12, 5, 9); got.hidden() || got.String() != "26" {
		t.Fatalf("TotalOf(12,5,9) = %+v", got)
	}
	if got := TotalOf(); !got.Suppressed || got.String() != "<5" {
		t.Fatalf("empty total = %+v", got)
	}
	// All parts "<5" and a total "<5": nothing can be worked out.
	if got := TotalOf(1, 0, 2); !got.Suppressed || got.N != 0 {
		t.Fatalf("TotalOf(1,0,2) = %+v", got)
	}
}
