package server

import (
	"html/template"
	"strconv"

	"gateway/matching"
	"gateway/models"
	"gateway/server/app"
)

// addPlacementFuncs adds the placement pages' template functions to the
// shared set (templateFuncs) before any page is parsed.
func addPlacementFuncs(funcs template.FuncMap) {
	funcs["needLabel"] = func(k string) string { return matching.TermLabel(matching.Needs, k) }
	funcs["riskLabel"] = func(k string) string { return matching.TermLabel(matching.Risks, k) }
	funcs["groupLabel"] = func(k string) string { return matching.TermLabel(matching.Groups, k) }
	funcs["ruleLabel"] = app.RuleLabel
	funcs["declineLabel"] = func(k string) string { return models.LabelOf(models.DeclineReasons, k) }
	funcs["moveOnReasonLabel"] = func(k string) string { return models.LabelOf(models.MoveOnReasons, k) }
	funcs["destinationLabel"] = func(k string) string { return models.LabelOf(models.MoveOnDestinations, k) }
	funcs["signed"] = func(n int) string {
		if n > 0 {
			return "+" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	funcs["statusLabel"] = func(st string) string {
		switch st {
		case models.ReferralSent:
			return "Waiting for a decision"
		case models.ReferralAccepted:
			return "Accepted"
		case models.ReferralDeclined:
			return "Declined"
		case models.ReferralWithdrawn:
			return "Withdrawn"
		case models.ReferralExpired:
			return "Expired"
		}
		return st
	}
	funcs["derefDate"] = func(d *models.Date) string {
		if d == nil || d.IsZero() {
			return ""
		}
		return d.Time().Format("2 Jan 2006")
	}
}
