package app

import (
	"time"

	"gateway/matching"
	"gateway/models"
)

// RankCandidates ranks the candidates against the person being recorded
// with matching.Duplicates, best first: the pure half of the duplicate
// check, also what the evaluation through the database measures. holders
// is how many people the reader may see hold the person's given name
// (Store.GivenNameHolders).
func RankCandidates(in models.PersonInput, cands []models.Person, holders int, now time.Time) []matching.DuplicateMatch {
	self := matching.PersonFacts{Given: in.GivenName, Family: in.FamilyName, DOB: matchDate(in.DOB), Gender: in.Gender, GivenNameHolders: holders}
	if in.EstimatedAge != nil && in.DOB.IsZero() {
		self.EstimatedBirthYear = now.Year() - *in.EstimatedAge
	}
	for _, al := range in.Aliases {
		self.Aliases = append(self.Aliases, matching.Name{Given: al.GivenName, Family: al.FamilyName})
	}
	facts := make([]matching.PersonFacts, len(cands))
	for i := range cands {
		p := &cands[i]
		facts[i] = matching.PersonFacts{ID: p.ID, Given: p.GivenName, Family: p.FamilyName, DOB: matchDate(p.DOB), Gender: p.Gender}
		if p.EstimatedBirthYear != nil {
			facts[i].EstimatedBirthYear = *p.EstimatedBirthYear
		}
		for _, al := range p.Aliases {
			facts[i].Aliases = append(facts[i].Aliases, matching.Name{Given: al.GivenName, Family: al.FamilyName})
		}
	}
	return matching.Duplicates(self, facts)
}

func matchDate(d models.Date) matching.Date {
	if d.IsZero() {
		return matching.Date{}
	}
	return matching.Date{Year: d.Year, Month: int(d.Month), Day: d.Day}
}
