package models

import (
	"context"
	"strconv"
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
	// trigramBelow: ask for trigram-similar names only when the keys found
	// fewer people than this (0: trigramWhenFewer).
	trigramBelow int
	exclude      int64 // a person to leave out (the record being edited or merged)
	// minWeight leaves out people who share less than this weight of keys.
	minWeight int
	limit     int
	offset    int
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
	// Trigram similarity is the last resort, for names whose typos defeat
	// every key: a GIN probe for a short name reads long posting lists
	// (tens of milliseconds at 400,000 people), so it runs only when the
	// keys found fewer than trigramWhenFewer people. The choice does not
	// depend on the page asked for, so every page agrees.
	trigram := p.trigram
	p.trigram = ""
	out, err := s.rankCandidatesOnce(ctx, scope, p)
	if err != nil || trigram == "" || s.dialect != Postgres {
		return out, err
	}
	below := p.trigramBelow
	if below == 0 {
		below = trigramWhenFewer
	}
	if total := totalOf(out); total >= below {
		return out, nil
	}
	p.trigram = trigram
	return s.rankCandidatesOnce(ctx, scope, p)
}

// trigramWhenFewer: with fewer people found by key than this, the
// candidate step also asks for trigram-similar names (PostgreSQL).
const trigramWhenFewer = 5

func totalOf(ranked []rankedCandidate) int {
	if len(ranked) == 0 {
		return 0
	}
	return ranked[0].Total
}

func (s *Store) rankCandidatesOnce(ctx context.Context, scope Scope, p candidateProbe) ([]rankedCandidate, error) {
	var out []rankedCandidate
	if s.dialect != Postgres || p.trigram == "" {
		q := s.candidateQuery(ctx, scope, p)
		if q == nil {
			return nil, nil
		}
		err := q.Scan(&out).Error
		return out, err
	}
	// The trigram threshold is the transaction's own, and the query runs
	// without parallel workers, whose start costs more than they save here.
	err := s.Tx(ctx, func(tx *Store) error {
		if err := tx.db.Exec("SET LOCAL pg_trgm.similarity_threshold = " + strconv.FormatFloat(trigramAt, 'f', 2, 64)).Error; err != nil {
			return err
		}
		if err := tx.db.Exec("SET LOCAL max_parallel_workers_per_gather = 0").Error; err != nil {
			return err
		}
		q := tx.candidateQuery(ctx, scope, p)
		if q == nil {
			return nil
		}
		return q.Scan(&out).Error
	})
	return out, err
}

// candidateQuery builds rankCandidates' query, or nil when nothing is probed.
func (s *Store) candidateQuery(ctx context.Context, scope Scope, p candidateProbe) *gorm.DB {
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
		// person_names_trgm serves the % (rankCandidates sets its threshold
		// to trigramAt); pg_trgm lives in public (migration 00008),
		// whatever the search path.
		parts = append(parts, `SELECT n.person_id, CAST(public.similarity(n.name, ?) * ? AS INTEGER) AS w
			FROM person_names n WHERE n.name OPERATOR(public.%) ?`)
		args = append(args, p.trigram, weightTrigram, p.trigram)
	}
	if len(parts) == 0 {
		return nil
	}
	// Weigh every person first (the keys' own index), then apply the
	// scope to those who weigh enough: the scope's probes run once a person.
	weighed := s.with(ctx).Table("("+strings.Join(parts, " UNION ALL ")+") AS m", args...).
		Select("m.person_id, SUM(m.w) AS weight").Group("m.person_id")
	if p.minWeight > 0 {
		weighed = weighed.Having("SUM(m.w) >= ?", p.minWeight)
	}
	q := s.with(ctx).Table("(?) AS a", weighed).
		Select("people.id AS id, a.weight AS weight, COUNT(*) OVER () AS total").
		Joins("JOIN people ON people.id = a.person_id").
		Scopes(scope.Apply).
		Order("a.weight DESC, people.updated_at DESC, people.id DESC").
		Limit(p.limit).Offset(p.offset)
	if p.exclude > 0 {
		q = q.Where("people.id <> ?", p.exclude)
	}
	return q
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
