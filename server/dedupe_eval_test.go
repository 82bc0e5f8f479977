package server

import (
	"path/filepath"
	"slices"
	"sort"
	"testing"
	"time"

	"gateway/matching/dedupetest"
	"gateway/models"
	"gateway/models/modeltest"
	"gateway/policy"
)

// dedupeFigures are precision and recall of the duplicate check as the app
// runs it: each generated person, in creation order, is checked through
// the database (DuplicateCandidates, with a worker's identity scope) and
// ranked (rankCandidates) against everyone created before them.
type dedupeFigures struct {
	pairs, found, returned, correct int
	took                            []time.Duration
}

func (f dedupeFigures) precision() float64 { return float64(f.correct) / float64(max(f.returned, 1)) }
func (f dedupeFigures) recall() float64    { return float64(f.found) / float64(max(f.pairs, 1)) }

func (f dedupeFigures) percentile(p float64) time.Duration {
	d := slices.Clone(f.took)
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[min(len(d)-1, int(p*float64(len(d))))]
}

// loadGenerated stores a generated duplicate set (ids 1..n), each person
// known to one hostel, and returns the hostel worker's identity scope.
func loadGenerated(t testing.TB, s *models.Store, set dedupetest.DuplicateSet) models.Scope {
	b := modeltest.Build(t, s)
	la := b.LA("Northmoor")
	hostel := b.Service(b.Org("Trust"), "Hostel", models.Hostel, la)
	u := b.User("Worker", hostel, models.RoleWorker)
	now := models.Now()
	var people, aliases, keys, invs [][]any
	for _, g := range set.People {
		var dob, est any
		p := &models.Person{GivenName: g.Given, FamilyName: g.Family}
		switch {
		case g.DOB.Year > 0: // full, or a month or year only: stored as such
			p.DOB = models.Date{Year: g.DOB.Year, Month: time.Month(g.DOB.Month), Day: g.DOB.Day}
			dob = p.DOB
		case g.EstimatedBirthYear > 0:
			y := g.EstimatedBirthYear
			p.EstimatedBirthYear, est = &y, y
		}
		people = append(people, []any{g.ID, g.Given, g.Family, dob, est, g.Gender, hostel.ID, u.ID, 1, now, now})
		for _, a := range g.Aliases {
			aliases = append(aliases, []any{len(aliases) + 1, g.ID, a.Given, a.Family, now})
			p.Aliases = append(p.Aliases, models.Alias{GivenName: a.Given, FamilyName: a.Family})
		}
		for _, k := range models.PersonKeys(p) {
			keys = append(keys, []any{k, g.ID})
		}
		invs = append(invs, []any{g.ID, g.ID, hostel.ID, false, models.SourceCreated, now})
	}
	l := s.Loader()
	for _, step := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"people", []string{"id", "given_name", "family_name", "dob", "estimated_birth_year", "gender", "created_by_service_id", "created_by_user_id", "version", "created_at", "updated_at"}, people},
		{"person_aliases", []string{"id", "person_id", "given_name", "family_name", "created_at"}, aliases},
		{"person_name_keys", []string{"key", "person_id"}, keys},
		{"involvements", []string{"id", "person_id", "service_id", "confidential", "source", "started_at"}, invs},
	} {
		for i := 0; i < len(step.rows); i += 5000 {
			if err := l.Load(ctx, step.table, step.cols, step.rows[i:min(i+5000, len(step.rows))]); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := l.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	pol, err := policy.New(ctx, s, policy.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := s.Memberships(ctx, u.ID)
	ms[0].Service = hostel
	return policy.People(pol.Actor(u, ms[0], time.Now()))
}

func checkGenerated(t testing.TB, s *models.Store, scope models.Scope, set dedupetest.DuplicateSet) dedupeFigures {
	var f dedupeFigures
	now := time.Now()
	seen := map[int][]int64{} // entity → ids created so far
	entity := map[int64]int{}
	for _, g := range set.People {
		in := models.PersonInput{GivenName: g.Given, FamilyName: g.Family, Gender: g.Gender}
		switch {
		case g.DOB.Year > 0:
			in.DOB = models.Date{Year: g.DOB.Year, Month: time.Month(g.DOB.Month), Day: g.DOB.Day}
		case g.EstimatedBirthYear > 0:
			age := now.Year() - g.EstimatedBirthYear
			in.EstimatedAge = &age
		}
		for _, a := range g.Aliases {
			in.Aliases = append(in.Aliases, models.Alias{GivenName: a.Given, FamilyName: a.Family})
		}
		start := time.Now()
		cands, _, err := s.DuplicateCandidates(ctx, scope, in.Identity(now.Year()), g.ID)
		if err != nil {
			t.Fatal(err)
		}
		earlier := cands[:0]
		for _, c := range cands {
			if c.ID < g.ID {
				earlier = append(earlier, c)
			}
		}
		holders, err := s.GivenNameHolders(ctx, scope, in.GivenName)
		if err != nil {
			t.Fatal(err)
		}
		ranked := rankCandidates(in, earlier, holders, now)
		f.took = append(f.took, time.Since(start))
		returned := map[int64]bool{}
		for _, m := range ranked {
			returned[m.ID] = true
			f.returned++
			if entity[m.ID] == g.Entity {
				f.correct++
			}
		}
		for _, id := range seen[g.Entity] {
			f.pairs++
			if returned[id] {
				f.found++
			}
		}
		seen[g.Entity] = append(seen[g.Entity], g.ID)
		entity[g.ID] = g.Entity
	}
	return f
}

// The duplicate check through the database finds the planted duplicates
// as well as matching's own evaluation of the same set says it should.
func TestDuplicateCheckThroughTheDatabase(t *testing.T) {
	t.Parallel()
	size := 1000
	if raceOn {
		size = 200
	}
	set := dedupetest.GenerateDuplicateSet(7, size)
	s := modeltest.SQLite(t)
	f := checkGenerated(t, s, loadGenerated(t, s, set), set)
	wantP, wantR, _ := dedupetest.Evaluate(set)
	t.Logf("%d people, %d planted pairs: through the database precision %.3f (%d/%d), recall %.3f (%d/%d); matching.Evaluate %.3f / %.3f; check p50 %s, p95 %s",
		len(set.People), f.pairs, f.precision(), f.correct, f.returned, f.recall(), f.found, f.pairs, wantP, wantR, f.percentile(.5), f.percentile(.95))
	if f.pairs < size/7 {
		t.Fatalf("only %d planted pairs", f.pairs)
	}
	if f.precision() < 0.9 || f.recall() < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: both must be at least 0.9", f.precision(), f.recall())
	}
	if f.recall() < wantR-0.02 {
		t.Errorf("the database finds fewer duplicates (%.3f) than the evaluation (%.3f): the key lookup differs", f.recall(), wantR)
	}
}

// BenchmarkDuplicateCheck is the same at the size of one area (27,000
// people, 5,400 planted duplicates), reporting precision, recall and how
// long one check takes. Run with
//
//	go test ./server -run '^$' -bench DuplicateCheck -benchtime 1x
//
// and GATEWAY_TEST_POSTGRES set to measure PostgreSQL too.
func BenchmarkDuplicateCheck(b *testing.B) {
	set := dedupetest.GenerateDuplicateSet(1, 27000)
	run := func(b *testing.B, s *models.Store) {
		scope := loadGenerated(b, s, set)
		for b.Loop() {
			f := checkGenerated(b, s, scope, set)
			b.ReportMetric(f.precision(), "precision")
			b.ReportMetric(f.recall(), "recall")
			b.ReportMetric(float64(f.pairs), "pairs")
			b.ReportMetric(float64(f.percentile(.5).Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(f.percentile(.95).Microseconds())/1000, "p95-ms")
		}
	}
	b.Run("sqlite", func(b *testing.B) { run(b, modeltest.SQLite(b)) })
	b.Run("postgres", func(b *testing.B) { run(b, modeltest.Postgres(b)) })
}

// The same check through the database on the set built independently of
// the project's generator (testdata/dedupe/independent): its first 2,500
// records (300 under the race detector), so that the suite stays quick;
// gateway eval-duplicates runs all of it through the API.
func TestDuplicateCheckThroughTheDatabaseOnTheIndependentSet(t *testing.T) {
	t.Parallel()
	set, err := dedupetest.LoadIndependent(filepath.Join("..", dedupetest.IndependentSet))
	if err != nil {
		t.Fatal(err)
	}
	set.People = set.People[:2500]
	if raceOn {
		set.People = set.People[:300]
	}
	s := modeltest.SQLite(t)
	f := checkGenerated(t, s, loadGenerated(t, s, set), set)
	wantP, wantR, _ := dedupetest.Evaluate(set)
	t.Logf("%d records, %d true pairs: through the database precision %.3f (%d/%d), recall %.3f (%d/%d); in memory %.3f / %.3f; check p50 %s, p95 %s",
		len(set.People), f.pairs, f.precision(), f.correct, f.returned, f.recall(), f.found, f.pairs, wantP, wantR, f.percentile(.5), f.percentile(.95))
	if f.recall() < wantR-0.02 || f.precision() < wantP-0.02 {
		t.Errorf("the database differs from the evaluation in memory (%.3f/%.3f against %.3f/%.3f)", f.precision(), f.recall(), wantP, wantR)
	}
}
