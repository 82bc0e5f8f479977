package policy

import (
	"slices"

	"gateway/models"
)

// The commissioner pack counts placements and move-on
// as aggregates. Confidential services' placements stay out of it, as
// their records stay out of everything commissioners see (rules 4 and 9).

// PlacementCount is a placement as a commissioner's aggregate would count
// it: at a service covering ServiceLAs.
type PlacementCount struct {
	Merged       bool
	Confidential bool
	ServiceLAs   []int64
}

func (PlacementCount) resource() string { return "report" }

func (o PlacementCount) can(a Actor, act Action) bool {
	return act == Read && a.pol.allows(a, ResourceReport, Read) && !o.Merged && !o.Confidential &&
		slices.ContainsFunc(o.ServiceLAs, a.CoversLA)
}

// AreaPlacements is the scope of placements a commissioner's pack counts:
// non-confidential ones at services covering their LAs. Only counts may be
// drawn from it, and counts under 5 are suppressed by the renderer.
func AreaPlacements(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceReport, Read) || len(a.LAs) == 0 {
		return models.Nothing
	}
	return scope("placements: commissioner aggregates", and(
		notMerged("placements.person_id"),
		notConfidentialCond("placements"),
		cond{sql: "placements.service_id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id IN ?)", args: []any{a.LAs}},
	))
}
