package server

import (
	"context"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// The pack's gaps in provision and placements and move-on (the
// placement records), as aggregates through the commissioner's scopes;
// packSections lists them.

// packGaps: the people whose referrals were declined or who matched no
// service in the LA in the month, each once, by reason, need and target
// group, labelled as the gaps report labels them.
func packGaps(ctx context.Context, r *Reporter, a policy.Actor, m reports.Month, la *models.LocalAuthority, p *reports.Pack) error {
	evs, err := r.Store.GapEvents(ctx, policy.GapEvents(a), m.Start(london), m.End(london))
	if err != nil {
		return err
	}
	var events []reports.GapEvent
	for _, e := range evs {
		if e.LAID != nil && *e.LAID == la.ID {
			events = append(events, gapEventOf(e, la.Code))
		}
	}
	p.Gaps = reports.Gaps(events, m, m)
	return nil
}

// packPlacements: people placed at the LA's services in the month, and
// people who moved on, by destination with reason.
func packPlacements(ctx context.Context, r *Reporter, a policy.Actor, m reports.Month, la *models.LocalAuthority, p *reports.Pack) error {
	out, err := r.Store.PlacementOutcomes(ctx, policy.AreaPlacements(a), la.ID, m.Start(london), m.End(london))
	if err != nil {
		return err
	}
	p.Placements.Started = out.Started
	for _, mo := range out.MoveOns {
		dest, reason := models.LabelOf(models.MoveOnDestinations, mo.Destination), models.LabelOf(models.MoveOnReasons, mo.Reason)
		if mo.Destination == "" {
			dest = "Not recorded"
		}
		if mo.Reason == "" {
			reason = "Not recorded"
		}
		p.Placements.MoveOns = append(p.Placements.MoveOns, reports.MoveOn{Destination: dest, Reason: reason, People: mo.People})
	}
	if !p.Placements.MostlySuppressed() {
		return nil
	}
	// Small monthly counts: the twelve months to m, by
	// destination alone, so that most cells show, still suppressed below 5.
	from := m.Add(-11)
	year, err := r.Store.PlacementOutcomes(ctx, policy.AreaPlacements(a), la.ID, from.Start(london), m.End(london))
	if err != nil {
		return err
	}
	byDest := map[string]int{}
	for _, mo := range year.MoveOns {
		dest := models.LabelOf(models.MoveOnDestinations, mo.Destination)
		if mo.Destination == "" {
			dest = "Not recorded"
		}
		byDest[dest] += mo.People
	}
	for dest, n := range byDest {
		p.Placements.Rolling = append(p.Placements.Rolling, reports.MoveOn{Destination: dest, People: n})
	}
	p.Placements.RollingFrom = from
	return nil
}
