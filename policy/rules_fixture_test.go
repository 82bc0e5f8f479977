package policy

import (
	"context"
	"slices"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// ruleWorld is the small fixture the rule tests (rules_test.go) judge each
// rule's Go predicate and SQL builder on: a hostel, a day centre, a refuge
// and the area team, and people who are open, closed inside and outside
// the grace period, known only to the refuge, known to both, opened by
// break glass (one of them refuge-only) and merged away.
type ruleWorld struct {
	s      *models.Store
	actors map[string]Actor
	people map[string]int64 // by name
	names  map[int64]string // person id → name
	// notes and involvements by id, named "person@service".
	notes, involvements map[int64]string
	services            map[int64]string
}

// eachRuleWorld builds the fixture on SQLite and, with GATEWAY_TEST_POSTGRES
// set, on PostgreSQL.
func eachRuleWorld(t *testing.T, fn func(t *testing.T, w *ruleWorld)) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) { fn(t, buildRuleWorld(t, s)) })
}

func buildRuleWorld(t *testing.T, s *models.Store) *ruleWorld {
	t.Helper()
	ctx := context.Background()
	pol, err := New(ctx, s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pol.Close)
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	org := b.Org("Northmoor Housing Trust")
	sv := map[string]*models.Service{
		"hostel":    b.Service(org, "Hostel", models.Hostel, la),
		"daycentre": b.Service(org, "Day Centre", models.DayCentre, la),
		"refuge":    b.Service(b.Org("Safe Haven"), "Refuge", models.Refuge, la),
		"area":      b.Service(b.Org("Area Team"), "Area Team", models.AreaTeam, la),
	}
	w := &ruleWorld{s: s, actors: map[string]Actor{}, people: map[string]int64{}, names: map[int64]string{},
		notes: map[int64]string{}, involvements: map[int64]string{}, services: map[int64]string{}}
	for name, x := range sv {
		w.services[x.ID] = name
	}
	now := models.Now()
	users := map[string]*models.User{}
	for _, u := range []struct {
		service string
		role    models.Role
	}{{"hostel", models.RoleWorker}, {"daycentre", models.RoleWorker}, {"refuge", models.RoleWorker}, {"area", models.RoleAreaAdmin}} {
		users[u.service] = b.User(u.service, sv[u.service], u.role)
		ms, err := s.Memberships(ctx, users[u.service].ID)
		if err != nil || len(ms) != 1 {
			t.Fatalf("memberships of %s: %v", u.service, err)
		}
		if ms[0].Service, err = s.Service(ctx, ms[0].ServiceID); err != nil {
			t.Fatal(err)
		}
		w.actors[u.service] = pol.Actor(users[u.service], ms[0], now)
	}
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := s.Gorm().Exec(sql, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	person := func(name, service string) int64 {
		p := b.Person("P", name, users[service], sv[service])
		w.people[name], w.names[p.ID] = p.ID, name
		return p.ID
	}
	involve := func(name, service string) {
		_, _, err := s.OpenInvolvement(ctx, models.InvolvementStart{PersonID: w.people[name], ServiceID: sv[service].ID,
			UserID: users[service].ID, Source: models.SourceWorkingWith})
		if err != nil {
			t.Fatal(err)
		}
	}
	note := func(name, service string) {
		n, err := s.AddNote(ctx, models.Nothing, models.Author{UserID: users[service].ID, ServiceID: sv[service].ID},
			w.people[name], models.NoteInput{Body: "seen today"})
		if err != nil {
			t.Fatal(err)
		}
		w.notes[n.ID] = name + "@" + service
	}
	closeAgo := func(name, service string, ago time.Duration) {
		exec("UPDATE involvements SET ended_at = ? WHERE person_id = ? AND service_id = ?", now.Add(-ago), w.people[name], sv[service].ID)
	}
	glass := func(name string, expires time.Time) {
		exec("INSERT INTO break_glass (user_id, service_id, person_id, reason, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
			users["area"].ID, sv["area"].ID, w.people[name], "safeguarding enquiry", now.Add(-time.Minute), expires)
	}
	day := 24 * time.Hour

	person("open", "hostel")
	note("open", "hostel")
	person("in_grace", "daycentre")
	note("in_grace", "daycentre")
	closeAgo("in_grace", "daycentre", 30*day)
	person("past_grace", "daycentre")
	note("past_grace", "daycentre")
	closeAgo("past_grace", "daycentre", 120*day)
	person("refuge_only", "refuge")
	note("refuge_only", "refuge")
	person("refuge_and_hostel", "refuge")
	involve("refuge_and_hostel", "hostel")
	note("refuge_and_hostel", "refuge")
	note("refuge_and_hostel", "hostel")
	person("glass", "daycentre")
	note("glass", "daycentre")
	glass("glass", now.Add(time.Hour))
	person("glass_expired", "daycentre")
	glass("glass_expired", now.Add(-time.Minute))
	// A break-glass row on a refuge-only person cannot be made through the
	// store (the admin cannot find them); written here, it must open nothing.
	person("glass_refuge_only", "refuge")
	note("glass_refuge_only", "refuge")
	glass("glass_refuge_only", now.Add(time.Hour))
	person("merged", "hostel")
	note("merged", "hostel")
	exec("UPDATE people SET merged_into_id = ? WHERE id = ?", w.people["open"], w.people["merged"])

	var invs []models.Involvement
	if err := s.Gorm().Find(&invs).Error; err != nil {
		t.Fatal(err)
	}
	for _, i := range invs {
		w.involvements[i.ID] = w.names[i.PersonID] + "@" + w.services[i.ServiceID]
	}
	return w
}

// facts loads every person's facts, as Can is given them.
func (w *ruleWorld) facts(t *testing.T) map[int64]PersonFacts {
	t.Helper()
	out := map[int64]PersonFacts{}
	for _, id := range w.people {
		f, err := FactsOf(context.Background(), w.s, id)
		if err != nil {
			t.Fatal(err)
		}
		out[id] = f
	}
	return out
}

// rows are the rows of table the condition c selects, by name.
func (w *ruleWorld) rows(t *testing.T, table string, c cond, names map[int64]string) []string {
	t.Helper()
	var ids []int64
	if err := w.s.Gorm().Table(table).Where(c.sql, c.args...).Pluck(table+".id", &ids).Error; err != nil {
		t.Fatalf("%s: %v", c.sql, err)
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, names[id])
	}
	slices.Sort(out)
	return out
}

// agree fails the test unless the Go predicate, asked row by row, picks
// the same rows as the SQL builder, and both pick want: agreeing on
// nothing, or on the wrong rows, is no agreement.
func agree(t *testing.T, what, actor string, goPicks, sqlPicks, want []string) {
	t.Helper()
	slices.Sort(goPicks)
	slices.Sort(want)
	if !slices.Equal(goPicks, sqlPicks) {
		t.Errorf("%s for %s: Go picks %v, SQL picks %v", what, actor, goPicks, sqlPicks)
	}
	if !slices.Equal(goPicks, want) {
		t.Errorf("%s for %s: picks %v, want %v", what, actor, goPicks, want)
	}
}
