package matching

import (
	"testing"

	"github.com/paulmach/orb"
)

var liverpool = orb.Point{-2.98, 53.41}

func TestComplexNeedsFitTheSpecialistService(t *testing.T) {
	specialist := Service{ServiceID: 20, Type: "hostel", LAs: []int64{1}, Location: liverpool, HasLocation: true,
		Groups:   []string{GroupRoughSleeper, "complex_needs"},
		Rules:    Eligibility{MinAge: 18, NeedsAccepted: []string{"mental_health", "substance_use", "alcohol"}, MinNeedsScore: 30},
		Capacity: 12, Vacancies: 2}
	generic := Service{ServiceID: 21, Type: "hostel", LAs: []int64{1}, Location: liverpool, HasLocation: true,
		Rules: Eligibility{MinAge: 18}, Capacity: 40, Vacancies: 5}
	person := Candidate{PersonID: 5, Age: 38, RoughSleepingTonight: true, Groups: []string{"complex_needs"},
		Needs: []string{"mental_health", "substance_use"}, NeedsScore: 44, LocalConnectionLAs: []int64{1},
		// 0.028° north of the services: 3.1 km with orb's earth radius.
		Location: orb.Point{-2.98, 53.438}, HasLocation: true}
	w := DefaultWeights()

	// Default fit weights:
	//   target groups: rough sleeper + complex needs = 2 × 10 (cap 20)   20
	//   needs supported: mental health, substance use = 2 × 3 (cap 12)    6
	//   needs score 44 meets the threshold of 30                        10
	//   local connection to LA 1                                        10
	//   3.1 km: 10 less 1 per whole 2 km                                 9
	//   vacancy now                                                      5
	//                                                           total   60
	r := Fit(person, specialist, w, fixtureNow)
	assertPoints(t, r, map[string]int{FactorTargetGroups: 20, FactorNeedsSupported: 6, FactorNeedsThresholdMet: 10,
		FactorLocalConnection: 10, FactorDistance: 9, FactorVacancy: 5}, 60)
	for name, want := range map[string]string{
		FactorTargetGroups:   "the service is for rough sleeper, complex needs; 10 points each, capped at 20",
		FactorNeedsSupported: "supports mental health, substance use; 3 points each, capped at 12",
		FactorDistance:       "3.1 km away; 10 points less 1 for each 2 km",
		FactorVacancy:        "2 of 12 places free now",
	} {
		if got := factorNamed(t, r, name).Detail; got != want {
			t.Errorf("%s detail = %q, want %q", name, got, want)
		}
	}
	if r.DistanceMetres < 3100 || r.DistanceMetres > 3130 {
		t.Errorf("distance = %.0f m", r.DistanceMetres)
	}

	// The generic hostel takes anyone: local connection 10, distance 9,
	// vacancy 5 = 24. The specialist comes first.
	g := Fit(person, generic, w, fixtureNow)
	assertPoints(t, g, map[string]int{FactorLocalConnection: 10, FactorDistance: 9, FactorVacancy: 5}, 24)
	ranked := RankServices(person, []Service{generic, specialist}, w, fixtureNow)
	if ranked.Available[0].ServiceID != 20 {
		t.Errorf("first = %d, want the specialist", ranked.Available[0].ServiceID)
	}
}

func TestFitWithoutLocationsHasNoDistance(t *testing.T) {
	r := Fit(Candidate{PersonID: 1, Age: 30}, Service{ServiceID: 1, Location: liverpool, HasLocation: true}, DefaultWeights(), fixtureNow)
	if r.DistanceMetres != UnknownDistance {
		t.Errorf("distance = %v", r.DistanceMetres)
	}
	for _, f := range r.Factors {
		if f.Name == FactorDistance {
			t.Errorf("distance factor without a person's location: %+v", f)
		}
	}
}

func TestDistancePointsNeverGoBelowZero(t *testing.T) {
	far := Candidate{PersonID: 1, Age: 30, Location: orb.Point{-0.12, 51.5}, HasLocation: true} // London
	r := Fit(far, Service{ServiceID: 1, Location: liverpool, HasLocation: true}, DefaultWeights(), fixtureNow)
	if f := factorNamed(t, r, FactorDistance); f.Points != 0 {
		t.Errorf("distance points %d at %.0f km", f.Points, r.DistanceMetres/1000)
	}
}
