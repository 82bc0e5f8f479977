package server

import (
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/policy"
)

// nav is the menu for the caller's role: only what they can use.
func (s *Server) nav(c *gin.Context, w *who) []navItem {
	a := w.actor
	var items []navItem
	add := func(label, href string, ok bool) {
		if ok {
			active := c.Request.URL.Path == href || (href != "/" && strings.HasPrefix(c.Request.URL.Path, href+"/"))
			items = append(items, navItem{Label: label, Href: href, Active: active})
		}
	}
	can := func(res string, act policy.Action) bool { return policy.Can(a, act, policy.Resource(res)) }
	add("Home", "/", a.Valid())
	add("People", "/people", can("person", policy.Search))
	add("New person", "/people/new", can("person", policy.Create))
	add("Look up", "/lookup", can("partner_lookup", policy.Read))
	// Street contacts, alerts and maps.
	add("Outreach", "/outreach", can("street_contact", policy.Create)) // the phone home
	add("Street map", "/street-contacts", can("street_contact", policy.Read))
	add("Alerts", "/alerts", can("alert", policy.Read) || can("alert", policy.Route))
	add("Hotspots", "/hotspots", can("report", policy.Read))
	add("Flows", "/reports/flows", can("report", policy.Read))
	add("Services", "/admin/services", a.Valid())
	// Placement.
	add("Referrals", "/referrals", can("referral", policy.Read))
	add("Placements", "/placements", can("placement", policy.Read))
	add("Vacancies", "/vacancies", can("vacancy", policy.Update))
	add("Gaps", "/reports/gaps", can("report", policy.Read))
	add("Matching", "/admin/matching/weights", can("matching_rules", policy.Manage))
	add("Audit", "/audit", can("audit", policy.Read))
	add("Merges", "/admin/merges", can("person", policy.Merge))
	add("Duplicate review", "/duplicates/review", can("duplicate_review", policy.Read))
	add("Assessment form", "/admin/forms", can("form", policy.Manage))
	add("Data compliance", "/compliance", audienceOf(a) != audienceNone)
	add("Compliance rules", "/admin/compliance-rules", can("compliance_rules", policy.Manage))
	add("API tokens", "/account/tokens", can("token", policy.Manage) && w.token == nil)
	add("Admin", "/admin/", can("admin", policy.Manage) || can("org_admin", policy.Manage))
	return items
}
