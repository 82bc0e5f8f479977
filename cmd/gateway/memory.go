package main

import (
	"os"
	"runtime/debug"
)

// Garbage collection for a process that serves: a collection when the
// heap has grown by twice what survived the last one (Go's default is
// once), held under a soft limit so reports at their peak still stay well
// inside the 512 MiB a server is given. Measured with gateway bench at 50
// clients on PostgreSQL, a person read spent 18% of its CPU in the
// collector at the default; at 200 the CPU a request fell by about a
// tenth. An operator's GOGC or GOMEMLIMIT wins over either.
const (
	serverGCPercent   = 200
	serverMemoryLimit = 400 << 20
)

// tuneMemoryForServing sets them for this process, for serve and for the
// benches that run the server in it; restore puts back what was before
// (a bench run inside the tests must not leave them set).
func tuneMemoryForServing() (restore func()) {
	percent, limit := -2, int64(-1)
	if os.Getenv("GOGC") == "" {
		percent = debug.SetGCPercent(serverGCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		limit = debug.SetMemoryLimit(serverMemoryLimit)
	}
	return func() {
		if percent != -2 {
			debug.SetGCPercent(percent)
		}
		if limit >= 0 {
			debug.SetMemoryLimit(limit)
		}
	}
}
