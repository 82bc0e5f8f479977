package policy_test

import (
	"context"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

var ctx = context.Background()

// world is the access fixture: every role, confidential and
// non-confidential services, and people with open, closed (inside and
// outside the grace period), confidential-only, mixed, merged and
// break-glass involvements.
type world struct {
	s      *models.Store
	pol    *policy.Policy
	now    time.Time
	actors map[string]policy.Actor
	people map[string]int64
	notes  map[string]int64
	// casework: assessments, cases, safety plans, consent (fixture_casework_test.go)
	casework map[string]caseworkRecord
	// Placement records (fixture_placement_test.go).
	referrals, placements, adjustments, gaps map[string]int64

	contacts, alerts map[string]int64 // street contacts and public alerts
	// services by name, for the compliance rows (matrix_compliance_test.go)
	services map[string]*models.Service
}

func buildWorld(t *testing.T, s *models.Store) *world {
	t.Helper()
	pol, err := policy.New(ctx, s, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pol.Close)
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	la2 := b.LA("Southdale")
	providers := b.Org("Northmoor Housing Trust")
	safe := b.Org("Safe Haven")
	council := b.Org("Northmoor Council")
	police := b.Org("Northmoor Police")
	area := b.Org("Gateway Area Team")

	sv := map[string]*models.Service{
		"hostel":     b.Service(providers, "Hostel", models.Hostel, la),
		"outreach":   b.Service(providers, "Outreach", models.Outreach, la, la2),
		"daycentre":  b.Service(providers, "Day Centre", models.DayCentre, la),
		"refuge":     b.Service(safe, "Refuge", models.Refuge, la),
		"sexwork":    b.Service(safe, "Sex Work Project", models.SexWorkSupport, la2),
		"commission": b.Service(council, "Commissioning", models.Commissioning, la),
		"police":     b.Service(police, "Police", models.PartnerAgency, la),
		"area":       b.Service(area, "Area Team", models.AreaTeam, la, la2),
	}
	w := &world{s: s, pol: pol, now: models.Now(), actors: map[string]policy.Actor{}, people: map[string]int64{}, notes: map[string]int64{}}
	w.services = sv
	users := map[string]*models.User{}
	addActor := func(name, service string, role models.Role) {
		u := b.User(name, sv[service], role)
		users[name] = u
		ms, err := s.Memberships(ctx, u.ID)
		if err != nil || len(ms) != 1 {
			t.Fatalf("memberships of %s: %v", name, err)
		}
		// As the server does, the acting service comes with its LAs.
		if ms[0].Service, err = s.Service(ctx, ms[0].ServiceID); err != nil {
			t.Fatal(err)
		}
		w.actors[name] = pol.Actor(u, ms[0], w.now)
	}
	addActor("hostel_worker", "hostel", models.RoleWorker)
	addActor("hostel_manager", "hostel", models.RoleManager)
	addActor("outreach_worker", "outreach", models.RoleWorker)
	addActor("daycentre_worker", "daycentre", models.RoleWorker)
	addActor("refuge_worker", "refuge", models.RoleWorker)
	addActor("refuge_manager", "refuge", models.RoleManager) // reviews the refuge's own audit events
	addActor("sexwork_worker", "sexwork", models.RoleWorker)
	addActor("commissioner", "commission", models.RoleCommissioner)
	addActor("partner", "police", models.RolePartner)
	addActor("area_admin", "area", models.RoleAreaAdmin)
	addActor("org_admin", "hostel", models.RoleOrgAdmin)

	person := func(key, creator, service string) int64 {
		p := b.Person("P", key, users[creator], sv[service])
		w.people[key] = p.ID
		return p.ID
	}
	involve := func(key, creator, service string) {
		if _, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: w.people[key], ServiceID: sv[service].ID, UserID: users[creator].ID, Source: models.SourceWorkingWith}); err != nil {
			t.Fatal(err)
		}
	}
	closeAgo := func(key, service string, ago time.Duration) {
		err := s.Gorm().Exec("UPDATE involvements SET ended_at = ? WHERE person_id = ? AND service_id = ?", w.now.Add(-ago), w.people[key], sv[service].ID).Error
		if err != nil {
			t.Fatal(err)
		}
	}
	note := func(key, person, author, service string) {
		n, err := s.AddNote(ctx, models.Nothing, models.Author{UserID: users[author].ID, ServiceID: sv[service].ID}, w.people[person], models.NoteInput{Body: "note " + key})
		if err != nil {
			t.Fatal(err)
		}
		w.notes[key] = n.ID
	}
	day := 24 * time.Hour

	person("open_hostel", "hostel_worker", "hostel")
	note("hostel_on_open_hostel", "open_hostel", "hostel_worker", "hostel")

	person("closed_in_grace", "daycentre_worker", "daycentre")
	note("daycentre_on_closed_in_grace", "closed_in_grace", "daycentre_worker", "daycentre")
	closeAgo("closed_in_grace", "daycentre", 30*day)

	person("closed_past_grace", "daycentre_worker", "daycentre")
	note("daycentre_on_closed_past_grace", "closed_past_grace", "daycentre_worker", "daycentre")
	closeAgo("closed_past_grace", "daycentre", 120*day)

	person("refuge_only", "refuge_worker", "refuge")
	note("refuge_on_refuge_only", "refuge_only", "refuge_worker", "refuge")

	person("refuge_and_hostel", "refuge_worker", "refuge")
	involve("refuge_and_hostel", "hostel_worker", "hostel")
	note("refuge_on_refuge_and_hostel", "refuge_and_hostel", "refuge_worker", "refuge")
	note("hostel_on_refuge_and_hostel", "refuge_and_hostel", "hostel_worker", "hostel")

	person("sexwork_closed_long_ago", "sexwork_worker", "sexwork")
	note("sexwork_on_sexwork_closed", "sexwork_closed_long_ago", "sexwork_worker", "sexwork")
	closeAgo("sexwork_closed_long_ago", "sexwork", 200*day)

	person("outreach_open", "outreach_worker", "outreach")
	note("outreach_on_outreach_open", "outreach_open", "outreach_worker", "outreach")

	person("broken_glass", "hostel_worker", "hostel")
	note("hostel_on_broken_glass", "broken_glass", "hostel_worker", "hostel")
	if _, err := s.OpenBreakGlass(ctx, policy.People(w.actors["area_admin"]), policy.BreakGlassNotices(w.actors["area_admin"]), w.actors["area_admin"].Author(), w.people["broken_glass"], "safeguarding enquiry from the police"); err != nil {
		t.Fatal(err)
	}

	person("glass_expired", "hostel_worker", "hostel")
	if _, err := s.OpenBreakGlass(ctx, policy.People(w.actors["area_admin"]), policy.BreakGlassNotices(w.actors["area_admin"]), w.actors["area_admin"].Author(), w.people["glass_expired"], "checking a duplicate record"); err != nil {
		t.Fatal(err)
	}
	if err := s.Gorm().Exec("UPDATE break_glass SET expires_at = ? WHERE person_id = ?", w.now.Add(-time.Minute), w.people["glass_expired"]).Error; err != nil {
		t.Fatal(err)
	}

	person("merged_away", "hostel_worker", "hostel")
	note("hostel_on_merged_away", "merged_away", "hostel_worker", "hostel")
	w.addCasework(t, users, sv)
	if err := s.Gorm().Exec("UPDATE people SET merged_into_id = ? WHERE id = ?", w.people["open_hostel"], w.people["merged_away"]).Error; err != nil {
		t.Fatal(err)
	}
	w.buildPlacement(t, b, sv, users, person)
	w.addStreetContacts(t, sv, la, la2) // streetcontacts_fixture_test.go
	return w
}
