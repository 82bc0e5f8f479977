package models_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
	"gateway/reports"
)

// allServices and allPeople stand in for policy's scopes (policy's own
// tests prove those); here only the reading and counting are under test.
var (
	allServices = models.NewScope("test: every service", "1 = 1", nil)
	allPeople   = models.NewScope("test: every person", "1 = 1", nil)
)

var london, _ = time.LoadLocation("Europe/London")

// march2025 is the month of the fixture. Clocks go forward on 30 March,
// so the month ends at 23:00 UTC on the 31st.
var march2025 = reports.Month{Year: 2025, Month: time.March}

// complianceWorld is the hand-built fixture. Worked by hand against the
// default person rules (name, date of birth or estimated age, gender,
// nationality or immigration status, local connection):
//
// Hostel, March 2025
//
//	Ada Complete   open all month, everything recorded          0 of 5
//	Bob            no family name, estimated age, no gender,
//	               British, no local connection                  3 of 5
//	               (name, gender, local connection)
//	Cat Unknown    involvement closed on 10 March; nationality
//	               empty and immigration status "unknown"        1 of 5
//	Gus Twice      two involvements in March (closed on the 5th,
//	               reopened on the 20th): counted once; neither
//	               date of birth nor estimated age               1 of 5
//	Dan            hostel involvement closed 28 February: not counted
//	Eve            started 23:30 UTC on 31 March, which is 00:30 on
//	               1 April in London: not counted
//	Fay            merged into Ada: counted through Ada, not again
//	records 4, required 20, missing 5: 100 × 15/20 = 75.0
//
// Day centre, March 2025
//
//	Dan Daycentre  open all month, no local connection          1 of 5
//	records 1, required 5, missing 1: 80.0
type complianceWorld struct {
	s                  *models.Store
	hostel, daycentre  *models.Service
	people             map[string]*models.Person
	manager, dayWorker *models.User
}

func buildComplianceWorld(t *testing.T, s *models.Store) *complianceWorld {
	t.Helper()
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	org := b.Org("Northmoor Housing Trust")
	w := &complianceWorld{s: s, people: map[string]*models.Person{}}
	w.hostel = b.Service(org, "Hostel", models.Hostel, la)
	w.daycentre = b.Service(org, "Day Centre", models.DayCentre, la)
	w.manager = b.User("Manager", w.hostel, models.RoleManager)
	w.dayWorker = b.User("Day worker", w.daycentre, models.RoleWorker)
	hostel := models.Author{UserID: w.manager.ID, ServiceID: w.hostel.ID}
	dob := models.Date{Year: 1980, Month: 5, Day: 1}
	age := 40
	complete := func(given, family string) models.PersonInput {
		return models.PersonInput{GivenName: given, FamilyName: family, DOB: dob, Gender: "female", Nationality: "British", LocalConnectionLAID: &la.ID}
	}
	add := func(key string, by models.Author, in models.PersonInput) {
		p, err := s.CreatePerson(ctx, by, in)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		w.people[key] = p
	}
	add("ada", hostel, complete("Ada", "Complete"))
	add("bob", hostel, models.PersonInput{GivenName: "Bob", EstimatedAge: &age, Nationality: "British"})
	cat := complete("Cat", "Unknown")
	cat.Nationality, cat.ImmigrationStatus = "", "unknown"
	add("cat", hostel, cat)
	gus := complete("Gus", "Twice")
	gus.DOB = models.Date{}
	add("gus", hostel, gus)
	dan := complete("Dan", "Daycentre")
	dan.LocalConnectionLAID = nil
	add("dan", hostel, dan)
	add("eve", hostel, complete("Eve", "Late"))
	add("fay", hostel, complete("Fay", "Merged"))

	at := func(day int, hour, minute int) time.Time {
		return time.Date(2025, time.March, day, hour, minute, 0, 0, london).UTC()
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if err := s.Gorm().Exec(q, args...).Error; err != nil {
			t.Fatal(err)
		}
	}
	// Every involvement starts in January, then the fixture moves them.
	exec("UPDATE involvements SET started_at = ?", time.Date(2025, time.January, 6, 9, 0, 0, 0, time.UTC))
	exec("UPDATE involvements SET ended_at = ? WHERE person_id = ?", at(10, 12, 0), w.people["cat"].ID)
	exec("UPDATE involvements SET ended_at = ? WHERE person_id = ?", at(5, 12, 0), w.people["gus"].ID)
	exec("INSERT INTO involvements (person_id, service_id, confidential, source, started_at) VALUES (?, ?, ?, 'working_with', ?)",
		w.people["gus"].ID, w.hostel.ID, false, at(20, 9, 0))
	exec("UPDATE involvements SET ended_at = ? WHERE person_id = ?", time.Date(2025, time.February, 28, 17, 0, 0, 0, time.UTC), w.people["dan"].ID)
	exec("INSERT INTO involvements (person_id, service_id, confidential, source, started_at) VALUES (?, ?, ?, 'working_with', ?)",
		w.people["dan"].ID, w.daycentre.ID, false, time.Date(2025, time.February, 1, 9, 0, 0, 0, time.UTC))
	exec("UPDATE involvements SET started_at = ? WHERE person_id = ?", time.Date(2025, time.March, 31, 23, 30, 0, 0, time.UTC), w.people["eve"].ID)
	exec("UPDATE people SET merged_into_id = ? WHERE id = ?", w.people["ada"].ID, w.people["fay"].ID)
	return w
}

