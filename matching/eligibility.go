package matching

import (
	"slices"
)

// Eligibility is a service's hard rules: JSON that area admins edit and
// version. Zero values mean "no rule".
type Eligibility struct {
	// MinAge and MaxAge bound the person's age in years; 0 = no bound.
	MinAge int `json:"min_age"`
	MaxAge int `json:"max_age"`
	// Genders the service takes; empty = any.
	Genders []string `json:"genders"`
	// LocalConnectionRequired asks for a local connection to one of the service's LAs.
	LocalConnectionRequired bool `json:"local_connection_required"`
	// NeedsAccepted, when not empty, are the only needs the service can support.
	NeedsAccepted []string `json:"needs_accepted"`
	// NeedsExcluded are needs the service cannot take.
	NeedsExcluded []string `json:"needs_excluded"`
	// RisksExcluded are risks the service cannot manage.
	RisksExcluded        []string `json:"risks_excluded"`
	PetsAllowed          bool     `json:"pets_allowed"`
	WheelchairAccessible bool     `json:"wheelchair_accessible"`
	CouplesAccepted      bool     `json:"couples_accepted"`
	// MinNeedsScore is a threshold on the needs score (Housing First's
	// indicative 38), waived by a Candidate.NeedsOverride; 0 = none.
	MinNeedsScore int `json:"min_needs_score"`
	// MaxNeedsScore keeps low-support services for people with lower needs; 0 = none.
	MaxNeedsScore int `json:"max_needs_score"`
}

// rule indexes the hard rules so rankings can count exclusions without maps.
type rule uint8

const (
	ruleMinAge rule = iota
	ruleMaxAge
	ruleGenders
	ruleLocalConnection
	ruleNeedsAccepted
	ruleNeedsExcluded
	ruleRisksExcluded
	rulePets
	ruleWheelchair
	ruleCouples
	ruleMinNeedsScore
	ruleMaxNeedsScore
	ruleCount
)

// ruleNames are the Eligibility JSON fields, so a failure names the rule an
// admin would edit.
var ruleNames = [ruleCount]string{
	"min_age", "max_age", "genders", "local_connection_required",
	"needs_accepted", "needs_excluded", "risks_excluded", "pets_allowed",
	"wheelchair_accessible", "couples_accepted", "min_needs_score", "max_needs_score",
}

// failedRules is a set of rules, one bit each.
type failedRules uint16

// check writes a failure for every rule the person does not meet, and the
// waiver factor when an override lets them past the needs threshold. age is
// the person's age now (0 unknown). An unknown age fails an age rule rather
// than passing it: the worker can record an estimate, and the failure says so.
func check(e *explainer, c *Candidate, age int, s *Service) failedRules {
	r := &s.Rules
	var failed failedRules
	fail := func(x rule) {
		e.fail(x)
		failed |= 1 << x
	}
	if r.MinAge > 0 {
		if age == 0 {
			e.s("age not recorded; the minimum is ").n(r.MinAge)
			fail(ruleMinAge)
		} else if age < r.MinAge {
			e.s("age ").n(age).s(" is under the minimum of ").n(r.MinAge)
			fail(ruleMinAge)
		}
	}
	if r.MaxAge > 0 {
		if age == 0 {
			e.s("age not recorded; the maximum is ").n(r.MaxAge)
			fail(ruleMaxAge)
		} else if age > r.MaxAge {
			e.s("age ").n(age).s(" is over the maximum of ").n(r.MaxAge)
			fail(ruleMaxAge)
		}
	}
	if len(r.Genders) > 0 && !slices.Contains(r.Genders, c.Gender) {
		e.s("takes ")
		for i, g := range r.Genders {
			if i > 0 {
				e.s(" or ")
			}
			e.key(g)
		}
		gender := c.Gender
		if gender == "" {
			gender = "unknown"
		}
		e.s(" only; gender recorded as ").key(gender)
		fail(ruleGenders)
	}
	if r.LocalConnectionRequired && !connected(c, s) {
		e.s("no local connection to an area the service covers")
		fail(ruleLocalConnection)
	}
	if len(r.NeedsAccepted) > 0 {
		unsupported := func(n string) bool { return !slices.Contains(r.NeedsAccepted, n) }
		if slices.ContainsFunc(c.Needs, unsupported) {
			e.s("does not support ").keys(c.Needs, unsupported)
			fail(ruleNeedsAccepted)
		}
	}
	if excluded := func(n string) bool { return slices.Contains(r.NeedsExcluded, n) }; slices.ContainsFunc(c.Needs, excluded) {
		e.s("does not accept ").keys(c.Needs, excluded)
		fail(ruleNeedsExcluded)
	}
	if excluded := func(k string) bool { return slices.Contains(r.RisksExcluded, k) }; slices.ContainsFunc(c.Risks, excluded) {
		e.s("cannot manage a risk of ").keys(c.Risks, excluded)
		fail(ruleRisksExcluded)
	}
	if c.Pets && !r.PetsAllowed {
		e.s("does not accept pets")
		fail(rulePets)
	}
	if c.Wheelchair && !r.WheelchairAccessible {
		e.s("is not wheelchair accessible")
		fail(ruleWheelchair)
	}
	if c.Couple && !r.CouplesAccepted {
		e.s("does not accept couples")
		fail(ruleCouples)
	}
	if r.MinNeedsScore > 0 && c.NeedsScore < r.MinNeedsScore {
		if c.NeedsScore == 0 {
			e.s("needs not assessed; the threshold is ").n(r.MinNeedsScore)
		} else {
			e.s("needs score ").n(c.NeedsScore).s(" is under the threshold of ").n(r.MinNeedsScore)
		}
		if o := c.NeedsOverride; o != nil && o.Reason != "" {
			e.s("; accepted by recorded override: ").s(o.Reason)
			e.factor(FactorNeedsThresholdWaived, "Needs threshold waived", 0)
		} else {
			if o != nil {
				e.s("; the override has no reason recorded")
			}
			fail(ruleMinNeedsScore)
		}
	}
	if r.MaxNeedsScore > 0 && c.NeedsScore > r.MaxNeedsScore {
		e.s("needs score ").n(c.NeedsScore).s(" is over the maximum of ").n(r.MaxNeedsScore)
		fail(ruleMaxNeedsScore)
	}
	return failed
}
