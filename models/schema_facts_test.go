package models_test

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gateway/models"
)

// A schema is described as a set of facts, one line each, written the
// same way for both dialects so that the two sets can be compared as sets:
//
//	column people.version integer not null default 1
//	primary key people(id)
//	unique api_tokens(token_hash)
//	index users_email on users(lower(email)) unique
//	foreign key cases(person_id) -> people(id) on delete no action
//	checks on assessments: 3
//	trigger on audit_events before update
//
// Explicitly created indexes are named (both dialects keep the name from
// CREATE INDEX); unique constraints and primary keys are named by their
// columns, because each dialect names them its own way
// (sqlite_autoindex_api_tokens_1, api_tokens_token_hash_key).

// typeClass maps each declared column type to what it stores. The pairs
// are equivalent because Gateway reads and writes them through the same Go
// types on both databases:
var typeClass = map[string]string{
	// SQLite's INTEGER holds up to 64 bits, BIGINT's range. PostgreSQL's
	// 32-bit integer (tile coordinates, counts) maps here too: SQLite
	// has no narrower integer to tell it by.
	"integer": "integer", "bigint": "integer", "int": "integer", "smallint": "integer",
	// SQLite has one string type; TEXT and VARCHAR are both unbounded there
	// and in PostgreSQL TEXT is VARCHAR without a length.
	"text": "text", "varchar": "text", "character varying": "text",
	// DATETIME holds a UTC time as text (models.Now is UTC, microseconds);
	// TIMESTAMPTZ holds the same instant. The driver converts both to
	// time.Time.
	"datetime": "time", "timestamp": "time", "timestamp with time zone": "time",
	// A calendar date with no time or zone: models.Date on both sides.
	"date": "date",
	// SQLite stores BOOLEAN as 0/1 with numeric affinity; the driver scans
	// it into a Go bool as PostgreSQL's boolean is.
	"boolean": "bool",
	// REAL is SQLite's 8-byte IEEE float, the same as DOUBLE PRECISION.
	"real": "real", "double precision": "real", "double": "real",
	// Bytes, for the session store's data.
	"blob": "bytes", "bytea": "bytes",
}

// datesAsText are the DATE columns of PostgreSQL that SQLite declares
// TEXT. SQLite has no date type: models.Date writes 'YYYY-MM-DD' to both,
// and as text in that form it sorts and compares as a date does. (The
// SQLite driver hands back a column declared DATE as a time.Time, not the
// text the SQLite queries compare with.)
var datesAsText = map[string]bool{
	"placements.move_on_date":    true,
	"safety_plans.review_by":     true,
	"street_contact_cells.month": true,
}

