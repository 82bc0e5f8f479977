package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"gateway/cmd/gateway/demo"
	"gateway/models"
)

// benchRoutesCmd is `gateway bench --db URL`: the main read routes through
// the real server, each beside its database baseline, at several numbers
// of concurrent clients.
func benchRoutesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var c config
	var seconds float64
	var clientsFlag, only, worker, commissioner, password string
	var asJSON bool
	var cpuProfile, memProfile string
	fs := c.dbFlags("bench", `Measures the main read routes through the real server, started in this process against
--db (filled by gateway generate, or the demo's gateway-demo.db), as the users who use them:
a hostel worker for person by id, people search, the note list (50 newest) and matches; a
commissioner for hotspots (a month, two years), compliance for a month and the commissioner
PDF. Each route runs at each number of concurrent clients for --seconds, in short slices
alternating with its database baseline: the same rows fetched by hand-written SQL under the
same visibility condition, over a pool the size of the server's, with the audit INSERT where
the route writes one (cmd/gateway/bench_baseline_sql.go). Prints requests/s, p50/p95/p99,
statements per request, the peak RSS of this process (the server's), the baseline's
requests/s and p95, and the ratio route/baseline. Reads only, apart from audit rows.

Also: gateway bench hotspots|people --help.`, "gateway-generated.db", stderr)
	fs.Float64Var(&seconds, "seconds", 10, "seconds for each route at each number of clients (and as long again for its baseline)")
	fs.StringVar(&clientsFlag, "clients", "1,10,50", "numbers of concurrent clients, comma-separated")
	fs.BoolVar(&asJSON, "json", false, "print the table as JSON")
	fs.StringVar(&only, "only", "", "comma-separated routes to run, by the start of their name (person,search,notes,matches,hotspots,compliance,pdf); all when empty")
	fs.StringVar(&worker, "worker", "hostel@demo.example", "worker to log in as for the person routes")
	fs.StringVar(&commissioner, "commissioner", "county@demo.example", "commissioner to log in as for the reports")
	fs.StringVar(&password, "password", demo.Password, "their password (gateway generate and the demo give everyone the same)")
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of this process (server and clients) over the measured runs to this file, for go tool pprof")
	fs.StringVar(&memProfile, "memprofile", "", "write an allocation profile of this process over the measured runs to this file (go tool pprof -sample_index=alloc_space)")
	if err := c.parseDB(fs, args); err != nil {
		return err
	}
	if seconds <= 0 || seconds > 3600 {
		return fmt.Errorf("%w: --seconds must be between 0 and 3600", errUsage)
	}
	clients, err := parseClients(clientsFlag)
	if err != nil {
		return err
	}
	srv, err := startInProcess(ctx, withBenchAppName(c.DB), false)
	if err != nil {
		return err
	}
	defer srv.Close()
	w, err := newBenchWorld(ctx, srv, c.DB, worker, commissioner, password)
	if err != nil {
		return err
	}
	defer w.close()
	targets, err := pickTargets(w.targets(), only)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "gateway bench: %s, %d routes × %v clients × %.1f s each side; %d people visible to %s, %d records readable\n",
		describeDB(c.DB), len(targets), clients, seconds, len(w.visible), w.worker.email, len(w.records))
	run := benchRun{Database: describeDB(c.DB), Started: time.Now().UTC().Format(time.RFC3339), CPUs: runtime.NumCPU(),
		Seconds: seconds, LoadBefore: loadAverage()}
	stopProfile, err := startCPUProfile(cpuProfile)
	if err != nil {
		return err
	}
	stopAllocs, err := startAllocProfile(memProfile)
	if err != nil {
		stopProfile()
		return err
	}
	rows, err := benchRoutes(ctx, targets, clients, seconds, stderr, srv.store)
	stopProfile()
	if perr := stopAllocs(); perr != nil && err == nil {
		err = perr
	}
	run.LoadAfter, run.Rows = loadAverage(), rows
	if asJSON {
		writeBenchJSON(stdout, run)
	} else {
		writeBenchTable(stdout, run)
	}
	return err
}

