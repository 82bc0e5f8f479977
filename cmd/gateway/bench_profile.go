package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
)

// startCPUProfile profiles this process (the in-process server and the
// bench's clients) until the returned stop is called; an empty path does
// nothing. The profile is how a slow route's time is found: by function,
// not by guess.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpuprofile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// startAllocProfile writes what this process allocated over the measured
// runs: Go's allocation profile counts from the start of the process, so
// the profile at the start goes beside it (path + ".before") and
// `go tool pprof -diff_base path.before path` shows the runs alone. An
// empty path does nothing. Allocations are what the garbage collector
// pays for, so they explain CPU the profile of functions spreads thin.
func startAllocProfile(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	runtime.MemProfileRate = 64 << 10 // a sample every 64 KiB, 8 times the default's detail
	runtime.GC()
	if err := writeAllocs(path + ".before"); err != nil {
		return nil, err
	}
	return func() error {
		runtime.GC() // the profile is as of the last collection
		return writeAllocs(path)
	}, nil
}

func writeAllocs(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--memprofile: %w", err)
	}
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("--memprofile: %w", err)
	}
	return f.Close()
}
