package models_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// everything reads every row: these tests check storage, not visibility.
func everything() models.SubjectAccessScopes {
	return models.SubjectAccessScopes{Person: allNotes, Involvements: allNotes, Notes: allNotes, Assessments: allNotes, Cases: allNotes,
		Consents: allNotes, SafetyPlans: allNotes, Referrals: allNotes, Placements: allNotes, Adjustments: allNotes, StreetContacts: allNotes,
		GapEvents: allNotes, Alerts: allNotes, Notifications: allNotes, BreakGlass: allNotes, Disclosures: allNotes, DuplicatePairs: allNotes, Parts: allNotes, Tasks: allNotes}
}

// personColumns are the columns that name a person.
var personColumns = map[string]bool{"person_id": true, "person_a": true, "person_b": true, "survivor_id": true, "merged_id": true, "merged_into_id": true}

// schemaColumns reads every table's columns from the database itself.
func schemaColumns(t *testing.T, s *models.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	var rows []struct{ T, C string }
	q := `SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`
	if s.Dialect() == models.Postgres {
		// A monthly partition (migration 00025) is read, exported and
		// erased through its partitioned table, which is listed.
		q = `SELECT table_name AS t, column_name AS c FROM information_schema.columns c WHERE table_schema = current_schema()
			AND NOT EXISTS (SELECT 1 FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace WHERE n.nspname = c.table_schema AND k.relname = c.table_name AND k.relispartition)`
	}
	if err := s.Gorm().Raw(q).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		out[r.T] = append(out[r.T], r.C)
	}
	// Foreign keys to people under any other column name count too.
	var fks []struct{ T, C string }
	fq := `SELECT m.name AS t, f."from" AS c FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f."table" = 'people'`
	if s.Dialect() == models.Postgres {
		fq = `SELECT kcu.table_name AS t, kcu.column_name AS c FROM information_schema.referential_constraints rc
			JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name AND kcu.constraint_schema = rc.constraint_schema
			JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name AND ccu.constraint_schema = rc.unique_constraint_schema
			WHERE kcu.constraint_schema = current_schema() AND ccu.table_name = 'people'`
	}
	if err := s.Gorm().Raw(fq).Scan(&fks).Error; err != nil {
		t.Fatal(err)
	}
	for _, f := range fks {
		personColumns[f.C] = true
	}
	return out
}

func TestSubjectAccessCoversEveryTable(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		cols := schemaColumns(t, s)
		var found []string
		for table, cs := range cols {
			for _, c := range cs {
				if personColumns[c] {
					found = append(found, table)
					break
				}
			}
		}
		sort.Strings(found)
		if len(found) < 15 {
			t.Fatalf("found only %d tables naming a person: %v", len(found), found)
		}
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		hostel := b.Service(b.Org("Org"), "Hostel", models.Hostel, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		p := b.Person("Ann", "Example", u, hostel)
		r, err := s.SubjectAccess(ctx, everything(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := json.Marshal(r)
		var doc map[string]json.RawMessage
		json.Unmarshal(raw, &doc)
		for _, table := range found {
			where, ok := models.SubjectAccessCoverage[table]
			if !ok {
				t.Errorf("table %s names a person but the subject access export does not cover it: add it to the export and to models.SubjectAccessCoverage", table)
				continue
			}
			if strings.HasPrefix(where, "derived:") || strings.HasPrefix(where, "identity:") {
				continue
			}
			v, ok := doc[where]
			if !ok {
				t.Errorf("table %s is said to be in the export as %q, which the export lacks", table, where)
			} else if string(v) == "null" {
				t.Errorf("the export's %q is null; lists are [] when empty", where)
			}
		}
		for k, v := range doc {
			if string(v) == "null" {
				t.Errorf("the export's %q is null; lists are [] when empty", k)
			}
		}
	})
}

// markers are planted in every field of the person that erasure must take.
const markGiven, markFamily, markAlias, markNote, markPhone = "Zebedeeq", "Quixlowe", "Marrowfax", "NOTEMARK-erase", "07999123456"

// textCells reads every text value of every table as one string per row.
func allText(t *testing.T, s *models.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table := range schemaColumns(t, s) {
		if table == "goose_db_version" {
			continue
		}
		rows, err := s.Gorm().Raw("SELECT * FROM " + table).Rows()
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, v := range vals {
				switch x := v.(type) {
				case []byte:
					b.Write(x)
				default:
					fmt.Fprint(&b, x)
				}
				b.WriteByte('|')
			}
			out[table] = append(out[table], b.String())
		}
		rows.Close()
	}
	return out
}

