package reports

import (
	"bytes"
	"encoding/csv"
)

// ExtractSection is one measure of an LA's statistical extract broken
// down one way. Each section counts a different set of people or records,
// and each is broken down only once, so no suppressed cell can be worked
// out by subtracting one breakdown's figures from another's.
type ExtractSection struct {
	Measure string
	Cells   []ExtractCell
}

// ExtractCell is one category's true count (suppressed when written).
type ExtractCell struct {
	Category string
	N        int
}

// ExtractCSV writes an LA's anonymised statistical extract: one row per
// measure and category, then the measure's total, every count below 5
// written "<5" and a total that would give one away withheld ("*").
func ExtractCSV(laCode, laName, period string, sections []ExtractSection) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"la_code", "la_name", "period", "measure", "category", "count"})
	for _, s := range sections {
		parts := make([]int, len(s.Cells))
		for i, c := range s.Cells {
			parts[i] = c.N
			_ = w.Write([]string{laCode, laName, period, s.Measure, c.Category, Suppress(c.N).String()})
		}
		_ = w.Write([]string{laCode, laName, period, s.Measure, "total", TotalOf(parts...).String()})
	}
	w.Flush()
	return buf.Bytes()
}
