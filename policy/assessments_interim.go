package policy

import "gateway/models"

// Assessments is the scope of assessments the actor may read: completed
// ones by the record rule (involved services, other services' confidential
// ones excepted; area admins under break glass), and their own drafts.
//
// INTERIM (issue 6): issue 5 owns this scope (policy/scopes_casework.go on
// branch issue5, same name and meaning). Delete this file when that merges.
func Assessments(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	var cs []cond
	if a.pol.allows(a, "person", string(Record)) {
		cs = append(cs, and(involvedNow(a, "assessments.person_id"),
			cond{sql: "assessments.confidential = ? OR assessments.service_id = ?", args: []any{false, a.ServiceID}}))
	}
	if a.pol.allows(a, "person", string(BreakGlass)) {
		cs = append(cs, and(brokeGlassNow(a, "assessments.person_id"), cond{sql: "assessments.confidential = ?", args: []any{false}}))
	}
	return scope("assessments", and(notMerged("assessments.person_id"), or(cs...),
		cond{sql: "assessments.status = ? OR assessments.service_id = ?", args: []any{models.AssessmentCompleted, a.ServiceID}}))
}