func rowCounts(t *testing.T, s *models.Store, tables ...string) map[string]int64 {
	out := map[string]int64{}
	for _, tb := range tables {
		out[tb] = countRows(t, s, tb)
	}
	return out
}

// aggregateTables keep their row counts through an erasure: every record
// stays, detached from the identity.
var aggregateTables = []string{"people", "involvements", "case_notes", "assessments", "street_contacts", "street_contact_cells",
	"street_contact_presence", "gap_events", "public_alerts", "notifications", "break_glass", "compliance_scores", "referrals", "placements", "cases", "case_events", "consents", "safety_plans", "tasks"}

func TestErasureKeepsEveryAggregateAndLeavesNoTrace(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		org := b.Org("Org")
		hostel := b.Service(org, "Hostel", models.Hostel, la)
		outreach := b.Service(org, "Outreach", models.Outreach, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		admin := b.User("Admin", hostel, models.RoleWorker)
		by := models.Author{UserID: u.ID, ServiceID: hostel.ID}
		p, err := s.CreatePerson(ctx, by, models.PersonInput{GivenName: markGiven, FamilyName: markFamily, Phone: markPhone})
		if err != nil {
			t.Fatal(err)
		}
		dup, err := s.CreatePerson(ctx, by, models.PersonInput{GivenName: markAlias, FamilyName: markFamily})
		if err != nil {
			t.Fatal(err)
		}
		other := b.Person("Bob", "Other", u, hostel)
		if _, err := s.AddNote(ctx, allNotes, by, p.ID, models.NoteInput{Body: "Met " + markGiven + " today. " + markNote}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MergePeople(ctx, allNotes, by, p.ID, models.MergeInput{MergeID: dup.ID, Reason: "same person, says " + markAlias}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.OpenBreakGlass(ctx, allNotes, allNotes, models.Author{UserID: admin.ID, ServiceID: hostel.ID}, p.ID, "safeguarding call about "+markFamily); err != nil {
			t.Fatal(err)
		}
		s.Audit(ctx, models.AuditEvent{Action: "partner_lookup", ObjectType: "search", Reason: "looking for " + markGiven + " " + markFamily})
		now := models.Now()
		for i, pid := range []int64{p.ID, other.ID} {
			s.Gorm().Exec(`INSERT INTO public_alerts (reference, description, reporter_name, status, created_at, updated_at, la_id) VALUES (?, ?, ?, 'found_and_contacted', ?, ?, ?)`,
				fmt.Sprintf("GW-%d", i), "man called "+markGiven+" in doorway", "A Reporter", now, now, la.ID)
			var alertID int64
			s.Gorm().Raw("SELECT id FROM public_alerts WHERE reference = ?", fmt.Sprintf("GW-%d", i)).Scan(&alertID)
			if err := s.Gorm().Exec(`INSERT INTO street_contacts (person_id, description, service_id, user_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, alert_id, created_at, note)
				VALUES (?, ?, ?, ?, ?, ?, 52.63, -1.33, 32526, 21590, ?, 'doorway', ?, ?, ?)`, pid, "wearing "+markNote, outreach.ID, u.ID, false, now.Add(-48*time.Hour), la.ID, alertID, now, "said "+markNote+" (issue 15's contact note)").Error; err != nil {
				t.Fatal(err)
			}
		}
		s.Gorm().Exec("INSERT INTO gap_events (kind, reason, la_id, confidential, dedupe_key, at, person_id) VALUES ('no_match', 'no_vacancy', ?, ?, 'k1', ?, ?)", la.ID, false, now, p.ID)
		// Free text in every other kind of record about them.
		mustExec(t, s, `INSERT INTO assessments (person_id, service_id, confidential, form_version_id, status, answers, created_by_user_id, completed_by_user_id, created_at, updated_at, completed_at)
			SELECT ?, ?, ?, id, 'completed', ?, ?, ?, ?, ?, ? FROM form_versions ORDER BY id LIMIT 1`,
			p.ID, hostel.ID, false, `{"about":{"story":"`+markNote+` says `+markGiven+`","rough_nights":12}}`, u.ID, u.ID, now, now, now)
		mustExec(t, s, `INSERT INTO consents (person_id, purpose, with_whom, given, notes, service_id, confidential, recorded_by_user_id, recorded_at)
			VALUES (?, 'referral', ?, ?, ?, ?, ?, ?, ?)`, p.ID, "sister "+markAlias, true, markNote, hostel.ID, false, u.ID, now)
		mustExec(t, s, `INSERT INTO safety_plans (person_id, service_id, confidential, keeps_me_safe, warning_signs, what_helps, people_to_contact, agreed_actions, created_by_user_id, created_at)
			VALUES (?, ?, ?, ?, '', '', ?, '', ?, ?)`, p.ID, hostel.ID, false, markNote, "call "+markPhone, u.ID, now)
		mustExec(t, s, `INSERT INTO referrals (person_id, from_service_id, to_service_id, confidential, status, message, snapshot, consent_at, created_by_user_id, created_at, expires_at)
			VALUES (?, ?, ?, ?, 'declined', ?, ?, ?, ?, ?, ?)`, p.ID, hostel.ID, outreach.ID, false, "please help "+markGiven, `{"name":"`+markGiven+` `+markFamily+`"}`, now, u.ID, now, now)
		// A task whose title names them: erasure clears it.
		if _, err := s.AddTask(ctx, by, false, p.ID, models.TaskInput{Title: "Ring " + markGiven + " about " + markNote, Kind: models.TaskAppointment, Due: now.Add(24 * time.Hour).Format(time.RFC3339)}); err != nil {
			t.Fatal(err)
		}
		if err := s.RebuildStreetContactCells(ctx); err != nil {
			t.Fatal(err)
		}
		before := rowCounts(t, s, aggregateTables...)
		rollBefore := rollupRows(t, s)

		// Bad input changes nothing.
		in := models.ErasureInput{Reason: "the person asked us to erase their record", RequestedViaServiceID: models.FlexID(hostel.ID)}
		if _, err := s.ErasePerson(ctx, allNotes, by, dup.ID, in); !errors.Is(err, models.ErrInvalid) || !strings.Contains(err.Error(), "merged") {
			t.Errorf("erasing a merged-away record: want a refusal naming the merge, got %v", err)
		}
		if _, err := s.ErasePerson(ctx, allNotes, by, 999999, in); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("erasing an unknown person: want not found, got %v", err)
		}
		if _, err := s.ErasePerson(ctx, allNotes, by, p.ID, models.ErasureInput{Reason: "asked for it to go", RequestedViaServiceID: 987654}); err == nil || !strings.Contains(err.Error(), "requested_via_service_id") {
			t.Errorf("an unknown requesting service: want a refusal naming the field, got %v", err)
		}
		if _, err := s.ErasePerson(ctx, allNotes, by, p.ID, models.ErasureInput{Reason: "erase " + markGiven + " please", RequestedViaServiceID: models.FlexID(hostel.ID)}); err == nil || !strings.Contains(err.Error(), "must not name") {
			t.Errorf("a reason naming the person: want a refusal, got %v", err)
		}
		mustExec(t, s, "INSERT INTO cases (person_id, service_id, confidential, pathway_id, status, rag, rag_reason, opened_by_user_id, opened_at, last_activity_at) SELECT ?, ?, ?, id, 'open', 'red', ?, ?, ?, ? FROM pathways LIMIT 1",
			p.ID, hostel.ID, false, "worried about "+markGiven, u.ID, now, now)
		mustExec(t, s, "INSERT INTO case_events (case_id, kind, note, user_id, at) SELECT id, 'rag', ?, ?, ? FROM cases WHERE person_id = ?", markNote+" in the history", u.ID, now, p.ID)
		if open, err := s.HasOpenWork(ctx, p.ID); err != nil || !open {
			t.Fatalf("the open case should count as open work: %v %v", open, err)
		}
		{
			if _, err := s.ErasePerson(ctx, allNotes, by, p.ID, in); err == nil || !strings.Contains(err.Error(), "open_work_reason") {
				t.Errorf("open work: want a refusal naming open_work_reason, got %v", err)
			}
			in.OpenWorkReason = "the person withdrew consent for all processing"
		}
		before = rowCounts(t, s, aggregateTables...)
		if got := allText(t, s); !strings.Contains(fmt.Sprint(got), markGiven) {
			t.Fatal("the markers should be in the database before erasure")
		}

		e, err := s.ErasePerson(ctx, allNotes, by, p.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if e.PersonID != p.ID {
			t.Fatalf("erasure of %d recorded as %d", p.ID, e.PersonID)
		}
		if after := rowCounts(t, s, aggregateTables...); !reflect.DeepEqual(before, after) {
			t.Errorf("erasure changed counts:\n before %v\n after  %v", before, after)
		}
		if got := rollupRows(t, s); !reflect.DeepEqual(rollBefore, got) {
			t.Error("erasure changed the street-contact roll-ups")
		}
		assertRollupsRebuilt(t, s, "erasure")
		for table, rows := range allText(t, s) {
			for _, row := range rows {
				for _, m := range []string{markGiven, markFamily, markAlias, markNote, markPhone, strings.ToLower(markGiven)} {
					if strings.Contains(row, m) && !(table == "street_contacts" && strings.Contains(row, "|"+fmt.Sprint(other.ID)+"|") && m == markNote) &&
						!(table == "public_alerts" && !strings.Contains(row, "GW-0")) {
						t.Errorf("after erasure %s still holds %q: %s", table, m, row)
					}
				}
			}
		}
		if _, err := s.Person(ctx, allNotes, p.ID); err != nil {
			t.Fatalf("the tombstone row should stay: %v", err)
		}
		var answers string
		s.Gorm().Raw("SELECT answers FROM assessments WHERE person_id = ?", p.ID).Scan(&answers)
		if !strings.Contains(answers, `"story":"[erased]"`) || !strings.Contains(answers, `"rough_nights":12`) {
			t.Errorf("answers are replaced, so an answered field still counts as answered: %s", answers)
		}
		if _, err := s.ErasePerson(ctx, allNotes, by, p.ID, in); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("erasing twice: want not found, got %v", err)
		}
		var moves int64
		s.Gorm().Table("person_merge_moves").Count(&moves)
		if moves != 0 {
			t.Errorf("the merge's undo data should be erased too, %d moves left", moves)
		}
	})
}

