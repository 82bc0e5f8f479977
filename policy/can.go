package policy

import (
	"time"
)

// Action is something an actor does to a resource. It is a struct, not a
// string, so that only this package can name one: a mistyped action in a
// handler fails to compile instead of silently denying.
type Action struct{ name string }

// String is the action's name as default_policy.csv writes it.
func (a Action) String() string { return a.name }

var (
	Search     = Action{"search"}
	Create     = Action{"create"}
	Read       = Action{"read"}
	Update     = Action{"update"}
	Record     = Action{"record"} // read the full record: notes, assessments, case
	Close      = Action{"close"}
	BreakGlass = Action{"break_glass"}
	Manage     = Action{"manage"}
	Lookup     = Action{"lookup"} // a partner's look-up by full name and date of birth
)

// Object is what an action is done to: a bare Resource for coarse checks,
// or facts about one record for the involvement rule.
type Object interface{ resource() string }

// Resource is a kind of thing with no particular record, e.g. the audit
// log. Like Action it is a struct, so callers outside this package use the
// named values in resources.go and cannot misspell one.
type Resource struct{ name string }

// String is the resource's name as default_policy.csv writes it.
func (r Resource) String() string { return r.name }

func (r Resource) resource() string { return r.name }

// PersonFacts is what the access rules need to know about one person.
type PersonFacts struct {
	ID           int64
	Merged       bool
	Involvements []InvolvementFact
	BreakGlass   []BreakGlassFact
	// Referrals are the person's referrals (referrals.go).
	Referrals []ReferralFact
}

func (PersonFacts) resource() string { return "person" }

// InvolvementFact is one involvement as the rules see it.
type InvolvementFact struct {
	ServiceID    int64
	Confidential bool
	EndedAt      *time.Time
}

// BreakGlassFact is one break-glass opening of the person's record.
type BreakGlassFact struct {
	UserID    int64
	ExpiresAt time.Time
}

// NoteFacts is a case note: who wrote it and about whom.
type NoteFacts struct {
	Person       PersonFacts
	ServiceID    int64
	Confidential bool
}

func (NoteFacts) resource() string { return "note" }

// InvolvementObject is one involvement of a person, e.g. a "known to" row.
type InvolvementObject struct {
	Person PersonFacts
	InvolvementFact
}

func (InvolvementObject) resource() string { return "involvement" }

// Can decides one action on one object with the rules' Go predicates
// (rule_*.go). The scopes in scopes.go decide the same questions for lists
// in SQL, with the rules' SQL builders; TestAccessMatrix proves the two
// agree for every actor and record of its fixture.
func Can(a Actor, act Action, obj Object) bool {
	if !a.Valid() {
		return false
	}
	allows := func(res Resource, act Action) bool { return a.pol.allows(a, res, act) }
	switch o := obj.(type) {
	case Resource:
		return allows(o, act)
	case AuditEventFacts: // who reviews audit events (audit.go)
		return act == Read && canReviewAudit(a, o)
	case ServiceCompliance, ComplianceName: // data compliance (compliance.go)
		return canCompliance(a, act, o)
	case PersonFacts:
		switch act {
		case Search, Read:
			return allows(ResourcePerson, act) && identityVisible(a, o)
		case Update:
			return allows(ResourcePerson, Update) && involved(a, o)
		case Record:
			return fullRecordReadable(a, ResourcePerson, Record, o, nil)
		case BreakGlass:
			return allows(ResourcePerson, BreakGlass) && identityVisible(a, o)
		case Lookup:
			return allows(ResourcePartnerLookup, Read) && !o.Merged && hasPublic(o)
		}
	case NoteFacts:
		switch act {
		case Read:
			return fullRecordReadable(a, ResourceNote, Read, o.Person, &writtenBy{o.ServiceID, o.Confidential})
		case Create:
			return allows(ResourceNote, Create) && involved(a, o.Person) && o.ServiceID == a.ServiceID
		}
	case RecordFacts: // assessments, cases, safety plans, consent (can_casework.go)
		return canRecord(a, act, o)
	case ruled:
		// Records with their rules in their own file (referrals.go, ...).
		return o.can(a, act)
	case InvolvementObject:
		switch act {
		case Read:
			return allows(ResourcePerson, Read) && identityVisible(a, o.Person) && notOthersConfidential(a.ServiceID, writtenBy{o.ServiceID, o.Confidential})
		case Close:
			return allows(ResourceInvolvement, Close) && identityVisible(a, o.Person) && o.ServiceID == a.ServiceID && o.EndedAt == nil
		}
	// Street contacts and public alerts: streetcontacts.go, alerts.go.
	case StreetContactFacts:
		return canStreetContact(a, act, o)
	case AlertFacts:
		return canAlert(a, act, o)
	}
	return false
}
