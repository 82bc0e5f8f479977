package policy

import (
	"strings"

	"gateway/models"
)

// cond is a SQL condition with its arguments: what the rule builders
// (rule_*.go) return and every scope is made of. The empty cond means "no
// condition here" and is dropped by or; a scope is never built from one.
type cond struct {
	sql  string
	args []any
}

// or joins conditions; with none left it matches nothing, so a reader
// granted no branch sees no rows (rule 1).
func or(cs ...cond) cond {
	var parts []string
	var args []any
	for _, c := range cs {
		if c.sql == "" {
			continue
		}
		parts = append(parts, "("+c.sql+")")
		args = append(args, c.args...)
	}
	if len(parts) == 0 {
		return cond{sql: "1 = 0"}
	}
	return cond{sql: strings.Join(parts, " OR "), args: args}
}

func and(cs ...cond) cond {
	var parts []string
	var args []any
	for _, c := range cs {
		parts = append(parts, "("+c.sql+")")
		args = append(args, c.args...)
	}
	return cond{sql: strings.Join(parts, " AND "), args: args}
}

// not negates c.
func not(c cond) cond { return cond{sql: "NOT (" + c.sql + ")", args: c.args} }

// scope is the scope of the rows c lets through. A condition builder
// returns the empty cond when the actor reaches no row, and that is
// Nothing (no rows, named "none"), never every row.
func scope(name string, c cond) models.Scope {
	if c.sql == "" {
		return models.Nothing
	}
	return models.NewScope(name, c.sql, c.args)
}

// notMerged: a person merged into another is found through the survivor.
func notMerged(person string) cond {
	// An erased person's tombstone is gone for everyone too: its
	// rows stay only so that aggregates keep their counts.
	if person == "people.id" {
		// The query reads the person's row already: ask it, rather than
		// look the row up again (an index probe a person, and a search
		// scopes hundreds).
		return cond{sql: "people.merged_into_id IS NULL AND people.erased_at IS NULL"}
	}
	return cond{sql: "NOT EXISTS (SELECT 1 FROM people pm WHERE pm.id = " + person + " AND (pm.merged_into_id IS NOT NULL OR pm.erased_at IS NOT NULL))"}
}

// status writes one of our own status constants into SQL as a quoted
// literal instead of binding it. Tables with a partial index on a status
// (referrals WHERE status = 'sent', assessments WHERE status = 'draft')
// make SQLite compare a bound status with the index's condition, and a
// statement that did so is compiled again on every execution to check
// the new value: measured, that second compile was a fifth of a person
// read's CPU on SQLite. Only constants reach here; a quote panics rather
// than build SQL from anything else.
func status(s string) string {
	if strings.ContainsAny(s, `'\`) {
		panic("policy: status literal with a quote: " + s)
	}
	return "'" + s + "'"
}

// readableRecords is the scope of a kind of case record the actor may read
// (rules 3 and 4, recordRowsCond): Nothing for an actor who is not one.
func readableRecords(a Actor, name string, res Resource, table string) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope(name, recordRowsCond(a, res, table))
}

// peopleByIdentity is the scope of the people whose identity the actor may
// see (rule 4, identityCond), for an actor the policy lets do act to res:
// Nothing for anyone else.
func peopleByIdentity(a Actor, res Resource, act Action, name string) models.Scope {
	if !a.Valid() || !a.pol.allows(a, res, act) {
		return models.Nothing
	}
	return scope(name, identityCond(a, "people.id"))
}

// ownServiceRows is the scope of the rows of table, of people not merged
// away, that where (its one ? is the actor's service) gives the actor's
// own service, for an actor the policy lets do act to res: Nothing for
// anyone else.
func ownServiceRows(a Actor, res Resource, act Action, name, table, where string) models.Scope {
	if !a.Valid() || !a.pol.allows(a, res, act) {
		return models.Nothing
	}
	return scope(name, and(notMerged(table+".person_id"), cond{sql: where, args: []any{a.ServiceID}}))
}
