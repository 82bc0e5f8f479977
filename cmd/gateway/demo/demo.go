// Package demo builds the demo area: the fictional county of Elmshire with
// its six local authorities, about 55 providers and 150 services of every
// type, users for every role, and as many people as one real area holds,
// with their involvements and case notes. Everything comes from a fixed
// seed, so two builds hold the same area (dates are relative to the day
// of the build).
package demo

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"time"

	"gateway/models"
	"gateway/models/names/namegen"
)

// Password is every demo user's password.
const Password = "gateway-demo"

// Options size the demo.
type Options struct {
	People   int       // default 27,000 (one real area: Mainstay's)
	Progress io.Writer // where progress goes; nil for none
	// StreetContacts over the last 24 months; 0 means in proportion to
	// People (DefaultStreetContacts at 27,000), negative none. Alerts: public
	// alerts over the last 60 days; 0 means DefaultAlerts, negative none.
	StreetContacts int
	Alerts         int
}

// Summary is what was built.
type Summary struct {
	LAs, Organisations, Services, Users int
	People, Open, Involvements, Notes   int
	Assessments, Cases, SafetyPlans     int
	Referrals, Placements               int
	StreetContacts, Alerts              int
	Took                                time.Duration
}

// builder holds the state of one build.
type builder struct {
	ctx   context.Context
	store *models.Store
	load  *models.Loader
	rng   *rand.Rand
	names *namegen.Sampler // people's and staff names (models/names/namegen)
	now   time.Time
	out   io.Writer
	sum   Summary

	las      []laInfo
	services []serviceInfo
	staff    map[int64][]int64 // service id → user ids of its workers and managers
	nextID   map[string]int64
	work     []personWork // per person, for the casework phase (casework.go)

	outreachSpells []outreachSpell // street-outreach involvements, for street contacts
}

// newBuilder starts a build into store, which must be empty (onlyEmpty
// says so in the refusal), writing progress to out (nowhere if nil).
// rngStream and nameSeed fix the random choices, so that a build is the
// same every time.
func newBuilder(ctx context.Context, store *models.Store, out io.Writer, rngStream, nameSeed uint64, onlyEmpty string) (*builder, error) {
	empty, err := store.Empty(ctx)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, fmt.Errorf("the database already holds data; %s", onlyEmpty)
	}
	if out == nil {
		out = io.Discard
	}
	return &builder{ctx: ctx, store: store, load: store.Loader(), rng: rand.New(rand.NewPCG(2026, rngStream)),
		names: namegen.NewSampler(nameSeed), now: models.Now().Truncate(time.Hour), out: out, staff: map[int64][]int64{}, nextID: map[string]int64{}}, nil
}

// Build fills an empty database with the demo area.
func Build(ctx context.Context, store *models.Store, opt Options) (*Summary, error) {
	start := time.Now()
	if opt.People <= 0 {
		opt.People = 27000
	}
	b, err := newBuilder(ctx, store, opt.Progress, 11, 2026, "the demo is built only into an empty database")
	if err != nil {
		return nil, err
	}
	// PostgreSQL's monthly partitions for every month filled below, so the
	// bulk load lands in them rather than in DEFAULT.
	if _, err := store.EnsurePartitionsSince(ctx, b.now.AddDate(0, -25, 0), b.now); err != nil {
		return nil, err
	}
	steps := []struct {
		name string
		run  func() error
	}{
		{"local authorities", b.buildLAs},
		{"organisations and services", b.buildServices},
		{"users", b.buildUsers},
		{"people, involvements and notes", func() error { return b.buildPeople(opt.People) }},
		{"assessments, cases and plans", b.buildCasework},
		{"vacancies, referrals, placements", b.buildPlacement}, // placement.go
		{"street contacts", func() error { return b.buildStreetContacts(opt.StreetContacts) }},
		{"public alerts", func() error { return b.buildAlerts(opt.Alerts) }},
		{"refused reads", b.buildAccessEpisodes}, // access.go
		{"tasks and appointments", b.buildTasks}, // tasks.go
	}
	for _, st := range steps {
		t := time.Now()
		fmt.Fprintf(b.out, "  %-32s", st.name+"…")
		if err := st.run(); err != nil {
			fmt.Fprintln(b.out)
			return nil, fmt.Errorf("demo %s: %w", st.name, err)
		}
		fmt.Fprintf(b.out, " done (%s)\n", time.Since(t).Round(10*time.Millisecond))
	}
	if err := b.load.ResetSequences(ctx, "local_authorities", "organisations", "services", "users", "memberships",
		"people", "person_aliases", "involvements", "case_notes",
		"vacancies", "eligibility_versions", "consents", "referrals", "placements", "gap_events", "notifications", "priority_adjustments",
		"street_contacts", "public_alerts", "public_alert_events"); err != nil {
		return nil, err
	}
	if err := b.load.Analyze(ctx); err != nil {
		return nil, err
	}
	b.sum.Took = time.Since(start)
	return &b.sum, nil
}

// id hands out the next id for a table; the database starts empty.
func (b *builder) id(table string) int64 {
	b.nextID[table]++
	if table == "people" {
		return models.DemoPersonID(b.nextID[table]) // not sequential, as real ids are not
	}
	return b.nextID[table]
}

func (b *builder) pick(xs []string) string { return xs[b.rng.IntN(len(xs))] }

func (b *builder) chance(p float64) bool { return b.rng.Float64() < p }

// ago is a time d before the build, on the hour.
func (b *builder) ago(d time.Duration) time.Time { return b.now.Add(-d) }

func days(n float64) time.Duration { return time.Duration(n * 24 * float64(time.Hour)) }
