package policy

import "gateway/models"

// The scopes of records about a person written by a service (assessments,
// cases, safety plans, consent): the SQL form of canRecord, read through
// rule 3's recordRowsCond (rule_full_record.go). Each table carries
// person_id, service_id and confidential.

// recordWrite: the actor's own service's rows, while it is involved, for
// an actor whose role may act on kind.
func recordWrite(a Actor, kind Resource, act Action, table string, extra cond) cond {
	if !a.pol.allows(a, kind, act) {
		return cond{sql: "1 = 0"}
	}
	c := and(notMerged(table+".person_id"), involvedCond(a, table+".person_id"),
		cond{sql: table + ".service_id = ?", args: []any{a.ServiceID}})
	if extra.sql != "" {
		c = and(c, extra)
	}
	return c
}

// Assessments is the scope of assessments the actor may read: completed
// assessments under the record rule, and their own service's drafts.
//
// Referrals (rule 7) extend this scope: a service receiving a referral
// reads the referred assessment. They add their grant here, as another
// condition or-ed with assessmentRead, and the matching case to canRecord.
func Assessments(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("assessments", assessmentRead(a))
}

// assessmentRead is the involvement rule for assessments, drafts staying
// with their service.
func assessmentRead(a Actor) cond {
	return and(recordRowsCond(a, ResourceAssessment, "assessments"),
		cond{sql: "assessments.status = " + status(models.AssessmentCompleted) + " OR assessments.service_id = ?", args: []any{a.ServiceID}})
}

// EditableAssessments is the scope of drafts the actor's service may
// change or complete: its own, while it works with the person.
func EditableAssessments(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("assessments: editable drafts", recordWrite(a, ResourceAssessment, Update, "assessments",
		cond{sql: "assessments.status = " + status(models.AssessmentDraft)}))
}

// Cases is the scope of cases the actor may read.
func Cases(a Actor) models.Scope {
	return readableRecords(a, "cases", ResourceCase, "cases")
}

// WritableCases is the scope of cases the actor's service runs and may move
// along its pathway.
func WritableCases(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("cases: writable", recordWrite(a, ResourceCase, Update, "cases", cond{}))
}

// SafetyPlans is the scope of safety plans the actor may read. Everyone
// who sees the person sees the safety symbol and contact advice; only
// this scope reaches the plan.
func SafetyPlans(a Actor) models.Scope {
	return readableRecords(a, "safety plans", ResourceSafetyPlan, "safety_plans")
}

// Consents is the scope of consent records the actor may read.
func Consents(a Actor) models.Scope {
	return readableRecords(a, "consents", ResourceConsent, "consents")
}

// WritableConsents is the scope of consent records the actor's service
// recorded and may stamp a withdrawal on.
func WritableConsents(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceConsent, Create) {
		return models.Nothing
	}
	return scope("consents: writable", recordWrite(a, ResourceConsent, Create, "consents", cond{}))
}

// SenderConsents is how a change of consent recorded by the actor is
// carried to the person's waiting referrals: each referral is decided on
// the consent records its sending service may see (its own and
// non-confidential services'), the view it was sent on (Consents). So a
// confidential service's refusal settles only its own referrals and shows
// through nowhere else (rule 4). Nothing for an actor who may not record
// consent.
func SenderConsents(a Actor) models.SenderConsents {
	if !a.Valid() || !a.pol.allows(a, ResourceConsent, Create) {
		return func(int64) models.Scope { return models.Nothing }
	}
	return func(sender int64) models.Scope {
		return scope("consents: a referral's sender", and(notMerged("consents.person_id"),
			notOthersConfidentialCond(sender, "consents")))
	}
}

// Mergeable is the scope of people an area admin may merge: those whose
// identity they may see.
func Mergeable(a Actor) models.Scope {
	return peopleByIdentity(a, ResourcePerson, Merge, "people: mergeable")
}

// Erasable is the scope of people an area admin may erase: those whose
// identity they may see.
func Erasable(a Actor) models.Scope {
	return peopleByIdentity(a, ResourcePerson, Erase, "people: erasable")
}

