package policy

import (
	"context"
	"time"

	"gateway/models"
)

// Actions on street contacts and alerts, besides Read, Update and Lookup.
var (
	Count   = Action{"count"}   // counted in a commissioner's map or report (rule 9)
	History = Action{"history"} // used, area-wide, to tell new from returning people in flows
	Route   = Action{"route"}   // send an alert to an outreach service
	Locate  = Action{"locate"}  // use the place as the person's last known location for distances
	// Amend puts right a recorded fact afterwards (the named
	// list links to the record to fix it): a street contact's site type or
	// missing point, a placement's move-on reason or destination.
	Amend = Action{"amend"}
)

// PinWindow is rule 10's "last 90 days" of pins on the outreach map.
const PinWindow = 90 * 24 * time.Hour

// StreetContactFacts is a street contact as the rules see it. Person is nil
// for someone not known.
type StreetContactFacts struct {
	Person       *PersonFacts
	ServiceID    int64
	Confidential bool
	LAID         *int64
	SeenAt       time.Time
}

func (StreetContactFacts) resource() string { return "street_contact" }

// canStreetContact decides one action on one contact; the scopes below are
// the same rules in SQL.
func canStreetContact(a Actor, act Action, o StreetContactFacts) bool {
	allows := func(res Resource, act Action) bool { return a.pol.allows(a, res, act) }
	inMyLAs := o.LAID != nil && a.CoversLA(*o.LAID)
	notOthers := notOthersConfidential(a.ServiceID, writtenBy{o.ServiceID, o.Confidential})
	switch act {
	case Read: // rule 10: a pin on the outreach map
		return allows(ResourceStreetContact, Read) && inMyLAs && o.SeenAt.After(a.Now.Add(-PinWindow)) &&
			notOthers && (o.Person == nil || identityVisible(a, *o.Person))
	case Count: // rule 9: counted in aggregates for the commissioner's LAs
		return allows(ResourceReport, Read) && inMyLAs && !o.Confidential
	case History:
		return allows(ResourceReport, Read) && len(a.LAs) > 0 && !o.Confidential && o.LAID != nil && o.Person != nil
	case Lookup: // rule 8: date and LA on the partner's card
		return allows(ResourcePartnerLookup, Read) && !o.Confidential && o.Person != nil && !o.Person.Merged && hasPublic(*o.Person)
	case Locate: // the matcher's distances: only for those who read the full record
		return o.Person != nil && notOthers && fullRecordReadable(a, ResourcePerson, Record, *o.Person, nil)
	case Amend: // the recording service puts its own contact right, whatever its age
		return allows(ResourceStreetContact, Amend) && o.ServiceID == a.ServiceID && (o.Person == nil || identityVisible(a, *o.Person))
	}
	return false
}

// StreetContactPins is rule 10 as SQL over street_contacts: contacts in the
// actor's service's LAs from the last 90 days, other services' confidential
// contacts excluded, and never a contact with a person the actor may not
// see (someone known only to confidential services).
func StreetContactPins(a Actor) models.Scope {
	return scope("street contacts: pins", pinsCond(a))
}

// pinsCond is StreetContactPins' condition; empty when the actor has no pins.
func pinsCond(a Actor) cond {
	if !a.Valid() || !a.pol.allows(a, ResourceStreetContact, Read) || len(a.LAs) == 0 {
		return cond{}
	}
	return and(
		cond{sql: "street_contacts.la_id IN ?", args: []any{a.LAs}},
		cond{sql: "street_contacts.seen_at > ?", args: []any{a.Now.Add(-PinWindow).UTC()}},
		notOthersConfidentialCond(a.ServiceID, "street_contacts"),
		or(cond{sql: "street_contacts.person_id IS NULL"}, identityCond(a, "street_contacts.person_id")),
	)
}

// OpenableStreetContacts is the scope of contacts the actor may open on a
// contact's own page: their pins (rule 10) and, at any age, the contacts
// their service recorded. Whatever links to contacts (an alert's detail)
// lists only these, so another service's contacts are never named to it.
func OpenableStreetContacts(a Actor) models.Scope {
	pins, own := pinsCond(a), amendableCond(a)
	if pins.sql == "" && own.sql == "" {
		return models.Nothing
	}
	return scope("street contacts: openable", or(pins, own))
}

// AmendableStreetContacts is the scope of contacts the actor may amend
// (and so open, to amend): those their own service recorded, at any age.
// Rule 10's 90 days bound the map; a manager's named list of records
// missing data covers older months, and each must be fixable.
// A contact with a person the actor may not see stays hidden, as on the map.
func AmendableStreetContacts(a Actor) models.Scope {
	return scope("street contacts: amend", amendableCond(a))
}

