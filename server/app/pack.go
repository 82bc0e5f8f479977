package app

import (
	"context"

	"golang.org/x/sync/errgroup"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// Pack builds the commissioner pack for an LA and month: hotspots, flows,
// gaps in provision, placements and move-on, and data compliance, all as
// aggregates through the actor's scopes (the renderer suppresses small
// numbers).
//
// The sections are read at the same time, each on a connection of its
// own: a pack is a handful of large aggregate queries that each keep one
// database core busy, and one after another they took 2.2 s at 400,000
// people where the longest alone takes under one. Each section writes
// only its own fields of the pack, and the first to fail stops the rest.
// The server runs at most two reports at once (report_slots.go), so a
// pack's few extra connections stay well inside the pool.
func (r *Reporter) Pack(ctx context.Context, a policy.Actor, m reports.Month, la *models.LocalAuthority, progress func(done, total int64)) (reports.Pack, error) {
	p := reports.Pack{LA: la.Code, LAName: la.Name, Month: m}
	var rep reports.ComplianceReport
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		rep, err = r.ComplianceReport(gctx, a, m, la, progress)
		return err
	})
	for _, fill := range packSections {
		g.Go(func() error { return fill(gctx, r, a, m, la, &p) })
	}
	if err := g.Wait(); err != nil {
		return reports.Pack{}, err
	}
	p.GeneratedAt, p.Compliance, p.ServiceNames, p.ComplianceTrend, p.ComplianceNow =
		rep.GeneratedAt, rep.Services, rep.ServiceNames, rep.Trend, rep.Current
	return p, nil
}

// packSection fills one of the pack's other sections from one feature's
// records (pack_*.go). Each reads through the actor's scopes and gives the
// pack true counts, which the renderer suppresses.
type packSection func(ctx context.Context, r *Reporter, a policy.Actor, m reports.Month, la *models.LocalAuthority, p *reports.Pack) error

// packSections are the pack's sections beside compliance, each filling
// fields of its own (they run at once).
var packSections = []packSection{PackGaps, PackPlacements, PackHotspots, PackFlows}
