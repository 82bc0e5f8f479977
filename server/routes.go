package server

import (
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/policy"
)

// routes registers every route, both front doors, in one place. The web
// pages and /api/v1 share handlers: bind, respond and fail pick HTML or
// JSON from the "api" flag set on the group.
func (s *Server) routes(r *gin.Engine) {
	r.GET("/healthz", s.healthz)
	r.GET("/readyz", s.readyz)

	web := r.Group("/", s.authenticate)
	web.GET("/login", s.loginPage)
	web.POST("/login", s.login)
	web.POST("/logout", s.logout)
	web.GET("/choose-service", s.chooseServicePage)
	web.POST("/choose-service", s.chooseService)

	api := r.Group("/api/v1", func(c *gin.Context) { c.Set("api", true) }, s.authenticate)
	api.GET("/openapi.json", s.openAPI)
	api.GET("/version", s.version)
	api.POST("/tokens", s.createToken)
	api.DELETE("/tokens/current", s.revokeToken)
	api.PUT("/tokens/current/service", s.chooseService)

	for _, g := range []*gin.RouterGroup{web.Group("/", s.requireLogin), api.Group("/", s.requireLogin)} {
		g.GET("/me", s.me)
	}

	// Pages only.
	page := web.Group("/", s.requireLogin)
	page.GET("/", s.dashboard)
	page.GET("/people", s.allow("person", policy.Search), s.searchPeople)
	page.GET("/people/new", s.allow("person", policy.Create), s.newPersonPage)
	page.POST("/people", s.allow("person", policy.Create), s.createPerson)
	page.GET("/people/:id", s.showPerson)
	page.GET("/people/:id/edit", s.editPersonPage)
	page.POST("/people/:id/edit", s.updatePerson)
	page.POST("/people/:id/notes", s.addNote)
	page.POST("/people/:id/involvements", s.workingWith)
	page.POST("/people/:id/break-glass", s.allow("person", policy.BreakGlass), s.breakGlass)
	page.POST("/involvements/:id/close", s.closeInvolvement)
	page.GET("/lookup", s.allow("partner_lookup", policy.Read), s.partnerLookup)
	page.GET("/audit", s.allow("audit", policy.Read), s.auditLog)
	page.POST("/notifications/read", s.markNotificationsRead)

	// JSON API.
	v1 := api.Group("/", s.requireLogin)
	v1.GET("/people", s.allow("person", policy.Search), s.searchPeople)
	v1.POST("/people", s.allow("person", policy.Create), s.createPerson)
	v1.GET("/people/:id", s.showPerson)
	v1.PATCH("/people/:id", s.updatePerson)
	v1.GET("/people/:id/notes", s.listNotes)
	v1.POST("/people/:id/notes", s.addNote)
	v1.POST("/people/:id/involvements", s.workingWith)
	v1.POST("/people/:id/break-glass", s.allow("person", policy.BreakGlass), s.breakGlass)
	v1.POST("/involvements/:id/close", s.closeInvolvement)
	v1.GET("/partner/lookup", s.allow("partner_lookup", policy.Read), s.partnerLookup)
	v1.GET("/audit", s.allow("audit", policy.Read), s.auditLog)
	v1.GET("/audit/alerts", s.allow("audit", policy.Read), s.auditAlerts)
	v1.GET("/notifications", s.notifications)

	// Administration: area admins for everything, org admins for their own
	// organisation (checked per record in the handlers).
	for _, g := range []*gin.RouterGroup{page.Group("/admin"), v1} {
		g.GET("/local-authorities", s.listLAs)
		g.GET("/local-authorities/:id", s.showLA)
		g.GET("/organisations", s.listOrganisations)
		g.GET("/organisations/:id", s.showOrganisation)
		g.GET("/services", s.listServices)
		g.GET("/services/:id", s.showService)
		g.GET("/users", s.listUsers)
		g.GET("/users/:id", s.showUser)
	}
	admin := page.Group("/admin")
	admin.GET("/", s.adminHome)
	admin.GET("/local-authorities/new", s.allow("admin", policy.Manage), s.newLAPage)
	admin.POST("/local-authorities", s.allow("admin", policy.Manage), s.createLA)
	admin.GET("/local-authorities/:id/edit", s.allow("admin", policy.Manage), s.editLAPage)
	admin.POST("/local-authorities/:id/edit", s.allow("admin", policy.Manage), s.updateLA)
	admin.GET("/organisations/new", s.allow("admin", policy.Manage), s.newOrganisationPage)
	admin.POST("/organisations", s.allow("admin", policy.Manage), s.createOrganisation)
	admin.GET("/organisations/:id/edit", s.editOrganisationPage)
	admin.POST("/organisations/:id/edit", s.updateOrganisation)
	admin.GET("/services/new", s.newServicePage)
	admin.POST("/services", s.createService)
	admin.GET("/services/:id/edit", s.editServicePage)
	admin.POST("/services/:id/edit", s.updateService)
	admin.GET("/users/new", s.newUserPage)
	admin.POST("/users", s.createUser)
	admin.GET("/users/:id/edit", s.editUserPage)
	admin.POST("/users/:id/edit", s.updateUser)
	admin.POST("/users/:id/memberships", s.addMembership)
	admin.POST("/memberships/:id/delete", s.removeMembership)
	admin.POST("/users/:id/disable", s.disableUser)
	admin.POST("/users/:id/enable", s.enableUser)
	admin.POST("/users/:id/password", s.setUserPassword)
	admin.GET("/policy", s.allow("policy", policy.Manage), s.policyPage)
	admin.POST("/policy/grant", s.allow("policy", policy.Manage), s.grantRule)
	admin.POST("/policy/revoke", s.allow("policy", policy.Manage), s.revokeRule)

	v1.POST("/local-authorities", s.allow("admin", policy.Manage), s.createLA)
	v1.PATCH("/local-authorities/:id", s.allow("admin", policy.Manage), s.updateLA)
	v1.POST("/organisations", s.allow("admin", policy.Manage), s.createOrganisation)
	v1.PATCH("/organisations/:id", s.updateOrganisation)
	v1.POST("/services", s.createService)
	v1.PATCH("/services/:id", s.updateService)
	v1.POST("/users", s.createUser)
	v1.PATCH("/users/:id", s.updateUser)
	v1.POST("/users/:id/memberships", s.addMembership)
	v1.DELETE("/memberships/:id", s.removeMembership)
	v1.POST("/users/:id/disable", s.disableUser)
	v1.POST("/users/:id/enable", s.enableUser)
	v1.GET("/policy", s.allow("policy", policy.Manage), s.policyPage)
	v1.POST("/policy/grant", s.allow("policy", policy.Manage), s.grantRule)
	v1.POST("/policy/revoke", s.allow("policy", policy.Manage), s.revokeRule)

	// Street contacts, maps, flows and public alerts (issue 7).
	web.GET("/maps/local-authorities.geojson", s.areaBoundaries)
	web.GET("/report-rough-sleeping", s.alertPage)
	web.POST("/report-rough-sleeping", s.createAlert)
	web.GET("/report-rough-sleeping/status", s.alertStatus)
	api.POST("/alerts", s.createAlert)
	api.GET("/alerts/:reference", s.alertStatus)
	for _, g := range []*gin.RouterGroup{page, v1} {
		g.POST("/street-contacts", s.allow("street_contact", policy.Create), s.createStreetContact)
		g.GET("/street-contacts/:id", s.allow("street_contact", policy.Read), s.showStreetContact)
		g.GET("/reports/flows", s.allow("report", policy.Read), s.flows)
		g.GET("/alerts", s.allowAlerts, s.listAlerts)
		g.POST("/alerts/:reference/status", s.allow("alert", policy.Update), s.updateAlert)
		g.POST("/alerts/:reference/route", s.allowAlerts, s.routeAlert)
	}
	page.GET("/street-contacts", s.allow("street_contact", policy.Read), s.outreachPage)
	page.GET("/street-contacts/new", s.allow("street_contact", policy.Create), s.newStreetContactPage)
	page.GET("/hotspots", s.allow("report", policy.Read), s.hotspotPage)
	page.GET("/alerts/:reference", s.allowAlerts, s.showAlert)
	v1.GET("/street-contacts", s.allow("street_contact", policy.Read), s.streetContactPins)
	v1.GET("/hotspots", s.allow("report", policy.Read), s.hotspots)
	v1.GET("/alerts/:reference/detail", s.allowAlerts, s.showAlert)

	r.NoRoute(func(c *gin.Context) { c.Set("api", strings.HasPrefix(c.Request.URL.Path, "/api/")) }, s.authenticate, s.notFound)
}
