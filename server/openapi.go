package server

import (
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"

	"gateway/models"
)

// apiOp describes one /api/v1 operation for the OpenAPI document. To add
// a route, see docs/API.md.
type apiOp struct {
	Method, Path, Summary, Tag string
	// Body names the request body's component schema ("" = none).
	Body string
	// Response is a value of the Go type the handler answers with, from
	// which the schema is generated (nil = no JSON body: see apiAlso for
	// files). A string names a hand-written component instead.
	Response any
	// Query lists the query parameters: "name", "name!" when it must be
	// given, "name=a|b" for a fixed set of values.
	Query  []string
	Status int
}

// apiOps is the API surface. TestOpenAPIDescribesEveryRoute keeps it in
// step with routes.go.
var apiOps = []apiOp{
	{"POST", "/tokens", "Exchange email and password for a bearer token", "auth", "TokenRequest", tokenResponse{}, nil, 201},
	{"DELETE", "/tokens/current", "Revoke the token in use", "auth", "", nil, nil, 204},
	{"PUT", "/tokens/current/service", "Switch the service the token acts for", "auth", "ServiceChoice", actingFor{}, nil, 200},
	{"GET", "/me", "Who am I and which service do I act for", "auth", "", meResponse{}, nil, 200},
	{"GET", "/version", "Server version", "meta", "", versionResponse{}, nil, 200},
	{"GET", "/openapi.json", "This document", "meta", "", "OpenAPIDocument", nil, 200},
	{"GET", "/people", "Search the area's people (identity only)", "people", "", searchPage{}, []string{"q", "dob", "page"}, 200},
	{"POST", "/people", "Record a person; opens an involvement for your service. A person who looks like someone already recorded answers 409 with the likely matches, unless confirm_new is true", "people", "NewPersonInput", &models.Person{}, nil, 201},
	{"GET", "/people/{id}", "A person: identity, known-to, and the full record when involved", "people", "", personPage{}, nil, 200},
	{"PATCH", "/people/{id}", "Edit identity (fields not sent keep their values)", "people", "PersonInput", &models.Person{}, nil, 200},
	{"GET", "/people/{id}/notes", "Case notes (involved services only)", "notes", "", notesPage{}, []string{"page"}, 200},
	{"POST", "/people/{id}/notes", "Add a note, or an amendment with amends_id", "notes", "NoteInput", &models.CaseNote{}, nil, 201},
	{"POST", "/people/{id}/involvements", "Record that your service is working with the person", "involvement", "Reason", &models.Involvement{}, nil, 201},
	{"POST", "/people/{id}/break-glass", "Area admins: open the full record for an hour, with a reason", "people", "Reason", &models.BreakGlass{}, nil, 201},
	{"POST", "/involvements/{id}/close", "Close your service's involvement", "involvement", "Reason", &models.Involvement{}, nil, 200},
	{"GET", "/partner/lookup", "Partners: look a person up by full name and date of birth", "partner", "", lookupPage{}, []string{"name!", "dob!", "reason!"}, 200},
	{"GET", "/audit", "Area admins: the audit log", "audit", "", auditPage{}, []string{"action", "outcome", "object_type", "object_id", "user_id", "service_id", "from", "to", "page"}, 200},
	{"GET", "/audit/alerts", "Area admins: users refused (or asking for hidden records) 3+ times in 24 hours, reads and changes alike", "audit", "", auditAlertsResponse{}, nil, 200},
	{"GET", "/notifications", "Your service's notifications", "people", "", notificationsResponse{}, nil, 200},
	{"GET", "/local-authorities", "Local authorities", "admin", "", laListPage{}, []string{"boundaries"}, 200},
	{"POST", "/local-authorities", "Area admins: add a local authority", "admin", "LAInput", laJSON{}, nil, 201},
	{"GET", "/local-authorities/{id}", "A local authority with its boundary", "admin", "", laJSON{}, nil, 200},
	{"PATCH", "/local-authorities/{id}", "Area admins: edit a local authority", "admin", "LAInput", laJSON{}, nil, 200},
	{"GET", "/organisations", "Organisations", "admin", "", orgListPage{}, nil, 200},
	{"GET", "/directory", "The area's service directory in Open Referral HSDS 3.0 (UK profile): organisations with their services, locations, contacts, eligibility, service areas and schedules; format=tabular gives the tabular datapackage's rows keyed by CSV file name", "directory", "", "HSDSDirectory", []string{"format"}, 200},
	{"POST", "/organisations", "Area admins: add an organisation", "admin", "Named", &models.Organisation{}, nil, 201},
	{"GET", "/organisations/{id}", "An organisation and its services", "admin", "", orgPage{}, nil, 200},
	{"PATCH", "/organisations/{id}", "Rename an organisation", "admin", "Named", &models.Organisation{}, nil, 200},
	{"GET", "/services", "The service directory", "admin", "", serviceListPage{}, []string{"type", "la_id", "organisation_id", "q"}, 200},
	{"POST", "/services", "Add a service", "admin", "ServiceInput", &models.Service{}, nil, 201},
	{"GET", "/services/{id}", "A service", "admin", "", servicePage{}, nil, 200},
	{"PATCH", "/services/{id}", "Edit a service", "admin", "ServiceInput", &models.Service{}, nil, 200},
	{"GET", "/users", "Users you administer", "admin", "", userListPage{}, []string{"q", "page"}, 200},
	{"POST", "/users", "Add a user with their first role", "admin", "UserInput", &models.User{}, nil, 201},
	{"GET", "/users/{id}", "A user and their roles", "admin", "", userPage{}, nil, 200},
	{"PATCH", "/users/{id}", "Edit a user's name and email", "admin", "UserInput", &models.User{}, nil, 200},
	{"POST", "/users/{id}/memberships", "Give a user a role at a service", "admin", "MembershipInput", &models.Membership{}, nil, 201},
	{"DELETE", "/memberships/{id}", "Remove a role", "admin", "", removedMembership{}, nil, 200},
	{"POST", "/users/{id}/disable", "Disable an account; its sessions and tokens end at once", "admin", "", accountState{}, nil, 200},
	{"POST", "/users/{id}/enable", "Enable an account", "admin", "", accountState{}, nil, 200},
	{"GET", "/policy", "Area admins: permission rows", "admin", "", policyPage{}, nil, 200},
	{"POST", "/policy/grant", "Area admins: grant a permission", "admin", "RuleInput", policyPage{}, nil, 200},
	{"POST", "/policy/revoke", "Area admins: revoke a permission", "admin", "RuleInput", policyPage{}, nil, 200},
	// Common assessment and casework.
	{"GET", "/people/duplicates", "Likely duplicates of a person about to be recorded, ranked with reasons", "people", "", duplicatesPage{}, []string{"given_name", "family_name", "dob", "estimated_age", "gender", "alias_given", "alias_family"}, 200},
	{"POST", "/people/{id}/merge", "Area admins: merge the record merge_id into this person", "people", "MergeInput", &models.PersonMerge{}, nil, 200},
	{"GET", "/merges", "Area admins: past merges", "people", "", mergesPage{}, []string{"page"}, 200},
	{"POST", "/merges/{id}/split", "Area admins: split a mistaken merge (within 30 days); each record goes back to the person it came from", "people", "SplitInput", &models.PersonMerge{}, nil, 200},
	{"GET", "/duplicate-pairs", "The duplicate review: likely duplicates already recorded (area admins; a confidential service's managers for their own people)", "people", "", reviewPage{}, []string{"status", "page"}, 200},
	{"POST", "/duplicate-pairs/{id}/not-same", "Decide a pair as two different people; it is not offered again", "people", "NotSameInput", &models.DuplicatePair{}, nil, 200},
	{"POST", "/duplicate-pairs/{id}/merge", "Merge a pair: keep one record, fold the other into it", "people", "PairMergeInput", &models.PersonMerge{}, nil, 200},
	{"GET", "/people/{id}/assessments", "A person's assessments you may read", "assessment", "", assessmentsList{}, nil, 200},
	{"POST", "/people/{id}/assessments", "Start a draft assessment (pre-filled from the latest), or get your service's draft", "assessment", "AssessmentStart", &models.Assessment{}, nil, 201},
	{"GET", "/people/{id}/assessments/{aid}", "One assessment with progress, needs score and sharing status", "assessment", "", assessmentPage{}, nil, 200},
	{"PATCH", "/people/{id}/assessments/{aid}", "Update a draft: answers (null clears) and the needs-score override", "assessment", "AssessmentUpdate", &models.Assessment{}, nil, 200},
	{"POST", "/people/{id}/assessments/{aid}/complete", "Complete a draft; missing required answers are named", "assessment", "", &models.Assessment{}, nil, 200},
	{"DELETE", "/people/{id}/assessments/{aid}", "Discard your service's draft", "assessment", "", discardedDraft{}, nil, 200},
	{"GET", "/forms", "Assessment form versions", "assessment", "", formVersionsPage{}, nil, 200},
	{"POST", "/forms", "Area admins: publish a new form version", "assessment", "PublishForm", &models.FormVersion{}, nil, 201},
	{"GET", "/forms/{version}", "One form version with its definition", "assessment", "", formVersionPage{}, nil, 200},
	{"GET", "/people/{id}/consents", "Consent records (involved services)", "consent", "", consentsPage{}, nil, 200},
	{"POST", "/people/{id}/consents", "Record what the person agreed or declined to share", "consent", "ConsentInput", &models.Consent{}, nil, 201},
	{"POST", "/people/{id}/consents/{cid}/withdraw", "Record a withdrawal of consent", "consent", "Reason", &models.Consent{}, nil, 200},
	{"GET", "/people/{id}/safety-plans", "The safety plan and its versions (involved services)", "safety", "", safetyPlanPage{}, nil, 200},
	{"POST", "/people/{id}/safety-plans", "Write a new version of the safety plan", "safety", "SafetyPlanRequest", &models.SafetyPlan{}, nil, 201},
	{"GET", "/pathways", "Pathways: states, actions and outcomes", "cases", "", pathwaysPage{}, nil, 200},
	{"GET", "/people/{id}/cases", "A person's cases you may read", "cases", "", casesPage{}, nil, 200},
	{"POST", "/people/{id}/cases", "Open a case on a pathway", "cases", "CaseInput", &models.Case{}, nil, 201},
	{"GET", "/cases/{id}", "A case with its pathway, history and the actions open now", "cases", "", casePage{}, nil, 200},
	{"GET", "/cases/{id}/transitions", "The actions open now and the history of a case", "cases", "", casePage{}, nil, 200},
	{"POST", "/cases/{id}/transitions", "Take an action; illegal ones are refused naming the status", "cases", "TransitionInput", &models.Case{}, nil, 200},
	{"POST", "/cases/{id}/rag", "Record the concern level with its reason", "cases", "RAGInput", &models.Case{}, nil, 200},
	{"GET", "/review", "Review lists: stale and red cases, people open to several services", "cases", "", &reviewLists{}, []string{"review"}, 200},
	{"GET", "/people/{id}/my-record.pdf", "\"My record\" as a PDF, to go through with the person", "people", "", nil, nil, 200},
	{"GET", "/people/{id}/subject-access", "Area admins: subject access export (JSON)", "people", "", subjectAccessExport{}, nil, 200},
	{"GET", "/people/{id}/subject-access.pdf", "Area admins: subject access export (PDF)", "people", "", nil, nil, 200},
	{"POST", "/people/{id}/erasure", "Area admins: erase a person on request (identity and free text go, counts stay)", "people", "ErasureInput", &models.Erasure{}, nil, 200},
	{"GET", "/retention", "Area admins: retention periods in force, what is due now, history", "admin", "", retentionPage{}, nil, 200},
	{"POST", "/retention", "Area admins: save a new version of the retention periods", "admin", "RetentionInput", &models.RetentionVersion{}, nil, 200},
	{"POST", "/people/{id}/subject-access/part", "Confidential service managers: release the service's own part of a subject access export (JSON)", "people", "", subjectAccessExport{}, nil, 200},
	// Placement.
	{"GET", "/people/{id}/matches", "Services ranked for a person: places now, full, not eligible; every point explained", "placement", "", matchesPage{}, nil, 200},
	{"POST", "/people/{id}/adjustments", "Record discretion points or a needs-threshold override, with a reason", "placement", "AdjustmentInput", &models.PriorityAdjustment{}, nil, 201},
	{"POST", "/adjustments/{id}/withdraw", "Withdraw your service's adjustment", "placement", "", &models.PriorityAdjustment{}, nil, 200},
	{"GET", "/referrals", "Your service's referrals received (box=in) or sent (box=out)", "placement", "", referralListPage{}, []string{"box=in|out", "status=sent|accepted|declined|withdrawn|expired", "page"}, 200},
	{"POST", "/referrals", "Refer a person your service works with, sending their assessment snapshot (needs their consent)", "placement", "ReferralInput", referralView{}, nil, 201},
	{"GET", "/referrals/{id}", "A referral with the snapshot it carries (its two services only)", "placement", "", referralPage{}, nil, 200},
	{"POST", "/referrals/{id}/accept", "Accept a referral; for a service with beds, takes a place (409 when the bed has gone)", "placement", "AcceptInput", &models.Accepted{}, nil, 200},
	{"POST", "/referrals/{id}/decline", "Decline with a reason from the fixed list and free text", "placement", "DeclineInput", referralView{}, nil, 200},
	{"POST", "/referrals/{id}/withdraw", "Withdraw a referral your service sent", "placement", "WithdrawInput", referralView{}, nil, 200},
	{"GET", "/placements", "Your service's placements (state=open, ended or all)", "placement", "", placementListPage{}, []string{"state=open|ended|all", "page"}, 200},
	{"GET", "/placements/{id}", "A placement", "placement", "", placementPage{}, nil, 200},
	{"POST", "/placements/{id}/move-on", "Record move-on: date, reason, destination; closes the involvement", "placement", "MoveOnInput", &models.Placement{}, nil, 200},
	{"GET", "/services/{id}/vacancies", "A service's capacity, vacancy lines (with last update), target groups, rules and assessment hours", "placement", "", &serviceProfilePage{}, nil, 200},
	{"POST", "/services/{id}/vacancies", "Managers: add a vacancy line", "placement", "VacancyInput", &models.Vacancy{}, nil, 201},
	{"PATCH", "/vacancies/{id}", "Managers: set a vacancy line's free places", "placement", "VacancyInput", &models.Vacancy{}, nil, 200},
	{"PUT", "/services/{id}/profile", "Managers: set assessment hours", "placement", "Hours", assessmentHoursSaved{}, nil, 200},
	{"GET", "/vacancies/{id}/candidates", "People referred to your service and waiting, ranked by priority for the vacancy", "placement", "", candidatesPage{}, nil, 200},
	{"GET", "/services/{id}/rules", "Area admins: a service's eligibility rules in force and their versions", "placement", "", &rulesPage{}, nil, 200},
	{"PUT", "/services/{id}/rules", "Area admins: save a new version of a service's rules", "placement", "RulesInput", &models.EligibilityVersion{}, nil, 200},
	{"GET", "/matching/weights", "Area admins: the matcher's weights in force and their versions", "placement", "", &weightsPage{}, nil, 200},
	{"PUT", "/matching/weights", "Area admins: save a new version of the weights", "placement", "WeightsInput", &models.WeightsVersion{}, nil, 200},
	{"GET", "/reports/gaps", "Commissioners: people with declined referrals and people with failed matches, each once, by reason, need, group and LA separately (fewer than 5 people suppressed, small values pooled; format=csv)", "reports", "", gapsPage{}, []string{"from", "to", "format=csv"}, 200},
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// publicOps need no token ("METHOD /path"); stringParams are path
// parameters that are not numeric ids; extraSchemas are hand-written
// request schemas added to apiSchemas. Feature files fill them in init.
var (
	publicOps    = map[string]bool{"POST /tokens": true, "GET /version": true, "GET /openapi.json": true}
	stringParams = map[string]bool{}
	extraSchemas = map[string]any{}
)

func obj(props map[string]any, required ...string) map[string]any {
	o := map[string]any{"type": "object", "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

var (
	str   = map[string]any{"type": "string"}
	intg  = map[string]any{"type": "integer"}
	boolT = map[string]any{"type": "boolean"}
	date  = map[string]any{"type": "string", "format": "date"}
	// birthDate is a date of birth, which may be known only to the month
	// or the year.
	birthDate = map[string]any{"type": "string", "pattern": `^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`,
		"description": "YYYY-MM-DD, or YYYY-MM or YYYY when only the month or year of birth is known"}
)

func apiSchemas() map[string]any {
	alias := obj(map[string]any{"given_name": str, "family_name": str})
	schemas := map[string]any{
		"ComplianceRulesInput": obj(map[string]any{"based_on": intg, "reason": str, "types": map[string]any{"type": "object",
			"description": "record type → the essential fields required of it", "additionalProperties": map[string]any{"type": "array", "items": obj(map[string]any{"key": str, "label": str}, "key")}}}, "based_on", "reason", "types"),
		// The directory is Open Referral's document, validated against the
		// HSDS 3.0 schema on import (models/hsds); here: its shape only.
		"HSDSDirectory": map[string]any{"type": "object", "description": "Open Referral HSDS 3.0: version and profile, then each top-level member a list of records (organizations, services, … or, with format=tabular, the rows of each CSV file)",
			"properties":           map[string]any{"version": str, "profile": str},
			"additionalProperties": map[string]any{"type": "array", "items": map[string]any{"type": "object", "additionalProperties": true}}},
		"OpenAPIDocument": obj(map[string]any{"openapi": str, "info": map[string]any{"type": "object"}, "paths": map[string]any{"type": "object"},
			"components": map[string]any{"type": "object"}}, "openapi", "info", "paths", "components"),
		"TokenRequest":  obj(map[string]any{"email": str, "password": str, "service_id": intg}, "email", "password"),
		"ServiceChoice": obj(map[string]any{"service_id": intg}, "service_id"),
		"PersonInput": obj(map[string]any{"given_name": str, "family_name": str, "dob": birthDate, "estimated_age": intg, "gender": str,
			"phone": str, "email": str, "nationality": str, "immigration_status": str, "local_connection_la_id": intg,
			"safety_flag": boolT, "safety_contact": str, "aliases": map[string]any{"type": "array", "items": alias}, "version": intg}, "given_name"),
		"NoteInput": obj(map[string]any{"body": str, "amends_id": intg}, "body"),
		"Reason":    obj(map[string]any{"reason": str}, "reason"),
		"LAInput":   obj(map[string]any{"code": str, "name": str, "boundary": map[string]any{"$ref": "#/components/schemas/Boundary"}}, "code", "name"),
		"Named":     obj(map[string]any{"name": str}, "name"),
		"ServiceInput": obj(map[string]any{"organisation_id": intg, "name": str, "type": str, "confidential": boolT, "address": str, "postcode": str,
			"lat": map[string]any{"type": "number"}, "lon": map[string]any{"type": "number"}, "phone": str, "email": str, "capacity": intg,
			"la_ids": map[string]any{"type": "array", "items": intg}}, "organisation_id", "name", "type", "la_ids"),
		"UserInput":       obj(map[string]any{"email": str, "name": str, "password": str, "service_id": intg, "role": str}, "email", "name"),
		"MembershipInput": obj(map[string]any{"service_id": intg, "role": str}, "service_id", "role"),
		"RuleInput":       obj(map[string]any{"role": str, "service_type": str, "resource": str, "action": str}, "role", "service_type", "resource", "action"),
		// Common assessment and casework.
		"MergeInput":        obj(map[string]any{"merge_id": intg, "reason": str}, "merge_id", "reason"),
		"SplitInput":        obj(map[string]any{"reason": str}, "reason"),
		"NotSameInput":      obj(map[string]any{"note": str}),
		"PairMergeInput":    obj(map[string]any{"keep": intg, "reason": str}, "keep", "reason"),
		"AssessmentStart":   obj(map[string]any{"for_service_type": str}),
		"AssessmentUpdate":  obj(map[string]any{"answers": map[string]any{"type": "object", "description": "question id → answer of the question's type; null clears"}, "needs_override": boolT, "needs_override_reason": str}),
		"PublishForm":       obj(map[string]any{"definition": map[string]any{"type": "object"}, "notes": str}, "definition", "notes"),
		"ConsentInput":      obj(map[string]any{"purpose": str, "with_whom": str, "given": boolT, "notes": str}, "purpose", "with_whom", "given"),
		"SafetyPlanRequest": obj(map[string]any{"keeps_me_safe": str, "warning_signs": str, "what_helps": str, "people_to_contact": str, "agreed_actions": str, "review_by": date}, "keeps_me_safe", "agreed_actions", "review_by"),
		"CaseInput":         obj(map[string]any{"pathway": str, "rag": str, "rag_reason": str, "note": str}, "pathway", "rag_reason"),
		"TransitionInput":   obj(map[string]any{"action": str, "outcome": str, "note": str, "version": intg}, "action"),
		"RAGInput":          obj(map[string]any{"rag": str, "rag_reason": str, "version": intg}, "rag", "rag_reason"),
		// Data protection.
		"ErasureInput":   obj(map[string]any{"reason": str, "requested_via_service_id": intg, "open_work_reason": str}, "reason", "requested_via_service_id"),
		"RetentionInput": obj(map[string]any{"periods": map[string]any{"type": "object", "additionalProperties": intg}, "reason": str}, "periods", "reason"),
	}
	// Recording a person: the person, and confirm_new once the likely
	// matches have been seen (409) and this is someone else.
	newPerson := map[string]any{"confirm_new": map[string]any{"type": "boolean",
		"description": "true to record a new person although likely matches exist (see the 409 answer); leave out on the first try"}}
	for k, v := range schemas["PersonInput"].(map[string]any)["properties"].(map[string]any) {
		if k != "version" {
			newPerson[k] = v
		}
	}
	schemas["NewPersonInput"] = obj(newPerson, "given_name")
	for k, v := range placementSchemas() {
		schemas[k] = v
	}
	return schemas
}

func withExtraSchemas(m map[string]any) map[string]any {
	for k, v := range extraSchemas {
		m[k] = v
	}
	return m
}

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

func (s *Server) openAPI(c *gin.Context) {
	c.JSON(http.StatusOK, openAPIDocument(s.cfg.Version))
}
