package matching

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/paulmach/orb"
)

func serviceIDs(list []RankedService) []int64 {
	ids := []int64{}
	for _, s := range list {
		ids = append(ids, s.ServiceID)
	}
	return ids
}

func personIDs(list []RankedCandidate) []int64 {
	ids := []int64{}
	for _, c := range list {
		ids = append(ids, c.PersonID)
	}
	return ids
}

// north returns a point km kilometres north of liverpool.
func north(km float64) orb.Point {
	return orb.Point{liverpool[0], liverpool[1] + km*1000/(orb.EarthRadius*3.141592653589793/180)}
}

func TestRankServicesInTiersWithNothingDropped(t *testing.T) {
	man := Candidate{PersonID: 1, Age: 45, Gender: "male", Location: liverpool, HasLocation: true}
	open := Service{ServiceID: 1, Vacancies: 2, Capacity: 10, Location: north(1), HasLocation: true,
		AssessmentHours: Schedule{AllHours: true}}
	nearer := Service{ServiceID: 2, Vacancies: 1, Capacity: 10, Location: north(0.5), HasLocation: true}
	full := Service{ServiceID: 3, Vacancies: 0, Capacity: 10, Location: north(0.1), HasLocation: true}
	refuge := Service{ServiceID: 4, Vacancies: 3, Capacity: 6, Rules: Eligibility{Genders: []string{"female"}}}
	olderWomen := Service{ServiceID: 5, Vacancies: 3, Capacity: 6, Rules: Eligibility{Genders: []string{"female"}, MinAge: 50}}
	w := DefaultWeights()

	r := RankServices(man, []Service{olderWomen, full, refuge, open, nearer}, w, fixtureNow)
	// Both available services are within 2 km (10 distance points) with a
	// vacancy (5): a tie on 15, so the nearer comes first.
	if got := serviceIDs(r.Available); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("available = %v, want [2 1]", got)
	}
	if got := serviceIDs(r.Full); !slices.Equal(got, []int64{3}) {
		t.Errorf("full = %v, want [3]", got)
	}
	if got := serviceIDs(r.Ineligible); !slices.Equal(got, []int64{4, 5}) {
		t.Errorf("ineligible = %v, want [4 5]", got)
	}
	if f := r.Ineligible[1].Failures; len(f) != 2 || f[0].Rule != "min_age" || f[1].Rule != "genders" {
		t.Errorf("failures for 5 = %+v", f)
	}
	if r.Gap != "" {
		t.Errorf("gap = %q with places available", r.Gap)
	}
	if want := []RuleCount{{"genders", 2}, {"min_age", 1}}; !slices.Equal(r.Exclusions, want) {
		t.Errorf("exclusions = %+v, want %+v", r.Exclusions, want)
	}
	if !r.Available[1].OpenForAssessment || r.Available[0].OpenForAssessment {
		t.Errorf("open for assessment: %v %v", r.Available[0].OpenForAssessment, r.Available[1].OpenForAssessment)
	}

	if r := RankServices(man, []Service{full, refuge}, w, fixtureNow); r.Gap != GapNoVacancy {
		t.Errorf("gap = %q, want %q", r.Gap, GapNoVacancy)
	}
	if r := RankServices(man, []Service{refuge, olderWomen}, w, fixtureNow); r.Gap != GapNoEligibleService || len(r.Ineligible) != 2 {
		t.Errorf("gap = %q, ineligible %d", r.Gap, len(r.Ineligible))
	}
	if r := RankServices(man, nil, w, fixtureNow); r.Gap != GapNoEligibleService || len(r.Available)+len(r.Full)+len(r.Ineligible) != 0 {
		t.Errorf("no services: %+v", r)
	}
}

func TestRankServicesTiesBreakByDistanceThenID(t *testing.T) {
	person := Candidate{PersonID: 1, Age: 30, Location: liverpool, HasLocation: true}
	var services []Service
	for _, s := range []struct {
		id int64
		km float64 // negative: no location
	}{{9, 0.5}, {3, 0.5}, {5, 0.5}, {4, 1.5}, {2, -1}, {1, -1}} {
		svc := Service{ServiceID: s.id, Vacancies: 1, Capacity: 1}
		if s.km >= 0 {
			svc.Location, svc.HasLocation = north(s.km), true
		}
		services = append(services, svc)
	}
	// Located services earn 10 distance points; unlocated ones earn none
	// and fall below them. Among the located, equal points: nearest first,
	// then lowest ID.
	want := []int64{3, 5, 9, 4, 1, 2}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 20 {
		rng.Shuffle(len(services), func(i, j int) { services[i], services[j] = services[j], services[i] })
		if got := serviceIDs(RankServices(person, services, DefaultWeights(), fixtureNow).Available); !slices.Equal(got, want) {
			t.Fatalf("order = %v, want %v", got, want)
		}
	}
}

func TestRankCandidatesTiesBreakByWaitingThenDistanceThenID(t *testing.T) {
	now := fixtureNow
	s := Service{ServiceID: 1, Location: liverpool, HasLocation: true, Vacancies: 1, Rules: Eligibility{MinAge: 18}}
	longAgo, lessLongAgo := now.AddDate(-1, 0, 0), now.AddDate(0, -6, 0)
	person := func(id int64, since time.Time, km float64) Candidate {
		c := Candidate{PersonID: id, Age: 30, WaitingSince: since}
		if km >= 0 {
			c.Location, c.HasLocation = north(km), true
		}
		return c
	}
	people := []Candidate{
		person(8, lessLongAgo, 1),
		person(7, longAgo, 2),
		person(6, longAgo, 1),
		person(5, longAgo, 1),
		person(4, longAgo, -1),
		{PersonID: 3, Age: 12}, // ineligible: listed, never dropped
		{PersonID: 2, Age: 30, RoughSleepingTonight: true},
	}
	// Person 2 has 20 points for sleeping rough tonight. Everyone else who is
	// eligible has 10, the cap for waiting: the year-long waits come before
	// the six-month one, and among those the nearest, then the lowest ID,
	// with no location last.
	want := []int64{2, 5, 6, 7, 4, 8}
	rng := rand.New(rand.NewPCG(8, 8))
	for range 20 {
		rng.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
		r := RankCandidates(s, people, DefaultWeights(), now)
		if got := personIDs(r.Eligible); !slices.Equal(got, want) {
			t.Fatalf("order = %v, want %v", got, want)
		}
		if got := personIDs(r.Ineligible); !slices.Equal(got, []int64{3}) || r.Ineligible[0].Failures[0].Reason != "age 12 is under the minimum of 18" {
			t.Fatalf("ineligible = %+v", r.Ineligible)
		}
	}
}

func TestRankingResultsDoNotShareSpareCapacity(t *testing.T) {
	r := RankCandidates(plainHostel, fixtureCandidates(5, 3), DefaultWeights(), fixtureNow)
	first := r.Eligible[0].Factors
	next := r.Eligible[1].Factors[0]
	_ = append(first, Factor{Name: "appended"})
	if r.Eligible[1].Factors[0] != next {
		t.Error("appending to one result's factors overwrote the next result's")
	}
}

// One vacancy against 1,000 people stays within a fixed number of
// allocations: scoring writes into shared buffers, not a string per factor.
func TestRankingAllocationsDoNotGrowWithPeople(t *testing.T) {
	people := fixtureCandidates(6, 1000)
	w := DefaultWeights()
	allocs := testing.AllocsPerRun(5, func() { RankCandidates(plainHostel, people, w, fixtureNow) })
	if allocs > 40 {
		t.Errorf("%v allocations to rank 1,000 people", allocs)
	}
}
