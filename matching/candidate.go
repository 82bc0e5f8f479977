package matching

import (
	"time"

	"github.com/paulmach/orb"
)

// Candidate is a person as the matcher sees them: only the facts that earn
// points or meet a service's rules. The server fills it from the person, their
// latest common assessment and recorded overrides.
type Candidate struct {
	// PersonID identifies the person; it is the last tie-break.
	PersonID int64 `json:"person_id"`
	// Age in years, recorded or estimated; 0 when unknown. BirthDate wins when set.
	Age int `json:"age,omitempty"`
	// BirthDate is read as a calendar date (its year, month and day as given).
	BirthDate time.Time `json:"birth_date,omitzero"`
	// Gender as recorded: "female", "male", "non_binary", "unknown", ...
	Gender string `json:"gender"`
	// LocalConnectionLAs are the local authorities the person has a local connection to.
	LocalConnectionLAs []int64 `json:"local_connection_las,omitempty"`
	// RoughSleepingTonight is true when the person has nowhere to sleep tonight.
	RoughSleepingTonight bool `json:"rough_sleeping_tonight"`
	// NightsRough counts nights seen or known to sleep rough.
	NightsRough int `json:"nights_rough"`
	// NeedsScore is the common assessment's 12-domain total (12–60); 0 = not assessed.
	NeedsScore int `json:"needs_score"`
	// Needs are support needs: mental_health, substance_use, alcohol, physical_health,
	// learning_disability, domestic_abuse, offending, ...
	Needs []string `json:"needs,omitempty"`
	// Risks are recorded risks: arson, sexual_offending, violence_to_staff, ...
	Risks []string `json:"risks,omitempty"`
	// Pets, Wheelchair and Couple are what a placement has to accommodate.
	Pets       bool `json:"pets"`
	Wheelchair bool `json:"wheelchair"`
	Couple     bool `json:"couple"`
	// Groups the person belongs to: women, young_people, care_leaver, veteran,
	// prison_leaver, complex_needs, ... Rough sleeping tonight also counts as
	// GroupRoughSleeper without being listed.
	Groups []string `json:"groups,omitempty"`
	// Location is where the person is, or the centroid of their LA; only used
	// when HasLocation is set. Left out of JSON when zero: a candidate shown
	// or stored without its point (a referral's snapshot) carries no place.
	Location    orb.Point `json:"location,omitzero"`
	HasLocation bool      `json:"has_location"`
	// WaitingSince is when the person started waiting for a placement; zero = unknown.
	WaitingSince time.Time `json:"waiting_since,omitzero"`
	// Discretion holds recorded worker or manager adjustments to priority.
	Discretion []Discretion `json:"discretion,omitempty"`
	// NeedsOverride, when set with a reason, waives services' minimum needs score.
	NeedsOverride *Override `json:"needs_override,omitempty"`
}

// GroupRoughSleeper is the target group a person is in while sleeping rough
// tonight, so services for rough sleepers match without re-recording it.
const GroupRoughSleeper = "rough_sleeper"

// Discretion is a recorded adjustment to a person's priority. Points without a
// reason are not counted: every point must be explained.
type Discretion struct {
	Points int    `json:"points"`
	Reason string `json:"reason"`
	// By names the worker or manager who recorded it, as shown to other workers.
	By string `json:"by"`
}

// Override accepts a person below a service's needs threshold. The Housing
// First toolkit is explicit that scores alone must not exclude people (women
// and care leavers often score low), so the threshold is always overridable,
// but only with a recorded reason.
type Override struct {
	Reason string `json:"reason"`
}

// AgeAt is the person's age in whole years on now's date in the UK, or 0
// when neither a birth date nor an age is recorded.
func (c *Candidate) AgeAt(now time.Time) int {
	if c.BirthDate.IsZero() {
		return c.Age
	}
	by, bm, bd := c.BirthDate.Date()
	ny, nm, nd := now.In(london).Date()
	age := ny - by
	if nm < bm || (nm == bm && nd < bd) {
		age--
	}
	return max(age, 0)
}

// inGroup reports whether the person is in a target group, counting rough
// sleeping tonight as GroupRoughSleeper.
func (c *Candidate) inGroup(g string) bool {
	if g == GroupRoughSleeper && c.RoughSleepingTonight {
		return true
	}
	for _, mine := range c.Groups {
		if mine == g {
			return true
		}
	}
	return false
}
