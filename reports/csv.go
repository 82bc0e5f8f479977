package reports

import (
	"encoding/csv"
	"io"
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

// GapsCSV writes the gaps report for commissioners: per kind, the people
// (suppressed below 5, and then no breakdown), then each breakdown on its
// own as GapPeople.View makes it safe, pooled lines naming their values in
// the pooled column.
func GapsCSV(w io.Writer, kinds []GapPeople) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "breakdown", "value", "people", "pooled"})
	for _, g := range kinds {
		v := g.View()
		cw.Write([]string{GapKindLabel(v.Kind), "all", "All people", v.People.String(), ""})
		for _, t := range v.Tables {
			for _, l := range t.Lines {
				if l.Pooled != nil {
					cw.Write([]string{GapKindLabel(v.Kind), t.By, GapOtherLabel, Suppress(l.People).String(), cellText(strings.Join(l.Pooled, "; "))})
					continue
				}
				cw.Write([]string{GapKindLabel(v.Kind), t.By, cellText(l.Value), Suppress(l.People).String(), ""})
			}
		}
	}
	cw.Flush()
	return cw.Error()
}
