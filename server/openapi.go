package server

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/gin-gonic/gin"
)

// apiOp describes one /api/v1 operation for the OpenAPI document.
type apiOp struct {
	Method, Path, Summary, Tag string
	Body, Response             string // component schema names ("" = none)
	Query                      []string
	Status                     int
}

// apiOps is the API surface. TestOpenAPIDescribesEveryRoute keeps it in
// step with routes.go.
var apiOps = []apiOp{
	{"POST", "/tokens", "Exchange email and password for a bearer token", "auth", "TokenRequest", "Token", nil, 201},
	{"DELETE", "/tokens/current", "Revoke the token in use", "auth", "", "", nil, 204},
	{"PUT", "/tokens/current/service", "Switch the service the token acts for", "auth", "ServiceChoice", "Object", nil, 200},
	{"GET", "/me", "Who am I and which service do I act for", "auth", "", "Object", nil, 200},
	{"GET", "/version", "Server version", "meta", "", "Object", nil, 200},
	{"GET", "/openapi.json", "This document", "meta", "", "Object", nil, 200},
	{"GET", "/people", "Search the area's people (identity only)", "people", "", "PersonSearch", []string{"q", "dob", "page"}, 200},
	{"POST", "/people", "Record a person; opens an involvement for your service. A person who looks like someone already recorded answers 409 with the likely matches, unless confirm_new is true", "people", "NewPersonInput", "Person", nil, 201},
	{"GET", "/people/{id}", "A person: identity, known-to, and the full record when involved", "people", "", "PersonPage", nil, 200},
	{"PATCH", "/people/{id}", "Edit identity (fields not sent keep their values)", "people", "PersonInput", "Person", nil, 200},
	{"GET", "/people/{id}/notes", "Case notes (involved services only)", "notes", "", "Notes", []string{"page"}, 200},
	{"POST", "/people/{id}/notes", "Add a note, or an amendment with amends_id", "notes", "NoteInput", "Note", nil, 201},
	{"POST", "/people/{id}/involvements", "Record that your service is working with the person", "involvement", "Reason", "Involvement", nil, 201},
	{"POST", "/people/{id}/break-glass", "Area admins: open the full record for an hour, with a reason", "people", "Reason", "Object", nil, 201},
	{"POST", "/involvements/{id}/close", "Close your service's involvement", "involvement", "Reason", "Involvement", nil, 200},
	{"GET", "/partner/lookup", "Partners: look a person up by full name and date of birth", "partner", "", "Lookup", []string{"name", "dob", "reason"}, 200},
	{"GET", "/audit", "Area admins: the audit log", "audit", "", "Audit", []string{"action", "outcome", "object_type", "object_id", "user_id", "service_id", "from", "to", "page"}, 200},
	{"GET", "/audit/alerts", "Area admins: users refused (or asking for hidden records) 3+ times in 24 hours, reads and changes alike", "audit", "", "Object", nil, 200},
	{"GET", "/notifications", "Your service's notifications", "people", "", "Object", nil, 200},
	{"GET", "/local-authorities", "Local authorities", "admin", "", "Object", []string{"boundaries"}, 200},
	{"POST", "/local-authorities", "Area admins: add a local authority", "admin", "LAInput", "Object", nil, 201},
	{"GET", "/local-authorities/{id}", "A local authority with its boundary", "admin", "", "Object", nil, 200},
	{"PATCH", "/local-authorities/{id}", "Area admins: edit a local authority", "admin", "LAInput", "Object", nil, 200},
	{"GET", "/organisations", "Organisations", "admin", "", "Object", nil, 200},
	{"POST", "/organisations", "Area admins: add an organisation", "admin", "Named", "Object", nil, 201},
	{"GET", "/organisations/{id}", "An organisation and its services", "admin", "", "Object", nil, 200},
	{"PATCH", "/organisations/{id}", "Rename an organisation", "admin", "Named", "Object", nil, 200},
	{"GET", "/services", "The service directory", "admin", "", "Object", []string{"type", "la_id", "organisation_id", "q"}, 200},
	{"POST", "/services", "Add a service", "admin", "ServiceInput", "Object", nil, 201},
	{"GET", "/services/{id}", "A service", "admin", "", "Object", nil, 200},
	{"PATCH", "/services/{id}", "Edit a service", "admin", "ServiceInput", "Object", nil, 200},
	{"GET", "/users", "Users you administer", "admin", "", "Object", []string{"q", "page"}, 200},
	{"POST", "/users", "Add a user with their first role", "admin", "UserInput", "Object", nil, 201},
	{"GET", "/users/{id}", "A user and their roles", "admin", "", "Object", nil, 200},
	{"PATCH", "/users/{id}", "Edit a user's name and email", "admin", "UserInput", "Object", nil, 200},
	{"POST", "/users/{id}/memberships", "Give a user a role at a service", "admin", "MembershipInput", "Object", nil, 201},
	{"DELETE", "/memberships/{id}", "Remove a role", "admin", "", "Object", nil, 200},
	{"POST", "/users/{id}/disable", "Disable an account; its sessions and tokens end at once", "admin", "", "Object", nil, 200},
	{"POST", "/users/{id}/enable", "Enable an account", "admin", "", "Object", nil, 200},
	{"GET", "/policy", "Area admins: permission rows", "admin", "", "Object", nil, 200},
	{"POST", "/policy/grant", "Area admins: grant a permission", "admin", "Rule", "Object", nil, 200},
	{"POST", "/policy/revoke", "Area admins: revoke a permission", "admin", "Rule", "Object", nil, 200},
	// Common assessment and casework (issue 5).
	{"GET", "/people/duplicates", "Likely duplicates of a person about to be recorded, ranked with reasons", "people", "", "Duplicates", []string{"given_name", "family_name", "dob", "estimated_age", "gender", "alias_given", "alias_family"}, 200},
	{"POST", "/people/{id}/merge", "Area admins: merge the record merge_id into this person", "people", "MergeInput", "Object", nil, 200},
	{"GET", "/merges", "Area admins: past merges", "people", "", "Object", []string{"page"}, 200},
	{"POST", "/merges/{id}/split", "Area admins: split a mistaken merge (within 30 days); each record goes back to the person it came from", "people", "SplitInput", "Object", nil, 200},
	{"GET", "/duplicate-pairs", "The duplicate review: likely duplicates already recorded (area admins; a confidential service's managers for their own people)", "people", "", "DuplicatePairs", []string{"status", "page"}, 200},
	{"POST", "/duplicate-pairs/{id}/not-same", "Decide a pair as two different people; it is not offered again", "people", "NotSameInput", "Object", nil, 200},
	{"POST", "/duplicate-pairs/{id}/merge", "Merge a pair: keep one record, fold the other into it", "people", "PairMergeInput", "Object", nil, 200},
	{"GET", "/people/{id}/assessments", "A person's assessments you may read", "assessment", "", "Object", nil, 200},
	{"POST", "/people/{id}/assessments", "Start a draft assessment (pre-filled from the latest), or get your service's draft", "assessment", "AssessmentStart", "Assessment", nil, 201},
	{"GET", "/people/{id}/assessments/{aid}", "One assessment with progress, needs score and sharing status", "assessment", "", "Object", nil, 200},
	{"PATCH", "/people/{id}/assessments/{aid}", "Update a draft: answers (null clears) and the needs-score override", "assessment", "AssessmentUpdate", "Assessment", nil, 200},
	{"POST", "/people/{id}/assessments/{aid}/complete", "Complete a draft; missing required answers are named", "assessment", "", "Assessment", nil, 200},
	{"DELETE", "/people/{id}/assessments/{aid}", "Discard your service's draft", "assessment", "", "Object", nil, 200},
	{"GET", "/forms", "Assessment form versions", "assessment", "", "Object", nil, 200},
	{"POST", "/forms", "Area admins: publish a new form version", "assessment", "PublishForm", "Object", nil, 201},
	{"GET", "/forms/{version}", "One form version with its definition", "assessment", "", "Object", nil, 200},
	{"GET", "/people/{id}/consents", "Consent records (involved services)", "consent", "", "Object", nil, 200},
	{"POST", "/people/{id}/consents", "Record what the person agreed or declined to share", "consent", "ConsentInput", "Object", nil, 201},
	{"POST", "/people/{id}/consents/{cid}/withdraw", "Record a withdrawal of consent", "consent", "Reason", "Object", nil, 200},
	{"GET", "/people/{id}/safety-plans", "The safety plan and its versions (involved services)", "safety", "", "Object", nil, 200},
	{"POST", "/people/{id}/safety-plans", "Write a new version of the safety plan", "safety", "SafetyPlanInput", "Object", nil, 201},
	{"GET", "/pathways", "Pathways: states, actions and outcomes", "cases", "", "Object", nil, 200},
	{"GET", "/people/{id}/cases", "A person's cases you may read", "cases", "", "Object", nil, 200},
	{"POST", "/people/{id}/cases", "Open a case on a pathway", "cases", "CaseInput", "Object", nil, 201},
	{"GET", "/cases/{id}", "A case with its pathway, history and the actions open now", "cases", "", "Object", nil, 200},
	{"GET", "/cases/{id}/transitions", "The actions open now and the history of a case", "cases", "", "Object", nil, 200},
	{"POST", "/cases/{id}/transitions", "Take an action; illegal ones are refused naming the status", "cases", "TransitionInput", "Object", nil, 200},
	{"POST", "/cases/{id}/rag", "Record the concern level with its reason", "cases", "RAGInput", "Object", nil, 200},
	{"GET", "/review", "Review lists: stale and red cases, people open to several services", "cases", "", "Object", []string{"review"}, 200},
	{"GET", "/people/{id}/my-record.pdf", "\"My record\" as a PDF, to go through with the person", "people", "", "", nil, 200},
	{"GET", "/people/{id}/subject-access", "Area admins: subject access export (JSON)", "people", "", "Object", nil, 200},
	{"GET", "/people/{id}/subject-access.pdf", "Area admins: subject access export (PDF)", "people", "", "", nil, 200},
	{"POST", "/people/{id}/erasure", "Area admins: erase a person on request (identity and free text go, counts stay)", "people", "ErasureInput", "Erasure", nil, 200},
	{"GET", "/retention", "Area admins: retention periods in force, what is due now, history", "admin", "", "Object", nil, 200},
	{"POST", "/retention", "Area admins: save a new version of the retention periods", "admin", "RetentionInput", "Object", nil, 200},
	{"POST", "/people/{id}/subject-access/part", "Confidential service managers: release the service's own part of a subject access export (JSON)", "people", "", "", nil, 200},
	// Placement (issue 6).
	{"GET", "/people/{id}/matches", "Services ranked for a person: places now, full, not eligible; every point explained", "placement", "", "Matches", nil, 200},
	{"POST", "/people/{id}/adjustments", "Record discretion points or a needs-threshold override, with a reason", "placement", "AdjustmentInput", "Object", nil, 201},
	{"POST", "/adjustments/{id}/withdraw", "Withdraw your service's adjustment", "placement", "", "Object", nil, 200},
	{"GET", "/referrals", "Your service's referrals received (box=in) or sent (box=out)", "placement", "", "Referrals", []string{"box", "status", "page"}, 200},
	{"POST", "/referrals", "Refer a person your service works with, sending their assessment snapshot (needs their consent)", "placement", "ReferralInput", "Referral", nil, 201},
	{"GET", "/referrals/{id}", "A referral with the snapshot it carries (its two services only)", "placement", "", "Referral", nil, 200},
	{"POST", "/referrals/{id}/accept", "Accept a referral; for a service with beds, takes a place (409 when the bed has gone)", "placement", "AcceptInput", "Accepted", nil, 200},
	{"POST", "/referrals/{id}/decline", "Decline with a reason from the fixed list and free text", "placement", "DeclineInput", "Referral", nil, 200},
	{"POST", "/referrals/{id}/withdraw", "Withdraw a referral your service sent", "placement", "Note", "Referral", nil, 200},
	{"GET", "/placements", "Your service's placements (state=open, ended or all)", "placement", "", "Placements", []string{"state", "page"}, 200},
	{"GET", "/placements/{id}", "A placement", "placement", "", "Object", nil, 200},
	{"POST", "/placements/{id}/move-on", "Record move-on: date, reason, destination; closes the involvement", "placement", "MoveOnInput", "Object", nil, 200},
	{"GET", "/services/{id}/vacancies", "A service's capacity, vacancy lines (with last update), target groups, rules and assessment hours", "placement", "", "ServiceProfile", nil, 200},
	{"POST", "/services/{id}/vacancies", "Managers: add a vacancy line", "placement", "VacancyInput", "Vacancy", nil, 201},
	{"PATCH", "/vacancies/{id}", "Managers: set a vacancy line's free places", "placement", "VacancyInput", "Vacancy", nil, 200},
	{"PUT", "/services/{id}/profile", "Managers: set assessment hours", "placement", "Hours", "Object", nil, 200},
	{"GET", "/vacancies/{id}/candidates", "People referred to your service and waiting, ranked by priority for the vacancy", "placement", "", "Candidates", nil, 200},
	{"GET", "/services/{id}/rules", "Area admins: a service's eligibility rules in force and their versions", "placement", "", "Object", nil, 200},
	{"PUT", "/services/{id}/rules", "Area admins: save a new version of a service's rules", "placement", "RulesInput", "Object", nil, 200},
	{"GET", "/matching/weights", "Area admins: the matcher's weights in force and their versions", "placement", "", "Object", nil, 200},
	{"PUT", "/matching/weights", "Area admins: save a new version of the weights", "placement", "WeightsInput", "Object", nil, 200},
	{"GET", "/reports/gaps", "Commissioners: people with declined referrals and people with failed matches, each once, by reason, need, group and LA separately (fewer than 5 people suppressed, small values pooled; format=csv)", "reports", "", "Gaps", []string{"from", "to", "format"}, 200},
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// conflictOps answer 409 with a body of their own, beside the plain Error.
var conflictOps = map[string]struct{ Description, Schema string }{
	"POST /people": {"This person may already be recorded. matches lists the likely matches you may see (identity only, ranked, with reasons): " +
		"open one of them, or send the request again with confirm_new: true to record a new person.", "DuplicatesConflict"},
}

// publicOps need no token ("METHOD /path"); stringParams are path
// parameters that are not numeric ids; extraSchemas are added to
// apiSchemas. Feature files fill them in init.
var (
	publicOps    = map[string]bool{"POST /tokens": true}
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
	duplicate := obj(map[string]any{"id": intg, "score": map[string]any{"type": "number"}, "strength": str, "reasons": map[string]any{"type": "array", "items": str}})
	schemas := map[string]any{
		"Error":         obj(map[string]any{"error": str, "fields": map[string]any{"type": "object", "additionalProperties": str}}, "error"),
		"Object":        map[string]any{"type": "object"},
		"TokenRequest":  obj(map[string]any{"email": str, "password": str, "service_id": intg}, "email", "password"),
		"Token":         obj(map[string]any{"token": str, "expires_at": map[string]any{"type": "string", "format": "date-time"}, "service_id": intg}),
		"ServiceChoice": obj(map[string]any{"service_id": intg}, "service_id"),
		"PersonInput": obj(map[string]any{"given_name": str, "family_name": str, "dob": birthDate, "estimated_age": intg, "gender": str,
			"phone": str, "email": str, "nationality": str, "immigration_status": str, "local_connection_la_id": intg,
			"safety_flag": boolT, "safety_contact": str, "aliases": map[string]any{"type": "array", "items": alias}, "version": intg}, "given_name"),
		"Person":       map[string]any{"type": "object"},
		"PersonSearch": obj(map[string]any{"query": str, "results": map[string]any{"type": "array", "items": map[string]any{"type": "object"}}, "pager": map[string]any{"type": "object"}}),
		"PersonPage":   obj(map[string]any{"person": map[string]any{"type": "object"}, "record": map[string]any{"type": "object"}, "full_record": boolT, "can_edit": boolT}),
		"NoteInput":    obj(map[string]any{"body": str, "amends_id": intg}, "body"),
		"Note":         obj(map[string]any{"id": intg, "body": str, "amends_id": intg, "created_at": str}),
		"Notes":        obj(map[string]any{"notes": map[string]any{"type": "array", "items": map[string]any{"$ref": "#/components/schemas/Note"}}, "pager": map[string]any{"type": "object"}}),
		"Reason":       obj(map[string]any{"reason": str}, "reason"),
		"Involvement":  map[string]any{"type": "object"},
		"Lookup":       obj(map[string]any{"results": map[string]any{"type": "array", "items": map[string]any{"type": "object"}}}),
		"Audit":        obj(map[string]any{"events": map[string]any{"type": "array", "items": map[string]any{"type": "object"}}, "pager": map[string]any{"type": "object"}}),
		"LAInput":      obj(map[string]any{"code": str, "name": str, "boundary": map[string]any{"type": "object", "description": "GeoJSON Polygon or MultiPolygon, WGS84"}}, "code", "name"),
		"Named":        obj(map[string]any{"name": str}, "name"),
		"ServiceInput": obj(map[string]any{"organisation_id": intg, "name": str, "type": str, "confidential": boolT, "address": str, "postcode": str,
			"lat": map[string]any{"type": "number"}, "lon": map[string]any{"type": "number"}, "phone": str, "email": str, "capacity": intg,
			"la_ids": map[string]any{"type": "array", "items": intg}}, "organisation_id", "name", "type", "la_ids"),
		"UserInput":       obj(map[string]any{"email": str, "name": str, "password": str, "service_id": intg, "role": str}, "email", "name"),
		"MembershipInput": obj(map[string]any{"service_id": intg, "role": str}, "service_id", "role"),
		"Rule":            obj(map[string]any{"role": str, "service_type": str, "resource": str, "action": str}, "role", "service_type", "resource", "action"),
		// Issue 5.
		"Duplicates": obj(map[string]any{"matches": map[string]any{"type": "array", "items": duplicate}, "limited": boolT}),
		"DuplicatesConflict": obj(map[string]any{"error": str, "fields": map[string]any{"type": "object", "additionalProperties": str},
			"matches": map[string]any{"type": "array", "items": duplicate}}, "error", "matches"),
		"MergeInput": obj(map[string]any{"merge_id": intg, "reason": str}, "merge_id", "reason"),
		"SplitInput": obj(map[string]any{"reason": str}, "reason"),
		// Issue 18.
		"ErasureInput":     obj(map[string]any{"reason": str, "requested_via_service_id": intg, "open_work_reason": str}, "reason", "requested_via_service_id"),
		"Erasure":          obj(map[string]any{"id": intg, "person_id": intg, "reason": str, "requested_via_service_id": intg, "open_work_reason": str, "erased_at": str}, "id", "person_id"),
		"RetentionInput":   obj(map[string]any{"periods": map[string]any{"type": "object", "additionalProperties": intg}, "reason": str}, "periods", "reason"),
		"NotSameInput":     obj(map[string]any{"note": str}),
		"PairMergeInput":   obj(map[string]any{"keep": intg, "reason": str}, "keep", "reason"),
		"DuplicatePairs":   obj(map[string]any{"pairs": map[string]any{"type": "array", "items": map[string]any{"type": "object"}}, "pager": map[string]any{"type": "object"}, "status": str, "last_run": map[string]any{"type": "object", "nullable": true}}, "pairs", "pager", "status"),
		"AssessmentStart":  obj(map[string]any{"for_service_type": str}),
		"AssessmentUpdate": obj(map[string]any{"answers": map[string]any{"type": "object", "description": "question id → answer of the question's type; null clears"}, "needs_override": boolT, "needs_override_reason": str}),
		"Assessment":       map[string]any{"type": "object"},
		"PublishForm":      obj(map[string]any{"definition": map[string]any{"type": "object"}, "notes": str}, "definition", "notes"),
		"ConsentInput":     obj(map[string]any{"purpose": str, "with_whom": str, "given": boolT, "notes": str}, "purpose", "with_whom", "given"),
		"SafetyPlanInput":  obj(map[string]any{"keeps_me_safe": str, "warning_signs": str, "what_helps": str, "people_to_contact": str, "agreed_actions": str, "review_by": date}, "keeps_me_safe", "agreed_actions", "review_by"),
		"CaseInput":        obj(map[string]any{"pathway": str, "rag": str, "rag_reason": str, "note": str}, "pathway", "rag_reason"),
		"TransitionInput":  obj(map[string]any{"action": str, "outcome": str, "note": str, "version": intg}, "action"),
		"RAGInput":         obj(map[string]any{"rag": str, "rag_reason": str, "version": intg}, "rag", "rag_reason"),
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

// openAPIDocument builds the OpenAPI 3.1 description of /api/v1.
func openAPIDocument(version string) map[string]any {
	ref := func(name string) map[string]any { return map[string]any{"$ref": "#/components/schemas/" + name} }
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": ref("Error")}}}
	}
	paths := map[string]any{}
	for _, op := range apiOps {
		item, _ := paths[op.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
			schema := intg
			if stringParams[m[1]] {
				schema = str
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range op.Query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": str})
		}
		ok := map[string]any{"description": "OK"}
		if op.Response != "" {
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": ref(op.Response)}}
		}
		o := map[string]any{
			"summary": op.Summary, "tags": []string{op.Tag}, "operationId": strings.ToLower(op.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(op.Path),
			"responses": map[string]any{
				itoa3(op.Status): ok,
				"401":            errResp("Not logged in"),
				"404":            errResp("Not found, or hidden from you (the two are indistinguishable)"),
				"422":            errResp("Bad input; fields names each problem"),
			},
		}
		if publicOps[op.Method+" "+op.Path] {
			o["security"] = []any{}
		}
		if cf, ok := conflictOps[op.Method+" "+op.Path]; ok {
			o["responses"].(map[string]any)["409"] = map[string]any{"description": cf.Description,
				"content": map[string]any{"application/json": map[string]any{"schema": ref(cf.Schema)}}}
		}
		if params != nil {
			o["parameters"] = params
		}
		if op.Body != "" {
			o["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": ref(op.Body)}}}
		}
		item[strings.ToLower(op.Method)] = o
	}
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Gateway API", "version": version,
			"description": "The JSON front door of Gateway. Send Authorization: Bearer <token> from POST /tokens. Records you may not see answer 404 exactly like missing ones. A body that is not JSON answers 400, well-formed JSON that fails validation 422, both with {error, fields}; a body over the limit (64 KB without login, 1 MB otherwise, 16 MB for a boundary) 413. Idempotency-Key makes a create safe to retry: the same key with the same request, within 24 hours, gets the first answer again (Idempotent-Replayed: true); with another request, 422."},
		"servers":    []any{map[string]any{"url": "/api/v1"}},
		"security":   []any{map[string]any{"bearer": []string{}}},
		"paths":      paths,
		"components": map[string]any{"schemas": withExtraSchemas(apiSchemas()), "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
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
