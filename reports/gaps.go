package reports

import (
	"cmp"
	"slices"
	"time"
)

// Kinds of gap event.
const (
	GapDecline = "decline"  // a referral was declined
	GapNoMatch = "no_match" // the matcher found no service for the person
)

// GapKinds is the order kinds are reported in.
var GapKinds = []string{GapDecline, GapNoMatch}

// Breakdowns of the gaps report. Each is reported on its own: a cross-tab
// of all four is too fine to show anything above the threshold.
const (
	GapByReason = "reason"
	GapByNeed   = "need"
	GapByGroup  = "target_group"
	GapByLA     = "la"
)

// GapDimensions is the order breakdowns are reported in.
var GapDimensions = []string{GapByReason, GapByNeed, GapByGroup, GapByLA}

// GapEvent is one time the system could not place someone: a declined
// referral, or an assessment the matcher found no service for. Person says
// who (the report counts people, not events; 0 is not counted). Need and
// Group are the person's main need and target group as the caller classes
// them.
type GapEvent struct {
	Person int64
	Kind   string
	Reason string
	Need   string
	Group  string
	LA     string
	At     time.Time
}

func (e GapEvent) value(by string) string {
	switch by {
	case GapByReason:
		return e.Reason
	case GapByNeed:
		return e.Need
	case GapByGroup:
		return e.Group
	}
	return e.LA
}

// GapCount is how many people one value of a breakdown holds (a true
// count: render it through GapPeople.View for commissioners).
type GapCount struct {
	Value  string
	People int
}

// GapBreakdown is the people of one kind split by one dimension. Each
// person is in exactly one row, so the rows add up to the kind's people.
type GapBreakdown struct {
	By   string
	Rows []GapCount // most people first, then by value
}

// GapPeople is the people one kind of gap happened to, and each breakdown
// of them. People is a true count.
type GapPeople struct {
	Kind       string
	People     int
	Breakdowns []GapBreakdown // in GapDimensions order
}

// Gaps counts the people in events in from..to (read as MonthOf(At)), one
// GapPeople per kind that happened, in GapKinds order.
//
// A person counts once per kind however many events they have: one person
// looked up on five days is one person, not five. So that every breakdown
// is a partition of the same people (rows add up, and no two breakdowns can
// be subtracted to give an overlap), a person is classed by their latest
// event of that kind in the period: its reason, need, target group and LA.
// Events without a person are not counted.
func Gaps(events []GapEvent, from, to Month) []GapPeople {
	type key struct {
		kind   string
		person int64
	}
	latest := map[key]GapEvent{}
	for _, e := range events {
		if m := MonthOf(e.At); e.Person == 0 || m.Before(from) || m.After(to) {
			continue
		}
		k := key{e.Kind, e.Person}
		if old, ok := latest[k]; !ok || later(e, old) {
			latest[k] = e
		}
	}
	var out []GapPeople
	for _, kind := range GapKinds {
		g := GapPeople{Kind: kind}
		counts := make([]map[string]int, len(GapDimensions))
		for i := range counts {
			counts[i] = map[string]int{}
		}
		for k, e := range latest {
			if k.kind != kind {
				continue
			}
			g.People++
			for i, by := range GapDimensions {
				counts[i][e.value(by)]++
			}
		}
		if g.People == 0 {
			continue
		}
		for i, by := range GapDimensions {
			b := GapBreakdown{By: by}
			for v, n := range counts[i] {
				b.Rows = append(b.Rows, GapCount{Value: v, People: n})
			}
			slices.SortFunc(b.Rows, func(x, y GapCount) int {
				return cmp.Or(cmp.Compare(y.People, x.People), cmp.Compare(x.Value, y.Value))
			})
			g.Breakdowns = append(g.Breakdowns, b)
		}
		out = append(out, g)
	}
	return out
}

// later says whether a comes after b; ties are broken on the values so
// the result does not depend on the order events arrive in.
func later(a, b GapEvent) bool {
	if !a.At.Equal(b.At) {
		return a.At.After(b.At)
	}
	return cmp.Or(cmp.Compare(a.Reason, b.Reason), cmp.Compare(a.Need, b.Need),
		cmp.Compare(a.Group, b.Group), cmp.Compare(a.LA, b.LA)) > 0
}