// benchRoutes measures every target at every number of clients, after one
// request of each side to warm caches and prove both work, and reports
// failures after the table is complete.
func benchRoutes(ctx context.Context, targets []benchTarget, clients []int, seconds float64, progress io.Writer, store *models.Store) ([]benchRow, error) {
	var rows []benchRow
	var failed []string
	started := time.Now()
	for i, t := range targets {
		if err := warmUp(ctx, t, uint64(i)); err != nil {
			// A route that cannot answer once (say, over the server's
			// request deadline) is a finding, not a reason to lose the rest.
			fmt.Fprintf(progress, "  [%d/%d] %-22s not measured: %v\n", i+1, len(targets), t.name, err)
			failed = append(failed, fmt.Sprintf("%s: not measured: %v", t.name, err))
			for _, n := range clients {
				rows = append(rows, benchRow{Route: t.name, Clients: n, NotMeasured: true, FirstError: err.Error()})
			}
			continue
		}
		for _, n := range clients {
			fmt.Fprintf(progress, "  [%d/%d] %-22s %2d clients… ", i+1, len(targets), t.name, n)
			row := measure(ctx, t, n, seconds, uint64(i+1)*7, store)
			rows = append(rows, row)
			fmt.Fprintf(progress, "%7.1f/s (baseline %7.1f/s), p95 %s ms, CPU %.2f ms a request, PostgreSQL's %.2f (baseline %.2f, %.2f), %s elapsed\n",
				row.PerSecond, row.BasePerSecond, fmtMS(row.P95), row.CPU, row.CPUPostgres, row.BaseCPU, row.BaseCPUPostgres,
				time.Since(started).Round(time.Second))
			if row.Errors+row.BaseErrors > 0 {
				failed = append(failed, fmt.Sprintf("%s at %d clients: %d route and %d baseline errors, first: %s",
					t.name, n, row.Errors, row.BaseErrors, row.FirstError))
			}
			if ctx.Err() != nil {
				return rows, ctx.Err()
			}
		}
	}
	if len(failed) > 0 {
		return rows, fmt.Errorf("requests failed:\n  %s", strings.Join(failed, "\n  "))
	}
	return rows, nil
}

// warmUp makes one request of each side, single file.
func warmUp(ctx context.Context, t benchTarget, seed uint64) error {
	r := rand.New(rand.NewPCG(0, seed))
	if err := t.route(ctx, r); err != nil {
		return fmt.Errorf("warm-up request: %w", err)
	}
	if err := t.base(ctx, r); err != nil {
		return fmt.Errorf("warm-up baseline: %w", err)
	}
	return nil
}

func parseClients(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1000 {
			return nil, fmt.Errorf("%w: --clients takes numbers 1..1000 separated by commas, not %q", errUsage, s)
		}
		out = append(out, n)
	}
	return out, nil
}

// benchAliases are the short names --only takes.
var benchAliases = map[string]string{"notes": "note list", "search": "people search", "pdf": "commissioner PDF"}

// pickTargets keeps the targets --only names, by the start of their name.
func pickTargets(all []benchTarget, only string) ([]benchTarget, error) {
	if strings.TrimSpace(only) == "" {
		return all, nil
	}
	var out []benchTarget
	for _, f := range strings.Split(only, ",") {
		f = strings.ToLower(strings.TrimSpace(f))
		if a, ok := benchAliases[f]; ok {
			f = strings.ToLower(a)
		}
		matched := false
		for _, t := range all {
			if !strings.HasPrefix(strings.ToLower(t.name), f) {
				continue
			}
			matched = true
			if !slices.ContainsFunc(out, func(o benchTarget) bool { return o.name == t.name }) {
				out = append(out, t)
			}
		}
		if !matched {
			return nil, fmt.Errorf("%w: --only: no route starts with %q", errUsage, f)
		}
	}
	return out, nil
}

// benchRun is a run's table with what it ran on: figures from a busy
// machine are not comparable with a quiet one's, so the load goes with them.
type benchRun struct {
	Database   string     `json:"database"`
	Started    string     `json:"started"`
	CPUs       int        `json:"cpus"`
	Seconds    float64    `json:"seconds_each_side"`
	LoadBefore string     `json:"load_average_before"`
	LoadAfter  string     `json:"load_average_after"`
	Rows       []benchRow `json:"rows"`
}

// loadAverage is the 1, 5 and 15 minute load averages ("" off Linux).
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
