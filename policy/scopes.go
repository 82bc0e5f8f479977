package policy

import (
	"strings"

	"gorm.io/gorm"

	"gateway/models"
)

// The scopes below are the SQL form of the rules in can.go. Each starts
// from nothing and adds only what the actor's role and service allow, so
// an actor the policy knows nothing about sees no rows (rule 1).

// cond is a SQL condition with its arguments.
type cond struct {
	sql  string
	args []any
}

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

func scope(name string, c cond) models.Scope {
	return models.NewScope(name, func(db *gorm.DB) *gorm.DB { return db.Where(c.sql, c.args...) })
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

// publicInvolvement: some non-confidential service has worked with the person.
func publicInvolvement(person string) cond {
	return cond{sql: "EXISTS (SELECT 1 FROM involvements ip WHERE ip.person_id = " + person + " AND ip.confidential = ?)", args: []any{false}}
}

// ownInvolvement: the actor's service has ever worked with the person.
func ownInvolvement(a Actor, person string) cond {
	return cond{sql: "EXISTS (SELECT 1 FROM involvements io WHERE io.person_id = " + person + " AND io.service_id = ?)", args: []any{a.ServiceID}}
}

// involvedNow: open, or closed within the grace period (rule 2).
func involvedNow(a Actor, person string) cond {
	return cond{
		sql:  "EXISTS (SELECT 1 FROM involvements ig WHERE ig.person_id = " + person + " AND ig.service_id = ? AND (ig.ended_at IS NULL OR ig.ended_at > ?))",
		args: []any{a.ServiceID, a.involvedSince()},
	}
}

// brokeGlassNow: the actor has a live break-glass opening of the person.
func brokeGlassNow(a Actor, person string) cond {
	return and(
		cond{sql: "EXISTS (SELECT 1 FROM break_glass bg WHERE bg.person_id = " + person + " AND bg.user_id = ? AND bg.expires_at > ?)", args: []any{a.UserID, a.Now}},
		publicInvolvement(person),
	)
}

func identityCond(a Actor, person string) cond {
	return and(notMerged(person), or(publicInvolvement(person), ownInvolvement(a, person), referredHereCond(a, person)))
}

func recordCond(a Actor, person string) cond {
	var cs []cond
	if a.pol.allows(a, ResourcePerson, Record) {
		cs = append(cs, involvedNow(a, person))
	}
	if a.pol.allows(a, ResourcePerson, BreakGlass) {
		cs = append(cs, brokeGlassNow(a, person))
	}
	return and(notMerged(person), or(cs...))
}

// People is the scope of people whose identity the actor may see: names,
// date of birth, "known to" and the safety symbol (rules 4 and 6).
func People(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePerson, Read) {
		return models.Nothing
	}
	return scope("people: identity", identityCond(a, "people.id"))
}

// Records is the scope of people whose full record (notes, assessments,
// case) the actor may read: involved services, and area admins through
// break glass (rule 3).
func Records(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("people: full record", recordCond(a, "people.id"))
}

// Editable is the scope of people whose identity the actor may edit: those
// their service is involved with.
func Editable(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePerson, Update) {
		return models.Nothing
	}
	return scope("people: editable", and(notMerged("people.id"), involvedNow(a, "people.id")))
}

// Notes is the scope of case notes the actor may read: notes on people
// their service is involved with, except other services' confidential
// notes (rules 3 and 4); and non-confidential notes under break glass.
func Notes(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	var cs []cond
	if a.pol.allows(a, ResourceNote, Read) {
		cs = append(cs, and(involvedNow(a, "case_notes.person_id"),
			cond{sql: "case_notes.confidential = ? OR case_notes.service_id = ?", args: []any{false, a.ServiceID}}))
	}
	if a.pol.allows(a, ResourcePerson, BreakGlass) {
		cs = append(cs, and(brokeGlassNow(a, "case_notes.person_id"), cond{sql: "case_notes.confidential = ?", args: []any{false}}))
	}
	return scope("notes", and(notMerged("case_notes.person_id"), or(cs...)))
}

// Involvements is the scope of involvements the actor may see ("known
// to"): every non-confidential one, and their own service's, of people
// whose identity they may see (rule 4: other services' confidential
// involvements appear nowhere).
func Involvements(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePerson, Read) {
		return models.Nothing
	}
	return scope("involvements: known to", and(
		identityCond(a, "involvements.person_id"),
		cond{sql: "involvements.confidential = ? OR involvements.service_id = ?", args: []any{false, a.ServiceID}},
	))
}

// ClosableInvolvements is the scope of open involvements the actor's
// service may close: its own.
func ClosableInvolvements(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceInvolvement, Close) {
		return models.Nothing
	}
	return scope("involvements: closable", and(
		identityCond(a, "involvements.person_id"),
		cond{sql: "involvements.service_id = ? AND involvements.ended_at IS NULL", args: []any{a.ServiceID}},
	))
}

// PartnerLookup is the scope a partner's look-up searches: people known to
// some non-confidential service (rule 8). The look-up itself demands a full
// name and exact date of birth.
func PartnerLookup(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePartnerLookup, Read) {
		return models.Nothing
	}
	return scope("people: partner look-up", and(notMerged("people.id"), publicInvolvement("people.id")))
}

// PartnerInvolvements is the scope of involvements a partner's summary
// card lists: open, non-confidential, of people the look-up may find.
func PartnerInvolvements(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePartnerLookup, Read) {
		return models.Nothing
	}
	return scope("involvements: partner card", and(
		notMerged("involvements.person_id"),
		cond{sql: "involvements.confidential = ? AND involvements.ended_at IS NULL", args: []any{false}},
	))
}

// AreaInvolvements is the scope of involvements a commissioner's
// aggregates count: non-confidential involvements of services covering one
// of the commissioner's LAs (rule 9). Only counts may be drawn from it,
// and counts under 5 are suppressed by the caller.
func AreaInvolvements(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceReport, Read) || len(a.LAs) == 0 {
		return models.Nothing
	}
	return scope("involvements: commissioner aggregates", and(
		notMerged("involvements.person_id"),
		cond{sql: "involvements.confidential = ?", args: []any{false}},
		cond{sql: "involvements.service_id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id IN ?)", args: []any{a.LAs}},
	))
}
