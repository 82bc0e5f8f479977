package reports

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// seen is a street contact with person p in la on the 15th of month ym.
func seen(p, la, ym string) Sighting {
	m, err := ParseMonth(ym)
	if err != nil {
		panic(err)
	}
	return Sighting{PersonKey: p, LA: la, At: time.Date(m.Year, m.Month, 15, 12, 0, 0, 0, time.UTC)}
}

func mustMonth(s string) Month {
	m, err := ParseMonth(s)
	if err != nil {
		panic(err)
	}
	return m
}

// flowLines renders rows as "2026-03 A new=1 ret=0 lt=0 int=0" for readable diffs.
func flowLines(rows []FlowRow) string {
	var b strings.Builder
	for _, r := range rows {
		fmt.Fprintf(&b, "%s %s new=%d ret=%d lt=%d int=%d\n", r.Month, r.LA, r.New, r.Returner, r.LongTerm, r.Intermittent)
	}
	return b.String()
}

func checkFlows(t *testing.T, got []FlowRow, want string) {
	t.Helper()
	want = strings.TrimLeft(strings.ReplaceAll(want, "\t", ""), "\n")
	if g := flowLines(got); g != want {
		t.Errorf("flows\n got:\n%s\nwant:\n%s", g, want)
	}
}

func TestNewThenIntermittentThenLongTerm(t *testing.T) {
	// P is first seen in March (new), again in April (2 of the last 12
	// months: intermittent) and May (3 of the last 12: long-term). Three
	// contacts in March still count P once.
	got := Flows([]Sighting{
		seen("P", "A", "2026-03"), seen("P", "A", "2026-03"), seen("P", "A", "2026-03"),
		seen("P", "A", "2026-04"), seen("P", "A", "2026-05"),
	}, mustMonth("2026-01"), mustMonth("2026-12"), 0)
	checkFlows(t, got, `
		2026-03 A new=1 ret=0 lt=0 int=0
		2026-04 A new=0 ret=0 lt=0 int=1
		2026-05 A new=0 ret=0 lt=1 int=0
	`)
}

func TestReturnerGapBoundary(t *testing.T) {
	// R1 was last seen 13 months before February 2026, so none of the 12
	// months before (Feb 2025 – Jan 2026): returner. R2 was seen exactly 12
	// months before, inside that gap: not a returner, and with one month in
	// the long-term window (Mar 2025 – Feb 2026): intermittent.
	got := Flows([]Sighting{
		seen("R1", "A", "2025-01"), seen("R1", "A", "2026-02"),
		seen("R2", "A", "2025-02"), seen("R2", "A", "2026-02"),
	}, mustMonth("2026-02"), mustMonth("2026-02"), 12)
	checkFlows(t, got, `
		2026-02 A new=0 ret=1 lt=0 int=1
	`)
}

func TestLongTermWindowBoundary(t *testing.T) {
	// The window for February 2026 is March 2025 – February 2026.
	// L1: Mar 2025, Aug 2025, Feb 2026: 3 months inside: long-term.
	// L2: Feb 2025, Aug 2025, Feb 2026: Feb 2025 falls outside: intermittent.
	got := Flows([]Sighting{
		seen("L1", "A", "2025-03"), seen("L1", "A", "2025-08"), seen("L1", "A", "2026-02"),
		seen("L2", "A", "2025-02"), seen("L2", "A", "2025-08"), seen("L2", "A", "2026-02"),
	}, mustMonth("2026-02"), mustMonth("2026-02"), 0)
	checkFlows(t, got, `
		2026-02 A new=0 ret=0 lt=1 int=1
	`)
}

func TestReturnerTakesPrecedenceOverLongTerm(t *testing.T) {
	// With a 3-month gap, Q (Jan, Feb, Mar, then Aug) is unseen for the 4
	// months before August, so a returner, though August is also the 4th
	// month of the last 12.
	got := Flows([]Sighting{
		seen("Q", "A", "2026-01"), seen("Q", "A", "2026-02"), seen("Q", "A", "2026-03"), seen("Q", "A", "2026-08"),
	}, mustMonth("2026-08"), mustMonth("2026-08"), 3)
	checkFlows(t, got, `
		2026-08 A new=0 ret=1 lt=0 int=0
	`)
}

func TestHistoryIsAreaWideAndEachLACountsItsPeople(t *testing.T) {
	// M is seen in A and B in March: new in both LAs' rows. In June M is seen
	// in B only: seen before (March), 2 months in the window: intermittent.
	// N was seen in B last October, so is not new when first seen in A.
	got := Flows([]Sighting{
		seen("M", "B", "2026-03"), seen("M", "A", "2026-03"), seen("M", "B", "2026-06"),
		seen("N", "B", "2025-10"), seen("N", "A", "2026-03"),
	}, mustMonth("2026-03"), mustMonth("2026-06"), 0)
	checkFlows(t, got, `
		2026-03 A new=1 ret=0 lt=0 int=1
		2026-03 B new=1 ret=0 lt=0 int=0
		2026-06 B new=0 ret=0 lt=0 int=1
	`)
}

func TestSightingsOutsideTheRangeOrUnknownAreIgnored(t *testing.T) {
	got := Flows([]Sighting{
		seen("late", "A", "2027-01"),
		seen("", "A", "2026-05"),
		seen("nowhere", "", "2026-05"),
		{PersonKey: "undated", LA: "A"},
		seen("early", "A", "2025-12"), // history only: before from
	}, mustMonth("2026-01"), mustMonth("2026-12"), 0)
	if len(got) != 0 {
		t.Fatalf("got rows:\n%s", flowLines(got))
	}
	if Flows([]Sighting{seen("P", "A", "2026-05")}, mustMonth("2026-06"), mustMonth("2026-05"), 0) != nil {
		t.Fatal("reversed range should give nothing")
	}
}

func TestCategoriesPartitionTheMonthsPeople(t *testing.T) {
	var s []Sighting
	for p := range 200 {
		for k := range 1 + p%7 {
			m := mustMonth("2025-01").Add((p*5 + k*k*3) % 30)
			s = append(s, Sighting{PersonKey: fmt.Sprint("p", p), LA: fmt.Sprint("LA", p%3), At: m.Start(time.UTC).Add(time.Duration(k) * time.Hour)})
		}
	}
	rows := Flows(s, mustMonth("2025-01"), mustMonth("2027-06"), 0)
	distinct := map[string]map[string]bool{}
	for _, x := range s {
		k := MonthOf(x.At).String() + " " + x.LA
		if distinct[k] == nil {
			distinct[k] = map[string]bool{}
		}
		distinct[k][x.PersonKey] = true
	}
	if len(rows) != len(distinct) {
		t.Fatalf("%d rows, want %d month×LA cells", len(rows), len(distinct))
	}
	for _, r := range rows {
		if want := len(distinct[r.Month.String()+" "+r.LA]); r.People() != want {
			t.Errorf("%s %s: categories sum to %d, want %d people", r.Month, r.LA, r.People(), want)
		}
	}
}
