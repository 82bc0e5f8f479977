package app

import (
	"strings"

	"gateway/matching"
	"gateway/models"
	"gateway/reports"
)

// How the gaps report and the pack word a gap event: the same words in
// both, so a pack's table matches the page it summarises.

// GapEventOf labels a stored gap event as the report and the pack show it.
func GapEventOf(e models.GapEventRow, la string) reports.GapEvent {
	return reports.GapEvent{Person: e.PersonID, Kind: e.Kind, Reason: gapReason(e.Kind, e.Reason), Need: gapNeed(e.Need),
		Group: gapGroup(e.TargetGroup), LA: la, At: e.At.In(Zone)}
}

// gapReason says a gap event's reason in words.
func gapReason(kind, reason string) string {
	if kind == models.GapDecline {
		return models.LabelOf(models.DeclineReasons, reason)
	}
	gap, rule, _ := strings.Cut(reason, ":")
	switch gap {
	case matching.GapNoVacancy:
		return "Eligible services were full"
	case matching.GapNoEligibleService:
		if rule != "" {
			return "No eligible service (most often: " + RuleLabel(rule) + ")"
		}
		return "No eligible service"
	}
	return reason
}

func gapNeed(k string) string {
	switch k {
	case "not_assessed":
		return "Not assessed"
	case "none_recorded":
		return "No support need recorded"
	}
	return matching.TermLabel(matching.Needs, k)
}

func gapGroup(k string) string {
	if k == "none" {
		return "No target group"
	}
	return matching.TermLabel(matching.Groups, k)
}

// ruleLabels say what failing each hard rule means, for people reading a
// gap or an exclusion count.
var ruleLabels = map[string]string{
	"min_age": "under the minimum age", "max_age": "over the maximum age", "genders": "gender not taken",
	"local_connection_required": "no local connection", "needs_accepted": "needs not supported",
	"needs_excluded": "needs not accepted", "risks_excluded": "risk not manageable", "pets_allowed": "pets not accepted",
	"wheelchair_accessible": "not wheelchair accessible", "couples_accepted": "couples not accepted",
	"min_needs_score": "needs score under the threshold", "max_needs_score": "needs score over the maximum",
}

func RuleLabel(rule string) string {
	if l, ok := ruleLabels[rule]; ok {
		return l
	}
	return strings.ReplaceAll(rule, "_", " ")
}