// SubjectAccess is the set of scopes a subject access export reads: for
// an area admin, everything held about a person that is not a confidential
// service's (area admins cannot read those either, and the export goes
// outside the system). Nothing for anyone else.
func SubjectAccess(a Actor) models.SubjectAccessScopes {
	if !a.Valid() || !a.pol.allows(a, ResourcePerson, Export) {
		return models.SubjectAccessScopes{}
	}
	open := func(table string) cond {
		return and(notMerged(table+".person_id"), hasPublicCond(table+".person_id"),
			notConfidentialCond(table))
	}
	return models.SubjectAccessScopes{
		Person:       scope("subject access: person", and(notMerged("people.id"), hasPublicCond("people.id"))),
		Involvements: scope("subject access: involvements", open("involvements")),
		Notes:        scope("subject access: notes", open("case_notes")),
		Assessments:  scope("subject access: assessments", and(open("assessments"), cond{sql: "assessments.status = " + status(models.AssessmentCompleted)})),
		Cases:        scope("subject access: cases", open("cases")),
		Consents:     scope("subject access: consents", open("consents")),
		SafetyPlans:  scope("subject access: safety plans", open("safety_plans")),
		// A referral is confidential when either side is.
		Referrals:      scope("subject access: referrals", open("referrals")),
		Placements:     scope("subject access: placements", open("placements")),
		Adjustments:    scope("subject access: adjustments", open("priority_adjustments")),
		StreetContacts: scope("subject access: street contacts", open("street_contacts")),
		GapEvents:      scope("subject access: gap events", open("gap_events")),
		// An alert is the person's when a non-confidential street contact
		// with them answered it.
		Alerts: scope("subject access: public alerts", cond{sql: `public_alerts.id IN (SELECT sa.alert_id FROM street_contacts sa
			WHERE sa.alert_id IS NOT NULL AND sa.confidential = ?)`, args: []any{false}}),
		Notifications: scope("subject access: notifications", and(notMerged("notifications.person_id"),
			cond{sql: "notifications.service_id IN (SELECT id FROM services WHERE confidential = ?)", args: []any{false}})),
		BreakGlass:     scope("subject access: break glass", notMerged("break_glass.person_id")),
		DuplicatePairs: scope("subject access: duplicate reviews", cond{sql: "1 = 1"}),
		// Reads by confidential services are theirs to disclose (the
		// area team never sees them).
		Disclosures: scope("subject access: disclosures", cond{sql: `audit_events.confidential_service_id IS NULL
			AND audit_events.acting_service_id IN (SELECT id FROM services WHERE confidential = ?)`, args: []any{false}}),
		// Confidential holders are counted, never named.
		Parts: scope("subject access: confidential parts", cond{sql: "involvements.confidential = ?", args: []any{true}}),
		// A record brought from another area's Gateway, by a
		// service that is not confidential.
		Transfers: scope("subject access: transfers in", and(notMerged("transfers_in.person_id"),
			cond{sql: "transfers_in.service_id IN (SELECT id FROM services WHERE confidential = ?)", args: []any{false}})),
		Tasks: scope("subject access: tasks", open("tasks")),
	}
}

// SubjectAccessPart is the set of scopes a confidential service's manager
// reads the service's own part of a subject access export through: the
// person as the service sees them, and only records the service wrote.
// Nothing for anyone else.
func SubjectAccessPart(a Actor) models.SubjectAccessScopes {
	if !a.Valid() || !a.Confidential || !a.pol.allows(a, ResourcePerson, ReleasePart) {
		return models.SubjectAccessScopes{}
	}
	own := func(table string) cond {
		return and(notMerged(table+".person_id"), cond{sql: table + ".service_id = ?", args: []any{a.ServiceID}})
	}
	return models.SubjectAccessScopes{
		// The person as the service can find them, so that a release by a
		// service holding nothing is refused by name, not hidden.
		Person:         scope("subject access part: person", and(notMerged("people.id"), or(ownInvolvementCond(a, "people.id"), hasPublicCond("people.id")))),
		Involvements:   scope("subject access part: involvements", own("involvements")),
		Notes:          scope("subject access part: notes", own("case_notes")),
		Assessments:    scope("subject access part: assessments", and(own("assessments"), cond{sql: "assessments.status = " + status(models.AssessmentCompleted)})),
		Cases:          scope("subject access part: cases", own("cases")),
		Consents:       scope("subject access part: consents", own("consents")),
		SafetyPlans:    scope("subject access part: safety plans", own("safety_plans")),
		Referrals:      scope("subject access part: referrals", and(notMerged("referrals.person_id"), cond{sql: "referrals.from_service_id = ? OR referrals.to_service_id = ?", args: []any{a.ServiceID, a.ServiceID}})),
		Placements:     scope("subject access part: placements", own("placements")),
		Adjustments:    scope("subject access part: adjustments", own("priority_adjustments")),
		StreetContacts: scope("subject access part: street contacts", own("street_contacts")),
		GapEvents:      models.Nothing,
		Alerts:         models.Nothing,
		Notifications:  scope("subject access part: notifications", own("notifications")),
		BreakGlass:     models.Nothing,
		DuplicatePairs: models.Nothing,
		Disclosures:    scope("subject access part: disclosures", cond{sql: "audit_events.acting_service_id = ?", args: []any{a.ServiceID}}),
		Parts:          models.Nothing,
		Transfers:      scope("subject access part: transfers in", own("transfers_in")),
		Tasks:          scope("subject access part: tasks", own("tasks")),
	}
}

// Tasks is the scope of tasks and appointments the actor may read: their
// own service's only, whoever the person is open to, on people
// not merged away or erased.
func Tasks(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceTask, Read) {
		return models.Nothing
	}
	return scope("tasks", and(notMerged("tasks.person_id"), cond{sql: "tasks.service_id = ?", args: []any{a.ServiceID}}))
}

// WritableTasks is the scope of tasks the actor may mark done: their own
// service's.
func WritableTasks(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceTask, Update) {
		return models.Nothing
	}
	return scope("tasks: writable", and(notMerged("tasks.person_id"), cond{sql: "tasks.service_id = ?", args: []any{a.ServiceID}}))
}
