package matching

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// RankedService is one service in a person's ranking.
type RankedService struct {
	ServiceID int64 `json:"service_id"`
	// OpenForAssessment: the service takes assessments at the ranking's time.
	OpenForAssessment bool `json:"open_for_assessment"`
	Result
}

// ServiceRanking is every service for one person, in three tiers. No service
// is dropped: an ineligible one is listed with the rules it failed.
type ServiceRanking struct {
	// Available are eligible with a place free now.
	Available []RankedService `json:"available"`
	// Full are eligible but have no vacancy.
	Full []RankedService `json:"full"`
	// Ineligible failed at least one hard rule.
	Ineligible []RankedService `json:"ineligible"`
	// Gap is "" when a place is available, else GapNoVacancy or
	// GapNoEligibleService: a gap in provision for this person.
	Gap string `json:"gap,omitempty"`
	// Exclusions counts the services each rule excluded the person from,
	// most first, so a gap says what kind of provision is missing.
	Exclusions []RuleCount `json:"exclusions,omitempty"`
}

// Gaps in provision, as reports.GapEvent reasons.
const (
	GapNoVacancy         = "no_vacancy"
	GapNoEligibleService = "no_eligible_service"
)

// RuleCount is how many results failed a rule.
type RuleCount struct {
	Rule  string `json:"rule"`
	Count int    `json:"count"`
}

// RankedCandidate is one person in a vacancy's ranking.
type RankedCandidate struct {
	PersonID int64 `json:"person_id"`
	Result
}

// CandidateRanking is every person put forward for one service's vacancy.
type CandidateRanking struct {
	// Eligible are ranked by priority.
	Eligible []RankedCandidate `json:"eligible"`
	// Ineligible are listed with the rules they failed, in the same order.
	Ineligible []RankedCandidate `json:"ineligible"`
	// Exclusions counts the people each rule excluded, most first.
	Exclusions []RuleCount `json:"exclusions,omitempty"`
}

// RankServices ranks services for a person. Within a tier: most fit points
// first, then nearest (unknown distance last), then lowest service ID, so the
// same inputs always give the same order.
func RankServices(c Candidate, services []Service, w Weights, now time.Time) ServiceRanking {
	e := newExplainer(len(services))
	age := c.AgeAt(now)
	all := make([]scored, len(services))
	for i := range services {
		all[i] = scoreFit(e, &c, age, &services[i], &w.Fit)
		all[i].index = i
	}
	tier := func(sc *scored) int {
		switch {
		case !sc.eligible:
			return 3
		case services[sc.index].Vacancies <= 0:
			return 2
		}
		return 1
	}
	// Comparisons run in turn rather than through cmp.Or, which would
	// evaluate every one of them for every pair.
	slices.SortFunc(all, func(a, b scored) int {
		if c := cmp.Compare(tier(&a), tier(&b)); c != 0 {
			return c
		}
		if a.total != b.total {
			return cmp.Compare(b.total, a.total)
		}
		if c := compareDistance(a.distance, b.distance); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	e.freeze()

	// Sorted by tier, the tiers are consecutive runs of one slice.
	out := make([]RankedService, len(all))
	var tierEnd [4]int
	for i := range all {
		sc := &all[i]
		s := &services[sc.index]
		out[i] = RankedService{ServiceID: s.ServiceID, OpenForAssessment: s.AssessmentHours.OpenAt(now), Result: e.result(sc)}
		tierEnd[tier(sc)] = i + 1
	}
	tierEnd[2] = max(tierEnd[2], tierEnd[1])
	tierEnd[3] = len(all)
	r := ServiceRanking{
		Available:  out[:tierEnd[1]:tierEnd[1]],
		Full:       out[tierEnd[1]:tierEnd[2]:tierEnd[2]],
		Ineligible: out[tierEnd[2]:],
		Exclusions: countExclusions(all),
	}
	switch {
	case len(r.Available) > 0:
	case len(r.Full) > 0:
		r.Gap = GapNoVacancy
	default:
		r.Gap = GapNoEligibleService
	}
	return r
}

// RankCandidates ranks people for a service's vacancy. Ties go to the person
// waiting longest (points for waiting are capped; the queue is not), then the
// nearest, then the lowest person ID.
func RankCandidates(s Service, cs []Candidate, w Weights, now time.Time) CandidateRanking {
	e := newExplainer(len(cs))
	all := make([]scored, len(cs))
	for i := range cs {
		c := &cs[i]
		all[i] = scorePriority(e, c, c.AgeAt(now), &s, &w.Priority, now)
		all[i].index = i
		all[i].waiting = math.MaxInt64
		if !c.WaitingSince.IsZero() {
			all[i].waiting = c.WaitingSince.Unix()
		}
	}
	slices.SortFunc(all, func(a, b scored) int {
		if a.eligible != b.eligible {
			return compareBool(a.eligible, b.eligible)
		}
		if a.total != b.total {
			return cmp.Compare(b.total, a.total)
		}
		if a.waiting != b.waiting {
			return cmp.Compare(a.waiting, b.waiting)
		}
		if c := compareDistance(a.distance, b.distance); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	e.freeze()

	out := make([]RankedCandidate, len(all))
	eligible := 0
	for i := range all {
		out[i] = RankedCandidate{PersonID: all[i].id, Result: e.result(&all[i])}
		if all[i].eligible {
			eligible = i + 1
		}
	}
	return CandidateRanking{
		Eligible:   out[:eligible:eligible],
		Ineligible: out[eligible:],
		Exclusions: countExclusions(all),
	}
}

// compareDistance orders nearest first and unknown distances last.
func compareDistance(a, b float64) int {
	if (a < 0) != (b < 0) {
		return compareBool(a >= 0, b >= 0)
	}
	return cmp.Compare(a, b)
}

// compareBool puts true first.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

func countExclusions(all []scored) []RuleCount {
	var counts [ruleCount]int
	for i := range all {
		for r := range ruleCount {
			if all[i].failed&(1<<r) != 0 {
				counts[r]++
			}
		}
	}
	var out []RuleCount
	for r, n := range counts {
		if n > 0 {
			out = append(out, RuleCount{Rule: ruleNames[r], Count: n})
		}
	}
	// Stable keeps ties in rule order, so the list is deterministic.
	slices.SortStableFunc(out, func(a, b RuleCount) int { return cmp.Compare(b.Count, a.Count) })
	return out
}
