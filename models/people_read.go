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
	r, err := s.PersonWith(ctx, scope, id)
	if err != nil {
		return nil, err
	}
	return r.Person, nil
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
	// Also, with AlsoLimit > 0, asks in the same query for the ids of the
	// best AlsoLimit people this other scope shows among the matches, for
	// telling confidential services of a look-up of people hidden from
	// the reader (policy.HiddenByConfidential): the name's keys are weighed
	// once for both.
	Also      Scope
	AlsoLimit int
}

// PersonHit is one search result with how well the name matched: the
// weight of the evidence the candidate step found (names.SearchKeys).
type PersonHit struct {
	Person
	Score float64 `json:"score"`
}

// SearchLimit is how many of the closest matches a name search ranks and
// pages through. A common name shares a sound or an initial with thousands
// of people (John Smith, at 400,000 people, with 3,500); nobody reads past
// the first few pages, and counting and ranking them all through the
// reader's scope was most of a search's cost. The limit falls on the
// weakest matches, never by id, and Found says when it applied.
const SearchLimit = 200

// Found is how many people a search matched: Total exactly, or, when
// Limited, more than SearchLimit matched, Total is SearchLimit and the
// pages reach the SearchLimit closest.
type Found struct {
	Total   int
	Limited bool
	// Also: the ids PersonSearch.Also asked for, best first.
	Also []int64
}

// SearchPeople finds people through scope by name and/or date of birth,
// best first, a page at a time. Names are matched through the name index
// (whole names, sounds, nicknames, swapped names, the start of a word being
// typed; trigram similarity on PostgreSQL), ranked by the database on the
// weight of what matched, the most recently updated first among equals;
// the scope is applied in the same query, so every page is full. A name
// search ranks the SearchLimit closest matches and says so when more
// matched. A date of birth narrows to the people who could have it; a
// date of birth alone lists them all by name, with an exact total.
func (s *Store) SearchPeople(ctx context.Context, scope Scope, q PersonSearch) ([]PersonHit, Found, error) {
	text := names.Normalise(q.Text)
	if text == "" && q.DOB.IsZero() {
		return nil, Found{}, nil
	}
	limit := limitOr(q.Limit, 25)
	if text == "" { // a date of birth alone: everyone who could have it, by name
		people, total, err := s.People(ctx, scope, PersonFilter{DOB: q.DOB, Limit: limit, Offset: q.Offset})
		hits := make([]PersonHit, len(people))
		for i := range people {
			hits[i] = PersonHit{Person: people[i]}
		}
		found := Found{Total: int(total)}
		if err == nil && q.AlsoLimit > 0 {
			found.Also, err = s.SearchMatchIDs(ctx, q.Also, q, q.AlsoLimit)
		}
		return hits, found, err
	}
	probe := searchProbe(text)
	scope = narrowToDOB(scope, q.DOB)
	probe.offset = min(q.Offset, SearchLimit)
	probe.limit = max(0, min(limit, SearchLimit-probe.offset))
	probe.countTo = SearchLimit + 1
	if q.AlsoLimit > 0 {
		probe.also, probe.alsoLimit = narrowToDOB(q.Also, q.DOB), q.AlsoLimit
	}
	ranked, found, also, err := s.rankCandidates(ctx, scope, probe)
	result := Found{Total: min(found, SearchLimit), Limited: found > SearchLimit, Also: also}
	if err != nil || len(ranked) == 0 {
		return nil, result, err
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
	return hits, result, err
}

// SearchMatchIDs is the ids of the best n people a search's terms match
// through scope, best first, with nothing counted or loaded: for telling
// confidential services whose hidden people a look-up matched
// (policy.HiddenByConfidential), which must look at every match, not only
// the pages a reader sees.
func (s *Store) SearchMatchIDs(ctx context.Context, scope Scope, q PersonSearch, n int) ([]int64, error) {
	text := names.Normalise(q.Text)
	if text == "" && q.DOB.IsZero() {
		return nil, nil
	}
	if text == "" {
		var ids []int64
		err := s.filterPeople(s.with(ctx).Model(&Person{}).Scopes(scope.Apply), PersonFilter{DOB: q.DOB}).
			Order("lower(people.family_name), lower(people.given_name), people.id").Limit(n).Pluck("people.id", &ids).Error
		return ids, err
	}
	probe := searchProbe(text)
	probe.limit = n
	ranked, _, _, err := s.rankCandidates(ctx, narrowToDOB(scope, q.DOB), probe)
	return idsOf(ranked), err
}

// searchProbe is what a name search looks for.
func searchProbe(text string) candidateProbe {
	probe := candidateProbe{keys: names.SearchKeys(text)}
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
	return probe
}

// narrowToDOB narrows scope to the people who could have a date of birth.
func narrowToDOB(scope Scope, dob Date) Scope {
	if dob.IsZero() {
		return scope
	}
	cond, args := dobCompatible(dob)
	return scope.and(cond, args...)
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
		Order(knownToOrder).
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
