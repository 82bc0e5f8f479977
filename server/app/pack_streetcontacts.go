package app

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// The pack's hotspot summary and rough sleeping flows (street contacts),
// through the same aggregate scopes as the hotspot map and flows report.

// packCellZoom sizes the hotspot summary's areas: zoom-14 cells, about
// 1.5 km across in England, the size a commissioner plans outreach by.
const packCellZoom = 14

// PackHotspots: street contacts in the month per map cell of the LA. As on
// the hotspot map, a cell where fewer than 5 people were met is left out
// altogether, however many contacts it had: one person's sleeping place
// must not show, not even as "<5".
func PackHotspots(ctx context.Context, r *Reporter, a policy.Actor, m reports.Month, la *models.LocalAuthority, p *reports.Pack) error {
	q := models.HotspotQuery{From: m.Start(Zone), To: m.End(Zone), Shift: geo.BaseZoom - packCellZoom, LAIDs: []int64{la.ID}}
	counts, err := r.Store.HotspotCells(ctx, policy.StreetContactCounts(a), policy.StreetContactCellCounts(a), policy.StreetContactPresenceCounts(a), q)
	if err != nil {
		return err
	}
	places, err := r.Store.Places(ctx)
	if err != nil {
		return err
	}
	g := GazetteerOf(places)
	for _, c := range counts {
		if c.People < geo.MinCellPeople {
			continue
		}
		// Named from the area gazetteer ("Around Moorhampton station"), as
		// the hotspot map names its squares.
		p.Hotspots = append(p.Hotspots, reports.Hotspot{Area: g.AreaName(geo.CellBound(packCellZoom, uint32(c.X), uint32(c.Y))), Contacts: c.Contacts})
	}
	return nil
}

// PackFlows: people seen rough sleeping in the LA in each of the 12 months
// to the pack's month, classified with the whole area's history as the
// flows report does.
func PackFlows(ctx context.Context, r *Reporter, a policy.Actor, m reports.Month, la *models.LocalAuthority, p *reports.Pack) error {
	var sightings []reports.Sighting
	q := models.FlowQuery{LAIDs: []int64{la.ID}, From: m.Add(-11).Start(time.UTC), Until: m.Start(time.UTC)}
	err := r.Store.FlowSightings(ctx, policy.StreetContactCellHistory(a), q, func(f models.FlowSighting) {
		sightings = append(sightings, reports.Sighting{PersonKey: strconv.FormatInt(f.PersonID, 10),
			LA: strconv.FormatInt(f.LAID, 10), At: f.Month.Add(12 * time.Hour)})
	})
	if err != nil {
		return err
	}
	id := strconv.FormatInt(la.ID, 10)
	for _, row := range reports.Flows(sightings, m.Add(-11), m, r.ReturnerGapMonths) {
		if row.LA == id {
			row.LA = la.Code
			p.Flows = append(p.Flows, row)
		}
	}
	slices.SortFunc(p.Flows, func(a, b reports.FlowRow) int { return cmp.Compare(a.Month.String(), b.Month.String()) })
	return nil
}