func marchQuery() models.ComplianceQuery {
	return models.ComplianceQuery{Start: march2025.Start(london), End: march2025.End(london), Services: allServices}
}

// read extracts and converts the records for package reports.
func readRecords(t *testing.T, s *models.Store, q models.ComplianceQuery) []reports.Record {
	t.Helper()
	var out []reports.Record
	err := s.ComplianceRecords(ctx, q, func(r *models.ComplianceRecord) error {
		out = append(out, reports.Record{Type: r.Type, ID: r.ID, ServiceID: r.ServiceID, Label: r.Label, Link: r.Link,
			Missing: r.Missing, NotApplicable: r.NotApplicable})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestComplianceMatchesTheHandWorkedFixture(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		scores := reports.Score(march2025, reports.DefaultRules(), readRecords(t, s, marchQuery()))
		got := map[int64]string{}
		for _, sc := range scores {
			got[sc.ServiceID] = fmt.Sprintf("%d records, %d of %d missing, %.1f", sc.Records, sc.Missing, sc.Required, sc.Score)
		}
		want := map[int64]string{
			w.hostel.ID:    "4 records, 5 of 20 missing, 75.0",
			w.daycentre.ID: "1 records, 1 of 5 missing, 80.0",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("scores\n got %v\nwant %v", got, want)
		}
		fields := map[string]string{}
		for _, f := range scores[0].PerField {
			fields[f.Key] = fmt.Sprintf("%d/%d", f.Missing, f.Required)
		}
		wantFields := map[string]string{"name": "1/4", "dob_or_estimated_age": "1/4", "gender": "1/4",
			"nationality_or_immigration_status": "1/4", "local_connection": "1/4"}
		if fmt.Sprint(fields) != fmt.Sprint(wantFields) {
			t.Errorf("hostel per field\n got %v\nwant %v", fields, wantFields)
		}
		// Without a names scope, no record carries a name or a link.
		for _, n := range scores[0].Named {
			if n.Label != "" || n.Link != "" {
				t.Errorf("record %d labelled %q without a names scope", n.ID, n.Label)
			}
		}

		counts, err := s.ComplianceRecordCounts(ctx, marchQuery())
		if err != nil || counts["person"] != 5 {
			t.Errorf("counts = %v, %v; want 5 person records", counts, err)
		}
	})
}

func TestNamedListCarriesNamesAndLinksOnlyFromTheNamesScope(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		q := marchQuery()
		q.ServiceIDs = []int64{w.hostel.ID}
		q.Names = allPeople
		var progress []int64
		q.Progress = func(n int64) { progress = append(progress, n) }
		scores := reports.Score(march2025, reports.DefaultRules(), readRecords(t, s, q))
		if len(scores) != 1 || scores[0].ServiceID != w.hostel.ID {
			t.Fatalf("narrowed to the hostel, got %d services", len(scores))
		}
		var got []string
		for _, n := range scores[0].Named {
			var keys []string
			for _, f := range n.Missing {
				keys = append(keys, f.Key)
			}
			got = append(got, n.Label+" "+n.Link+" "+strings.Join(keys, ","))
		}
		sort.Strings(got)
		id := func(k string) string { return fmt.Sprint(w.people[k].ID) }
		want := []string{
			"Bob /people/" + id("bob") + "/edit name,gender,local_connection",
			"Cat Unknown /people/" + id("cat") + "/edit nationality_or_immigration_status",
			"Gus Twice /people/" + id("gus") + "/edit dob_or_estimated_age",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("named list\n got %q\nwant %q", got, want)
		}
		if len(progress) != 0 {
			t.Errorf("progress told %v for 4 records (every 10,000 only)", progress)
		}

		// A names scope that shows nobody leaves labels empty but the
		// records still count.
		q.Names = models.NewScope("test: nobody", "1 = 0", nil)
		recs := readRecords(t, s, q)
		if len(recs) != 4 {
			t.Fatalf("%d records", len(recs))
		}
		for _, r := range recs {
			if r.Label != "" {
				t.Errorf("record %d labelled %q by a scope that shows nobody", r.ID, r.Label)
			}
		}
	})
}

