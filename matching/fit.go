package matching

import (
	"slices"
	"time"
)

// Fit is a service's fit for a person: the hard rules, then points for the
// target groups and needs it is for, a local connection, nearness and a free
// place. now dates the person's age.
func Fit(c Candidate, s Service, w Weights, now time.Time) Result {
	e := newExplainer(1)
	sc := scoreFit(e, &c, c.AgeAt(now), &s, &w.Fit)
	e.freeze()
	return e.result(&sc)
}

func scoreFit(e *explainer, c *Candidate, age int, s *Service, w *FitWeights) scored {
	factors, failures := e.begin()
	failed := check(e, c, age, s)
	e.targetGroups(c, s, w.TargetGroups)
	// Only a service that lists the needs it supports is a specialist for
	// them; "any need" earns nothing here, so complex needs rank the services
	// built to hold them first.
	if accepted := s.Rules.NeedsAccepted; len(accepted) > 0 && w.NeedsSupported.Cap > 0 {
		supported := func(n string) bool { return slices.Contains(accepted, n) }
		if matched := countFunc(c.Needs, supported); matched > 0 {
			e.s("supports ").keys(c.Needs, supported).
				s("; ").n(w.NeedsSupported.Points).s(" points each, capped at ").n(w.NeedsSupported.Cap).
				factor(FactorNeedsSupported, "Needs the service supports", w.NeedsSupported.points(matched))
		}
	}
	if threshold := s.Rules.MinNeedsScore; threshold > 0 && c.NeedsScore >= threshold && w.NeedsThresholdMet > 0 {
		e.s("needs score ").n(c.NeedsScore).s(" meets the threshold of ").n(threshold).
			factor(FactorNeedsThresholdMet, "Needs threshold met", w.NeedsThresholdMet)
	}
	if w.LocalConnection > 0 && connected(c, s) {
		e.s("local connection to an area the service covers").
			factor(FactorLocalConnection, "Local connection", w.LocalConnection)
	}
	distance := distanceMetres(c, s)
	if distance >= 0 && w.Distance.Max > 0 {
		e.km(distance, 1).s(" away; ").n(w.Distance.Max).s(" points less 1 for each ").km(float64(w.Distance.PerMetres), -1).
			factor(FactorDistance, "Distance", w.Distance.points(distance))
	}
	if s.Vacancies > 0 && w.Vacancy > 0 {
		e.n(s.Vacancies)
		if s.Capacity >= s.Vacancies {
			e.s(" of ").n(s.Capacity)
		}
		e.s(" places free now").factor(FactorVacancy, "Vacancy now", w.Vacancy)
	}
	return e.done(s.ServiceID, failed, factors, failures, distance)
}

func countFunc(list []string, f func(string) bool) int {
	n := 0
	for _, v := range list {
		if f(v) {
			n++
		}
	}
	return n
}
