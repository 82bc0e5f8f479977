package policy

import "gateway/models"

// Actions of the duplicate review.
var (
	Resolve = Action{"resolve"} // decide a likely duplicate pair: merge, or not the same person
	Split   = Action{"split"}   // undo a mistaken merge
)

// DuplicatePairs is the scope of the duplicate review's pairs the actor
// may see and decide: both people visible to them (so a person hidden by a
// confidential service is never shown to anyone else through the list),
// and, for anyone but the area team, one of the two their own service's.
func DuplicatePairs(a Actor) models.Scope {
	if !a.Valid() || !a.pol.allows(a, ResourceDuplicateReview, Read) {
		return models.Nothing
	}
	both := and(identityCond(a, "duplicate_pairs.person_a"), identityCond(a, "duplicate_pairs.person_b"))
	if a.ServiceType != models.AreaTeam {
		both = and(both, or(ownInvolvementCond(a, "duplicate_pairs.person_a"), ownInvolvementCond(a, "duplicate_pairs.person_b")))
	}
	return scope("duplicate pairs", both)
}

// PairMergeable is the scope a merge made from the review list reads both
// people through: their identity, for an actor who may decide pairs. The
// pair itself was found through DuplicatePairs.
func PairMergeable(a Actor) models.Scope {
	return peopleByIdentity(a, ResourceDuplicateReview, Resolve, "people: mergeable from the review")
}

// Splittable is the scope of people whose merges the actor may split.
func Splittable(a Actor) models.Scope {
	return peopleByIdentity(a, ResourcePerson, Split, "people: splittable")
}

// ReviewJob is the scope the duplicate review job reads people through:
// everyone not merged away, confidential services' people included, since
// those services review their own pairs. It writes pairs only; every read
// of them goes through DuplicatePairs. Only the job (gateway duplicates
// review, and the server's nightly run) asks for it.
func (p *Policy) ReviewJob() models.Scope {
	if p == nil {
		return models.Nothing
	}
	return scope("people: duplicate review job", notMerged("people.id"))
}
