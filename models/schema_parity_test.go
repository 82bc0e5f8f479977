package models_test

import (
	"regexp"
	"testing"

	"gateway/models/modeltest"
)

// Both dialects' migrations must build the same schema: the same tables,
// columns (types mapped by typeClass), nullability, defaults, indexes,
// primary keys, unique constraints, foreign keys, the number of checks and
// which events triggers guard. The models tests run on both databases, but
// only over the columns they touch; a column, index or foreign key added
// to one folder only would pass them and show up in production on the
// other database.
func TestSchemaParity(t *testing.T) {
	postgres := describeSchema(t, modeltest.Postgres(t)) // skips without GATEWAY_TEST_POSTGRES
	sqlite := describeSchema(t, modeltest.SQLite(t))
	compareSide(t, "SQLite", sortedOnly(sqlite, postgres), onlySQLite)
	compareSide(t, "PostgreSQL", sortedOnly(postgres, sqlite), onlyPostgres)
}

// compareSide fails on every fact found on one side only that is not a
// listed exception, and on every exception that no longer matches one, so
// the list stays true.
func compareSide(t *testing.T, side string, only []string, allowed map[string]string) {
	t.Helper()
	used := map[string]bool{}
	for _, f := range only {
		if _, ok := allowed[f]; ok {
			used[f] = true
		} else if tb := "table " + factTable(f); allowed[tb] != "" {
			used[tb] = true
		} else {
			t.Errorf("only %s has: %s", side, f)
		}
	}
	for f, why := range allowed {
		if !used[f] {
			t.Errorf("exception no longer needed (remove it): only %s has %q (%s)", side, f, why)
		}
	}
}

var reFactTable = regexp.MustCompile(`^(?:table |column |primary key |unique |foreign key |index \S+ on |checks on |trigger on )(\w+)`)

// factTable names the table a fact is about.
func factTable(f string) string {
	if m := reFactTable.FindStringSubmatch(f); m != nil {
		return m[1]
	}
	return ""
}

// Deliberate differences, each with why. "table X" covers every fact
// about table X.
var (
	onlySQLite = map[string]string{
		// Processes sharing a SQLite file tell each other of changes
		// through it (models/changes_poll.go); PostgreSQL's instances use
		// NOTIFY.
		"table change_counters": "PostgreSQL announces changes with NOTIFY",
		// SQLite has no INCLUDE: the columns a hotspot map reads without
		// visiting the table are keys of the index instead.
		"index street_contacts_la_seen on street_contacts(la_id,seen_at,tile_x,tile_y,person_id,confidential)": "keys for PostgreSQL's INCLUDE",
		// The rollups' keys are unique, so keying on the included columns
		// too would loosen them: SQLite reads those from the table.
		"index street_contact_cells_key on street_contact_cells(month,la_id,service_id,tile_x,tile_y,person_id) unique":       "no INCLUDE in SQLite",
		"index street_contact_presence_key on street_contact_presence(epoch,la_id,service_id,tile_x,tile_y,person_id) unique": "no INCLUDE in SQLite",
		// PostgreSQL partitions these two by month (migration 00025), and
		// a partitioned table's primary key must hold the partition column;
		// SQLite keeps the plain id key. Ids come from one sequence on both.
		"primary key street_contacts(id)": "PostgreSQL's key adds seen_at, the partition column",
		"primary key audit_events(id)":    "PostgreSQL's key adds at, the partition column",
	}
	onlyPostgres = map[string]string{
		"primary key street_contacts(id,seen_at)": "partitioned by month on seen_at: the key must include it",
		"primary key audit_events(id,at)":         "partitioned by month on at: the key must include it",
		"index street_contacts_la_seen on street_contacts(la_id,seen_at include tile_x,tile_y,person_id,confidential)":                                    "INCLUDE, which SQLite lacks",
		"index street_contact_cells_key on street_contact_cells(month,la_id,service_id,tile_x,tile_y,person_id include confidential,contacts) unique":     "INCLUDE, which SQLite lacks",
		"index street_contact_presence_key on street_contact_presence(epoch,la_id,service_id,tile_x,tile_y,person_id include confidential,months) unique": "INCLUDE, which SQLite lacks",
		// Whole names by trigram (pg_trgm, GIN) for typos that defeat
		// every name key: PostgreSQL only by design, SQLite keeps the
		// key-based lookup (docs/DUPLICATES.md).
		"table person_names": "trigram names, PostgreSQL only",
		// ... kept in step with the name keys by two triggers.
		"trigger on person_name_keys after insert": "fills person_names",
		"trigger on person_name_keys after delete": "empties person_names",
		// SQLite has no TRUNCATE; a DELETE of every row meets the
		// audit_events delete trigger on both.
		"trigger on audit_events before truncate": "TRUNCATE is PostgreSQL's",
		// SQLite cannot add a constraint to an existing table without
		// rebuilding it, so when dob took YYYY and YYYY-MM as well as
		// YYYY-MM-DD, only PostgreSQL gained a check of its form; on both
		// the application checks it (models.ParseDate).
		"checks on people: 1": "people_dob_form, added by ALTER TABLE",
	}
)
