package matching

import (
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"
)

// Merseyside-sized fixtures for benchmarks and property tests: six LAs,
// services of every type with their default rules, and people with a spread
// of needs, risks and circumstances. Deterministic for a given seed.

var fixtureNow = time.Date(2025, time.November, 24, 10, 30, 0, 0, time.UTC)

var (
	fixtureNeeds  = []string{"mental_health", "substance_use", "alcohol", "physical_health", "learning_disability", "domestic_abuse", "offending"}
	fixtureRisks  = []string{"arson", "sexual_offending", "violence_to_staff"}
	fixtureGroups = []string{"women", "young_people", "care_leaver", "veteran", "prison_leaver", "complex_needs"}
)

func fixturePoint(r *rand.Rand) orb.Point {
	// Around Liverpool, about 40 km across.
	return orb.Point{-2.98 + (r.Float64()-0.5)*0.6, 53.41 + (r.Float64()-0.5)*0.36}
}

func fixturePick(r *rand.Rand, from []string, chance float64) []string {
	var out []string
	for _, v := range from {
		if r.Float64() < chance {
			out = append(out, v)
		}
	}
	return out
}

func fixtureServices(seed uint64, n int) []Service {
	r := rand.New(rand.NewPCG(seed, 1))
	types := ServiceTypes()
	out := make([]Service, n)
	for i := range out {
		typ := types[i%len(types)]
		rules, groups := DefaultEligibility(typ)
		if r.Float64() < 0.2 {
			rules.NeedsAccepted = fixturePick(r, fixtureNeeds, 0.6)
		}
		capacity := 1 + r.IntN(40)
		out[i] = Service{
			ServiceID:   int64(i + 1),
			Type:        typ,
			Location:    fixturePoint(r),
			HasLocation: r.Float64() < 0.9,
			LAs:         []int64{int64(1 + r.IntN(6))},
			Capacity:    capacity,
			Vacancies:   max(r.IntN(capacity+1)-capacity/2, 0),
			Groups:      groups,
			Rules:       rules,
		}
		if r.Float64() < 0.2 {
			out[i].AssessmentHours.AllHours = true
		} else {
			for d := time.Monday; d <= time.Friday; d++ {
				out[i].AssessmentHours.Days[d] = []Interval{{From: 9 * 60, To: 17 * 60}}
			}
		}
	}
	return out
}

func fixtureCandidates(seed uint64, n int) []Candidate {
	r := rand.New(rand.NewPCG(seed, 2))
	genders := []string{"female", "male", "male", "non_binary", "unknown"}
	out := make([]Candidate, n)
	for i := range out {
		c := Candidate{
			PersonID:             int64(i + 1),
			Age:                  r.IntN(60) + 16,
			Gender:               genders[r.IntN(len(genders))],
			LocalConnectionLAs:   []int64{int64(1 + r.IntN(6))},
			RoughSleepingTonight: r.Float64() < 0.3,
			NightsRough:          r.IntN(200),
			NeedsScore:           12 + r.IntN(49),
			Needs:                fixturePick(r, fixtureNeeds, 0.3),
			Risks:                fixturePick(r, fixtureRisks, 0.05),
			Pets:                 r.Float64() < 0.1,
			Wheelchair:           r.Float64() < 0.05,
			Couple:               r.Float64() < 0.1,
			Groups:               fixturePick(r, fixtureGroups, 0.2),
			Location:             fixturePoint(r),
			HasLocation:          r.Float64() < 0.8,
			WaitingSince:         fixtureNow.Add(-time.Duration(r.IntN(120*24)) * time.Hour),
		}
		if r.Float64() < 0.1 {
			c.NeedsScore = 0
		}
		if r.Float64() < 0.05 {
			c.NeedsOverride = &Override{Reason: "scores low because she avoids services"}
		}
		if r.Float64() < 0.05 {
			c.Discretion = []Discretion{{Points: r.IntN(41) - 10, Reason: "hospital discharge tomorrow", By: "duty manager"}}
		}
		out[i] = c
	}
	return out
}
