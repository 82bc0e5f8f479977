package matching

import (
	_ "embed"
)

// Weights are the points per factor, held as data so an area can tune them
// and version the result. defaults/weights.json is the starting point.
type Weights struct {
	Priority PriorityWeights `json:"priority"`
	Fit      FitWeights      `json:"fit"`
}

// PriorityWeights score a person for a service's vacancy.
type PriorityWeights struct {
	// RoughSleepingTonight is added for someone with nowhere to sleep tonight.
	RoughSleepingTonight int `json:"rough_sleeping_tonight"`
	// NightsRough: 1 point per Per nights rough.
	NightsRough Rate `json:"nights_rough"`
	// NeedsScore: 1 point per Per needs points above the tool's floor of 12.
	NeedsScore Rate `json:"needs_score"`
	// LocalConnection is added for a connection to an LA the service covers.
	LocalConnection int `json:"local_connection"`
	// WaitingDays: 1 point per Per days waiting.
	WaitingDays Rate `json:"waiting_days"`
	// TargetGroups: points per target group of the service the person is in.
	TargetGroups PerMatch `json:"target_groups"`
	// DiscretionCap bounds each recorded discretion, up or down.
	DiscretionCap int `json:"discretion_cap"`
}

// FitWeights score a service for a person.
type FitWeights struct {
	// TargetGroups: points per target group of the service the person is in.
	TargetGroups PerMatch `json:"target_groups"`
	// NeedsSupported: points per need of the person that a specialist service
	// lists in NeedsAccepted, so complex needs go where they can be held.
	NeedsSupported PerMatch `json:"needs_supported"`
	// NeedsThresholdMet is added when the person meets a service's needs threshold.
	NeedsThresholdMet int `json:"needs_threshold_met"`
	// LocalConnection is added for a connection to an LA the service covers.
	LocalConnection int `json:"local_connection"`
	// Distance favours nearer services.
	Distance Nearness `json:"distance"`
	// Vacancy is added when the service has a place free now.
	Vacancy int `json:"vacancy"`
}

// Rate is 1 point per Per units, at most Cap points; Cap 0 turns it off.
type Rate struct {
	Per int `json:"per"`
	Cap int `json:"cap"`
}

func (r Rate) points(units int) int {
	if r.Cap <= 0 || r.Per <= 0 || units <= 0 {
		return 0
	}
	return min(units/r.Per, r.Cap)
}

// PerMatch is Points for each match, at most Cap points.
type PerMatch struct {
	Points int `json:"points"`
	Cap    int `json:"cap"`
}

func (m PerMatch) points(matches int) int { return min(matches*m.Points, m.Cap) }

// Nearness is Max points at the service's door, one fewer for each whole
// PerMetres away, never below 0.
type Nearness struct {
	Max       int `json:"max"`
	PerMetres int `json:"per_metres"`
}

func (n Nearness) points(metres float64) int {
	if n.Max <= 0 || n.PerMetres <= 0 || metres < 0 {
		return 0
	}
	return max(n.Max-int(metres/float64(n.PerMetres)), 0)
}

//go:embed defaults/weights.json
var defaultWeightsJSON []byte

var defaultWeights = mustParseWeights(defaultWeightsJSON)

// DefaultWeights are the embedded defaults/weights.json.
func DefaultWeights() Weights { return defaultWeights }

// ParseWeights reads weights JSON. Every field must be present, so a typo
// cannot quietly turn a factor off; problems come back as FieldErrors.
func ParseWeights(data []byte) (Weights, error) {
	var w Weights
	if errs := decodeStrict(data, &w, true); len(errs) > 0 {
		return Weights{}, errs
	}
	if err := w.Validate(); err != nil {
		return Weights{}, err
	}
	return w, nil
}

func mustParseWeights(data []byte) Weights {
	w, err := ParseWeights(data)
	if err != nil {
		panic("matching: defaults/weights.json: " + err.Error())
	}
	return w
}

// maxPoints keeps any one weight within reason; totals stay far from overflow.
const maxPoints = 1000

// Validate reports every out-of-range weight by field.
func (w Weights) Validate() error {
	var errs FieldErrors
	points := func(field string, v int) {
		if v < 0 || v > maxPoints {
			errs.add(field, "%d is outside 0 to %d", v, maxPoints)
		}
	}
	rate := func(field string, r Rate) {
		points(field+".cap", r.Cap)
		if r.Per < 0 || (r.Cap > 0 && r.Per == 0) {
			errs.add(field+".per", "must be at least 1 when cap is set")
		}
	}
	perMatch := func(field string, m PerMatch) {
		points(field+".points", m.Points)
		points(field+".cap", m.Cap)
	}
	p, f := w.Priority, w.Fit
	points("priority.rough_sleeping_tonight", p.RoughSleepingTonight)
	rate("priority.nights_rough", p.NightsRough)
	rate("priority.needs_score", p.NeedsScore)
	points("priority.local_connection", p.LocalConnection)
	rate("priority.waiting_days", p.WaitingDays)
	perMatch("priority.target_groups", p.TargetGroups)
	points("priority.discretion_cap", p.DiscretionCap)
	perMatch("fit.target_groups", f.TargetGroups)
	perMatch("fit.needs_supported", f.NeedsSupported)
	points("fit.needs_threshold_met", f.NeedsThresholdMet)
	points("fit.local_connection", f.LocalConnection)
	points("fit.distance.max", f.Distance.Max)
	if f.Distance.PerMetres < 0 || (f.Distance.Max > 0 && f.Distance.PerMetres == 0) {
		errs.add("fit.distance.per_metres", "must be at least 1 when max is set")
	}
	points("fit.vacancy", f.Vacancy)
	return errs.orNil()
}
