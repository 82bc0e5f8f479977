package matching

// Factor is one explained contribution to a result's total.
type Factor struct {
	// Name is a stable key, e.g. "rough_sleeping_tonight".
	Name string `json:"name"`
	// Label is the factor's heading for a worker.
	Label string `json:"label"`
	// Points may be 0: a factor is shown when it applies even if it earns
	// nothing, so a worker can see why.
	Points int `json:"points"`
	// Detail shows the arithmetic: "60 nights rough, 1 point per 7 nights, capped at 20".
	Detail string `json:"detail"`
}

// Failure is one hard eligibility rule the person does not meet.
type Failure struct {
	// Rule is the Eligibility field's JSON name, e.g. "min_age".
	Rule string `json:"rule"`
	// Reason is for a worker: "age 17 is under the minimum of 18".
	Reason string `json:"reason"`
}

// Result is a scored, explained pairing of a person and a service.
type Result struct {
	Eligible bool      `json:"eligible"`
	Failures []Failure `json:"failures,omitempty"`
	Factors  []Factor  `json:"factors"`
	// Total is exactly the sum of Factors' points.
	Total int `json:"total"`
	// DistanceMetres is from the person to the service, or UnknownDistance.
	DistanceMetres float64 `json:"distance_metres"`
}

// Factor names. They are stable keys: reports and the UI may rely on them.
const (
	FactorRoughSleepingTonight = "rough_sleeping_tonight"
	FactorNightsRough          = "nights_rough"
	FactorNeedsScore           = "needs_score"
	FactorLocalConnection      = "local_connection"
	FactorWaiting              = "waiting"
	FactorTargetGroups         = "target_groups"
	FactorDiscretion           = "discretion"
	FactorNeedsThresholdWaived = "needs_threshold_waived"
	FactorNeedsSupported       = "needs_supported"
	FactorNeedsThresholdMet    = "needs_threshold_met"
	FactorDistance             = "distance"
	FactorVacancy              = "vacancy"
)
