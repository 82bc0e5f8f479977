package app

import (
	"context"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// Pack builds the commissioner pack for an LA and month: hotspots, flows,
// gaps in provision, placements and move-on, and data compliance, all as
// aggregates through the actor's scopes (the renderer suppresses small
// numbers).
func (r *Reporter) Pack(ctx context.Context, a policy.Actor, m reports.Month, la *models.LocalAuthority, progress func(done, total int64)) (reports.Pack, error) {
	rep, err := r.ComplianceReport(ctx, a, m, la, progress)
	if err != nil {
		return reports.Pack{}, err
	}
	p := reports.Pack{LA: la.Code, LAName: la.Name, Month: m, GeneratedAt: rep.GeneratedAt,
		Compliance: rep.Services, ServiceNames: rep.ServiceNames, ComplianceTrend: rep.Trend, ComplianceNow: rep.Current}
	for _, fill := range packSections {
		if err := fill(ctx, r, a, m, la, &p); err != nil {
			return reports.Pack{}, err
		}
	}
	return p, nil
}

// packSection fills one of the pack's other sections from one feature's
// records (pack_*.go). Each reads through the actor's scopes and gives the
// pack true counts, which the renderer suppresses.
type packSection func(ctx context.Context, r *Reporter, a policy.Actor, m reports.Month, la *models.LocalAuthority, p *reports.Pack) error

// packSections are the pack's sections after compliance, in the order
// they are filled.
var packSections = []packSection{PackGaps, PackPlacements, PackHotspots, PackFlows}
