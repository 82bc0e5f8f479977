package models

import "context"

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

// AccessFacts loads the involvements and break-glass openings of a person.
func (s *Store) AccessFacts(ctx context.Context, personID int64) (*PersonAccess, error) {
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