// describeSchema reads the migrated schema back from the database itself.
func describeSchema(t *testing.T, s *models.Store) map[string]bool {
	t.Helper()
	facts := map[string]bool{}
	add := func(format string, args ...any) { facts[fmt.Sprintf(format, args...)] = true }
	pg := s.Dialect() == models.Postgres
	raw := func(dest any, q string, args ...any) {
		t.Helper()
		if err := s.Gorm().Raw(q, args...).Scan(dest).Error; err != nil {
			t.Fatalf("%s\n%v", q, err)
		}
	}

	var cols []struct {
		Tbl, Col, Typ, Dflt string
		NotNull, PK         bool
	}
	if pg {
		raw(&cols, `SELECT c.table_name AS tbl, c.column_name AS col, c.data_type AS typ, c.is_nullable = 'NO' AS not_null, false AS pk, COALESCE(c.column_default, '') AS dflt
			FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	} else {
		raw(&cols, `SELECT m.name AS tbl, p.name AS col, p.type AS typ, p."notnull" AS not_null, p.pk > 0 AS pk, COALESCE(p.dflt_value, '') AS dflt
			FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	}
	for _, c := range cols {
		if c.Tbl == gooseTable {
			continue
		}
		class, ok := typeClass[strings.ToLower(c.Typ)]
		if !ok {
			class = "unmapped:" + strings.ToLower(c.Typ)
		}
		if !pg && class == "text" && datesAsText[c.Tbl+"."+c.Col] {
			class = "date"
		}
		null := "null"
		// SQLite does not mark a primary key column NOT NULL, but an
		// INTEGER PRIMARY KEY is the rowid and can never be NULL (and
		// gorm never writes one as NULL to the others).
		if c.NotNull || c.PK {
			null = "not null"
		}
		add("table %s", c.Tbl)
		add("column %s.%s %s %s%s", c.Tbl, c.Col, class, null, normaliseDefault(c.Dflt))
	}

	var idx []struct {
		Tbl, Name, Def, Origin, Cols string
		Unique                       bool
	}
	if pg {
		// Origin says what made the index, in SQLite's letters: c for
		// CREATE INDEX, u for a UNIQUE constraint, pk for the primary key.
		raw(&idx, `SELECT t.relname AS tbl, i.relname AS name, pg_get_indexdef(ix.indexrelid) AS def, ix.indisunique AS "unique",
				CASE WHEN ix.indisprimary THEN 'pk' WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid AND k.contype = 'u') THEN 'u' ELSE 'c' END AS origin,
				(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(ix.indkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n) AS cols
			FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema()`)
	} else {
		raw(&idx, `SELECT m.name AS tbl, l.name AS name, COALESCE(s.sql, '') AS def, l."unique" AS "unique", l.origin AS origin,
				(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) AS cols
			FROM sqlite_master m JOIN pragma_index_list(m.name) l LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = l.name
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`)
	}
	for _, i := range idx {
		if i.Tbl == gooseTable {
			continue
		}
		switch i.Origin {
		case "pk":
			add("primary key %s(%s)", i.Tbl, i.Cols)
		case "u":
			add("unique %s(%s)", i.Tbl, i.Cols)
		default:
			using, keys, where := parseIndexDef(i.Def)
			fact := fmt.Sprintf("index %s on %s(%s)", i.Name, i.Tbl, keys)
			if i.Unique {
				fact += " unique"
			}
			if using != "btree" {
				fact += " using " + using
			}
			if where != "" {
				fact += " where " + where
			}
			add("%s", fact)
		}
	}
	if !pg {
		// An INTEGER PRIMARY KEY is the rowid and has no index of its
		// own, so SQLite's primary keys are read from the columns.
		pks := map[string][]string{}
		var rows []struct{ Tbl, Col string }
		raw(&rows, `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.pk > 0 ORDER BY m.name, p.pk`)
		for _, r := range rows {
			pks[r.Tbl] = append(pks[r.Tbl], r.Col)
		}
		for tbl, c := range pks {
			if tbl != gooseTable {
				add("primary key %s(%s)", tbl, strings.Join(c, ","))
			}
		}
	}

	var fks []struct{ Tbl, Cols, Ref, RefCols, OnDelete string }
	if pg {
		raw(&fks, `SELECT t.relname AS tbl, r.relname AS ref,
				(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
				(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_cols,
				CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' WHEN 'r' THEN 'restrict' ELSE 'no action' END AS on_delete
			FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema() AND c.contype = 'f'`)
	} else {
		// A REFERENCES with no column names the parent's primary key:
		// "to" is NULL then, and the key is filled in below.
		raw(&fks, `SELECT m.name AS tbl, f."table" AS ref, group_concat(f."from", ',') AS cols, group_concat(COALESCE(f."to", ''), ',') AS ref_cols, lower(f.on_delete) AS on_delete
			FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
			GROUP BY m.name, f.id`)
	}
	for _, f := range fks {
		ref := f.RefCols
		if strings.Trim(ref, ",") == "" {
			ref = primaryKeyOf(facts, f.Ref)
		}
		add("foreign key %s(%s) -> %s(%s) on delete %s", f.Tbl, f.Cols, f.Ref, ref, f.OnDelete)
	}

	// CHECK constraints are written in each dialect's own SQL (GLOB
	// against ~), so only their number per table is compared: a check
	// added to one folder only still shows.
	var checks []struct {
		Tbl string
		N   int
	}
	if pg {
		raw(&checks, `SELECT t.relname AS tbl, count(*) AS n FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema() AND c.contype = 'c' GROUP BY t.relname`)
	} else {
		var tables []struct{ Tbl, SQL string }
		raw(&tables, `SELECT name AS tbl, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
		for _, tb := range tables {
			if n := len(reCheck.FindAllString(reComment.ReplaceAllString(tb.SQL, ""), -1)); n > 0 {
				checks = append(checks, struct {
					Tbl string
					N   int
				}{tb.Tbl, n})
			}
		}
	}
	for _, c := range checks {
		add("checks on %s: %d", c.Tbl, c.N)
	}

	// Triggers keep records append-only or frozen. Each dialect writes them
	// its own way (SQLite one trigger per event with a WHEN, PostgreSQL one
	// function for UPDATE OR DELETE), so what is compared is which events
	// of which table are guarded, and when.
	var trigs []struct {
		Tbl, Def string
		Type     int
	}
	if pg {
		raw(&trigs, `SELECT c.relname AS tbl, t.tgtype AS type, '' AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND NOT t.tgisinternal`)
	} else {
		raw(&trigs, `SELECT tbl_name AS tbl, sql AS def, 0 AS type FROM sqlite_master WHERE type = 'trigger'`)
	}
	for _, tr := range trigs {
		for _, ev := range triggerEvents(tr.Def, tr.Type) {
			add("trigger on %s %s", tr.Tbl, ev)
		}
	}
	return facts
}

// triggerEvents reads "before update", "after insert", ... from SQLite's
// CREATE TRIGGER text or from PostgreSQL's pg_trigger.tgtype bits.
func triggerEvents(def string, tgtype int) []string {
	if def != "" {
		m := reTrigger.FindStringSubmatch(def)
		if m == nil {
			return []string{"? " + def}
		}
		return []string{strings.ToLower(m[1] + " " + m[2])}
	}
	when := "after"
	if tgtype&2 != 0 {
		when = "before"
	} else if tgtype&64 != 0 {
		when = "instead of"
	}
	var out []string
	for bit, ev := range map[int]string{4: "insert", 8: "delete", 16: "update", 32: "truncate"} {
		if tgtype&bit != 0 {
			out = append(out, when+" "+ev)
		}
	}
	return out
}

// normaliseDefault writes a column default one way: PostgreSQL casts its
// literals ('open'::text) and spells booleans false and true, which SQLite
// stores as 0 and 1.
func normaliseDefault(d string) string {
	if d == "" {
		return ""
	}
	d = normaliseSQL(d)
	switch d {
	case "false":
		d = "0"
	case "true":
		d = "1"
	}
	return " default " + d
}

// gooseTable is goose's own bookkeeping, shaped differently per dialect
// by goose itself, not by a migration.
const gooseTable = "goose_db_version"

// primaryKeyOf finds a table's primary key columns among the facts.
func primaryKeyOf(facts map[string]bool, table string) string {
	for f := range facts {
		if rest, ok := strings.CutPrefix(f, "primary key "+table+"("); ok {
			return strings.TrimSuffix(rest, ")")
		}
	}
	return "?"
}

var (
	reIndexHead = regexp.MustCompile(`(?is)^.*?\sON\s+\S+\s*(?:USING\s+(\w+)\s*)?\(`)
	reCast      = regexp.MustCompile(`::[a-z ]+`)
	reSpace     = regexp.MustCompile(`\s+`)
	reCheck     = regexp.MustCompile(`(?i)\bCHECK\s*\(`)
	reComment   = regexp.MustCompile(`--[^\n]*`)
	reTrigger   = regexp.MustCompile(`(?is)CREATE\s+TRIGGER\s+\S+\s+(BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|UPDATE|DELETE)\b`)
)

// parseIndexDef reads the method, key list and WHERE clause of a CREATE
// INDEX statement: SQLite keeps the statement as written, PostgreSQL
// rebuilds it (pg_get_indexdef) with its own parentheses, casts and
// schema-qualified names, which normalise away.
func parseIndexDef(def string) (using, keys, where string) {
	m := reIndexHead.FindStringSubmatchIndex(def)
	if m == nil {
		return "btree", "?" + def, ""
	}
	using = "btree"
	if m[2] >= 0 {
		using = strings.ToLower(def[m[2]:m[3]])
	}
	list, tail := closeParen(def[m[1]:])
	keys = normaliseKeys(list)
	// PostgreSQL can carry columns in an index without keying on them
	// (INCLUDE); SQLite cannot, so its twin keys on them.
	if inc, ok := cutPrefixFold(tail, "INCLUDE"); ok {
		list, tail = closeParen(strings.TrimPrefix(strings.TrimSpace(inc), "("))
		keys += " include " + normaliseKeys(list)
	}
	if w, ok := cutPrefixFold(tail, "WHERE"); ok {
		where = strings.NewReplacer("(", "", ")", "").Replace(normaliseSQL(w))
		where = strings.TrimSpace(reSpace.ReplaceAllString(where, " "))
	} else if tail != "" {
		where = "? " + tail // not read: shows up as a difference, never hidden
	}
	return using, keys, where
}

// closeParen splits s after the parenthesis that closes an opened one.
func closeParen(s string) (inside, rest string) {
	depth := 1
	for i, r := range s {
		if r == '(' {
			depth++
		} else if r == ')' {
			if depth--; depth == 0 {
				return s[:i], strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s[i+1:]), ";"))
			}
		}
	}
	return s, ""
}

// normaliseKeys writes an index's key list one way: lower case, no
// quotes or casts, ASC (the default) left out, the trigram operator
// class's schema left out.
func normaliseKeys(list string) string {
	var parts []string
	for _, k := range splitTopLevel(list) {
		k = normaliseSQL(k)
		k = strings.TrimSuffix(k, " asc")
		k = strings.ReplaceAll(k, "public.", "")
		parts = append(parts, k)
	}
	return strings.Join(parts, ",")
}

// normaliseSQL lower-cases an expression and drops what PostgreSQL adds
// when it prints one back: casts of literals and quoting.
func normaliseSQL(s string) string {
	s = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), ";")))
	s = reCast.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, `"`, "")
	return reSpace.ReplaceAllString(s, " ")
}

func splitTopLevel(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// sortedOnly lists the facts in a that b lacks.
func sortedOnly(a, b map[string]bool) []string {
	var out []string
	for f := range a {
		if !b[f] {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out
}
