package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
)

// writeBenchTable prints the rows as a Markdown table, so that a run can
// be pasted into docs/PERFORMANCE.md as it is.
func writeBenchTable(w io.Writer, run benchRun) {
	fmt.Fprintf(w, "%s, %d CPUs, %.1f s a side at each number of clients, started %s; load average %s before, %s after.\n\n",
		run.Database, run.CPUs, run.Seconds, run.Started, run.LoadBefore, run.LoadAfter)
	fmt.Fprintln(w, "| route | clients | req/s | p50 ms | p95 ms | p99 ms | statements/req | CPU ms/req | server RSS peak MiB | baseline req/s | baseline p95 ms | baseline CPU ms/req | route/baseline |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, r := range run.Rows {
		errs := ""
		if r.NotMeasured {
			fmt.Fprintf(w, "| %s (not measured: the first request failed) | %d | | | | | | | | | | | |\n", r.Route, r.Clients)
			continue
		}
		if r.Errors+r.BaseErrors > 0 {
			errs = fmt.Sprintf(" (%d errors, baseline %d)", r.Errors, r.BaseErrors)
		}
		fmt.Fprintf(w, "| %s%s | %d | %.1f | %s | %s | %s | %.1f | %.2f | %.0f | %.1f | %s | %.2f | %.2f |\n",
			r.Route, errs, r.Clients, r.PerSecond, fmtMS(r.P50), fmtMS(r.P95), fmtMS(r.P99), r.Statements, r.CPU,
			r.RSSPeakMiB, r.BasePerSecond, fmtMS(r.BaseP95), r.BaseCPU, r.Ratio)
	}
}

// writeBenchJSON prints the same rows as JSON.
func writeBenchJSON(w io.Writer, run benchRun) {
	if run.Rows == nil {
		run.Rows = []benchRow{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(run)
}

// fmtMS prints milliseconds with one decimal below 100 and none above.
func fmtMS(ms float64) string {
	if ms >= 100 {
		return strconv.FormatFloat(ms, 'f', 0, 64)
	}
	return strconv.FormatFloat(ms, 'f', 1, 64)
}
