package reports

import (
	"fmt"
	"testing"
	"time"
)

func TestGapsCountEventsPerReasonNeedGroupAndLA(t *testing.T) {
	day := func(ym string, d int) time.Time {
		m := mustMonth(ym)
		return time.Date(m.Year, m.Month, d, 9, 0, 0, 0, time.UTC)
	}
	dogs := GapEvent{Kind: GapDecline, Reason: "Pets not accepted", Need: "Dog", Group: "Rough sleepers", LA: "A"}
	couple := GapEvent{Kind: GapNoMatch, Reason: "No couples provision", Need: "Couple", Group: "Couples", LA: "A"}
	at := func(e GapEvent, t time.Time) GapEvent { e.At = t; return e }
	events := []GapEvent{
		at(dogs, day("2026-10", 1)), at(dogs, day("2026-10", 31)), at(dogs, day("2026-09", 30)), // September is outside
		at(couple, day("2026-10", 2)),
		at(func() GapEvent { e := dogs; e.LA = "B"; return e }(), day("2026-10", 3)),
	}
	got := Gaps(events, mustMonth("2026-10"), mustMonth("2026-10"))
	var lines []string
	for _, r := range got {
		lines = append(lines, fmt.Sprintf("%s %s %s %d", r.LA, r.Kind, r.Need, r.Events))
	}
	want := []string{"A decline Dog 2", "A no_match Couple 1", "B decline Dog 1"}
	if fmt.Sprint(lines) != fmt.Sprint(want) {
		t.Fatalf("got %q\nwant %q", lines, want)
	}
}
