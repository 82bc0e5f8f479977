package demo

import (
	"context"
	"fmt"
	"io"
	"time"

	"gateway/models"
)

// MonthOptions size a generated month for the compliance benchmark.
type MonthOptions struct {
	Records    int       // records services were responsible for in the month (default 1,000,000)
	Start, End time.Time // the month, [Start, End)
	Progress   io.Writer // nil for none
}

// MonthSummary is what GenerateMonth built.
type MonthSummary struct {
	Services, People, Records, Outside int
	Took                               time.Duration
}

// GenerateMonth fills an empty database with the demo area (its LAs,
// services and users) and people whose records services were responsible
// for in one month: Records in all, spread over every provider service,
// some of them missing essential fields at the rates real areas see, and
// some involvements outside the month besides (which must not count). It
// is the data behind the compliance benchmark (gateway generate) and goes
// through models.Loader, so COPY on PostgreSQL.
func GenerateMonth(ctx context.Context, store *models.Store, opt MonthOptions) (*MonthSummary, error) {
	start := time.Now()
	if opt.Records <= 0 {
		opt.Records = 1_000_000
	}
	if !opt.Start.Before(opt.End) {
		return nil, fmt.Errorf("the month's start is not before its end")
	}
	b, err := newBuilder(ctx, store, opt.Progress, 8, 2026+8, "generate into an empty database")
	if err != nil {
		return nil, err
	}
	for _, st := range []struct {
		name string
		run  func() error
	}{{"local authorities", b.buildLAs}, {"organisations and services", b.buildServices}, {"users", b.buildUsers}} {
		fmt.Fprintf(b.out, "  %s…\n", st.name)
		if err := st.run(); err != nil {
			return nil, fmt.Errorf("generate %s: %w", st.name, err)
		}
	}
	sum := &MonthSummary{Services: b.sum.Services}
	var providers []*serviceInfo
	for i := range b.services {
		if b.services[i].Type.Provider() {
			providers = append(providers, &b.services[i])
		}
	}
	g := monthGen{b: b, start: opt.Start.UTC(), end: opt.End.UTC(), providers: providers}
	// The records split as an area's month does: people open to services
	// most, then street contacts, placements, assessments and closed cases.
	people := opt.Records * 55 / 100
	other := map[string]int{"street_contact": opt.Records * 25 / 100, "placement": opt.Records * 8 / 100,
		"assessment": opt.Records * 7 / 100}
	other["case"] = opt.Records - people - other["street_contact"] - other["placement"] - other["assessment"]
	bar := newCountBar(b.out, "people and involvements…", people)
	var r rows
	first := b.nextID["people"] + 1
	for sum.Records < people {
		in, outside := g.person(&r, people-sum.Records)
		sum.People++
		sum.Records += in
		sum.Outside += outside
		if len(r.people) == 5000 || sum.Records >= people {
			if err := b.flush(&r); err != nil {
				return nil, err
			}
			bar.set(sum.Records)
		}
	}
	bar.done()
	fmt.Fprintln(b.out)
	g.people = [2]int64{first, b.nextID["people"]}
	for _, kind := range []string{"street_contact", "placement", "assessment", "case"} {
		n, err := g.records(kind, other[kind])
		if err != nil {
			return nil, fmt.Errorf("generate %s records: %w", kind, err)
		}
		sum.Records += n
	}
	if err := b.load.ResetSequences(ctx, "local_authorities", "organisations", "services", "users", "memberships",
		"people", "involvements", "street_contacts", "placements", "assessments", "cases"); err != nil {
		return nil, err
	}
	// The hotspot map and flows read the street contacts' monthly rollups.
	fmt.Fprintln(b.out, "  street contact rollups…")
	if err := store.RebuildStreetContactCells(ctx); err != nil {
		return nil, err
	}
	fmt.Fprintln(b.out, "  analysing…")
	if err := b.load.Analyze(ctx); err != nil {
		return nil, err
	}
	sum.Took = time.Since(start)
	return sum, nil
}