func TestRetentionRefusesBadPeriodsAndRunsInBatches(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		org := b.Org("Org")
		hostel := b.Service(org, "Hostel", models.Hostel, la)
		outreach := b.Service(org, "Outreach", models.Outreach, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		by := models.Author{UserID: u.ID, ServiceID: hostel.ID}
		for _, bad := range []map[string]int{{"street_contact": 0}, {"audit_event": -5}, {"nonsense": 10}} {
			_, err := s.SaveRetention(ctx, by, models.RetentionInput{Periods: bad, Reason: "tightening the periods"})
			var fe models.FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("%v: want field errors, got %v", bad, err)
			}
			for k := range bad {
				if fe["periods."+k] == "" {
					t.Errorf("%v: the error should name periods.%s: %v", bad, k, fe)
				}
			}
		}
		if h, _ := s.RetentionHistory(ctx); len(h) != 0 {
			t.Fatalf("refused periods saved a version: %v", h)
		}
		v, err := s.SaveRetention(ctx, by, models.RetentionInput{Periods: map[string]int{"street_contact": 365, "notification": 30}, Reason: "area policy agreed in March"})
		if err != nil || v.Version != 1 || v.Periods["street_contact"] != 365 || v.Periods["audit_event"] != 6*365 {
			t.Fatalf("save: %v %+v", err, v)
		}
		p := b.Person("Ann", "Example", u, hostel)
		old := models.Now().AddDate(-2, 0, 0)
		for i := 0; i < 7; i++ {
			s.Gorm().Exec(`INSERT INTO street_contacts (person_id, description, service_id, user_id, confidential, seen_at, lat, lon, tile_x, tile_y, la_id, site_type, created_at)
				VALUES (?, 'by the bins', ?, ?, ?, ?, 52.63, -1.33, 32526, 21590, ?, 'doorway', ?)`, p.ID, outreach.ID, u.ID, false, old.Add(time.Duration(i)*time.Hour), la.ID, old)
			s.Gorm().Exec("INSERT INTO notifications (service_id, kind, person_id, created_at) VALUES (?, 'open_elsewhere', ?, ?)", hostel.ID, p.ID, old)
		}
		if err := s.RebuildStreetContactCells(ctx); err != nil {
			t.Fatal(err)
		}
		// Quentin's only service closed seven years ago.
		q := b.Person("Quentin", "Longago", u, hostel)
		longAgo := models.Now().AddDate(-7, 0, 0)
		mustExec(t, s, "UPDATE involvements SET started_at = ?, ended_at = ? WHERE person_id = ?", longAgo, longAgo, q.ID)
		mustExec(t, s, "UPDATE people SET updated_at = ?, created_at = ? WHERE id = ?", longAgo, longAgo, q.ID)
		mustExec(t, s, "UPDATE case_notes SET created_at = ? WHERE person_id = ?", longAgo, q.ID)
		roll := rollupRows(t, s)
		plan, _, err := s.RetentionPlan(ctx, models.Now())
		if err != nil || plan["street_contact"] != 7 || plan["notification"] != 7 || plan["person"] != 1 {
			t.Fatalf("dry run: %v %v", err, plan)
		}
		if n := countRows(t, s, "notifications"); n != 7 {
			t.Fatalf("a dry run changed something: %d notifications", n)
		}
		var calls int
		done, err := s.ApplyRetention(ctx, models.Now(), 3, func(d, total int64) { calls++ })
		if err != nil || done["street_contact"] != 7 || done["notification"] != 7 || done["person"] != 1 {
			t.Fatalf("apply: %v %v", err, done)
		}
		var gone models.Person
		s.Gorm().Take(&gone, q.ID)
		if gone.ErasedAt == nil || gone.GivenName != "" {
			t.Errorf("a person past the period is erased: %+v", gone)
		}
		if es, _ := s.Erasures(ctx, 10); len(es) != 1 || es[0].PersonID != q.ID || es[0].RequestedViaServiceID != nil {
			t.Errorf("the retention erasure is recorded, asked by no one: %+v", es)
		}
		if calls < 4 {
			t.Errorf("batches of 3 should report progress at least 4 times, got %d", calls)
		}
		if got := rollupRows(t, s); !reflect.DeepEqual(roll, got) {
			t.Error("retention changed the street-contact roll-ups")
		}
		assertRollupsRebuilt(t, s, "retention")
		var desc []string
		s.Gorm().Table("street_contacts").Pluck("description", &desc)
		for _, d := range desc {
			if d != "" {
				t.Errorf("a street contact past its period kept its description %q", d)
			}
		}
		if plan, _, _ := s.RetentionPlan(ctx, models.Now()); plan["street_contact"] != 0 || plan["notification"] != 0 {
			t.Errorf("a second run should find nothing: %v", plan)
		}
		evs, _, _ := s.AuditLog(ctx, models.AuditFilter{Action: "retention_run"})
		if len(evs) != 1 || !strings.Contains(evs[0].Reason, `"street_contact":7`) {
			t.Errorf("the run should be audited with counts: %+v", evs)
		}
		// Each batch commits with its own event.
		batches, _, _ := s.AuditLog(ctx, models.AuditFilter{Action: "retention_batch", Limit: 100})
		var contacts int
		for _, ev := range batches {
			var n int
			if _, err := fmt.Sscanf(ev.Reason, "street_contact %d", &n); err == nil {
				contacts += n
			}
		}
		if len(batches) < 4 || contacts != 7 {
			t.Errorf("each batch should be audited with its type and count (7 street contacts in all): %d events, %d contacts", len(batches), contacts)
		}
	})
}

