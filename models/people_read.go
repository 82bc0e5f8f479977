package models

import (
	"context"
	"sort"
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

// PersonExists says whether an id names a person at all. It is used only to
// label a denied read in the audit log as hidden rather than missing; the
// answer to the client is the same either way.
func (s *Store) PersonExists(ctx context.Context, id int64) bool {
	var n int64
	s.with(ctx).Model(&Person{}).Where("id = ?", id).Count(&n)
	return n > 0
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

// PersonHit is one search result with how well the name matched.
type PersonHit struct {
	Person
	Score float64 `json:"score"`
}

// maxCandidates bounds how many people one search ranks in memory.
const maxCandidates = 500

// SearchPeople finds people through scope by name and/or date of birth,
// ranked best first. Candidates come from the name-key index (phonetic and
// nickname keys, and name-token prefixes), so typos still match; the scope
// is applied in the same query.
func (s *Store) SearchPeople(ctx context.Context, scope Scope, q PersonSearch) ([]PersonHit, int, error) {
	text := names.Normalise(q.Text)
	if text == "" && q.DOB.IsZero() {
		return nil, 0, nil
	}
	db := s.with(ctx).Model(&Person{}).Scopes(scope.Apply)
	if !q.DOB.IsZero() {
		cond, args := dobCompatible(q.DOB)
		db = db.Where(cond, args...)
	}
	if text != "" {
		db = db.Where("people.id IN (?)", s.nameCandidates(ctx, text))
	}
	var people []Person
	err := db.Preload("Aliases", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("people.id").Limit(maxCandidates).Find(&people).Error
	if err != nil {
		return nil, 0, err
	}
	hits := make([]PersonHit, len(people))
	for i := range people {
		hits[i] = PersonHit{Person: people[i], Score: nameScore(text, &people[i])}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	total := len(hits)
	from := min(q.Offset, total)
	to := min(from+limitOr(q.Limit, 25), total)
	return hits[from:to], total, nil
}

// nameCandidates is a subquery of person ids whose keys match the text:
// any phonetic key, or every typed token as a name prefix.
func (s *Store) nameCandidates(ctx context.Context, text string) *gorm.DB {
	db := s.with(ctx)
	byKey := db.Table("person_name_keys").Select("person_id").Where("key IN ?", append(names.QueryKeys(text), "-"))
	tokens := strings.Fields(text)
	prefix := db.Table("people AS pp").Select("pp.id")
	for i, t := range tokens {
		if i == 4 {
			break
		}
		prefix = prefix.Where("pp.id IN (?)", db.Table("person_name_keys").Select("person_id").
			Where("key >= ? AND key < ?", "n:"+t, "n:"+t+"\U0010FFFF"))
	}
	return db.Raw("? UNION ?", byKey, prefix)
}

// nameScore is how well the query matches the person's best name or
// alias, on 0..1 (above 1 for exact and prefix matches): the query's first
// and last words against the given and family names (either order), each
// compared by sound, nickname and spelling.
func nameScore(text string, p *Person) float64 {
	words := strings.Fields(text)
	best := 0.0
	try := func(given, family string) {
		full := names.Normalise(given + " " + family)
		switch {
		case full == text || names.Normalise(family+" "+given) == text:
			best = max(best, 2)
			return
		case strings.HasPrefix(full, text):
			best = max(best, 1.5)
			return
		}
		g, f := names.Normalise(given), names.Normalise(family)
		if len(words) == 1 {
			best = max(best, max(wordScore(words[0], f), 0.9*wordScore(words[0], g)))
			return
		}
		first, last := words[0], words[len(words)-1]
		best = max(best, 0.4*wordScore(first, g)+0.6*wordScore(last, f), 0.4*wordScore(last, g)+0.6*wordScore(first, f)-0.05)
	}
	try(p.GivenName, p.FamilyName)
	for _, a := range p.Aliases {
		try(a.GivenName, a.FamilyName)
	}
	return best
}

// wordScore compares one typed word with one name: the same name, then a
// nickname of it, then the same sound, then the start of it, then spelling.
func wordScore(typed, name string) float64 {
	if name == "" {
		return 0
	}
	if typed == name {
		return 1
	}
	score := 0.85 * names.JaroWinkler(typed, name)
	if names.Canonical(typed) == names.Canonical(name) {
		score = max(score, 0.95)
	}
	tp, ta := names.Phonetic(typed)
	np, na := names.Phonetic(name)
	if tp != "" && (tp == np || tp == na || (ta != "" && (ta == np || ta == na))) {
		score = max(score, 0.92)
	}
	if strings.HasPrefix(name, typed) && len(typed) >= 2 {
		score = max(score, 0.88)
	}
	return score
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
