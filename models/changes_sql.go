package models

import "strings"

// targetTopics is what a statement written by hand changes: the watched
// tables it inserts into, updates, deletes from, truncates, alters or
// drops. Tables it only reads (a subquery, a join) do not count, or every
// case note that checks a service would empty the caches.
func targetTopics(sql string) topicSet {
	if !writesSQL(sql) {
		return 0
	}
	var t topicSet
	words := strings.FieldsFunc(strings.ToLower(sql), notIdent)
	for i := 0; i < len(words)-1; i++ {
		w, next := words[i], i+1
		switch {
		case w == "into", w == "update", w == "truncate",
			w == "from" && i > 0 && words[i-1] == "delete",
			w == "table" && i > 0 && (words[i-1] == "alter" || words[i-1] == "drop"):
		default:
			continue
		}
		for next < len(words)-1 && (words[next] == "only" || words[next] == "table" || words[next] == "if" || words[next] == "exists") {
			next++
		}
		t |= watchedTables[words[next]]
	}
	return t
}

func notIdent(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_')
}

// writesSQL reports whether a statement may change rows: its first word
// is a write, or it is a WITH that may hold one.
func writesSQL(sql string) bool {
	sql = strings.TrimLeft(sql, " \t\r\n(")
	i := strings.IndexFunc(sql, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if i < 0 {
		i = len(sql)
	}
	switch strings.ToLower(sql[:i]) {
	case "insert", "update", "delete", "with", "truncate", "alter", "drop", "replace", "merge":
		return true
	}
	return false
}
