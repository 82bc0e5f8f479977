package models

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"gateway/models/names"
)

// Person finds one person through scope. A person the scope hides is
// ErrNotFound, the same answer as an id that does not exist: find-by-id is
// the filtered list, so there is only one path.
func (s *Store) Person(ctx context.Context, scope Scope, id int64) (*Person, error) {
	people, _, err := s.People(ctx, scope, PersonFilter{IDs: []int64{id}, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(people) == 0 {
		return nil, ErrNotFound
	}
	return &people[0], nil
}

// PersonFilter narrows a list of people. The scope decides who is visible;
// the filter only narrows further.
type PersonFilter struct {
	IDs []int64
	// OpenWith lists people with an open involvement at this service (a caseload).
	OpenWith      int64
	DOB           Date
	Limit, Offset int
}

// People lists people through scope, by family then given name.
func (s *Store) People(ctx context.Context, scope Scope, f PersonFilter) ([]Person, int64, error) {
	q := s.filterPeople(s.with(ctx).Model(&Person{}).Scopes(scope.Apply), f)
	var total int64
	if len(f.IDs) != 1 {
		if err := q.Count(&total).Error; err != nil {
			return nil, 0, err
		}
	}
	var people []Person
	err := q.Preload("Aliases", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("lower(people.family_name), lower(people.given_name), people.id").
		Limit(limitOr(f.Limit, 50)).Offset(f.Offset).Find(&people).Error
	if len(f.IDs) == 1 {
		total = int64(len(people))
	}
	return people, total, err
}

func (s *Store) filterPeople(q *gorm.DB, f PersonFilter) *gorm.DB {
	if f.IDs != nil {
		q = q.Where("people.id IN ?", f.IDs)
	}
	if f.OpenWith > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM involvements cl WHERE cl.person_id = people.id AND cl.service_id = ? AND cl.ended_at IS NULL)", f.OpenWith)
	}
	if !f.DOB.IsZero() {
		cond, args := dobCompatible(f.DOB)
		q = q.Where(cond, args...)
	}
	return q
}

// PersonSearch is a search box query: names (with typos, nicknames and
// aliases) and optionally a date of birth.
type PersonSearch struct {
	Text          string
	DOB           Date
	Limit, Offset int
}

// PersonHit is one search result with how well the name matched: the
// weight of the evidence the candidate step found (names.SearchKeys).
type PersonHit struct {
	Person
	Score float64 `json:"score"`
}

// SearchPeople finds people through scope by name and/or date of birth,
// best first, a page at a time. Names are matched through the name index
// (whole names, sounds, nicknames, swapped names, the start of a word being
// typed; trigram similarity on PostgreSQL), ranked by the database on the
// weight of what matched, the most recently updated first among equals;
// the scope is applied in the same query, so every page is full and the
// total is exact. A date of birth narrows to the people who could have it.
func (s *Store) SearchPeople(ctx context.Context, scope Scope, q PersonSearch) ([]PersonHit, int, error) {
	text := names.Normalise(q.Text)
	if text == "" && q.DOB.IsZero() {
		return nil, 0, nil
	}
	limit := limitOr(q.Limit, 25)
	if text == "" { // a date of birth alone: everyone who could have it, by name
		people, total, err := s.People(ctx, scope, PersonFilter{DOB: q.DOB, Limit: limit, Offset: q.Offset})
		hits := make([]PersonHit, len(people))
		for i := range people {
			hits[i] = PersonHit{Person: people[i]}
		}
		return hits, int(total), err
	}
	probe := candidateProbe{keys: names.SearchKeys(text), limit: limit, offset: q.Offset}
	if words := strings.Fields(text); len(words) == 1 && len(words[0]) >= 2 {
		probe.prefix = words[0] // a name being typed: "smi" finds Smith
	}
	if strings.Contains(text, " ") {
		// A full name: people who share no more than a sound and an
		// initial with it are noise, as for the duplicate check.
		probe.trigram, probe.minWeight = text, names.MinDuplicateWeight
		// A search shows a ranked page a worker reads: the trigram probe (tens
		// of milliseconds for a common word at national scale) runs only
		// when no key found anyone. The duplicate check, which must not
		// miss, asks for it below trigramWhenFewer.
		probe.trigramBelow = 1
	}
	if !q.DOB.IsZero() {
		cond, args := dobCompatible(q.DOB)
		scope = scope.and(cond, args...)
	}
	ranked, err := s.rankCandidates(ctx, scope, probe)
	if err != nil || len(ranked) == 0 {
		return nil, 0, err
	}
	ids := make([]int64, len(ranked))
	weight := make(map[int64]int, len(ranked))
	for i, r := range ranked {
		ids[i], weight[r.ID] = r.ID, r.Weight
	}
	people, err := s.peopleInOrder(ctx, scope, ids)
	hits := make([]PersonHit, len(people))
	for i := range people {
		hits[i] = PersonHit{Person: people[i], Score: float64(weight[people[i].ID])}
	}
	return hits, ranked[0].Total, err
}

// KnownTo is one service's involvement with a person, as the "known to"
// list shows it.
type KnownTo struct {
	InvolvementID int64  `json:"involvement_id"`
	ServiceID     int64  `json:"service_id"`
	ServiceName   string `json:"service_name"`
	ServiceType   string `json:"service_type"`
	Phone         string `json:"phone"`
	Source        string `json:"source"`
	Reason        string `json:"reason"`
	StartedAt     Time   `json:"started_at"`
	EndedAt       *Time  `json:"ended_at"`
	EndReason     string `json:"end_reason"`
}

// KnownToList lists the involvements of a person that scope lets the
// reader see, open ones first. Confidential involvements of other services
// are filtered by the scope, never by the caller.
func (s *Store) KnownToList(ctx context.Context, scope Scope, personID int64) ([]KnownTo, error) {
	var out []KnownTo
	err := s.with(ctx).Table("involvements").Scopes(scope.Apply).
		Select(`involvements.id AS involvement_id, involvements.service_id, sv.name AS service_name, sv.type AS service_type,
			sv.phone, involvements.source, involvements.reason, involvements.started_at, involvements.ended_at, involvements.end_reason`).
		Joins("JOIN services sv ON sv.id = involvements.service_id").
		Where("involvements.person_id = ?", personID).
		Order("CASE WHEN involvements.ended_at IS NULL THEN 0 ELSE 1 END, involvements.started_at DESC, involvements.id DESC").
		Scan(&out).Error
	return out, err
}

// KnownToMany is KnownToList for many people in one query, for search
// results.
func (s *Store) KnownToMany(ctx context.Context, scope Scope, personIDs []int64) (map[int64][]KnownTo, error) {
	out := map[int64][]KnownTo{}
	if len(personIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		PersonID int64
		KnownTo
	}
	err := inChunks(personIDs, func(chunk []int64) error {
		var part []struct {
			PersonID int64
			KnownTo
		}
		err := s.with(ctx).Table("involvements").Scopes(scope.Apply).
			Select(`involvements.person_id, involvements.id AS involvement_id, involvements.service_id, sv.name AS service_name,
				sv.type AS service_type, sv.phone, involvements.source, involvements.reason, involvements.started_at,
				involvements.ended_at, involvements.end_reason`).
			Joins("JOIN services sv ON sv.id = involvements.service_id").
			Where("involvements.person_id IN ?", chunk).
			Order("CASE WHEN involvements.ended_at IS NULL THEN 0 ELSE 1 END, involvements.started_at DESC").
			Scan(&part).Error
		rows = append(rows, part...)
		return err
	})
	for _, r := range rows {
		out[r.PersonID] = append(out[r.PersonID], r.KnownTo)
	}
	return out, err
}
