package matching

import (
	"time"
)

// Priority is a person's priority for a service's vacancy, with every point
// explained and the service's hard rules checked.
func Priority(c Candidate, s Service, w Weights, now time.Time) Result {
	e := newExplainer(1)
	sc := scorePriority(e, &c, c.AgeAt(now), &s, &w.Priority, now)
	e.freeze()
	return e.result(&sc)
}

// scorePriority writes one person's failures and priority factors. Factors
// appear whenever they apply, even at 0 points, so a worker sees why a person
// earned nothing for, say, three nights rough.
func scorePriority(e *explainer, c *Candidate, age int, s *Service, w *PriorityWeights, now time.Time) scored {
	factors, failures := e.begin()
	failed := check(e, c, age, s)
	if c.RoughSleepingTonight && w.RoughSleepingTonight > 0 {
		e.s("sleeping rough tonight").
			factor(FactorRoughSleepingTonight, "Rough sleeping tonight", w.RoughSleepingTonight)
	}
	if c.NightsRough > 0 && w.NightsRough.Cap > 0 {
		e.n(c.NightsRough).s(" nights rough, ").rate(w.NightsRough, "night", "").
			factor(FactorNightsRough, "Nights sleeping rough", w.NightsRough.points(c.NightsRough))
	}
	if c.NeedsScore > 0 && w.NeedsScore.Cap > 0 {
		e.s("needs score ").n(c.NeedsScore).s(" of 60, ").rate(w.NeedsScore, "point", " above 12").
			factor(FactorNeedsScore, "Assessed needs", w.NeedsScore.points(c.NeedsScore-needsScoreFloor))
	}
	if w.LocalConnection > 0 && connected(c, s) {
		e.s("local connection to an area the service covers").
			factor(FactorLocalConnection, "Local connection", w.LocalConnection)
	}
	if !c.WaitingSince.IsZero() && w.WaitingDays.Cap > 0 {
		days := max(int(now.Sub(c.WaitingSince)/(24*time.Hour)), 0)
		e.s("waiting ").n(days).s(" days, ").rate(w.WaitingDays, "day", "").
			factor(FactorWaiting, "Time waiting", w.WaitingDays.points(days))
	}
	e.targetGroups(c, s, w.TargetGroups)
	for i := range c.Discretion {
		e.discretion(&c.Discretion[i], w.DiscretionCap)
	}
	return e.done(c.PersonID, failed, factors, failures, distanceMetres(c, s))
}

// rate writes "1 point per 7 nights, capped at 20".
func (e *explainer) rate(r Rate, unit, suffix string) *explainer {
	e.s("1 point per ").n(r.Per).s(" ").s(unit)
	if r.Per != 1 {
		e.s("s")
	}
	return e.s(suffix).s(", capped at ").n(r.Cap)
}

// targetGroups scores the service's target groups the person is in.
func (e *explainer) targetGroups(c *Candidate, s *Service, w PerMatch) {
	if w.Cap <= 0 {
		return
	}
	matched := 0
	for _, g := range s.Groups {
		if c.inGroup(g) {
			matched++
		}
	}
	if matched == 0 {
		return
	}
	e.s("the service is for ").keys(s.Groups, c.inGroup).
		s("; ").n(w.Points).s(" points each, capped at ").n(w.Cap).
		factor(FactorTargetGroups, "Target groups", w.points(matched))
}

// discretion scores one recorded adjustment. A reasonless entry is shown but
// not counted; an entry beyond the cap is counted at the cap and says so.
func (e *explainer) discretion(d *Discretion, limit int) {
	if d.Reason == "" {
		e.n(d.Points).s(" points recorded by ").s(d.By).s(" with no reason; not counted").
			factor(FactorDiscretion, "Discretion", 0)
		return
	}
	points := min(max(d.Points, -limit), limit)
	e.s(d.Reason).s(" (recorded by ").s(d.By).s(")")
	if points != d.Points {
		e.s("; ").n(d.Points).s(" points recorded, capped at ").n(limit)
	}
	e.factor(FactorDiscretion, "Discretion", points)
}
