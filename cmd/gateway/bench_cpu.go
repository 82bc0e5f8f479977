package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"gateway/models"
)

// On a shared machine wall-clock latency says how busy the machine was as
// much as how costly a request is. What a request costs is the CPU it
// takes: in this process (the server, and the bench's own clients, which
// parse the answers) and in the PostgreSQL backends serving it. A cpuMeter
// measures both over a phase of a bench, so the figure that decides how
// many requests two cores can serve is printed beside the latencies.

// benchAppName marks the bench's PostgreSQL connections, so that only the
// backends serving this process are measured, not other users of the
// same database.
var benchAppName = "gateway-bench-" + strconv.Itoa(os.Getpid())

// benchBaseAppName marks the baseline's own pool, so that the route bench
// can tell the server's backends from the baseline's.
var benchBaseAppName = benchAppName + "-baseline"

// withBenchAppName names the bench's connections in a PostgreSQL URL.
func withBenchAppName(dsn string) string { return withAppName(dsn, benchAppName) }

// withAppName names connections in a PostgreSQL URL, unless it already does.
func withAppName(dsn, name string) string {
	if !models.IsPostgres(dsn) {
		return dsn
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn
	}
	q := u.Query()
	if q.Get("application_name") != "" {
		return dsn
	}
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	return u.String()
}

type cpuMeter struct {
	store *models.Store
	self  time.Duration
	pg    map[int]time.Duration // per backend pid, at the start
	pgOK  bool
}

func startCPU(ctx context.Context, store *models.Store) *cpuMeter {
	m := &cpuMeter{store: store, self: selfCPU()}
	m.pg, m.pgOK = m.backendCPU(ctx)
	return m
}

// cpuUse is what a phase cost.
type cpuUse struct {
	self, pg time.Duration
	pgOK     bool // PostgreSQL's share could be read (it runs on this machine)
}

func (m *cpuMeter) stop(ctx context.Context) cpuUse {
	use := cpuUse{self: selfCPU() - m.self}
	end, ok := m.backendCPU(ctx)
	use.pgOK = ok && m.pgOK
	for pid, t := range end {
		use.pg += t - m.pg[pid] // a backend started during the phase counts from zero
	}
	return use
}

// per says what one of n requests cost.
func (u cpuUse) per(n int) string {
	if n == 0 {
		return "no requests"
	}
	ms := func(d time.Duration) string {
		return strconv.FormatFloat(float64(d.Microseconds())/1000/float64(n), 'f', 2, 64)
	}
	if !u.pgOK {
		return fmt.Sprintf("CPU a request: this process %s ms (PostgreSQL's not measurable from here)", ms(u.self))
	}
	return fmt.Sprintf("CPU a request: %s ms (this process %s, PostgreSQL %s)", ms(u.self+u.pg), ms(u.self), ms(u.pg))
}

func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// backendCPU reads the CPU used so far by each PostgreSQL backend serving
// this process, from /proc: it works when PostgreSQL runs on this machine
// and /proc shows its processes.
func (m *cpuMeter) backendCPU(ctx context.Context) (map[int]time.Duration, bool) {
	return backendsCPU(ctx, m.store, benchAppName)
}

// backendsCPU reads the CPU used so far by each PostgreSQL backend whose
// connection is named app.
func backendsCPU(ctx context.Context, store *models.Store, app string) (map[int]time.Duration, bool) {
	if store.Dialect() != models.Postgres {
		return nil, false
	}
	var pids []int
	err := store.Gorm().WithContext(ctx).Raw(
		"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?", app).
		Scan(&pids).Error
	if err != nil || len(pids) == 0 {
		return nil, false
	}
	out := make(map[int]time.Duration, len(pids))
	for _, pid := range pids {
		t, ok := procCPU(pid)
		if !ok {
			return nil, false
		}
		out[pid] = t
	}
	return out, true
}

// procCPU is a process's user and system time from /proc/<pid>/stat, in
// clock ticks of 10 ms (USER_HZ is 100 on Linux).
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name, in parentheses, may hold spaces: fields count from
	// after its closing parenthesis (state is field 3, utime 14, stime 15).
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, true
}

// sidesCPU splits the PostgreSQL CPU of a route bench between the server's
// backends and the baseline's, which connect under different names; the
// process's own CPU is split by timing each side's slices (measure).
type sidesCPU struct {
	store       *models.Store
	route, base map[int]time.Duration
	ok          bool
}

func startSidesCPU(ctx context.Context, store *models.Store) *sidesCPU {
	c := &sidesCPU{store: store}
	var okR, okB bool
	c.route, okR = backendsCPU(ctx, store, benchAppName)
	c.base, okB = backendsCPU(ctx, store, benchBaseAppName)
	c.ok = okR && okB
	return c
}

// stop is the PostgreSQL CPU each side's backends used since the start.
func (c *sidesCPU) stop(ctx context.Context) (route, base time.Duration, ok bool) {
	if c == nil || !c.ok {
		return 0, 0, false
	}
	r, okR := backendsCPU(ctx, c.store, benchAppName)
	b, okB := backendsCPU(ctx, c.store, benchBaseAppName)
	if !okR || !okB {
		return 0, 0, false
	}
	for pid, t := range r {
		route += t - c.route[pid]
	}
	for pid, t := range b {
		base += t - c.base[pid]
	}
	return route, base, true
}
