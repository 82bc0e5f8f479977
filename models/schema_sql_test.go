package models_test

import (
	"regexp"
	"strings"
	"testing"
)

// Reading the SQL each dialect gives back (CREATE INDEX and CREATE TRIGGER
// statements, expressions) into one normal form.

var (
	reIndexHead = regexp.MustCompile(`(?is)^.*?\sON\s+(?:ONLY\s+)?\S+\s*(?:USING\s+(\w+)\s*)?\(`)
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

// The same index as each dialect gives it back must read the same, and a
// real difference must still read differently.
func TestParseIndexDef(t *testing.T) {
	sqlite := `CREATE UNIQUE INDEX referrals_one_pending ON referrals (person_id, to_service_id) WHERE status = 'sent'`
	postgres := `CREATE UNIQUE INDEX referrals_one_pending ON gwtest_0a1b.referrals USING btree (person_id, to_service_id) WHERE (status = 'sent'::text)`
	for _, def := range []string{sqlite, postgres} {
		using, keys, where := parseIndexDef(def)
		if using != "btree" || keys != "person_id,to_service_id" || where != "status = 'sent'" {
			t.Errorf("%s\nread as using %q keys %q where %q", def, using, keys, where)
		}
	}
	if _, keys, _ := parseIndexDef(`CREATE INDEX d ON duplicate_pairs (status, score DESC, id)`); keys != "status,score desc,id" {
		t.Errorf("a descending key reads %q", keys)
	}
	using, keys, _ := parseIndexDef(`CREATE INDEX n ON s.person_names USING gin (name public.gin_trgm_ops)`)
	if using != "gin" || keys != "name gin_trgm_ops" {
		t.Errorf("the trigram index reads using %q keys %q", using, keys)
	}
	if _, keys, _ := parseIndexDef(`CREATE INDEX x ON s.t USING btree (a, b) INCLUDE (c)`); keys != "a,b include c" {
		t.Errorf("INCLUDE reads %q", keys)
	}
	if _, _, where := parseIndexDef(`CREATE INDEX x ON t (a) NULLS NOT DISTINCT`); where == "" {
		t.Error("a clause it cannot read was dropped; it must show as a difference")
	}
}
