package models_test

import (
	"fmt"
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

// schemaReader collects one database's facts.
type schemaReader struct {
	t     *testing.T
	s     *models.Store
	pg    bool
	facts map[string]bool
}

// describeSchema reads the migrated schema back from the database itself.
//
// PostgreSQL's monthly partitions of street_contacts and audit_events
// (migration 00025) are storage, not schema: each is a copy of its
// table's columns, indexes, keys and triggers, made by PostgreSQL from the
// partitioned table, which is what is compared.
func describeSchema(t *testing.T, s *models.Store) map[string]bool {
	t.Helper()
	r := &schemaReader{t: t, s: s, pg: s.Dialect() == models.Postgres, facts: map[string]bool{}}
	r.columns()
	r.indexes()
	r.primaryKeys()
	r.foreignKeys() // after the primary keys, which it may refer to
	r.checks()
	r.triggers()
	return r.facts
}

func (r *schemaReader) add(format string, args ...any) { r.facts[fmt.Sprintf(format, args...)] = true }

// query runs the dialect's query into dest.
func (r *schemaReader) query(dest any, sqliteQuery, postgresQuery string) {
	r.t.Helper()
	q := sqliteQuery
	if r.pg {
		q = postgresQuery
	}
	if q == "" {
		return
	}
	if err := r.s.Gorm().Raw(q).Scan(dest).Error; err != nil {
		r.t.Fatalf("%s\n%v", q, err)
	}
}

// gooseTable is goose's own bookkeeping, shaped differently per dialect
// by goose itself, not by a migration.
const gooseTable = "goose_db_version"

func (r *schemaReader) columns() {
	var cols []struct {
		Tbl, Col, Typ, Dflt string
		NotNull, PK         bool
	}
	r.query(&cols, `SELECT m.name AS tbl, p.name AS col, p.type AS typ, p."notnull" AS not_null, p.pk > 0 AS pk, COALESCE(p.dflt_value, '') AS dflt
			FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
		`SELECT c.table_name AS tbl, c.column_name AS col, c.data_type AS typ, c.is_nullable = 'NO' AS not_null, false AS pk, COALESCE(c.column_default, '') AS dflt
			FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
			WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
				AND NOT EXISTS (SELECT 1 FROM pg_class k WHERE k.oid = to_regclass(quote_ident(c.table_name)) AND k.relispartition)`)
	for _, c := range cols {
		if c.Tbl == gooseTable {
			continue
		}
		class, ok := typeClass[strings.ToLower(c.Typ)]
		if !ok {
			class = "unmapped:" + strings.ToLower(c.Typ)
		}
		if !r.pg && class == "text" && datesAsText[c.Tbl+"."+c.Col] {
			class = "date"
		}
		null := "null"
		// SQLite does not mark a primary key column NOT NULL, but an
		// INTEGER PRIMARY KEY is the rowid and can never be NULL (and
		// gorm never writes one as NULL to the others).
		if c.NotNull || c.PK {
			null = "not null"
		}
		r.add("table %s", c.Tbl)
		r.add("column %s.%s %s %s%s", c.Tbl, c.Col, class, null, normaliseDefault(c.Dflt))
	}
}

// indexes reads every index. Origin says what made one, in SQLite's
// letters: c for CREATE INDEX, u for a UNIQUE constraint, pk for the
// primary key.
func (r *schemaReader) indexes() {
	var idx []struct {
		Tbl, Name, Def, Origin, Cols string
		Unique                       bool
	}
	r.query(&idx, `SELECT m.name AS tbl, l.name AS name, COALESCE(s.sql, '') AS def, l."unique" AS "unique", l.origin AS origin,
				(SELECT group_concat(name, ',') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) AS cols
			FROM sqlite_master m JOIN pragma_index_list(m.name) l LEFT JOIN sqlite_master s ON s.type = 'index' AND s.name = l.name
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`,
		`SELECT t.relname AS tbl, i.relname AS name, pg_get_indexdef(ix.indexrelid) AS def, ix.indisunique AS "unique",
				CASE WHEN ix.indisprimary THEN 'pk' WHEN EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = ix.indexrelid AND k.contype = 'u') THEN 'u' ELSE 'c' END AS origin,
				(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(ix.indkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = k.n) AS cols
			FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema() AND NOT t.relispartition`)
	for _, i := range idx {
		if i.Tbl == gooseTable {
			continue
		}
		switch i.Origin {
		case "pk":
			r.add("primary key %s(%s)", i.Tbl, i.Cols)
		case "u":
			r.add("unique %s(%s)", i.Tbl, i.Cols)
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
			r.add("%s", fact)
		}
	}
}

// primaryKeys adds SQLite's INTEGER PRIMARY KEYs: such a key is the rowid
// and has no index of its own to be read from. (PostgreSQL's all have one.)
func (r *schemaReader) primaryKeys() {
	var rows []struct{ Tbl, Col string }
	r.query(&rows, `SELECT m.name AS tbl, p.name AS col FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND p.pk > 0 ORDER BY m.name, p.pk`, "")
	pks := map[string][]string{}
	for _, row := range rows {
		pks[row.Tbl] = append(pks[row.Tbl], row.Col)
	}
	for tbl, c := range pks {
		if tbl != gooseTable {
			r.add("primary key %s(%s)", tbl, strings.Join(c, ","))
		}
	}
}

func (r *schemaReader) foreignKeys() {
	var fks []struct{ Tbl, Cols, Ref, RefCols, OnDelete string }
	// In SQLite a REFERENCES with no column names the parent's primary
	// key: "to" is NULL then, and the key is filled in below.
	r.query(&fks, `SELECT m.name AS tbl, f."table" AS ref, group_concat(f."from", ',') AS cols, group_concat(COALESCE(f."to", ''), ',') AS ref_cols, lower(f.on_delete) AS on_delete
			FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'
			GROUP BY m.name, f.id`,
		`SELECT t.relname AS tbl, r.relname AS ref,
				(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n) AS cols,
				(SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n) AS ref_cols,
				CASE c.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'd' THEN 'set default' WHEN 'r' THEN 'restrict' ELSE 'no action' END AS on_delete
			FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema() AND c.contype = 'f' AND NOT t.relispartition`)
	for _, f := range fks {
		ref := f.RefCols
		if strings.Trim(ref, ",") == "" {
			ref = r.primaryKeyOf(f.Ref)
		}
		r.add("foreign key %s(%s) -> %s(%s) on delete %s", f.Tbl, f.Cols, f.Ref, ref, f.OnDelete)
	}
}

// primaryKeyOf finds a table's primary key columns among the facts.
func (r *schemaReader) primaryKeyOf(table string) string {
	for f := range r.facts {
		if rest, ok := strings.CutPrefix(f, "primary key "+table+"("); ok {
			return strings.TrimSuffix(rest, ")")
		}
	}
	return "?"
}

// checks counts CHECK constraints per table. They are written in each
// dialect's own SQL (GLOB against ~), so only their number is compared: a
// check added to one folder only still shows.
func (r *schemaReader) checks() {
	if r.pg {
		var rows []struct {
			Tbl string
			N   int
		}
		r.query(&rows, "", `SELECT t.relname AS tbl, count(*) AS n FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema() AND c.contype = 'c' AND NOT t.relispartition GROUP BY t.relname`)
		for _, c := range rows {
			r.add("checks on %s: %d", c.Tbl, c.N)
		}
		return
	}
	var tables []struct{ Tbl, SQL string }
	r.query(&tables, `SELECT name AS tbl, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`, "")
	for _, tb := range tables {
		if n := len(reCheck.FindAllString(reComment.ReplaceAllString(tb.SQL, ""), -1)); n > 0 {
			r.add("checks on %s: %d", tb.Tbl, n)
		}
	}
}

// triggers keep records append-only or frozen. Each dialect writes them
// its own way (SQLite one trigger per event with a WHEN, PostgreSQL one
// function for UPDATE OR DELETE), so what is compared is which events of
// which table are guarded, and when.
func (r *schemaReader) triggers() {
	var trigs []struct {
		Tbl, Def string
		Type     int
	}
	r.query(&trigs, `SELECT tbl_name AS tbl, sql AS def, 0 AS type FROM sqlite_master WHERE type = 'trigger'`,
		`SELECT c.relname AS tbl, t.tgtype AS type, '' AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = current_schema() AND NOT t.tgisinternal AND NOT c.relispartition`)
	for _, tr := range trigs {
		for _, ev := range triggerEvents(tr.Def, tr.Type) {
			r.add("trigger on %s %s", tr.Tbl, ev)
		}
	}
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
