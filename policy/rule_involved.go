package policy

import "time"

// Rule 2 (docs/ACCESS.md rule 2): a service is involved with a person
// while it has an open involvement with them, and for the grace period
// after it closes. Each half is written once here in Go and once in SQL,
// side by side; every Can case and every scope that asks "is the actor's
// service involved?" calls these. TestRule2InvolvedAgreesInGoAndSQL
// (rules_test.go) holds each pair to the same answers on both databases.
//
// The Go predicates refuse a person merged away themselves; the SQL ones
// leave that to the scope, which adds notMerged once.

// withinGrace: an involvement that ended at endedAt (nil while open)
// still makes its service involved.
func withinGrace(a Actor, endedAt *time.Time) bool {
	return endedAt == nil || endedAt.After(a.involvedSince())
}

// withinGraceCond is withinGrace on an ended_at column.
func withinGraceCond(a Actor, endedAt string) cond {
	return cond{sql: endedAt + " IS NULL OR " + endedAt + " > ?", args: []any{a.involvedSince()}}
}

// involved: the actor's service is involved with the person.
func involved(a Actor, p PersonFacts) bool {
	if p.Merged {
		return false
	}
	for _, i := range p.Involvements {
		if i.ServiceID == a.ServiceID && withinGrace(a, i.EndedAt) {
			return true
		}
	}
	return false
}

// involvedCond is involved for the person whose id is the column person.
func involvedCond(a Actor, person string) cond {
	g := withinGraceCond(a, "ig.ended_at")
	return cond{
		sql:  "EXISTS (SELECT 1 FROM involvements ig WHERE ig.person_id = " + person + " AND ig.service_id = ? AND (" + g.sql + "))",
		args: append([]any{a.ServiceID}, g.args...),
	}
}
