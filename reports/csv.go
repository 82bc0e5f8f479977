package reports

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strings"
)

// cellText defuses spreadsheet formulas: a name typed as "=HYPERLINK(...)"
// must arrive in Excel as text, not run (CSV injection).
func cellText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// FlowsCSV writes flow rows for commissioners: every count suppressed below
// 5, and the people total withheld when a category is suppressed.
func FlowsCSV(w io.Writer, rows []FlowRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "la", "new", "returner", "long_term", "intermittent", "people"})
	for _, r := range rows {
		cw.Write([]string{r.Month.String(), cellText(r.LA),
			Suppress(r.New).String(), Suppress(r.Returner).String(), Suppress(r.LongTerm).String(), Suppress(r.Intermittent).String(),
			TotalOf(flowCounts(r)...).String()})
	}
	cw.Flush()
	return cw.Error()
}

// GapsCSV writes gap rows for commissioners, counts suppressed below 5. Rows
// run by LA and kind, then shown counts largest first, then suppressed rows
// by reason, so the order says nothing about the hidden values.
func GapsCSV(w io.Writer, rows []GapRow) error {
	rows = byShownCount(rows, func(r GapRow) int { return r.Events },
		func(r GapRow) string { return r.Reason + "\x00" + r.Need + "\x00" + r.Group })
	slices.SortStableFunc(rows, func(a, b GapRow) int { return cmp.Or(cmp.Compare(a.LA, b.LA), cmp.Compare(a.Kind, b.Kind)) })
	cw := csv.NewWriter(w)
	cw.Write([]string{"la", "kind", "reason", "need", "target_group", "times"})
	for _, r := range rows {
		cw.Write([]string{cellText(r.LA), r.Kind, cellText(r.Reason), cellText(r.Need), cellText(r.Group), Suppress(r.Events).String()})
	}
	cw.Flush()
	return cw.Error()
}
