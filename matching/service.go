package matching

import (
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
)

// Service is a service profile as the matcher sees it.
type Service struct {
	ServiceID int64  `json:"service_id"`
	Name      string `json:"name"`
	// Type is one of ServiceTypes(): hostel, housing_first, refuge, ...
	Type string `json:"type"`
	// Location is the service's point, used for distance when HasLocation is set.
	// For confidential services the caller must not show the distance to
	// anyone outside the service (docs/ACCESS.md rule 5).
	Location    orb.Point `json:"location"`
	HasLocation bool      `json:"has_location"`
	// LAs are the local authorities the service covers.
	LAs []int64 `json:"las,omitempty"`
	// Capacity is the number of places; Vacancies how many are free now.
	Capacity  int `json:"capacity"`
	Vacancies int `json:"vacancies"`
	// Groups are the service's target groups (see Candidate.Groups).
	Groups []string `json:"groups,omitempty"`
	// Rules are the hard eligibility rules.
	Rules Eligibility `json:"rules"`
	// AssessmentHours is when the service takes assessments.
	AssessmentHours Schedule `json:"assessment_hours"`
}

// UnknownDistance is Result.DistanceMetres when the person or the service has
// no location.
const UnknownDistance = -1.0

// distanceMetres uses orb's equirectangular distance: within one area its error
// is far below what would change a point, and it costs no trigonometry beyond
// one cosine.
func distanceMetres(c *Candidate, s *Service) float64 {
	if !c.HasLocation || !s.HasLocation {
		return UnknownDistance
	}
	return geo.Distance(c.Location, s.Location)
}

// connected reports whether the person has a local connection to an LA the
// service covers.
func connected(c *Candidate, s *Service) bool {
	for _, la := range c.LocalConnectionLAs {
		for _, covered := range s.LAs {
			if la == covered {
				return true
			}
		}
	}
	return false
}
