package policy

import (
	"gateway/models"
)

// Who reviews which audit events (rule 4). An event
// of a confidential service (one its users caused, or one recorded for it
// about a person only it works with: who looked them up, a read refused
// because only it may see them) is reviewed by that service's managers
// alone. Everyone else who reviews the log, area admins included, sees the
// log as if those events, and so those people, did not exist: no event,
// or the same "no such record" a missing id gets.

// AuditEventFacts is an audit event as the review rules see it.
type AuditEventFacts struct {
	ActingServiceID       *int64
	ActingConfidential    bool   // the event's acting service is confidential
	ConfidentialServiceID *int64 // recorded for this confidential service's eyes only
}

func (AuditEventFacts) resource() string { return "audit" }

func canReviewAudit(a Actor, o AuditEventFacts) bool {
	if !a.pol.allows(a, ResourceAudit, Read) {
		return false
	}
	if a.Confidential {
		own := func(id *int64) bool { return id != nil && *id == a.ServiceID }
		return own(o.ConfidentialServiceID) || (o.ActingConfidential && own(o.ActingServiceID))
	}
	return o.ConfidentialServiceID == nil && !o.ActingConfidential
}

// AuditEvents is the scope of audit events the actor may review: area
// admins everything but confidential services' events; a confidential
// service's managers their own service's.
func AuditEvents(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceAudit, Read) {
		return models.Nothing
	}
	if a.Confidential {
		return scope("audit: a confidential service's own", cond{
			sql:  "audit_events.confidential_service_id = ? OR audit_events.acting_service_id = ?",
			args: []any{a.ServiceID, a.ServiceID}})
	}
	return scope("audit: area", cond{sql: "audit_events.confidential_service_id IS NULL AND NOT EXISTS " +
		"(SELECT 1 FROM services acs WHERE acs.id = audit_events.acting_service_id AND acs.confidential = ?)", args: []any{true}})
}

// HiddenByConfidential is the scope of people the actor cannot see who
// exist only through confidential services' involvements: a look-up by a
// worker or partner that matches one of them tells those services'
// managers who looked.
func HiddenByConfidential(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	// Hidden: known to a confidential service, and not merged, known to no
	// other service, not involved with the actor's service nor referred to
	// it (the negation of identityCond). A search asks this of every
	// person a name matches, thousands for a common name, and only about
	// one person in forty has a confidential involvement at all, so that
	// probe is the scope's first condition: tested on the candidates' ids
	// before anything else is read for them.
	confidential := func(person string) cond {
		// A bare "confidential": the partial index involvements_confidential
		// (migration 00024) serves it in every plan, generic ones included.
		return cond{sql: "EXISTS (SELECT 1 FROM involvements hc WHERE hc.person_id = " + person + " AND hc.confidential)"}
	}
	c := and(notMerged("people.id"),
		not(identityCond(a, "people.id")),
		not(hasPublicCond("people.id")),
		confidential("people.id"))
	return models.NewScopeFirst("people: hidden by a confidential service", c.sql, c.args,
		func(person string) (string, []any) { f := confidential(person); return f.sql, f.args })
}

// IsHiddenByConfidential is HiddenByConfidential for one person's facts.
func IsHiddenByConfidential(a Actor, f PersonFacts) bool {
	if !a.Valid() || f.Merged || identityVisible(a, f) || hasPublic(f) {
		return false
	}
	for _, inv := range f.Involvements {
		if inv.Confidential {
			return true
		}
	}
	return false
}

// AssessmentCounts is the scope of assessments a count shown to the actor
// may include: none of another service's confidential ones, since a
// number that moves when a refuge assesses someone tells others that it
// did. Their own service's are counted.
func AssessmentCounts(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("assessments: countable", notOthersConfidentialCond(a.ServiceID, "assessments"))
}
