package reports

import (
	"testing"
	"time"
)

func TestParseMonthRoundTrips(t *testing.T) {
	m, err := ParseMonth("2026-10")
	if err != nil || m != (Month{2026, time.October}) {
		t.Fatalf("ParseMonth = %v, %v", m, err)
	}
	if m.String() != "2026-10" || m.Label() != "October 2026" {
		t.Fatalf("String %q Label %q", m.String(), m.Label())
	}
	for _, bad := range []string{"", "2026", "2026-13", "2026-00", "26-10", "2026-1", "abcd-ef"} {
		if _, err := ParseMonth(bad); err == nil {
			t.Errorf("ParseMonth(%q) accepted", bad)
		}
	}
}

func TestMonthArithmeticCrossesYears(t *testing.T) {
	dec := Month{2025, time.December}
	if dec.Next() != (Month{2026, time.January}) {
		t.Fatalf("Next of Dec = %v", dec.Next())
	}
	if (Month{2026, time.January}).Prev() != dec {
		t.Fatal("Prev of Jan")
	}
	if got := (Month{2026, time.October}).Add(-12); got != (Month{2025, time.October}) {
		t.Fatalf("Add(-12) = %v", got)
	}
	if (Month{2026, time.March}).Since(dec) != 3 {
		t.Fatal("Since")
	}
	if n := len(Months(Month{2025, time.November}, Month{2026, time.October})); n != 12 {
		t.Fatalf("Months gave %d, want 12", n)
	}
	if Months(Month{2026, time.May}, Month{2026, time.April}) != nil {
		t.Fatal("reversed range should be empty")
	}
}

func TestMonthOfUsesTheTimesOwnZone(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no tzdata")
	}
	// 00:30 BST on 1 October is 23:30 UTC on 30 September.
	at := time.Date(2026, time.October, 1, 0, 30, 0, 0, london)
	if MonthOf(at) != (Month{2026, time.October}) {
		t.Fatalf("London: %v", MonthOf(at))
	}
	if MonthOf(at.UTC()) != (Month{2026, time.September}) {
		t.Fatalf("UTC: %v", MonthOf(at.UTC()))
	}
}
