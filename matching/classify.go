package matching

import "slices"

// MainNeed and MainGroup classify a person for the gaps-in-provision
// report: the first need and target group in the vocabulary's order, so
// the same person is always counted the same way wherever a decline or a
// failed match is recorded.
func (c *Candidate) MainNeed() string {
	for _, t := range Needs {
		if slices.Contains(c.Needs, t.Key) {
			return t.Key
		}
	}
	if c.NeedsScore == 0 {
		return "not_assessed"
	}
	return "none_recorded"
}

// MainGroup: rough sleeping tonight comes before any other group.
func (c *Candidate) MainGroup() string {
	if c.RoughSleepingTonight {
		return GroupRoughSleeper
	}
	for _, t := range Groups {
		if slices.Contains(c.Groups, t.Key) {
			return t.Key
		}
	}
	return "none"
}
