package server

import "gateway/models"

// Template helpers for street contacts and alerts (issue 7), added to the
// shared function map before the templates are parsed.
func init() {
	funcs["siteLabel"] = models.SiteLabel
	funcs["alertStatusLabel"] = models.AlertStatusLabel
	funcs["derefFloat"] = func(p *float64) float64 {
		if p == nil {
			return 0
		}
		return *p
	}
}
