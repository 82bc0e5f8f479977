package models_test

import (
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"

	"gateway/models"
	"gateway/models/modeltest"
)

// partitionFixture is a PostgreSQL store with contacts in many months (one
// far in the past, one far ahead) and audit events, some old.
func partitionFixture(t *testing.T) (*models.Store, *outreachWorld, []rawContact) {
	t.Helper()
	s := modeltest.Postgres(t) // skips without GATEWAY_TEST_POSTGRES
	w := newOutreachWorld(t, s)
	now := time.Now()
	var cs []rawContact
	for i := 0; i < 30; i++ {
		cs = append(cs, rawContact{person: w.person.ID, at: now.AddDate(0, -i, 0), tileX: 32526 + i%3, tileY: 21590, la: w.la.ID})
	}
	cs = append(cs,
		rawContact{person: w.person.ID, at: now.AddDate(-9, 0, 0), tileX: 32526, tileY: 21590, la: w.la.ID},
		rawContact{at: now.AddDate(2, 0, 0), tileX: 32527, tileY: 21590, la: w.la.ID})
	loadContacts(t, s, w, cs)
	for _, at := range []time.Time{now.AddDate(-7, 0, 0), now.AddDate(-7, 1, 0), now.AddDate(0, -1, 0), now.AddDate(1, 0, 0)} {
		if err := s.Audit(ctx, models.AuditEvent{At: at.UTC(), Action: models.AuditRead, ObjectType: "person", ObjectID: &w.person.ID}); err != nil {
			t.Fatal(err)
		}
	}
	return s, w, cs
}

