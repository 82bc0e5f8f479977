package matching

import "strconv"

// Needs scores come from 12 domains rated 1–5.
const (
	needsScoreFloor   = 12
	needsScoreCeiling = 60
)

// ParseEligibility reads eligibility JSON as an admin edits it. Absent fields
// are "no rule"; unknown fields and out-of-range values are FieldErrors.
func ParseEligibility(data []byte) (Eligibility, error) {
	var r Eligibility
	if errs := decodeStrict(data, &r, false); len(errs) > 0 {
		return Eligibility{}, errs
	}
	if err := r.Validate(); err != nil {
		return Eligibility{}, err
	}
	return r, nil
}

// Validate reports every rule that cannot be met or makes no sense, by field.
func (r Eligibility) Validate() error {
	var errs FieldErrors
	for _, f := range []struct {
		name string
		v    int
	}{{"min_age", r.MinAge}, {"max_age", r.MaxAge}} {
		if f.v < 0 || f.v > 120 {
			errs.add(f.name, "%d is outside 0 to 120", f.v)
		}
	}
	if r.MinAge > 0 && r.MaxAge > 0 && r.MaxAge < r.MinAge {
		errs.add("max_age", "%d is under min_age %d", r.MaxAge, r.MinAge)
	}
	for _, f := range []struct {
		name string
		v    int
	}{{"min_needs_score", r.MinNeedsScore}, {"max_needs_score", r.MaxNeedsScore}} {
		if f.v != 0 && (f.v < needsScoreFloor || f.v > needsScoreCeiling) {
			errs.add(f.name, "%d is outside %d to %d (0 for none)", f.v, needsScoreFloor, needsScoreCeiling)
		}
	}
	if r.MinNeedsScore > 0 && r.MaxNeedsScore > 0 && r.MaxNeedsScore < r.MinNeedsScore {
		errs.add("max_needs_score", "%d is under min_needs_score %d", r.MaxNeedsScore, r.MinNeedsScore)
	}
	for _, l := range []struct {
		name string
		v    []string
	}{{"genders", r.Genders}, {"needs_accepted", r.NeedsAccepted}, {"needs_excluded", r.NeedsExcluded}, {"risks_excluded", r.RisksExcluded}} {
		for i, k := range l.v {
			if k == "" {
				errs.add(l.name+"["+strconv.Itoa(i)+"]", "is empty")
			}
		}
	}
	return errs.orNil()
}