// Breakdown returns the breakdown by one dimension, or an empty one.
func (g GapPeople) Breakdown(by string) GapBreakdown {
	for _, b := range g.Breakdowns {
		if b.By == by {
			return b
		}
	}
	return GapBreakdown{By: by}
}

// GapLine is one line of a breakdown as a commissioner may see it. People
// is never below Threshold. Pooled, when set, makes this the "other" line:
// the values whose people are pooled into it, in alphabetical order.
type GapLine struct {
	Value  string
	Pooled []string
	People int
}

// GapTable is a breakdown as a commissioner may see it.
type GapTable struct {
	By    string
	Lines []GapLine // values most people first, the pooled line last
}

// GapView is one kind of gap as a commissioner may see it: the people, and
// the breakdowns when the people are not suppressed.
type GapView struct {
	Kind   string
	People Count
	Tables []GapTable // nil when People is suppressed
}

// View makes the kind safe to show (docs/ACCESS.md rule 9). Below Threshold
// people, only "<5" is shown, with no breakdown. Otherwise each breakdown
// lists the values of Threshold people or more with their count, and pools
// the rest into one "other" line that names them: if they add up to fewer
// than Threshold, the smallest listed value joins them, so the pooled line
// is at least Threshold too.
//
// Every figure shown is then at least Threshold, and each breakdown adds up
// to People, so nothing can be subtracted out: a table whose total is
// printed next to a "<5" gives the "<5" back, and so would a second
// breakdown of the same people that is shown in full. The pooled line
// never holds a single value (one below Threshold always brings a second),
// and a value pooled because it was the smallest listed is not marked as
// such, so a pooled line's parts cannot be worked out either.
func (g GapPeople) View() GapView {
	v := GapView{Kind: g.Kind, People: Suppress(g.People)}
	if v.People.Suppressed {
		return v
	}
	for _, b := range g.Breakdowns {
		v.Tables = append(v.Tables, b.pool())
	}
	return v
}

func (b GapBreakdown) pool() GapTable {
	rows := slices.Clone(b.Rows)
	slices.SortFunc(rows, func(x, y GapCount) int {
		return cmp.Or(cmp.Compare(y.People, x.People), cmp.Compare(x.Value, y.Value))
	})
	shown := len(rows)
	for shown > 0 && rows[shown-1].People < Threshold {
		shown--
	}
	pooled := 0
	for _, r := range rows[shown:] {
		pooled += r.People
	}
	for pooled > 0 && pooled < Threshold && shown > 0 {
		shown--
		pooled += rows[shown].People
	}
	t := GapTable{By: b.By}
	for _, r := range rows[:shown] {
		t.Lines = append(t.Lines, GapLine{Value: r.Value, People: r.People})
	}
	if pooled > 0 {
		var values []string
		for _, r := range rows[shown:] {
			values = append(values, r.Value)
		}
		slices.Sort(values)
		t.Lines = append(t.Lines, GapLine{Pooled: values, People: pooled})
	}
	return t
}

// GapKindLabel is the display name of a gap kind.
func GapKindLabel(kind string) string {
	switch kind {
	case GapDecline:
		return "Referral declined"
	case GapNoMatch:
		return "No service matched"
	}
	return kind
}

// GapDimensionLabel is the display name of a breakdown.
func GapDimensionLabel(by string) string {
	switch by {
	case GapByReason:
		return "By reason"
	case GapByNeed:
		return "By main need"
	case GapByGroup:
		return "By target group"
	case GapByLA:
		// Not only local connection: people without one are counted
		// where they were met, or where the service is (server gapLA).
		return "By local authority (of local connection, else where met or where the service is)"
	}
	return by
}

// GapOtherLabel is the label of a pooled line.
const GapOtherLabel = "Others, pooled"

// GapPooledNote explains pooled lines under any table that has them.
const GapPooledNote = "Others, pooled: values with fewer than 5 people are counted together (with the smallest listed value when they add up to fewer than 5), so that no small number can be worked out by subtraction."
