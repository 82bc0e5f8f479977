package policy

import (
	"context"

	"gateway/models"
)

// FactsOf loads what the rules need to decide about one person.
func FactsOf(ctx context.Context, s *models.Store, personID int64) (PersonFacts, error) {
	pa, err := s.UnscopedAccessFacts(ctx, personID)
	if err != nil {
		return PersonFacts{}, err
	}
	f := PersonFacts{ID: personID, Merged: pa.MergedIntoID != nil}
	for _, i := range pa.Involvements {
		f.Involvements = append(f.Involvements, InvolvementFact{ServiceID: i.ServiceID, Confidential: i.Confidential, EndedAt: i.EndedAt})
	}
	for _, bg := range pa.BreakGlass {
		f.BreakGlass = append(f.BreakGlass, BreakGlassFact{UserID: bg.UserID, ExpiresAt: bg.ExpiresAt})
	}
	for _, r := range pa.Referrals {
		f.Referrals = append(f.Referrals, ReferralFact{FromServiceID: r.FromServiceID, ToServiceID: r.ToServiceID, Status: r.Status, DecidedAt: r.DecidedAt})
	}
	return f, nil
}
