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
	can := func(res policy.Resource, act policy.Action) bool { return policy.Can(a, act, res) }
	add("Home", "/", a.Valid())
	add("People", "/people", can(policy.ResourcePerson, policy.Search))
	add("New person", "/people/new", can(policy.ResourcePerson, policy.Create))
	add("Look up", "/lookup", can(policy.ResourcePartnerLookup, policy.Read))
	// Street contacts, alerts and maps.
	add("Outreach", "/outreach", can(policy.ResourceStreetContact, policy.Create)) // the phone home
	add("Street map", "/street-contacts", can(policy.ResourceStreetContact, policy.Read))
	add("Alerts", "/alerts", can(policy.ResourceAlert, policy.Read) || can(policy.ResourceAlert, policy.Route))
	add("Hotspots", "/hotspots", can(policy.ResourceReport, policy.Read))
	add("Flows", "/reports/flows", can(policy.ResourceReport, policy.Read))
	add("Services", "/admin/services", a.Valid())
	// Placement.
	add("Referrals", "/referrals", can(policy.ResourceReferral, policy.Read))
	add("Placements", "/placements", can(policy.ResourcePlacement, policy.Read))
	add("Vacancies", "/vacancies", can(policy.ResourceVacancy, policy.Update))
	add("Gaps", "/reports/gaps", can(policy.ResourceReport, policy.Read))
	add("Matching", "/admin/matching/weights", can(policy.ResourceMatchingRules, policy.Manage))
	add("Audit", "/audit", can(policy.ResourceAudit, policy.Read))
	add("Merges", "/admin/merges", can(policy.ResourcePerson, policy.Merge))
	add("Duplicate review", "/duplicates/review", can(policy.ResourceDuplicateReview, policy.Read))
	add("Assessment form", "/admin/forms", can(policy.ResourceForm, policy.Manage))
	add("Data compliance", "/compliance", audienceOf(a) != audienceNone)
	add("Compliance rules", "/admin/compliance-rules", can(policy.ResourceComplianceRules, policy.Manage))
	add("API tokens", "/account/tokens", can(policy.ResourceToken, policy.Manage) && w.token == nil)
	add("Admin", "/admin/", can(policy.ResourceAdmin, policy.Manage) || can(policy.ResourceOrgAdmin, policy.Manage))
	return items
}