func scalar[T any](t *testing.T, s *models.Store, q string, args ...any) T {
	t.Helper()
	var v T
	if err := s.Gorm().Raw(q, args...).Scan(&v).Error; err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// tableState is what a change of layout must keep: every row (as text,
// ordered by id) and where the id sequence stands.
func tableState(t *testing.T, s *models.Store, table string) (rows []string, nextID int64) {
	t.Helper()
	if err := s.Gorm().Raw("SELECT CAST(x.* AS TEXT) FROM " + table + " x ORDER BY id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	seq := scalar[string](t, s, "SELECT pg_get_serial_sequence(?, 'id')", table)
	return rows, scalar[int64](t, s, "SELECT last_value FROM "+seq)
}

// Migration 00025 down and up again keeps every row and each sequence's
// place, and the tables are partitioned only when it is applied.
func TestPartitionMigrationDownAndUpKeepsEveryRow(t *testing.T) {
	s, _, _ := partitionFixture(t)
	type state struct {
		rows []string
		next int64
	}
	read := func() map[string]state {
		out := map[string]state{}
		for _, pt := range models.PartitionedTables {
			r, n := tableState(t, s, pt.Table)
			out[pt.Table] = state{r, n}
		}
		return out
	}
	before := read()
	if len(before["street_contacts"].rows) != 32 || len(before["audit_events"].rows) < 4 {
		t.Fatalf("fixture: %d contacts, %d audit events", len(before["street_contacts"].rows), len(before["audit_events"].rows))
	}
	if ok, err := s.Partitioned(ctx); err != nil || !ok {
		t.Fatalf("partitioned after migrating: %v %v", ok, err)
	}
	if _, err := s.EnsurePartitions(ctx, time.Now()); err != nil { // empties DEFAULT, so both layouts are exercised
		t.Fatal(err)
	}
	if err := s.MigrateDown(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Partitioned(ctx); ok {
		t.Fatal("still partitioned after rolling back 00025")
	}
	if got := read(); !reflect.DeepEqual(got, before) {
		t.Errorf("rolling back 00025 changed the rows or sequences")
	}
	if err := s.Gorm().Exec("UPDATE audit_events SET reason = 'x'").Error; err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("audit log not append-only after the rollback: %v", err)
	}
	if err := s.Migrate(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := read(); !reflect.DeepEqual(got, before) {
		t.Errorf("migrating 00025 again changed the rows or sequences")
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM street_contacts_default"); n != 0 {
		t.Errorf("the migration left %d contacts in DEFAULT; every month with contacts gets its own partition", n)
	}
	// New rows continue the same sequence.
	if err := s.Audit(ctx, models.AuditEvent{Action: models.AuditRead}); err != nil {
		t.Fatal(err)
	}
	if id := scalar[int64](t, s, "SELECT max(id) FROM audit_events"); id != before["audit_events"].next+1 {
		t.Errorf("next audit id %d, want %d", id, before["audit_events"].next+1)
	}
}

// The audit log stays append-only on every partition, DEFAULT included,
// whether reached through the table or by the partition's own name.
func TestPartitionedAuditLogStaysAppendOnly(t *testing.T) {
	s, _, _ := partitionFixture(t)
	if _, err := s.EnsurePartitions(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	part := "audit_events_p" + models.MonthStart(time.Now().AddDate(0, -1, 0)).Format("2006_01") // holds one event
	for _, q := range []string{
		"UPDATE audit_events SET reason = 'x'",
		"DELETE FROM audit_events",
		"TRUNCATE audit_events",
		"UPDATE " + part + " SET reason = 'x'",
		"DELETE FROM " + part,
		"TRUNCATE " + part,
		"TRUNCATE audit_events_default",
	} {
		if err := s.Gorm().Exec(q).Error; err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

// Rows in DEFAULT (a month far back or far ahead) move into their own
// month's partition when the server makes partitions; running it again
// makes nothing. Every row survives and none is left in DEFAULT.
func TestEnsurePartitionsMovesRowsOutOfDefault(t *testing.T) {
	s, _, cs := partitionFixture(t)
	now := time.Now()
	inDefault := scalar[int64](t, s, "SELECT count(*) FROM street_contacts_default")
	// A new database has this month and the next three: every contact
	// but this month's is in DEFAULT.
	if inDefault != int64(len(cs)-1) {
		t.Fatalf("want %d contacts in DEFAULT, have %d", len(cs)-1, inDefault)
	}
	auditBefore := scalar[int64](t, s, "SELECT count(*) FROM audit_events")
	made, err := s.EnsurePartitions(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"street_contacts_p" + models.MonthStart(now.AddDate(-9, 0, 0)).Format("2006_01"),
		"street_contacts_p" + models.MonthStart(now.AddDate(2, 0, 0)).Format("2006_01"),
		"audit_events_p" + models.MonthStart(now.AddDate(-7, 0, 0)).Format("2006_01"),
		"audit_events_p" + models.MonthStart(now.AddDate(1, 0, 0)).Format("2006_01"),
	} {
		found := false
		for _, m := range made {
			found = found || m == want
		}
		if !found {
			t.Errorf("EnsurePartitions made %v, not %s", made, want)
		}
	}
	for _, pt := range models.PartitionedTables {
		if n := scalar[int64](t, s, "SELECT count(*) FROM "+pt.Table+"_default"); n != 0 {
			t.Errorf("%d rows left in %s_default", n, pt.Table)
		}
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM street_contacts"); n != int64(len(cs)) {
		t.Errorf("%d contacts after moving, want %d", n, len(cs))
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM audit_events"); n != auditBefore {
		t.Errorf("%d audit events after moving, want %d", n, auditBefore)
	}
	again, err := s.EnsurePartitions(ctx, now)
	if err != nil || len(again) != 0 {
		t.Errorf("a second run made %v (%v); it should make nothing", again, err)
	}
	// A month three ahead exists, so next quarter's contacts never land in DEFAULT.
	ahead := now.AddDate(0, models.PartitionsAhead, 0)
	if err := s.Gorm().Exec(`INSERT INTO street_contacts (service_id, seen_at, lat, lon, tile_x, tile_y, site_type, created_at)
		SELECT service_id, ?, lat, lon, tile_x, tile_y, site_type, created_at FROM street_contacts LIMIT 1`, ahead).Error; err != nil {
		t.Fatal(err)
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM street_contacts_default"); n != 0 {
		t.Errorf("a contact %d months ahead went to DEFAULT", models.PartitionsAhead)
	}
	// The new partitions of the audit log are append-only too.
	old := "audit_events_p" + models.MonthStart(now.AddDate(-7, 0, 0)).Format("2006_01")
	if err := s.Gorm().Exec("TRUNCATE " + old).Error; err == nil {
		t.Errorf("TRUNCATE of a partition made for rows moved out of DEFAULT succeeded")
	}
}

// Old audit months are detached once past the audit period, never before;
// street-contact months only once retention has anonymised them, and their
// roll-ups go with them so the roll-ups still equal a rebuild.
func TestDetachPartitionsFollowsRetention(t *testing.T) {
	s, _, _ := partitionFixture(t)
	now := time.Now()
	if _, err := s.EnsurePartitions(ctx, now); err != nil {
		t.Fatal(err)
	}
	total := scalar[int64](t, s, "SELECT count(*) FROM audit_events")

	// Audit events are kept six years: last month's may not go.
	if _, err := s.DetachPartitions(ctx, "audit_events", now, now, false); !errors.Is(err, models.ErrPartitionRetention) {
		t.Fatalf("detaching this year's audit log: %v", err)
	}
	done, err := s.DetachPartitions(ctx, "audit_events", now.AddDate(-6, -1, 0), now, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 2 || done[0].Rows != 1 || done[1].Rows != 1 {
		t.Fatalf("detached %+v, want the two months seven years ago with one event each", done)
	}
	// Two rows left the table; one detach_partition event per month came in.
	if n := scalar[int64](t, s, "SELECT count(*) FROM audit_events"); n != total-2+2 {
		t.Errorf("%d audit events after detaching, want %d", n, total)
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM audit_events WHERE action = ?", models.AuditDetachPartition); n != 2 {
		t.Errorf("%d detach_partition events, want 2", n)
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM detached_"+done[0].Name); n != 1 {
		t.Errorf("the detached table holds %d rows, want 1", n)
	}

	// Street contacts: the nine-year-old one is past its two years but not
	// yet anonymised.
	old := now.AddDate(-8, 0, 0)
	if _, err := s.DetachPartitions(ctx, "street_contacts", old, now, true); !errors.Is(err, models.ErrPartitionRetention) {
		t.Fatalf("detaching a month not yet anonymised: %v", err)
	}
	if _, err := s.ApplyRetention(ctx, now, 100, nil); err != nil {
		t.Fatal(err)
	}
	contacts := scalar[int64](t, s, "SELECT count(*) FROM street_contacts")
	done, err = s.DetachPartitions(ctx, "street_contacts", old, now, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(done) != 1 || done[0].Rows != 1 {
		t.Fatalf("detached %+v, want one month with one contact", done)
	}
	if n := scalar[int64](t, s, "SELECT count(*) FROM street_contacts"); n != contacts-1 {
		t.Errorf("%d contacts after detaching, want %d", n, contacts-1)
	}
	if scalar[bool](t, s, "SELECT to_regclass(?) IS NOT NULL", "detached_"+done[0].Name) {
		t.Errorf("--drop left the detached table")
	}
	assertRollupsRebuilt(t, s, "detaching a street-contact month")

	// The month can come back: a late contact for it gets a new partition.
	if err := s.Gorm().Exec(`INSERT INTO street_contacts (service_id, seen_at, lat, lon, tile_x, tile_y, site_type, created_at)
		SELECT service_id, ?, lat, lon, tile_x, tile_y, site_type, created_at FROM street_contacts LIMIT 1`, now.AddDate(-9, 0, 0)).Error; err != nil {
		t.Fatal(err)
	}
	if made, err := s.EnsurePartitions(ctx, now); err != nil || len(made) != 1 {
		t.Errorf("after a late contact for a detached month: made %v, %v", made, err)
	}
}

func TestPartitionsAreAPostgreSQLMatter(t *testing.T) {
	s := modeltest.SQLite(t)
	if ok, err := s.Partitioned(ctx); ok || err != nil {
		t.Errorf("SQLite partitioned: %v %v", ok, err)
	}
	if made, err := s.EnsurePartitions(ctx, time.Now()); len(made) != 0 || err != nil {
		t.Errorf("EnsurePartitions on SQLite: %v %v", made, err)
	}
	if _, err := s.Partitions(ctx); err == nil {
		t.Errorf("listing partitions on SQLite did not say there are none")
	}
}
