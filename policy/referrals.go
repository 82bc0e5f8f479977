package policy

import (
	"time"

	"gateway/models"
)

// Actions of the placement flow.
var (
	Decide   = Action{"decide"}   // accept or decline a referral received
	Withdraw = Action{"withdraw"} // withdraw a referral sent
)

// ruled is a record whose rules live beside its scopes in their own file:
// Can hands the decision to it.
type ruled interface {
	Object
	can(a Actor, act Action) bool
}

// ReferralFact is one of a person's referrals, as the identity rule sees it.
type ReferralFact struct {
	FromServiceID int64
	ToServiceID   int64
	Status        string
	DecidedAt     *time.Time
}

// referredHere is rule 7's other half: a service a person was referred to
// sees who they are (name, date of birth, known-to) while it decides, and
// for the grace period after, even when only confidential services knew
// the person. The referral, not the referrer's records, is what it sees.
func referredHere(a Actor, p PersonFacts) bool {
	since := a.involvedSince() // rule 2's grace, counted from the decision
	for _, r := range p.Referrals {
		if r.ToServiceID == a.ServiceID && (r.Status == models.ReferralSent || (r.DecidedAt != nil && r.DecidedAt.After(since))) {
			return true
		}
	}
	return false
}

func referredHereCond(a Actor, person string) cond {
	return cond{
		sql:  "EXISTS (SELECT 1 FROM referrals rh WHERE rh.person_id = " + person + " AND rh.to_service_id = ? AND (rh.status = " + status(models.ReferralSent) + " OR rh.decided_at > ?))",
		args: []any{a.ServiceID, a.involvedSince()},
	}
}

// ReferralFacts is one referral. Only its two services ever see it: the
// referrer and the receiver. Other services working with the person, area
// admins and commissioners do not, so a referral to or from a refuge
// reveals the refuge to nobody else.
type ReferralFacts struct {
	Person        PersonFacts
	FromServiceID int64
	ToServiceID   int64
	Status        string
}

func (ReferralFacts) resource() string { return "referral" }

func (o ReferralFacts) can(a Actor, act Action) bool {
	if o.Person.Merged || !a.pol.allows(a, ResourceReferral, act) {
		return false
	}
	switch act {
	case Read:
		return o.FromServiceID == a.ServiceID || o.ToServiceID == a.ServiceID
	case Decide:
		return o.ToServiceID == a.ServiceID && o.Status == models.ReferralSent
	case Withdraw:
		return o.FromServiceID == a.ServiceID && o.Status == models.ReferralSent
	}
	return false
}

// Referrals is the scope of referrals the actor may read, with the
// snapshot they carry (rule 7): those their service sent or received.
func Referrals(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceReferral, Read) {
		return models.Nothing
	}
	return scope("referrals: sent or received", and(notMerged("referrals.person_id"),
		cond{sql: "referrals.from_service_id = ? OR referrals.to_service_id = ?", args: []any{a.ServiceID, a.ServiceID}}))
}

// DecidableReferrals is the scope of referrals the actor may accept or
// decline: sent to their service and still waiting.
func DecidableReferrals(a Actor) models.Scope {
	return ownServiceRows(a, ResourceReferral, Decide, "referrals: decidable", "referrals",
		"referrals.to_service_id = ? AND referrals.status = "+status(models.ReferralSent))
}

// WithdrawableReferrals is the scope of referrals the actor may withdraw:
// sent by their service and still waiting.
func WithdrawableReferrals(a Actor) models.Scope {
	return ownServiceRows(a, ResourceReferral, Withdraw, "referrals: withdrawable", "referrals",
		"referrals.from_service_id = ? AND referrals.status = "+status(models.ReferralSent))
}

// PlacementFacts is one placement: part of the person's case (rule 3),
// and a confidential service's placements are its own (rule 4).
type PlacementFacts struct {
	Person       PersonFacts
	ServiceID    int64
	Confidential bool
	Open         bool
}

func (PlacementFacts) resource() string { return "placement" }

