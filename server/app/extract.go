package app

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
	// Every known category is listed, zero or not, so that a row being
	// there says nothing (a zero reads "<5" like any small count).
	section := func(measure string, known []string, counts []models.CategoryCount) reports.ExtractSection {
		s := reports.ExtractSection{Measure: measure}
		n := map[string]int{}
		for _, c := range counts {
			n[c.Category] += c.N
		}
		seen := map[string]bool{}
		for _, k := range known {
			seen[k] = true
			s.Cells = append(s.Cells, reports.ExtractCell{Category: k, N: n[k]})
		}
		for _, c := range counts {
			if !seen[c.Category] {
				seen[c.Category] = true
				s.Cells = append(s.Cells, reports.ExtractCell{Category: c.Category, N: n[c.Category]})
			}
		}
		return s
	}
	var provider []string
	for _, t := range models.ServiceTypes {
		if t.Provider() && !t.AlwaysConfidential() {
			provider = append(provider, string(t))
		}
	}
	var destinations []string
	for _, o := range models.MoveOnDestinations {
		destinations = append(destinations, o.Value)
	}
	sections := []reports.ExtractSection{
		section("people_seen_rough_sleeping_by_gender", append(append([]string(nil), models.Genders...), "not_recorded"), x.RoughSleepersByGender),
		section("street_contacts_by_site_type", models.SiteTypes, x.ContactsBySite),
		{Measure: "street_contacts_unidentified", Cells: []reports.ExtractCell{{Category: "contacts", N: x.UnidentifiedContacts}}},
		section("people_placed_by_service_type", provider, x.PlacementsByType),
		section("people_moved_on_by_destination", append(destinations, "not_recorded"), x.MoveOnsByDestination),
	}
	out := reports.ExtractCSV(la.Code, la.Name, period, sections)
	id := la.ID
	return out, store.Audit(ctx, models.AuditEvent{Action: models.AuditExportStatistics, ObjectType: "local_authority", ObjectID: &id, Reason: "statistical extract " + period})
}
