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

// GapEvent is one time the system could not place someone: a declined
// referral, or an assessment the matcher found no service for. Need and Group
// are the person's main need and target group as the caller classes them.
type GapEvent struct {
	Kind   string
	Reason string
	Need   string
	Group  string
	LA     string
	At     time.Time
}

// GapRow counts gap events sharing kind, reason, need, target group and LA.
// Events is the true count: render it through Suppress for commissioners.
type GapRow struct {
	Kind, Reason, Need, Group, LA string
	Events                        int
}

// Gaps aggregates the events in from..to (read as MonthOf(At)). Rows come
// ordered by LA, kind, then most events first, then reason, need and group.
func Gaps(events []GapEvent, from, to Month) []GapRow {
	type key struct{ kind, reason, need, group, la string }
	at := map[key]int{}
	var rows []GapRow
	for _, e := range events {
		if m := MonthOf(e.At); m.Before(from) || m.After(to) {
			continue
		}
		k := key{e.Kind, e.Reason, e.Need, e.Group, e.LA}
		i, ok := at[k]
		if !ok {
			i = len(rows)
			at[k] = i
			rows = append(rows, GapRow{Kind: e.Kind, Reason: e.Reason, Need: e.Need, Group: e.Group, LA: e.LA})
		}
		rows[i].Events++
	}
	slices.SortFunc(rows, func(a, b GapRow) int {
		return cmp.Or(
			cmp.Compare(a.LA, b.LA), cmp.Compare(a.Kind, b.Kind), cmp.Compare(b.Events, a.Events),
			cmp.Compare(a.Reason, b.Reason), cmp.Compare(a.Need, b.Need), cmp.Compare(a.Group, b.Group))
	})
	return rows
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
