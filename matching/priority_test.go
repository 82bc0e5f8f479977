package matching

import (
	"strings"
	"testing"
	"time"
)

// A service in LA 1 with no target groups, so the worked examples below only
// earn the factors they name.
var plainHostel = Service{ServiceID: 7, Type: "hostel", LAs: []int64{1}, Capacity: 20, Vacancies: 1, Rules: Eligibility{MinAge: 18}}

func daysBefore(now time.Time, days int) time.Time { return now.AddDate(0, 0, -days) }

func pointsByName(r Result) map[string]int {
	m := map[string]int{}
	for _, f := range r.Factors {
		m[f.Name] += f.Points
	}
	return m
}

func sumPoints(r Result) int {
	sum := 0
	for _, f := range r.Factors {
		sum += f.Points
	}
	return sum
}

func factorNamed(t *testing.T, r Result, name string) Factor {
	t.Helper()
	for _, f := range r.Factors {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no %s factor in %+v", name, r.Factors)
	return Factor{}
}

func TestRoughSleeperTonightOutranksSofaSurferWithHigherNeeds(t *testing.T) {
	now := fixtureNow
	// Default weights:
	//   rough sleeping tonight                         20
	//   60 nights rough: 60/7 = 8 (cap 20)              8
	//   needs 30: (30-12)/2 = 9 (cap 24)                9
	//   local connection to LA 1                       10
	//   waiting 14 days: 14/7 = 2 (cap 10)              2
	//                                          total   49
	roughSleeper := Candidate{PersonID: 2, Age: 41, RoughSleepingTonight: true, NightsRough: 60, NeedsScore: 30,
		LocalConnectionLAs: []int64{1}, WaitingSince: daysBefore(now, 14)}
	// Sofa-surfing, so no rough sleeping points, but higher needs:
	//   needs 52: (52-12)/2 = 20 (cap 24)              20
	//   local connection to LA 1                       10
	//   waiting 14 days                                 2
	//                                          total   32
	sofaSurfer := Candidate{PersonID: 1, Age: 29, NeedsScore: 52, LocalConnectionLAs: []int64{1}, WaitingSince: daysBefore(now, 14)}

	w := DefaultWeights()
	a := Priority(roughSleeper, plainHostel, w, now)
	want := map[string]int{FactorRoughSleepingTonight: 20, FactorNightsRough: 8, FactorNeedsScore: 9, FactorLocalConnection: 10, FactorWaiting: 2}
	assertPoints(t, a, want, 49)
	if got := factorNamed(t, a, FactorNightsRough).Detail; got != "60 nights rough, 1 point per 7 nights, capped at 20" {
		t.Errorf("nights rough detail = %q", got)
	}
	if got := factorNamed(t, a, FactorNeedsScore).Detail; got != "needs score 30 of 60, 1 point per 2 points above 12, capped at 24" {
		t.Errorf("needs detail = %q", got)
	}
	b := Priority(sofaSurfer, plainHostel, w, now)
	assertPoints(t, b, map[string]int{FactorNeedsScore: 20, FactorLocalConnection: 10, FactorWaiting: 2}, 32)

	ranked := RankCandidates(plainHostel, []Candidate{sofaSurfer, roughSleeper}, w, now)
	if len(ranked.Eligible) != 2 || ranked.Eligible[0].PersonID != 2 || ranked.Eligible[1].PersonID != 1 {
		t.Fatalf("ranking = %+v, want the rough sleeper (2) first", ranked.Eligible)
	}
}

func assertPoints(t *testing.T, r Result, want map[string]int, total int) {
	t.Helper()
	got := pointsByName(r)
	if len(got) != len(want) {
		t.Errorf("factors = %+v, want %v", r.Factors, want)
	}
	for name, p := range want {
		if got[name] != p {
			t.Errorf("%s = %d points, want %d", name, got[name], p)
		}
	}
	if r.Total != total || sumPoints(r) != total {
		t.Errorf("total = %d (factors sum to %d), want %d", r.Total, sumPoints(r), total)
	}
}

func TestCapsHoldAtTheLimit(t *testing.T) {
	now := fixtureNow
	// 400 nights: 57 → capped at 20; needs 60: 24 → capped at 24;
	// 365 days waiting: 52 → capped at 10.
	c := Candidate{PersonID: 1, Age: 50, NightsRough: 400, NeedsScore: 60, WaitingSince: daysBefore(now, 365)}
	r := Priority(c, plainHostel, DefaultWeights(), now)
	assertPoints(t, r, map[string]int{FactorNightsRough: 20, FactorNeedsScore: 24, FactorWaiting: 10}, 54)
}

func TestFactorsShownAtZeroPointsSoAWorkerSeesWhy(t *testing.T) {
	c := Candidate{PersonID: 1, Age: 30, NightsRough: 3}
	r := Priority(c, plainHostel, DefaultWeights(), fixtureNow)
	f := factorNamed(t, r, FactorNightsRough)
	if f.Points != 0 || f.Detail != "3 nights rough, 1 point per 7 nights, capped at 20" {
		t.Errorf("factor = %+v", f)
	}
}

// Housing First's threshold of 38 is indicative and "always overridable with
// a recorded reason"; the toolkit warns that women score low on the tool.
func TestWomanUnderHousingFirstThresholdNeedsARecordedOverride(t *testing.T) {
	now := fixtureNow
	rules, groups := DefaultEligibility("housing_first")
	hf := Service{ServiceID: 3, Type: "housing_first", LAs: []int64{2}, Groups: groups, Rules: rules, Capacity: 10, Vacancies: 1}
	woman := Candidate{PersonID: 11, Age: 34, Gender: "female", Groups: []string{"women"}, NeedsScore: 30,
		Needs: []string{"domestic_abuse", "mental_health"}, LocalConnectionLAs: []int64{2}, WaitingSince: daysBefore(now, 28)}
	w := DefaultWeights()

	without := Priority(woman, hf, w, now)
	if without.Eligible {
		t.Fatal("eligible without an override")
	}
	wantFailure := Failure{Rule: "min_needs_score", Reason: "needs score 30 is under the threshold of 38"}
	if len(without.Failures) != 1 || without.Failures[0] != wantFailure {
		t.Fatalf("failures = %+v, want %+v", without.Failures, wantFailure)
	}

	woman.NeedsOverride = &Override{Reason: "scores low because she avoids services; high risk from others"}
	woman.Discretion = []Discretion{{Points: 10, Reason: "fleeing abuse, nowhere safe tonight", By: "Housing First panel"}}
	with := Priority(woman, hf, w, now)
	if !with.Eligible || len(with.Failures) != 0 {
		t.Fatalf("with override: eligible=%v failures=%+v", with.Eligible, with.Failures)
	}
	// needs 30: (30-12)/2 = 9; local connection 10; 28 days waiting: 4;
	// target groups: none ("women" is not one of Housing First's default
	// groups); discretion 10. The waiver itself earns nothing.
	assertPoints(t, with, map[string]int{FactorNeedsThresholdWaived: 0, FactorNeedsScore: 9, FactorLocalConnection: 10, FactorWaiting: 4, FactorDiscretion: 10}, 33)
	waiver := factorNamed(t, with, FactorNeedsThresholdWaived)
	if waiver.Detail != "needs score 30 is under the threshold of 38; accepted by recorded override: scores low because she avoids services; high risk from others" {
		t.Errorf("waiver detail = %q", waiver.Detail)
	}
	if d := factorNamed(t, with, FactorDiscretion).Detail; d != "fleeing abuse, nowhere safe tonight (recorded by Housing First panel)" {
		t.Errorf("discretion detail = %q", d)
	}
}

func TestCareLeaverUnderThresholdOfferedThroughOverride(t *testing.T) {
	now := fixtureNow
	rules, groups := DefaultEligibility("housing_first")
	hf := Service{ServiceID: 3, Type: "housing_first", LAs: []int64{2}, Groups: groups, Rules: rules, Capacity: 10, Vacancies: 1}
	careLeaver := Candidate{PersonID: 12, BirthDate: time.Date(2006, time.March, 1, 0, 0, 0, 0, time.UTC), Gender: "male",
		Groups: []string{"care_leaver"}, NeedsScore: 26, RoughSleepingTonight: true, NightsRough: 10}

	if r := Priority(careLeaver, hf, DefaultWeights(), now); r.Eligible ||
		r.Failures[0].Reason != "needs score 26 is under the threshold of 38" {
		t.Fatalf("without override: %+v", r)
	}
	careLeaver.NeedsOverride = &Override{Reason: "care leaver; low score reflects little contact with services"}
	r := Priority(careLeaver, hf, DefaultWeights(), now)
	// rough tonight 20; 10 nights: 1; needs 26: 7; rough sleeper is one of
	// Housing First's target groups: 5. Total 33.
	assertPoints(t, r, map[string]int{FactorNeedsThresholdWaived: 0, FactorRoughSleepingTonight: 20, FactorNightsRough: 1, FactorNeedsScore: 7, FactorTargetGroups: 5}, 33)
	if !r.Eligible {
		t.Fatalf("not eligible with override: %+v", r.Failures)
	}
	if d := factorNamed(t, r, FactorTargetGroups).Detail; d != "the service is for rough sleeper; 5 points each, capped at 10" {
		t.Errorf("target groups detail = %q", d)
	}
}

func TestOverrideWithoutReasonDoesNotWaive(t *testing.T) {
	rules, _ := DefaultEligibility("housing_first")
	hf := Service{ServiceID: 3, Rules: rules}
	c := Candidate{PersonID: 1, Age: 40, NeedsScore: 20, NeedsOverride: &Override{}}
	r := Priority(c, hf, DefaultWeights(), fixtureNow)
	if r.Eligible || len(r.Failures) != 1 || r.Failures[0].Reason != "needs score 20 is under the threshold of 38; the override has no reason recorded" {
		t.Fatalf("result = %+v", r)
	}
}

func TestNotAssessedFailsThresholdUnlessOverridden(t *testing.T) {
	rules, _ := DefaultEligibility("housing_first")
	hf := Service{ServiceID: 3, Rules: rules}
	c := Candidate{PersonID: 1, Age: 40}
	r := Priority(c, hf, DefaultWeights(), fixtureNow)
	if r.Eligible || r.Failures[0].Reason != "needs not assessed; the threshold is 38" {
		t.Fatalf("result = %+v", r)
	}
	c.NeedsOverride = &Override{Reason: "assessment refused; known to outreach for years"}
	if r := Priority(c, hf, DefaultWeights(), fixtureNow); !r.Eligible {
		t.Fatalf("override not applied: %+v", r)
	}
}

func TestDiscretionIsCappedAndNeedsAReason(t *testing.T) {
	c := Candidate{PersonID: 1, Age: 30, Discretion: []Discretion{
		{Points: 50, Reason: "discharged from hospital today", By: "A. Manager"},
		{Points: 15, By: "B. Worker"},
		{Points: -30, Reason: "housed elsewhere next week", By: "A. Manager"},
	}}
	r := Priority(c, plainHostel, DefaultWeights(), fixtureNow)
	want := []Factor{
		{Name: FactorDiscretion, Label: "Discretion", Points: 20, Detail: "discharged from hospital today (recorded by A. Manager); 50 points recorded, capped at 20"},
		{Name: FactorDiscretion, Label: "Discretion", Points: 0, Detail: "15 points recorded by B. Worker with no reason; not counted"},
		{Name: FactorDiscretion, Label: "Discretion", Points: -20, Detail: "housed elsewhere next week (recorded by A. Manager); -30 points recorded, capped at 20"},
	}
	if len(r.Factors) != len(want) {
		t.Fatalf("factors = %+v", r.Factors)
	}
	for i := range want {
		if r.Factors[i] != want[i] {
			t.Errorf("factor %d = %+v, want %+v", i, r.Factors[i], want[i])
		}
	}
	if r.Total != 0 {
		t.Errorf("total = %d, want 20+0-20 = 0", r.Total)
	}
}

func TestTotalIsExactlyTheSumOfFactors(t *testing.T) {
	services := fixtureServices(3, 40)
	people := fixtureCandidates(3, 200)
	w := DefaultWeights()
	for _, c := range people[:20] {
		for _, s := range services {
			for _, r := range []Result{Priority(c, s, w, fixtureNow), Fit(c, s, w, fixtureNow)} {
				if r.Total != sumPoints(r) {
					t.Fatalf("person %d service %d: total %d, factors sum to %d", c.PersonID, s.ServiceID, r.Total, sumPoints(r))
				}
				if r.Eligible != (len(r.Failures) == 0) {
					t.Fatalf("eligible=%v with failures %+v", r.Eligible, r.Failures)
				}
			}
		}
	}
	for _, rc := range RankCandidates(services[0], people, w, fixtureNow).Eligible {
		if rc.Total != sumPoints(rc.Result) {
			t.Fatalf("ranked person %d: total %d, sum %d", rc.PersonID, rc.Total, sumPoints(rc.Result))
		}
	}
}

// A ranking shares one text buffer between results; each must still read
// exactly as it does when scored alone.
func TestRankingExplainsEachPersonAsPriorityDoes(t *testing.T) {
	services := fixtureServices(4, 9)
	people := fixtureCandidates(4, 300)
	w := DefaultWeights()
	for _, s := range services {
		ranked := RankCandidates(s, people, w, fixtureNow)
		byID := map[int64]Candidate{}
		for _, c := range people {
			byID[c.PersonID] = c
		}
		for _, list := range [][]RankedCandidate{ranked.Eligible, ranked.Ineligible} {
			for _, rc := range list {
				alone := Priority(byID[rc.PersonID], s, w, fixtureNow)
				if !sameResult(alone, rc.Result) {
					t.Fatalf("service %d person %d:\nranked %+v\nalone  %+v", s.ServiceID, rc.PersonID, rc.Result, alone)
				}
			}
		}
	}
}

func sameResult(a, b Result) bool {
	if a.Eligible != b.Eligible || a.Total != b.Total || a.DistanceMetres != b.DistanceMetres ||
		len(a.Factors) != len(b.Factors) || len(a.Failures) != len(b.Failures) {
		return false
	}
	for i := range a.Factors {
		if a.Factors[i] != b.Factors[i] {
			return false
		}
	}
	for i := range a.Failures {
		if a.Failures[i] != b.Failures[i] {
			return false
		}
	}
	return true
}

func TestAgeFromBirthDateTurnsOnTheBirthday(t *testing.T) {
	c := Candidate{BirthDate: time.Date(2007, time.November, 25, 0, 0, 0, 0, time.UTC)}
	// 23:30 UTC on 24 November 2025 is still the 24th in London (GMT).
	if got := c.AgeAt(time.Date(2025, time.November, 24, 23, 30, 0, 0, time.UTC)); got != 17 {
		t.Errorf("day before 18th birthday: age %d", got)
	}
	if got := c.AgeAt(time.Date(2025, time.November, 25, 0, 0, 0, 0, time.UTC)); got != 18 {
		t.Errorf("on 18th birthday: age %d", got)
	}
	// 23:30 UTC on 24 June is 00:30 on 25 June in London (BST).
	c.BirthDate = time.Date(2007, time.June, 25, 0, 0, 0, 0, time.UTC)
	if got := c.AgeAt(time.Date(2025, time.June, 24, 23, 30, 0, 0, time.UTC)); got != 18 {
		t.Errorf("birthday in London, not yet in UTC: age %d", got)
	}
	if got := (&Candidate{Age: 44}).AgeAt(fixtureNow); got != 44 {
		t.Errorf("recorded age: %d", got)
	}
	if !strings.Contains(Priority(Candidate{}, plainHostel, DefaultWeights(), fixtureNow).Failures[0].Reason, "age not recorded") {
		t.Error("unknown age passed a minimum age")
	}
}
