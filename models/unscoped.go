package models

import "context"

// The reads in this file take no scope: they see every person, hidden or
// not, and their names say so. Each answers a question the rules need
// answered before any scope applies (what the rules look at, whether a
// hidden id exists, where a merged record went), and nothing they return
// may be shown to a user as it is. policy/unscoped_test.go lists the files
// allowed to call each one and fails on a new caller: a new unscoped read
// is named Unscoped..., lives here, and is added to that list with the
// reason it is safe.

// PersonAccess is everything the access rules look at for one person. It
// is read without a scope because policy uses it to decide; nothing from it
// may be shown to a user.
type PersonAccess struct {
	MergedIntoID *int64
	Involvements []Involvement
	BreakGlass   []BreakGlass
	// Referrals are the person's referrals: a service they were
	// referred to sees who they are while it decides (rule 7).
	Referrals []Referral
}

// UnscopedAccessFacts loads what the rules look at for one person: whether
// they were merged away, their involvements, break-glass openings and
// referrals. Only policy.FactsOf calls it, to decide.
func (s *Store) UnscopedAccessFacts(ctx context.Context, personID int64) (*PersonAccess, error) {
	var p Person
	if err := s.with(ctx).Select("id", "merged_into_id").First(&p, personID).Error; err != nil {
		return nil, notFound(err)
	}
	pa := &PersonAccess{MergedIntoID: p.MergedIntoID}
	if err := s.with(ctx).Where("person_id = ?", personID).Order("id").Find(&pa.Involvements).Error; err != nil {
		return nil, err
	}
	if err := s.with(ctx).Where("person_id = ?", personID).Order("id").Find(&pa.BreakGlass).Error; err != nil {
		return nil, err
	}
	return pa, s.with(ctx).Omit(referralJoined...).Select("id", "from_service_id", "to_service_id", "status", "expires_at", "decided_at").
		Where("person_id = ?", personID).Order("id").Find(&pa.Referrals).Error
}

// UnscopedPersonExists says whether an id names a person at all. It is used
// only to label a denied read in the audit log as hidden rather than
// missing; the answer to the client is the same either way.
func (s *Store) UnscopedPersonExists(ctx context.Context, id int64) bool {
	var n int64
	s.with(ctx).Model(&Person{}).Where("id = ?", id).Count(&n)
	return n > 0
}

// UnscopedMergedInto is the record a merged-away person now lives in, or 0
// when id was not merged. Merges re-point earlier merges, so one step
// reaches the survivor. The survivor is then read through a scope.
func (s *Store) UnscopedMergedInto(ctx context.Context, id int64) int64 {
	var p Person
	if err := s.with(ctx).Select("id", "merged_into_id").Take(&p, id).Error; err != nil || p.MergedIntoID == nil {
		return 0
	}
	return *p.MergedIntoID
}

// UnscopedPartnerLookupIDs is PartnerLookup's match over every person on
// record, scope or not. It is used only to label a partner's look-up in
// the audit log:
// a match the partner may not see is a hidden read, audited as denied
// (rule 11), while the partner's answer stays that of no match (rule 12).
func (s *Store) UnscopedPartnerLookupIDs(ctx context.Context, fullName string, dob Date) ([]int64, error) {
	people, err := s.partnerMatches(s.with(ctx).Model(&Person{}).Where("people.merged_into_id IS NULL"), fullName, dob)
	ids := make([]int64, len(people))
	for i := range people {
		ids[i] = people[i].ID
	}
	return ids, err
}
