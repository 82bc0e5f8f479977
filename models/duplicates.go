package models

import (
	"context"

	"gateway/models/names"
)

// NameParts is a given and family name, as typed into the create form.
type NameParts struct {
	Given  string `json:"given_name"`
	Family string `json:"family_name"`
}

// DuplicateCandidates finds, through scope, the people who may be the
// person described by id (their names, aliases and birth): the candidate
// step (rankCandidates) ranks everyone sharing an index key by the weight
// of what they share, and the best names.CandidateLimit are loaded with
// their aliases, best first. Ranking them is matching.Duplicates' job.
// limited reports that more people shared a key than were loaded: only
// people sharing nothing but a sound or an initial with the name are left
// out. exclude skips a person (the one being edited or merged).
func (s *Store) DuplicateCandidates(ctx context.Context, scope Scope, id names.Identity, exclude int64) (people []Person, limited bool, err error) {
	probe := candidateProbe{keys: names.ProbeKeys(id), exclude: exclude, limit: names.CandidateLimit, minWeight: names.MinDuplicateWeight,
		countTo: names.CandidateLimit + 1}
	if len(id.Names) > 0 {
		probe.trigram = names.Normalise(id.Names[0].Given + " " + id.Names[0].Family)
	}
	ranked, found, _, err := s.rankCandidates(ctx, scope, probe)
	if err != nil || len(ranked) == 0 {
		return nil, false, err
	}
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	people, err = s.peopleInOrder(ctx, scope, ids)
	return people, found > len(ranked), err
}