// A service the scope does not show contributes nothing, and the zero
// scope reads nothing at all (fail closed).
func TestComplianceReadsOnlyScopedServices(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		q := marchQuery()
		q.Services = models.NewScope("test: day centre", "services.id = ?", []any{w.daycentre.ID})
		for _, r := range readRecords(t, s, q) {
			if r.ServiceID != w.daycentre.ID {
				t.Errorf("read a record of service %d", r.ServiceID)
			}
		}
		q.Services = models.Nothing
		if recs := readRecords(t, s, q); len(recs) != 0 {
			t.Errorf("the zero scope read %d records", len(recs))
		}
	})
}

func TestPublishedScoresAreKeptAndNeverChange(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		w := buildComplianceWorld(t, s)
		first := models.PublishedScore{ServiceID: w.hostel.ID, Month: "2025-03", RulesVersion: 1, Records: 4, Required: 20, Missing: 5, Score: 75, PerField: `[{"key":"name"}]`}
		if err := s.PublishScores(ctx, []models.PublishedScore{first}); err != nil {
			t.Fatal(err)
		}
		later := first
		later.Missing, later.Score = 0, 100
		if err := s.PublishScores(ctx, []models.PublishedScore{later}); err != nil {
			t.Fatalf("publishing again: %v", err)
		}
		got, err := s.PublishedScores(ctx, allServices, []string{"2025-03", "2025-04"}, nil)
		if err != nil || len(got) != 1 || got[0].Score != 75 || got[0].Missing != 5 || got[0].PerField != first.PerField {
			t.Fatalf("published = %+v, %v; want the first score kept", got, err)
		}
		if err := s.Gorm().Exec("UPDATE compliance_scores SET score = 100").Error; err == nil {
			t.Error("a published score was changed")
		}
		if err := s.Gorm().Exec("DELETE FROM compliance_scores").Error; err == nil {
			t.Error("a published score was deleted")
		}
		if got, _ := s.PublishedScores(ctx, models.Nothing, []string{"2025-03"}, nil); len(got) != 0 {
			t.Error("the zero scope shows published scores")
		}
		if got, _ := s.PublishedScores(ctx, allServices, []string{"2025-03"}, []int64{w.daycentre.ID}); len(got) != 0 {
			t.Error("narrowing to the day centre shows the hostel")
		}
	})
}

func TestRuleVersionsAreAppendedInTurn(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		if _, err := s.ComplianceRules(ctx); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("before seeding: %v", err)
		}
		if _, err := s.SaveComplianceRules(ctx, 1, `{"version":1}`, "", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveComplianceRules(ctx, 2, `{"version":2}`, "", 0); !errors.Is(err, models.ErrInvalid) {
			t.Errorf("a change without a reason: %v", err)
		}
		if _, err := s.SaveComplianceRules(ctx, 3, `{"version":3}`, "skips one", 0); !errors.Is(err, models.ErrConflict) {
			t.Errorf("skipping a version: %v", err)
		}
		if _, err := s.SaveComplianceRules(ctx, 2, `{"version":2}`, "gender is not essential here", 0); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveComplianceRules(ctx, 2, `{"version":2}`, "someone else's edit of 1", 0); !errors.Is(err, models.ErrConflict) {
			t.Errorf("a stale edit: %v", err)
		}
		v, err := s.ComplianceRules(ctx)
		if err != nil || v.Version != 2 || v.Reason != "gender is not essential here" {
			t.Fatalf("in force: %+v, %v", v, err)
		}
		if old, err := s.ComplianceRulesVersion(ctx, 1); err != nil || old.Rules != `{"version":1}` {
			t.Errorf("version 1: %+v, %v", old, err)
		}
		if h, _ := s.ComplianceRuleHistory(ctx, 10); len(h) != 2 || h[0].Version != 2 {
			t.Errorf("history = %+v", h)
		}
		if err := s.Gorm().Exec("UPDATE compliance_rule_versions SET rules = '{}'").Error; err == nil {
			t.Error("a rule version was changed")
		}
	})
}