// amendableCond is AmendableStreetContacts' condition; empty when the
// actor may amend none.
func amendableCond(a Actor) cond {
	if !a.Valid() || !a.pol.allows(a, ResourceStreetContact, Amend) {
		return cond{}
	}
	return and(
		cond{sql: "street_contacts.service_id = ?", args: []any{a.ServiceID}},
		or(cond{sql: "street_contacts.person_id IS NULL"}, identityCond(a, "street_contacts.person_id")),
	)
}

// StreetContactCounts is rule 9 as SQL over street_contacts: what a
// commissioner's hotspot map counts. StreetContactCellCounts and
// StreetContactPresenceCounts are the same rule over the rollups.
//
// Counts look at the contact only, not at who else knows the person: a
// non-confidential contact is the outreach service's own record, and it
// opened that service's (non-confidential) involvement, so it can never be
// the only trace of someone known only to a confidential service. (A
// confidential service's contacts, and contacts of a service since made
// confidential, are excluded by their flag.) Leaving out the people join
// halves the cost of a two-year county map.
func StreetContactCounts(a Actor) models.Scope { return countScope(a, "street_contacts") }

// StreetContactCellCounts: see StreetContactCounts.
func StreetContactCellCounts(a Actor) models.Scope { return countScope(a, "street_contact_cells") }

// StreetContactPresenceCounts is the same rule over street_contact_presence,
// the rollup that says which months each person was met in each tile.
func StreetContactPresenceCounts(a Actor) models.Scope {
	return countScope(a, "street_contact_presence")
}

func countScope(a Actor, t string) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceReport, Read) || len(a.LAs) == 0 {
		return models.Nothing
	}
	return scope("street contacts: counts ("+t+")", and(
		cond{sql: t + ".la_id IN ?", args: []any{a.LAs}},
		notConfidentialCond(t),
	))
}

// StreetContactHistory is what flows classify people with: every
// non-confidential contact with a known person anywhere in the area,
// because "new" means new to the area's streets. Only counts for the
// commissioner's own LAs leave the server, suppressed below 5.
// StreetContactCellHistory is the same over the rollup.
func StreetContactHistory(a Actor) models.Scope { return historyScope(a, "street_contacts") }

// StreetContactCellHistory: see StreetContactHistory.
func StreetContactCellHistory(a Actor) models.Scope { return historyScope(a, "street_contact_cells") }

func historyScope(a Actor, t string) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceReport, Read) || len(a.LAs) == 0 {
		return models.Nothing
	}
	return scope("street contacts: flow history ("+t+")", and(
		notConfidentialCond(t),
		cond{sql: t + ".la_id IS NOT NULL AND " + t + ".la_id <> 0 AND " + t + ".person_id IS NOT NULL AND " + t + ".person_id <> 0"},
	))
}

// LocatingStreetContacts is the scope of contacts whose place may stand for
// a person's last known location when the matcher measures distances to
// services: those of people whose full record the actor may read, other
// services' confidential contacts excluded. Distances to many services
// would give the place away, so no one else's ranking uses it (theirs uses
// the centre of the person's local authority).
func LocatingStreetContacts(a Actor) models.Scope {
	if !a.Valid() {
		return models.Nothing
	}
	return scope("street contacts: last known location", and(
		cond{sql: "street_contacts.person_id IS NOT NULL"},
		notOthersConfidentialCond(a.ServiceID, "street_contacts"),
		fullRecordCond(a, ResourcePerson, Record, "street_contacts.person_id", ""),
	))
}

// PartnerStreetContacts is rule 8's last street contact: non-confidential
// contacts of people a partner's look-up can find.
func PartnerStreetContacts(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourcePartnerLookup, Read) {
		return models.Nothing
	}
	return scope("street contacts: partner card", and(
		notConfidentialCond("street_contacts"),
		cond{sql: "street_contacts.person_id IS NOT NULL"},
		notMerged("street_contacts.person_id"),
		hasPublicCond("street_contacts.person_id"),
	))
}

// StreetContactFactsOf loads what the rules need to decide about a contact.
func StreetContactFactsOf(ctx context.Context, s *models.Store, sc *models.StreetContact) (StreetContactFacts, error) {
	f := StreetContactFacts{ServiceID: sc.ServiceID, Confidential: sc.Confidential, LAID: sc.LAID, SeenAt: sc.SeenAt}
	if sc.PersonID != nil {
		pf, err := FactsOf(ctx, s, *sc.PersonID)
		if err != nil {
			return f, err
		}
		f.Person = &pf
	}
	return f, nil
}
