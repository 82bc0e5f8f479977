package server

import (
	"context"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// StatisticsExtract writes an LA's anonymised statistical extract for
// [start, end) as CSV: counts drawn as the LA's commissioners see them
// (no confidential service's records, no names), every count below 5
// suppressed and totals that would give one away withheld. The export is
// audited.
func StatisticsExtract(ctx context.Context, store *models.Store, pol *policy.Policy, la *models.LocalAuthority, start, end time.Time, period string) ([]byte, error) {
	a := pol.Scheduled([]int64{la.ID}, time.Now())
	x, err := store.StatisticsExtract(ctx, policy.StreetContactCounts(a), policy.AreaPlacements(a), la.ID, start, end)
	if err != nil {
		return nil, err
	}
	section := func(measure string, counts []models.CategoryCount) reports.ExtractSection {
		s := reports.ExtractSection{Measure: measure}
		for _, c := range counts {
			s.Cells = append(s.Cells, reports.ExtractCell{Category: c.Category, N: c.N})
		}
		return s
	}
	sections := []reports.ExtractSection{
		section("people_seen_rough_sleeping_by_gender", x.RoughSleepersByGender),
		section("street_contacts_by_site_type", x.ContactsBySite),
		{Measure: "street_contacts_unidentified", Cells: []reports.ExtractCell{{Category: "contacts", N: x.UnidentifiedContacts}}},
		section("people_placed_by_service_type", x.PlacementsByType),
		section("people_moved_on_by_destination", x.MoveOnsByDestination),
	}
	out := reports.ExtractCSV(la.Code, la.Name, period, sections)
	id := la.ID
	return out, store.Audit(ctx, models.AuditEvent{Action: "export statistics", ObjectType: "local_authority", ObjectID: &id, Reason: "statistical extract " + period})
}
