package main

import (
	"runtime/debug"
	"testing"
)

// Serving collects garbage less often under a soft limit, unless the
// operator said otherwise, and puts back what was there when it stops.
func TestServingTunesTheCollectorUnlessTheOperatorDid(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	defer debug.SetGCPercent(percent)
	defer debug.SetMemoryLimit(limit)

	restore := tuneMemoryForServing()
	if got := debug.SetGCPercent(-1); got != serverGCPercent {
		t.Errorf("GC percent %d, want %d", got, serverGCPercent)
	}
	debug.SetGCPercent(serverGCPercent)
	if got := debug.SetMemoryLimit(-1); got != serverMemoryLimit {
		t.Errorf("memory limit %d, want %d", got, serverMemoryLimit)
	}
	restore()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("after: GC percent %d, want 100 back", got)
	}
	debug.SetGCPercent(100)

	t.Setenv("GOGC", "50")
	t.Setenv("GOMEMLIMIT", "1GiB")
	restore = tuneMemoryForServing()
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Errorf("with GOGC set: GC percent %d, want it left at 100", got)
	}
	debug.SetGCPercent(100)
	restore()
}
