package main

import (
	"context"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"gateway/models"
)

// benchTarget is one route of `gateway bench` and its database baseline,
// each as one request a client makes.
type benchTarget struct {
	name  string
	route func(ctx context.Context, r *rand.Rand) error
	base  func(ctx context.Context, r *rand.Rand) error
}

// benchRow is one line of the table: a route at a number of concurrent
// clients, beside its baseline measured in the same stretch of time.
type benchRow struct {
	Route         string  `json:"route"`
	Clients       int     `json:"clients"`
	Requests      int     `json:"requests"`
	PerSecond     float64 `json:"requests_per_second"`
	P50           float64 `json:"p50_ms"`
	P95           float64 `json:"p95_ms"`
	P99           float64 `json:"p99_ms"`
	Statements    float64 `json:"statements_per_request"`
	RSSPeakMiB    float64 `json:"server_rss_peak_mib"`
	BaseRequests  int     `json:"baseline_requests"`
	BasePerSecond float64 `json:"baseline_requests_per_second"`
	BaseP95       float64 `json:"baseline_p95_ms"`
	Ratio         float64 `json:"ratio"` // route requests/s over baseline requests/s
	// CPU and BaseCPU are milliseconds of CPU a request: this process's
	// (server and clients) during the side's slices, plus, on PostgreSQL
	// here, the side's own backends. On a shared machine they say what a
	// request costs where latencies only say how busy the machine was.
	CPU     float64 `json:"cpu_ms_per_request"`
	BaseCPU float64 `json:"baseline_cpu_ms_per_request"`
	// PostgresCPU says whether the backends' CPU is in CPU and BaseCPU;
	// then CPUPostgres and BaseCPUPostgres are the backends' part of each.
	PostgresCPU     bool    `json:"postgres_cpu_included"`
	CPUPostgres     float64 `json:"postgres_cpu_ms_per_request,omitempty"`
	BaseCPUPostgres float64 `json:"baseline_postgres_cpu_ms_per_request,omitempty"`
	Errors          int     `json:"errors"`
	BaseErrors      int     `json:"baseline_errors"`
	FirstError      string  `json:"first_error,omitempty"`
	// NotMeasured: the warm-up request or baseline failed (FirstError).
	NotMeasured bool `json:"not_measured,omitempty"`
}

// side is what one side (route or baseline) did over its slices.
type side struct {
	mu      sync.Mutex
	lat     []time.Duration
	elapsed time.Duration
	cpu     time.Duration // this process's, over the side's slices
	errors  int
	first   error
}

// measure runs t at clients concurrent clients for seconds on each side,
// alternating slices of route and baseline so that whatever else loads
// the machine falls on both alike. Statements are counted over the
// route's slices only; the baseline does not go through the Store.
func measure(ctx context.Context, t benchTarget, clients int, seconds float64, seed uint64, store *models.Store) benchRow {
	total := time.Duration(seconds * float64(time.Second))
	slice := min(sliceLength, total)
	var route, base side
	var statements int64
	resetPeakRSS()
	var pg *sidesCPU
	if store != nil {
		pg = startSidesCPU(ctx, store)
	}
	// A slow route overruns its slice (requests in flight finish), so the
	// loop counts the time the route has had, not slices: a route taking
	// longer than --seconds a request runs once on each side.
	for i := uint64(0); route.elapsed < total && ctx.Err() == nil; i++ {
		s0 := models.StatementsExecuted()
		runSide(ctx, &route, t.route, clients, slice, seed+i*1000)
		statements += models.StatementsExecuted() - s0
		runSide(ctx, &base, t.base, clients, slice, seed+i*1000+500)
	}
	routePG, basePG, pgOK := pg.stop(ctx)
	row := benchRow{Route: t.name, Clients: clients, Errors: route.errors, BaseErrors: base.errors, PostgresCPU: pgOK}
	row.Requests, row.PerSecond, row.P50, row.P95, row.P99 = route.figures()
	row.BaseRequests, row.BasePerSecond, _, row.BaseP95, _ = base.figures()
	if row.Requests > 0 {
		row.Statements = float64(statements) / float64(row.Requests+route.errors)
	}
	if row.BasePerSecond > 0 {
		row.Ratio = row.PerSecond / row.BasePerSecond
	}
	row.CPU = msPer(route.cpu+routePG, row.Requests+route.errors)
	row.BaseCPU = msPer(base.cpu+basePG, row.BaseRequests+base.errors)
	row.CPUPostgres = msPer(routePG, row.Requests+route.errors)
	row.BaseCPUPostgres = msPer(basePG, row.BaseRequests+base.errors)
	row.RSSPeakMiB = peakRSSMiB()
	if route.first != nil {
		row.FirstError = "route: " + route.first.Error()
	} else if base.first != nil {
		row.FirstError = "baseline: " + base.first.Error()
	}
	return row
}

// sliceLength is how long one side runs before the other takes over:
// short enough that a burst of load elsewhere lands on both, long enough
// that 50 clients reach a steady state.
const sliceLength = 500 * time.Millisecond

// runSide has clients goroutines make requests with fn until d has passed;
// requests in flight at the end finish and count, and so does their time.
func runSide(ctx context.Context, s *side, fn func(context.Context, *rand.Rand) error, clients int, d time.Duration, seed uint64) {
	start, cpu0 := time.Now(), selfCPU()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func(r *rand.Rand) {
			defer wg.Done()
			var lat []time.Duration
			var errs int
			var first error
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				if err := fn(ctx, r); err != nil {
					errs++
					if first == nil {
						first = err
					}
					continue
				}
				lat = append(lat, time.Since(t0))
			}
			s.mu.Lock()
			s.lat = append(s.lat, lat...)
			s.errors += errs
			if s.first == nil {
				s.first = first
			}
			s.mu.Unlock()
		}(rand.New(rand.NewPCG(seed, uint64(c))))
	}
	wg.Wait()
	s.elapsed += time.Since(start)
	s.cpu += selfCPU() - cpu0
}

// figures are the side's count, rate and percentiles in milliseconds.
func (s *side) figures() (n int, perSecond, p50, p95, p99 float64) {
	if len(s.lat) == 0 {
		return 0, 0, 0, 0, 0
	}
	slices.Sort(s.lat)
	pct := func(p float64) float64 {
		d := s.lat[min(len(s.lat)-1, int(p*float64(len(s.lat))))]
		return float64(d.Microseconds()) / 1000
	}
	return len(s.lat), float64(len(s.lat)) / s.elapsed.Seconds(), pct(.50), pct(.95), pct(.99)
}

// resetPeakRSS starts the kernel's peak resident size (VmHWM) afresh, so
// that each row reports its own peak. The server runs in this process, so
// this is the server's memory (with the bench's clients and baseline pool,
// which are small beside it). Without permission it keeps the process's
// peak so far, which only overstates.
func resetPeakRSS() { os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// peakRSSMiB is VmHWM from /proc/self/status, in MiB (0 off Linux).
func peakRSSMiB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// msPer is milliseconds of d for each of n.
func msPer(d time.Duration, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(d.Microseconds()) / 1000 / float64(n)
}
