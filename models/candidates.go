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
	// countTo: count the people found up to this many (0: do not count).
	countTo int
	// also, with alsoLimit > 0: in the same query, the best alsoLimit
	// people this other scope shows among the matches (a search's look-up
	// of people hidden from the reader), so the keys are weighed once.
	also      Scope
	alsoLimit int
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
}

// rankCandidates is the one candidate step behind search and the duplicate
// check: the people visible through scope who share any probe key, ranked
// in the database by the summed weight of what they share, most recently
// updated first among equals, a page at a time. Nothing is cut by id.
// found counts the people who matched, exactly up to p.countTo (at most
// p.countTo: "at least this many"); with p.countTo 0 nothing is counted.
func (s *Store) rankCandidates(ctx context.Context, scope Scope, p candidateProbe) (ranked []rankedCandidate, found int, also []int64, err error) {
	// Trigram similarity is the last resort, for names whose typos defeat
	// every key: a GIN probe for a short name reads long posting lists
	// (tens of milliseconds at 400,000 people), so it runs only when the
	// keys found fewer than trigramWhenFewer people. The choice does not
	// depend on the page asked for, so every page agrees. Each scope (the
	// reader's, and also's) decides for itself, as if asked alone.
	trigram := p.trigram
	p.trigram = ""
	below := p.trigramBelow
	if below == 0 {
		below = trigramWhenFewer
	}
	if trigram != "" && s.dialect == Postgres && p.countTo < below && (p.offset > 0 || p.limit < below) {
		// The count decides whether to ask for trigrams; a first page
		// that can hold below people says it without one.
		p.countTo = below
	}
	ranked, found, also, err = s.rankCandidatesOnce(ctx, scope, p)
	if p.offset == 0 && len(ranked) > found {
		found = len(ranked) // at least the first page (not counted)
	}
	if err != nil || trigram == "" || s.dialect != Postgres {
		return ranked, found, also, err
	}
	if found < below {
		q := p
		q.trigram, q.alsoLimit = trigram, 0
		ranked, found, _, err = s.rankCandidatesOnce(ctx, scope, q)
		if err != nil {
			return nil, 0, nil, err
		}
	}
	if p.alsoLimit > 0 && len(also) < below && p.alsoLimit >= below {
		q := p
		q.trigram, q.alsoLimit, q.limit, q.offset, q.countTo = trigram, 0, p.alsoLimit, 0, 0
		var more []rankedCandidate
		if more, _, _, err = s.rankCandidatesOnce(ctx, p.also, q); err != nil {
			return nil, 0, nil, err
		}
		also = idsOf(more)
	}
	return ranked, found, also, nil
}

func idsOf(ranked []rankedCandidate) []int64 {
	ids := make([]int64, len(ranked))
	for i, r := range ranked {
		ids[i] = r.ID
	}
	return ids
}

// trigramWhenFewer: with fewer people found by key than this, the
// candidate step also asks for trigram-similar names (PostgreSQL).
const trigramWhenFewer = 5

func (s *Store) rankCandidatesOnce(ctx context.Context, scope Scope, p candidateProbe) ([]rankedCandidate, int, []int64, error) {
	var rows []struct {
		Found  int
		ID     *int64
		Weight int
		Part   int // 0: the reader's page (and the count), 1: also's
	}
	run := func(st *Store) error {
		q := st.candidateQuery(ctx, scope, p)
		if q == nil {
			return nil
		}
		return q.Scan(&rows).Error
	}
	var err error
	if s.dialect != Postgres || p.trigram == "" {
		err = run(s)
	} else {
		// The trigram threshold is the transaction's own, and the query runs
		// without parallel workers, whose start costs more than they save here.
		err = s.readTx(ctx, func(tx *Store) error {
			if err := tx.db.Exec("SET LOCAL pg_trgm.similarity_threshold = " + strconv.FormatFloat(trigramAt, 'f', 2, 64)).Error; err != nil {
				return err
			}
			if err := tx.db.Exec("SET LOCAL max_parallel_workers_per_gather = 0").Error; err != nil {
				return err
			}
			return run(tx)
		})
	}
	if err != nil || len(rows) == 0 {
		return nil, 0, nil, err
	}
	var out []rankedCandidate
	var also []int64
	found := 0
	for _, r := range rows {
		switch {
		case r.Part == 1:
			also = append(also, *r.ID)
		case r.ID != nil: // a page past the end is one row: the count alone
			out, found = append(out, rankedCandidate{ID: *r.ID, Weight: r.Weight}), r.Found
		default:
			found = r.Found
		}
	}
	return out, found, also, nil
}

