package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// writeBenchTable prints the rows as a Markdown table, so that a run can
// be pasted into docs/PERFORMANCE.md as it is.
func writeBenchTable(w io.Writer, rows []benchRow) {
	fmt.Fprintln(w, "| route | clients | req/s | p50 ms | p95 ms | p99 ms | statements/req | server RSS peak MiB | baseline req/s | baseline p95 ms | route/baseline |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range rows {
		errs := ""
		if r.Errors+r.BaseErrors > 0 {
			errs = fmt.Sprintf(" (%d errors, baseline %d)", r.Errors, r.BaseErrors)
		}
		fmt.Fprintf(w, "| %s%s | %d | %.1f | %s | %s | %s | %.1f | %.0f | %.1f | %s | %.2f |\n",
			r.Route, errs, r.Clients, r.PerSecond, fmtMS(r.P50), fmtMS(r.P95), fmtMS(r.P99), r.Statements,
			r.RSSPeakMiB, r.BasePerSecond, fmtMS(r.BaseP95), r.Ratio)
	}
}

// writeBenchJSON prints the same rows as JSON.
func writeBenchJSON(w io.Writer, rows []benchRow) {
	if rows == nil {
		rows = []benchRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(map[string]any{"rows": rows})
}

// fmtMS prints milliseconds with one decimal below 100 and none above.
func fmtMS(ms float64) string {
	if ms >= 100 {
		return strconv.FormatFloat(ms, 'f', 0, 64)
	}
	return strconv.FormatFloat(ms, 'f', 1, 64)
}
