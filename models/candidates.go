package models

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"gateway/models/names"
)

// candidateProbe is what the candidate step looks for: weighted index keys
// (names.ProbeKeys or SearchKeys), optionally the start of a word being
// typed, and on PostgreSQL the whole name for a trigram match.
type candidateProbe struct {
	keys    []names.Key
	prefix  string // a word being typed: w: keys starting with it
	trigram string // normalised full name, for pg_trgm similarity (PostgreSQL only)
	exclude int64  // a person to leave out (the record being edited or merged)
	limit   int
	offset  int
}

// Weights of the candidate sources that are not keys.
const (
	weightPrefix  = 2  // a word of the name starts with what is typed
	weightTrigram = 30 // times the trigram similarity (0..1) of the whole name
	trigramAt     = 0.45
)

// rankedCandidate is a person the candidate step found, with the weight of
// the evidence it found them by.
type rankedCandidate struct {
	ID     int64
	Weight int
	Total  int // how many people matched at all (the same on every row)
}

// rankCandidates is the one candidate step behind search and the duplicate
// check: the people visible through scope who share any probe key, ranked
// in the database by the summed weight of what they share, most recently
// updated first among equals, a page at a time. Nothing is cut by id, and
// Total says how many matched.
func (s *Store) rankCandidates(ctx context.Context, scope Scope, p candidateProbe) ([]rankedCandidate, error) {
	var parts []string
	var args []any
	if len(p.keys) > 0 {
		rows := make([]string, len(p.keys))
		for i, k := range p.keys {
			rows[i] = "(CAST(? AS TEXT), CAST(? AS INTEGER))"
			args = append(args, k.Key, k.Weight)
		}
		parts = append(parts, `SELECT k.person_id, q.column2 AS w FROM person_name_keys k
			JOIN (SELECT * FROM (VALUES `+strings.Join(rows, ", ")+`) AS v) q ON q.column1 = k.key`)
	}
	if p.prefix != "" {
		from, to := names.WordPrefix(p.prefix)
		parts = append(parts, "SELECT k.person_id, ? AS w FROM person_name_keys k WHERE k.key >= ? AND k.key < ?")
		args = append(args, weightPrefix, from, to)
	}
	if p.trigram != "" && s.dialect == Postgres {
		// The partial expression index person_name_keys_trgm serves this.
		// pg_trgm lives in public (migration 00008), whatever the search path.
		parts = append(parts, `SELECT k.person_id, CAST(public.similarity(substr(k.key, 3), ?) * ? AS INTEGER) AS w
			FROM person_name_keys k WHERE k.key LIKE 'n:%' AND substr(k.key, 3) OPERATOR(public.%) ? AND public.similarity(substr(k.key, 3), ?) >= ?`)
		args = append(args, p.trigram, weightTrigram, p.trigram, p.trigram, trigramAt)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	q := s.with(ctx).Table("(?) AS m", gorm.Expr(strings.Join(parts, " UNION ALL "), args...)).
		Select("people.id AS id, SUM(m.w) AS weight, COUNT(*) OVER () AS total").
		Joins("JOIN people ON people.id = m.person_id").
		Scopes(scope.Apply).
		Group("people.id, people.updated_at").
		Order("weight DESC, people.updated_at DESC, people.id DESC").
		Limit(p.limit).Offset(p.offset)
	if p.exclude > 0 {
		q = q.Where("people.id <> ?", p.exclude)
	}
	var out []rankedCandidate
	err := q.Scan(&out).Error
	return out, err
}

// peopleInOrder loads the people of ids (with their aliases) through scope,
// in the order of ids.
func (s *Store) peopleInOrder(ctx context.Context, scope Scope, ids []int64) ([]Person, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var people []Person
	err := inChunks(ids, func(chunk []int64) error {
		var part []Person
		err := s.with(ctx).Model(&Person{}).Scopes(scope.Apply).Where("people.id IN ?", chunk).
			Preload("Aliases", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).Find(&part).Error
		people = append(people, part...)
		return err
	})
	if err != nil {
		return nil, err
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	out := make([]Person, len(ids))
	for _, p := range people {
		out[at[p.ID]] = p
	}
	// A person the scope no longer shows (changed since ranking) leaves a gap.
	kept := out[:0]
	for _, p := range out {
		if p.ID != 0 {
			kept = append(kept, p)
		}
	}
	return kept, nil
}
