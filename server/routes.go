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

	// Common assessment and casework (issue 5): duplicates and merges,
	// assessments on a versioned form, consent, safety plans, cases on
	// pathways, review lists, "my record" and subject access.
	page.GET("/people/duplicates", s.allow("person", policy.Search), s.duplicates)
	page.GET("/people/:id/merge", s.allow("person", policy.Merge), s.mergeForm)
	page.POST("/people/:id/merge", s.allow("person", policy.Merge), s.mergePerson)
	page.GET("/admin/merges", s.allow("person", policy.Merge), s.merges)
	page.GET("/people/:id/assessments", s.listAssessments)
	page.POST("/people/:id/assessments", s.startAssessment)
	page.GET("/people/:id/assessments/:aid", s.showAssessment)
	page.GET("/people/:id/assessments/:aid/sections/:section", s.sectionForm)
	page.POST("/people/:id/assessments/:aid/sections/:section", s.saveSection)
	page.POST("/people/:id/assessments/:aid/override", s.overrideAssessment)
	page.POST("/people/:id/assessments/:aid/complete", s.completeAssessment)
	page.POST("/people/:id/assessments/:aid/discard", s.discardAssessment)
	page.GET("/admin/forms", s.allow("form", policy.Read), s.formVersions)
	page.POST("/admin/forms", s.allow("form", policy.Manage), s.publishForm)
	page.GET("/admin/forms/:version", s.allow("form", policy.Read), s.formVersion)
	page.POST("/people/:id/consents", s.recordConsent)
	page.POST("/people/:id/consents/:cid/withdraw", s.withdrawConsent)
	page.GET("/people/:id/safety-plan", s.safetyPlan)
	page.POST("/people/:id/safety-plans", s.writeSafetyPlan)
	page.POST("/people/:id/cases", s.openCase)
	page.GET("/cases/:id", s.showCase)
	page.POST("/cases/:id/transitions", s.transitionCase)
	page.POST("/cases/:id/rag", s.setCaseRAG)
	page.GET("/people/:id/my-record", s.myRecord)
	page.GET("/people/:id/my-record.pdf", s.myRecordPDF)
	page.GET("/people/:id/subject-access", s.allow("person", policy.Export), s.subjectAccess)
	page.GET("/people/:id/subject-access.json", s.allow("person", policy.Export), s.subjectAccessJSON)
	page.GET("/people/:id/subject-access.pdf", s.allow("person", policy.Export), s.subjectAccessPDF)

	v1.GET("/people/duplicates", s.allow("person", policy.Search), s.duplicates)
	v1.POST("/people/:id/merge", s.allow("person", policy.Merge), s.mergePerson)
	v1.GET("/merges", s.allow("person", policy.Merge), s.merges)
	v1.GET("/people/:id/assessments", s.listAssessments)
	v1.POST("/people/:id/assessments", s.startAssessment)
	v1.GET("/people/:id/assessments/:aid", s.showAssessment)
	v1.PATCH("/people/:id/assessments/:aid", s.updateAssessment)
	v1.POST("/people/:id/assessments/:aid/complete", s.completeAssessment)
	v1.DELETE("/people/:id/assessments/:aid", s.discardAssessment)
	v1.GET("/forms", s.allow("form", policy.Read), s.formVersions)
	v1.POST("/forms", s.allow("form", policy.Manage), s.publishForm)
	v1.GET("/forms/:version", s.allow("form", policy.Read), s.formVersion)
	v1.GET("/people/:id/consents", s.listConsents)
	v1.POST("/people/:id/consents", s.recordConsent)
	v1.POST("/people/:id/consents/:cid/withdraw", s.withdrawConsent)
	v1.GET("/people/:id/safety-plans", s.safetyPlan)
	v1.POST("/people/:id/safety-plans", s.writeSafetyPlan)
	v1.GET("/pathways", s.pathways)
	v1.GET("/people/:id/cases", s.listCases)
	v1.POST("/people/:id/cases", s.openCase)
	v1.GET("/cases/:id", s.showCase)
	v1.GET("/cases/:id/transitions", s.showCase)
	v1.POST("/cases/:id/transitions", s.transitionCase)
	v1.POST("/cases/:id/rag", s.setCaseRAG)
	v1.GET("/review", s.review)
	v1.GET("/people/:id/my-record.pdf", s.myRecordPDF)
	v1.GET("/people/:id/subject-access", s.allow("person", policy.Export), s.subjectAccessJSON)
	v1.GET("/people/:id/subject-access.pdf", s.allow("person", policy.Export), s.subjectAccessPDF)

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

	// Data compliance and commissioner reports (issue 8): scores as each
	// role may see them (the handlers ask policy), a service's named list
	// for its managers, PDF/CSV reports, and the rules, which area admins
	// change.
	for _, g := range []*gin.RouterGroup{page, v1} {
		g.GET("/compliance", s.complianceOverview)
		g.GET("/services/:id/compliance", s.serviceCompliance)
		g.GET("/reports/compliance", s.complianceReport)
		g.GET("/reports/pack", s.commissionerPack)
	}
	page.GET("/admin/compliance-rules", s.allow("compliance_rules", policy.Manage), s.complianceRules)
	page.POST("/admin/compliance-rules", s.allow("compliance_rules", policy.Manage), s.saveComplianceRules)
	v1.GET("/compliance/rules", s.complianceRules)
	v1.POST("/compliance/rules", s.allow("compliance_rules", policy.Manage), s.saveComplianceRules)

	r.NoRoute(func(c *gin.Context) { c.Set("api", strings.HasPrefix(c.Request.URL.Path, "/api/")) }, s.authenticate, s.notFound)
}