func TestReleaseByAServiceHoldingNothingIsRefused(t *testing.T) {
	modeltest.Each(t, func(t *testing.T, s *models.Store) {
		b := modeltest.Build(t, s)
		la := b.LA("Northmoor")
		org := b.Org("Org")
		hostel := b.Service(org, "Hostel", models.Hostel, la)
		refuge := b.Service(org, "Refuge", models.Refuge, la)
		u := b.User("Worker", hostel, models.RoleWorker)
		m := b.User("Manager", refuge, models.RoleManager)
		p := b.Person("Ann", "Example", u, hostel)
		err := s.ReleaseSubjectAccessPart(ctx, models.Author{UserID: m.ID, ServiceID: refuge.ID}, p.ID)
		if !errors.Is(err, models.ErrInvalid) || !strings.Contains(err.Error(), "holds no records") {
			t.Fatalf("want a refusal naming why, got %v", err)
		}
		if n := countRows(t, s, "subject_access_releases"); n != 0 {
			t.Fatalf("a refused release was recorded")
		}
	})
}

func mustExec(t *testing.T, s *models.Store, q string, args ...any) {
	t.Helper()
	if err := s.Gorm().Exec(q, args...).Error; err != nil {
		t.Fatal(err)
	}
}

// A retention batch whose audit event cannot be written is rolled back:
// nothing is deleted that the audit log does not account for.
func TestRetentionBatchRollsBackWithoutItsAudit(t *testing.T) {
	s := modeltest.SQLite(t)
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	hostel := b.Service(b.Org("Org"), "Hostel", models.Hostel, la)
	p := b.Person("Nora", "Notified", b.User("Worker", hostel, models.RoleWorker), hostel)
	old := models.Now().AddDate(-5, 0, 0)
	for i := 0; i < 3; i++ {
		mustExec(t, s, "INSERT INTO notifications (service_id, kind, person_id, created_at) VALUES (?, 'open_elsewhere', ?, ?)", hostel.ID, p.ID, old)
	}
	mustExec(t, s, `CREATE TRIGGER audit_refused_for_test BEFORE INSERT ON audit_events
WHEN NEW.action = 'retention_batch' BEGIN SELECT RAISE(ABORT, 'audit refused for the test'); END;`)
	if _, err := s.ApplyRetention(ctx, models.Now(), 2, nil); err == nil {
		t.Fatal("a run whose batch cannot be audited should fail")
	}
	if n := countRows(t, s, "notifications"); n != 3 {
		t.Errorf("a batch was deleted although its audit event was not written: %d of 3 notifications left", n)
	}
}