// monthGen makes people for one month.
type monthGen struct {
	b          *builder
	start, end time.Time
	providers  []*serviceInfo
	people     [2]int64 // first and last person generated, by count (models.DemoPersonID makes the id)
	formID     int64
	pathway    int64

	openPlacements map[[2]int64]bool // person, service
	drafts         map[[2]int64]bool // person, service
}

// person adds one person with 1-3 services responsible for them in the
// month (at most left), and sometimes an involvement that ended before it.
func (g *monthGen) person(r *rows, left int) (in, outside int) {
	b := g.b
	drawn := b.names.Draw()
	given, family, gender := drawn.Given, drawn.Family, drawn.Gender
	o := factsOf(drawn.Origin)
	id := b.id("people")
	// Essential fields go missing at about the rates CHAIN reports see.
	if b.chance(0.04) {
		family = ""
	}
	var dob models.Date
	var estimated any
	switch x := b.rng.Float64(); {
	case x < 0.88:
		dob = models.DateOf(g.start.AddDate(-18-b.rng.IntN(50), 0, -b.rng.IntN(365)))
	case x < 0.96:
		estimated = g.start.Year() - 18 - b.rng.IntN(50)
	}
	if b.chance(0.06) {
		gender = ""
	}
	nationality, status := o.nationality, o.statuses[b.rng.IntN(len(o.statuses))]
	if b.chance(0.09) {
		nationality, status = "", ""
	}
	var la any
	if b.chance(0.8) {
		la = b.las[b.rng.IntN(len(b.las))].ID
	}
	first := g.providers[b.rng.IntN(len(g.providers))]
	created := g.start.Add(-time.Duration(b.rng.Int64N(int64(2 * 365 * 24 * time.Hour))))
	r.people = append(r.people, []any{id, given, family, dob, estimated, gender, "", "",
		nationality, status, la, false, "", first.ID, b.staffOf(first.ID), 1, created, created})
	p := &models.Person{GivenName: given, FamilyName: family, DOB: dob}
	if y, ok := estimated.(int); ok {
		p.EstimatedBirthYear = &y
	}
	for _, k := range models.PersonKeys(p) {
		r.keys = append(r.keys, []any{k, id})
	}
	n := min(left, 1+b.rng.IntN(3))
	used := map[int64]bool{}
	for k := 0; k < n; k++ {
		sv := first
		if k > 0 {
			sv = g.providers[b.rng.IntN(len(g.providers))]
		}
		if used[sv.ID] {
			continue
		}
		used[sv.ID] = true
		started := created
		if k > 0 {
			started = g.start.Add(-time.Duration(b.rng.Int64N(int64(180 * 24 * time.Hour))))
		}
		if b.chance(0.1) {
			started = g.start.Add(time.Duration(b.rng.Int64N(int64(g.end.Sub(g.start)))))
		}
		var ended, closer any
		if b.chance(0.3) {
			ended = g.start.Add(time.Duration(b.rng.Int64N(int64(g.end.Sub(g.start)))))
			if !ended.(time.Time).After(started) {
				ended = started.Add(time.Hour)
			}
			closer = b.staffOf(sv.ID)
		}
		src := models.SourceWorkingWith
		if k == 0 {
			src = models.SourceCreated
		}
		r.involvements = append(r.involvements, []any{b.id("involvements"), id, sv.ID, sv.Confidential, src, "",
			started, ended, "", b.staffOf(sv.ID), closer})
		in++
	}
	if b.chance(0.1) {
		// A service that stopped working with them before the month.
		sv := g.providers[b.rng.IntN(len(g.providers))]
		if !used[sv.ID] {
			ended := g.start.Add(-time.Duration(1+b.rng.Int64N(int64(300*24*time.Hour))) - time.Hour)
			r.involvements = append(r.involvements, []any{b.id("involvements"), id, sv.ID, sv.Confidential, models.SourceWorkingWith, "",
				ended.Add(-30 * 24 * time.Hour), ended, "moved on", b.staffOf(sv.ID), b.staffOf(sv.ID)})
			outside++
		}
	}
	return in, outside
}