func (o PlacementFacts) can(a Actor, act Action) bool {
	if o.Person.Merged {
		return false
	}
	switch act {
	case Read:
		return fullRecordReadable(a, ResourcePlacement, Read, o.Person, &writtenBy{o.ServiceID, o.Confidential})
	case Close:
		return a.pol.allows(a, ResourcePlacement, Close) && o.ServiceID == a.ServiceID && o.Open
	case Amend:
		return a.pol.allows(a, ResourcePlacement, Amend) && o.ServiceID == a.ServiceID && !o.Open
	}
	return false
}

// Placements is the scope of placements the actor may read.
func Placements(a Actor) models.Scope {
	return readableRecords(a, "placements", ResourcePlacement, "placements")
}

// MovablePlacements is the scope of placements the actor may record
// move-on for: their own service's open ones.
func MovablePlacements(a Actor) models.Scope {
	return ownServiceRows(a, ResourcePlacement, Close, "placements: move-on", "placements",
		"placements.service_id = ? AND placements.moved_on_at IS NULL")
}

// AmendablePlacements is the scope of placements whose move-on reason and
// destination the actor may put right: their own service's ended ones,
// however long ago, since a move-on recorded as "not known" counts as
// missing in the service's compliance. The amend form shows
// the move-on only, not the case.
func AmendablePlacements(a Actor) models.Scope {
	return ownServiceRows(a, ResourcePlacement, Amend, "placements: amend move-on", "placements",
		"placements.service_id = ? AND placements.moved_on_at IS NOT NULL")
}

// AdjustmentFacts is a recorded priority adjustment (discretion or a needs
// override): case data, read like a note.
type AdjustmentFacts struct {
	Person       PersonFacts
	ServiceID    int64
	Confidential bool
}

func (AdjustmentFacts) resource() string { return "adjustment" }

func (o AdjustmentFacts) can(a Actor, act Action) bool {
	if o.Person.Merged {
		return false
	}
	switch act {
	case Read:
		return fullRecordReadable(a, ResourceAdjustment, Read, o.Person, &writtenBy{o.ServiceID, o.Confidential})
	case Create:
		return a.pol.allows(a, ResourceAdjustment, Create) && involved(a, o.Person) && o.ServiceID == a.ServiceID
	case Close:
		return a.pol.allows(a, ResourceAdjustment, Close) && o.ServiceID == a.ServiceID
	}
	return false
}

// Adjustments is the scope of priority adjustments the actor may read; the
// matcher counts only these in what it shows the actor.
func Adjustments(a Actor) models.Scope {
	return readableRecords(a, "adjustments", ResourceAdjustment, "priority_adjustments")
}

// WithdrawableAdjustments is the scope of adjustments the actor's service
// recorded and so may withdraw.
func WithdrawableAdjustments(a Actor) models.Scope {
	return ownServiceRows(a, ResourceAdjustment, Close, "adjustments: withdrawable", "priority_adjustments",
		"priority_adjustments.service_id = ?")
}

// GapFacts is one gap-in-provision event.
type GapFacts struct {
	LAID         int64
	Confidential bool
}

func (GapFacts) resource() string { return "gap" }

func (o GapFacts) can(a Actor, act Action) bool {
	return act == Read && a.pol.allows(a, ResourceReport, Read) && !o.Confidential && a.CoversLA(o.LAID)
}

// GapEvents is the scope of gap events a commissioner's report counts:
// their LAs, never an event touching a confidential service (rules 4 and
// 9). Only aggregates may be drawn from it, counts under 5 suppressed.
func GapEvents(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceReport, Read) || len(a.LAs) == 0 {
		return models.Nothing
	}
	return scope("gap events: commissioner aggregates", and(
		notConfidentialCond("gap_events"),
		cond{sql: "gap_events.la_id IN ?", args: []any{a.LAs}},
	))
}

// ServiceObject is a service as something its own staff manage: vacancies
// and its profile (assessment hours).
type ServiceObject struct{ ServiceID int64 }

func (ServiceObject) resource() string { return "service" }

func (o ServiceObject) can(a Actor, act Action) bool {
	return act == Update && a.ServiceID == o.ServiceID && a.pol.allows(a, ResourceVacancy, Update)
}
