package policy

import "gateway/models"

// The scopes below are the SQL form of the rules in can.go, built from the
// rules' SQL builders (rule_*.go). Each starts from nothing and adds only
// what the actor's role and service allow, so an actor the policy knows
// nothing about sees no rows (rule 1).

// People is the scope of people whose identity the actor may see: names,
// date of birth, "known to" and the safety symbol (rules 4 and 6).
func People(a Actor) models.Scope {
	return peopleByIdentity(a, ResourcePerson, Read, "people: identity")
}

// Records is the scope of people whose full record (notes, assessments,
// case) the actor may read: involved services, and area admins through
// break glass (rule 3).
func Records(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("people: full record", fullRecordCond(a, ResourcePerson, Record, "people.id", ""))
}

// Editable is the scope of people whose identity the actor may edit: those
// their service is involved with.
func Editable(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePerson, Update) {
		return models.Nothing
	}
	return scope("people: editable", and(notMerged("people.id"), involvedCond(a, "people.id")))
}

// Notes is the scope of case notes the actor may read: notes on people
// their service is involved with, except other services' confidential
// notes (rules 3 and 4); and non-confidential notes under break glass.
func Notes(a Actor) models.Scope {
	return readableRecords(a, "notes", ResourceNote, "case_notes")
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
		notOthersConfidentialCond(a.ServiceID, "involvements"),
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
	return scope("people: partner look-up", and(notMerged("people.id"), hasPublicCond("people.id")))
}

// PartnerInvolvements is the scope of involvements a partner's summary
// card lists: open, non-confidential, of people the look-up may find.
func PartnerInvolvements(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePartnerLookup, Read) {
		return models.Nothing
	}
	return scope("involvements: partner card", and(
		notMerged("involvements.person_id"),
		notConfidentialCond("involvements"),
		cond{sql: "involvements.ended_at IS NULL"},
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
		notConfidentialCond("involvements"),
		cond{sql: "involvements.service_id IN (SELECT sl.service_id FROM service_las sl WHERE sl.la_id IN ?)", args: []any{a.LAs}},
	))
}
