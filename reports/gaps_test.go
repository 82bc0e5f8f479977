package reports

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

func octDay(d int) time.Time { return time.Date(2026, time.October, d, 9, 0, 0, 0, time.UTC) }

// gapFixture is worked by hand. In October 2026:
//
//   - person 1 was looked up on five days and matched nothing each time
//     ("Full", Dog, Rough sleepers, LA A): one person, five events;
//   - persons 2–6, five different people, one failed match each ("Couples",
//     Couple, Couples, LA A);
//   - persons 7–10, four people ("Age", Young, Young people, LA B);
//   - person 12 failed on "Age" on the 3rd and "Full" on the 20th (LA B):
//     classed by the latest, "Full";
//   - person 2 also had a referral declined ("Pets");
//   - person 11 only in September, and an event with no person: not counted.
func gapFixture() []GapEvent {
	full := GapEvent{Kind: GapNoMatch, Reason: "Full", Need: "Dog", Group: "Rough sleepers", LA: "A"}
	couples := GapEvent{Kind: GapNoMatch, Reason: "Couples", Need: "Couple", Group: "Couples", LA: "A"}
	age := GapEvent{Kind: GapNoMatch, Reason: "Age", Need: "Young", Group: "Young people", LA: "B"}
	ev := func(e GapEvent, person int64, at time.Time) GapEvent { e.Person, e.At = person, at; return e }
	var out []GapEvent
	for d := 1; d <= 5; d++ {
		out = append(out, ev(full, 1, octDay(d)))
	}
	for p := int64(2); p <= 6; p++ {
		out = append(out, ev(couples, p, octDay(int(p))))
	}
	for p := int64(7); p <= 10; p++ {
		out = append(out, ev(age, p, octDay(int(p))))
	}
	fullB := full
	fullB.LA = "B"
	out = append(out, ev(fullB, 12, octDay(20)), ev(age, 12, octDay(3)), // latest first: order must not matter
		ev(full, 11, time.Date(2026, time.September, 30, 9, 0, 0, 0, time.UTC)),
		ev(full, 0, octDay(9)),
		GapEvent{Person: 2, Kind: GapDecline, Reason: "Pets", Need: "Couple", Group: "Couples", LA: "A", At: octDay(12)})
	return out
}

func describe(gs []GapPeople) []string {
	var out []string
	for _, g := range gs {
		line := fmt.Sprintf("%s %d:", g.Kind, g.People)
		for _, b := range g.Breakdowns {
			line += " " + b.By
			for _, r := range b.Rows {
				line += fmt.Sprintf(" %s=%d", r.Value, r.People)
			}
		}
		out = append(out, line)
	}
	return out
}

func describeView(v GapView) string {
	s := fmt.Sprintf("%s %s:", v.Kind, v.People)
	for _, t := range v.Tables {
		s += " " + t.By
		for _, l := range t.Lines {
			if l.Pooled != nil {
				s += fmt.Sprintf(" [%s]=%d", strings.Join(l.Pooled, ","), l.People)
			} else {
				s += fmt.Sprintf(" %s=%d", l.Value, l.People)
			}
		}
	}
	return s
}

func TestGapsCountPeopleNotEvents(t *testing.T) {
	got := describe(Gaps(gapFixture(), mustMonth("2026-10"), mustMonth("2026-10")))
	want := []string{
		"decline 1: reason Pets=1 need Couple=1 target_group Couples=1 la A=1",
		// Person 1's five events are one person: Full is 2 (persons 1 and
		// 12), not the 6 events it would be counting events.
		"no_match 11: reason Couples=5 Age=4 Full=2 need Couple=5 Young=4 Dog=2 target_group Couples=5 Young people=4 Rough sleepers=2 la A=6 B=5",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
	// September holds only person 11 (and 12 has nothing there).
	got = describe(Gaps(gapFixture(), mustMonth("2026-09"), mustMonth("2026-09")))
	if !slices.Equal(got, []string{"no_match 1: reason Full=1 need Dog=1 target_group Rough sleepers=1 la A=1"}) {
		t.Errorf("September: %q", got)
	}
}

func TestGapViewSuppressesPeopleAndPoolsSmallValues(t *testing.T) {
	gs := Gaps(gapFixture(), mustMonth("2026-10"), mustMonth("2026-10"))
	var got []string
	for _, g := range gs {
		got = append(got, describeView(g.View()))
	}
	want := []string{
		// One person declined: <5, and no breakdown of them at all.
		"decline <5:",
		// The five different people of Couples are shown; person 1 (five
		// events) and the four of Age are pooled, 6 together. Both LAs
		// reach 5.
		"no_match 11: reason Couples=5 [Age,Full]=6 need Couple=5 [Dog,Young]=6 target_group Couples=5 [Rough sleepers,Young people]=6 la A=6 B=5",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got\n%q\nwant\n%q", got, want)
	}
}

func TestGapPoolingWorkedExamples(t *testing.T) {
	for _, c := range []struct {
		rows []GapCount
		want string
	}{
		// A lone 1 would be 18 − 10 − 7: the smallest listed value joins it.
		{[]GapCount{{"A", 10}, {"B", 7}, {"C", 1}}, "x 18: r A=10 [B,C]=8"},
		{[]GapCount{{"A", 10}, {"B", 3}, {"C", 2}}, "x 15: r A=10 [B,C]=5"},
		{[]GapCount{{"A", 9}}, "x 9: r A=9"},
		{[]GapCount{{"A", 2}, {"B", 2}, {"C", 2}}, "x 6: r [A,B,C]=6"},
		{[]GapCount{{"A", 5}, {"B", 5}, {"C", 5}}, "x 15: r A=5 B=5 C=5"},
		{[]GapCount{{"A", 4}}, "x <5:"},
	} {
		total := 0
		for _, r := range c.rows {
			total += r.People
		}
		g := GapPeople{Kind: "x", People: total, Breakdowns: []GapBreakdown{{By: "r", Rows: c.rows}}}
		if got := describeView(g.View()); got != c.want {
			t.Errorf("%v: got %q, want %q", c.rows, got, c.want)
		}
	}
}

// Whatever the counts, a view shows no figure below 5, each breakdown adds
// up to the people shown, and no pooled line holds a single value.
func TestGapViewNeverShowsOrImpliesASmallNumber(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 9))
	for range 2000 {
		var evs []GapEvent
		for p := range rng.IntN(40) {
			evs = append(evs, GapEvent{Person: int64(p + 1), Kind: GapKinds[rng.IntN(2)], Reason: fmt.Sprint("r", rng.IntN(6)),
				Need: fmt.Sprint("n", rng.IntN(3)), Group: fmt.Sprint("g", rng.IntN(9)), LA: fmt.Sprint("la", rng.IntN(2)), At: octDay(1 + rng.IntN(28))})
		}
		for _, g := range Gaps(evs, mustMonth("2026-10"), mustMonth("2026-10")) {
			v := g.View()
			if v.People.Suppressed != (g.People < Threshold) || (v.People.Suppressed && v.Tables != nil) {
				t.Fatalf("%+v: %+v", g, v)
			}
			for _, tb := range v.Tables {
				sum := 0
				for _, l := range tb.Lines {
					if l.People < Threshold || len(l.Pooled) == 1 {
						t.Fatalf("%+v: line %+v", g, l)
					}
					sum += l.People
				}
				if sum != g.People {
					t.Fatalf("%+v: %s adds up to %d", g, tb.By, sum)
				}
			}
		}
	}
}
