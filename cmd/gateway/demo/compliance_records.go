package demo

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
)

// records adds n records of one kind for the month, for people already
// generated, at services of the kinds that keep them; some miss an
// essential field, some fall outside the month.
func (g *monthGen) records(kind string, n int) (int, error) {
	b := g.b
	var table string
	var cols []string
	var make func() []any
	switch kind {
	case "street_contact":
		table, cols, make = "street_contacts", []string{"id", "person_id", "description", "service_id", "user_id", "confidential",
			"seen_at", "lat", "lon", "tile_x", "tile_y", "la_id", "site_type", "created_at"}, g.streetContact
	case "placement":
		table, cols, make = "placements", []string{"id", "person_id", "service_id", "confidential", "started_at", "created_by_user_id",
			"move_on_reason", "move_on_destination", "moved_on_at", "moved_on_by_user_id"}, g.placement
	case "assessment":
		form, err := b.store.CurrentForm(b.ctx)
		if err != nil {
			return 0, err
		}
		g.formID = form.ID
		table, cols, make = "assessments", []string{"id", "person_id", "service_id", "confidential", "form_version_id", "for_service_type",
			"status", "answers", "created_by_user_id", "completed_by_user_id", "created_at", "updated_at", "completed_at"}, g.assessment
	case "case":
		pws, err := b.store.Pathways(b.ctx)
		if err != nil || len(pws) == 0 {
			return 0, fmt.Errorf("no pathways: %v", err)
		}
		g.pathway = pws[0].ID
		table, cols, make = "cases", []string{"id", "person_id", "service_id", "confidential", "pathway_id", "status", "flags", "rag",
			"rag_reason", "primary_outcome", "opened_by_user_id", "opened_at", "closed_at", "last_activity_at", "version"}, g.closedCase
	}
	bar := newCountBar(b.out, kind+" records…", n)
	var rows [][]any
	done := 0
	for done < n {
		rows = append(rows, make())
		done++
		if len(rows) == 5000 || done == n {
			if err := b.load.Load(b.ctx, table, cols, rows); err != nil {
				return done, err
			}
			rows = rows[:0]
			bar.set(done)
		}
	}
	bar.done()
	fmt.Fprintln(b.out)
	return done, nil
}

func (g *monthGen) anyone() int64 {
	return models.DemoPersonID(g.people[0] + g.b.rng.Int64N(g.people[1]-g.people[0]+1))
}

func (g *monthGen) during() time.Time {
	return g.start.Add(time.Duration(g.b.rng.Int64N(int64(g.end.Sub(g.start)))))
}

func (g *monthGen) serviceOf(types ...models.ServiceType) *serviceInfo {
	var svs []*serviceInfo
	for _, t := range types {
		svs = append(svs, g.b.servicesOf(t)...)
	}
	return svs[g.b.rng.IntN(len(svs))]
}

func (g *monthGen) streetContact() []any {
	b := g.b
	sv := g.serviceOf(models.Outreach)
	la := b.las[b.rng.IntN(len(b.las))]
	town := la.Towns[b.rng.IntN(len(la.Towns))]
	pt := geo.RandomPointNear(b.rng, town.Centre, 1500)
	lat, lon := pt[1], pt[0]
	tx, ty := geo.BaseTile(orb.Point{lon, lat})
	var person any = g.anyone()
	description := ""
	if b.chance(0.1) {
		person, description = nil, "not known: "+b.pick([]string{"grey coat", "with a dog", "young man, rucksack", "woman, red hat"})
	}
	site := b.pick(models.SiteTypes)
	if b.chance(0.03) {
		site = "" // imported without one
	}
	if b.chance(0.01) {
		lat, lon = 0, 0
	}
	at := g.during()
	return []any{b.id("street_contacts"), person, description, sv.ID, b.staffOf(sv.ID), sv.Confidential, at, lat, lon, int(tx), int(ty), la.ID, site, at}
}

func (g *monthGen) placement() []any {
	b := g.b
	sv := g.serviceOf(models.Hostel, models.SupportedHousing, models.HousingFirst)
	started := g.start.Add(-time.Duration(b.rng.Int64N(int64(300 * 24 * time.Hour))))
	if b.chance(0.15) {
		started = g.during()
	}
	var moved, by any
	reason, destination := "", ""
	person := g.anyone()
	open := [2]int64{person, sv.ID}
	if b.chance(0.3) || g.openPlacements[open] { // one open placement per person and service
		at := g.during()
		if at.Before(started) {
			at = started.Add(time.Hour)
		}
		moved, by = at, b.staffOf(sv.ID)
		reason = b.pick([]string{"planned", "planned", "transfer", "chose_to_leave", "evicted", ""})
		destination = b.pick([]string{"social_tenancy", "private_tenancy", "supported_housing", "family_friends", "unknown", ""})
	} else {
		if g.openPlacements == nil {
			g.openPlacements = map[[2]int64]bool{}
		}
		g.openPlacements[open] = true
	}
	return []any{b.id("placements"), person, sv.ID, sv.Confidential, started, b.staffOf(sv.ID), reason, destination, moved, by}
}

// sectionAnswers complete each core section of form version 1.
var sectionAnswers = []map[string]any{
	{"gender": "male", "care_leaver": false, "armed_forces": false, "has_pets": false, "housed_with_partner": false},
	{"current_situation": "rough_sleeping", "rough_sleeping_now": false},
	{"physical_health_concern": false, "uses_wheelchair": false},
	{"mental_health_concern": false, "self_harm_recent": false},
	{"drug_use": false, "alcohol_concern": false},
}

func (g *monthGen) assessment() []any {
	b := g.b
	sv := g.serviceOf(models.Hostel, models.Outreach, models.DayCentre, models.HousingOptions, models.SupportedHousing)
	ans := map[string]any{}
	for _, sec := range sectionAnswers {
		if b.chance(0.93) {
			for k, v := range sec {
				ans[k] = v
			}
		}
	}
	raw, _ := json.Marshal(ans)
	author := b.staffOf(sv.ID)
	created := g.during()
	person := g.anyone()
	status, completed := models.AssessmentCompleted, any(created.Add(time.Hour))
	if draft := [2]int64{person, sv.ID}; b.chance(0.2) && !g.drafts[draft] { // one draft per person and service
		status, completed = models.AssessmentDraft, nil
		if g.drafts == nil {
			g.drafts = map[[2]int64]bool{}
		}
		g.drafts[draft] = true
	}
	var completedBy any
	if completed != nil {
		completedBy = author
	}
	return []any{b.id("assessments"), person, sv.ID, sv.Confidential, g.formID, string(sv.Type), status, string(raw),
		author, completedBy, created, created, completed}
}

func (g *monthGen) closedCase() []any {
	b := g.b
	sv := g.serviceOf(models.HousingOptions, models.TenancySustain, models.Outreach)
	opened := g.start.Add(-time.Duration(b.rng.Int64N(int64(200 * 24 * time.Hour))))
	closed := g.during()
	outcome := "housed"
	if b.chance(0.08) {
		outcome = ""
	}
	worker := b.staffOf(sv.ID)
	return []any{b.id("cases"), g.anyone(), sv.ID, sv.Confidential, g.pathway, "closed", "[]", "green", "Closed", outcome,
		worker, opened, closed, closed, 1}
}
