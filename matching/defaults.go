package matching

import (
	_ "embed"
	"maps"
	"slices"
)

// serviceDefaults is one entry of defaults/eligibility.json.
type serviceDefaults struct {
	Groups []string    `json:"groups"`
	Rules  Eligibility `json:"rules"`
}

//go:embed defaults/eligibility.json
var defaultEligibilityJSON []byte

var serviceTypeDefaults = mustParseServiceDefaults(defaultEligibilityJSON)

func mustParseServiceDefaults(data []byte) map[string]serviceDefaults {
	var m map[string]serviceDefaults
	errs := decodeStrict(data, &m, false)
	for typ, d := range m {
		if err := d.Rules.Validate(); err != nil {
			errs = append(errs, FieldError{Field: typ + ".rules", Problem: err.Error()})
		}
	}
	if len(errs) > 0 {
		panic("matching: defaults/eligibility.json: " + errs.Error())
	}
	return m
}

// DefaultEligibility is the starting rules and target groups for a new
// service of a type: refuges take women only, Housing First has the
// indicative needs threshold of 38, young people's housing takes ages 16–25.
// An unknown type gets no rules and no groups. The slices are the caller's own.
func DefaultEligibility(serviceType string) (Eligibility, []string) {
	d := serviceTypeDefaults[serviceType]
	r := d.Rules
	r.Genders = slices.Clone(r.Genders)
	r.NeedsAccepted = slices.Clone(r.NeedsAccepted)
	r.NeedsExcluded = slices.Clone(r.NeedsExcluded)
	r.RisksExcluded = slices.Clone(r.RisksExcluded)
	return r, slices.Clone(d.Groups)
}

// ServiceTypes lists the types DefaultEligibility knows, sorted.
func ServiceTypes() []string {
	return slices.Sorted(maps.Keys(serviceTypeDefaults))
}