// candidateQuery builds rankCandidates' query, or nil when nothing is probed.
//
// Why it is shaped as it is: a common name shares some key with thousands
// of people (John Smith: 11,500 key rows, 3,500 people at 400,000), and
// applying the scope to each of them (an index probe or three a person)
// was most of a search's cost. Here the weights are summed once (the
// weighed CTE); the page walks the weighed people best first, applying the
// scope only until the page is full (PostgreSQL: a sort of the weights, a
// nested loop and an incremental sort on updated_at within a weight, so
// only the people tied with the page's last are looked at); and the count
// stops at countTo. Neither looks at the scope for everyone.
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
	weighed := s.with(ctx).Table("("+strings.Join(parts, " UNION ALL ")+") AS m", args...).
		Select("m.person_id, SUM(m.w) AS weight").Group("m.person_id")
	if p.minWeight > 0 {
		weighed = weighed.Having("SUM(m.w) >= ?", p.minWeight)
	}
	visible := func(q *gorm.DB, scope Scope) *gorm.DB {
		if scope.first != nil {
			// Tested on each candidate id as it is walked, before people
			// is read: inside a CASE, PostgreSQL keeps it a probe a row
			// rather than turning it into a join over all who meet it.
			cond, args := scope.first("a.person_id")
			q = q.Where("CASE WHEN "+cond+" THEN 1 ELSE 0 END = 1", args...)
		}
		q = q.Joins("JOIN people ON people.id = a.person_id").Scopes(scope.Apply)
		if p.exclude > 0 {
			q = q.Where("people.id <> ?", p.exclude)
		}
		return q
	}
	// The sorted subquery is what lets PostgreSQL stop early: its order
	// survives the nested loop into people, so the final sort is
	// incremental and the limit ends the walk.
	pageOf := func(scope Scope, limit, offset int) *gorm.DB {
		if s.dialect == SQLite {
			return s.sqlitePage(ctx, scope, p.exclude, limit, offset)
		}
		return visible(s.with(ctx).Table("(SELECT * FROM weighed ORDER BY weight DESC) AS a"), scope).
			Select("people.id AS id, a.weight AS weight, people.updated_at AS updated_at").
			Order("a.weight DESC, people.updated_at DESC, people.id DESC").
			Limit(limit).Offset(offset)
	}
	count := s.with(ctx).Raw("SELECT 0 AS n")
	if p.countTo > 0 {
		count = s.with(ctx).Table("(?) AS c", visible(s.with(ctx).Table("weighed AS a"), scope).Select("1").Limit(p.countTo)).
			Select("COUNT(*) AS n")
	}
	if p.alsoLimit <= 0 {
		return s.with(ctx).Raw(`WITH weighed AS (?)
			SELECT f.n AS found, r.id AS id, r.weight AS weight FROM (?) AS f LEFT JOIN (?) AS r ON 1 = 1
			ORDER BY r.weight DESC, r.updated_at DESC, r.id DESC`, weighed, count, pageOf(scope, p.limit, p.offset))
	}
	return s.with(ctx).Raw(`WITH weighed AS (?)
		SELECT f.n AS found, r.id AS id, r.weight AS weight, r.updated_at AS updated_at, 0 AS part FROM (?) AS f LEFT JOIN (?) AS r ON 1 = 1
		UNION ALL
		SELECT 0, h.id, h.weight, h.updated_at, 1 FROM (?) AS h
		ORDER BY part, weight DESC, updated_at DESC, id DESC`, weighed, count, pageOf(scope, p.limit, p.offset), pageOf(p.also, p.alsoLimit, 0))
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

// sqlitePage is candidateQuery's page on SQLite: each weighed candidate is
// tested through the scope in an EXISTS of its own. Joined to people
// instead, SQLite cannot tell how few rows the weighed CTE holds and
// builds a Bloom filter on people first, which reads every person through
// the scope's conditions: measured on the demo area, 12 ms for a name with
// 49 candidates against 0.3 ms this way, the same rows in the same order.
func (s *Store) sqlitePage(ctx context.Context, scope Scope, exclude int64, limit, offset int) *gorm.DB {
	visible := s.db.Session(&gorm.Session{NewDB: true}).WithContext(ctx).Table("people").Select("1").
		Where("people.id = a.person_id").Scopes(scope.Apply)
	if exclude > 0 {
		visible = visible.Where("people.id <> ?", exclude)
	}
	q := s.with(ctx).Table("weighed AS a").
		Select("a.person_id AS id, a.weight AS weight, (SELECT pu.updated_at FROM people pu WHERE pu.id = a.person_id) AS updated_at")
	if scope.first != nil {
		cond, args := scope.first("a.person_id")
		q = q.Where(cond, args...)
	}
	return q.Where("EXISTS (?)", visible).Order("weight DESC, updated_at DESC, id DESC").Limit(limit).Offset(offset)
}
