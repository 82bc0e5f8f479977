package server

import (
	"net/http"
	"regexp"

	"github.com/gin-gonic/gin"
)

// apiDoc describes one /api/v1 operation for the OpenAPI document; it
// sits beside the route in routeTable. To add a route, see docs/API.md.
type apiDoc struct {
	Summary, Tag string
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

// apiOp is a described operation: the route's method and path (OpenAPI's
// {id}, under /api/v1) with its apiDoc.
type apiOp struct {
	Method, Path string
	apiDoc
}

var pathParam = regexp.MustCompile(`\{(\w+)\}`)

// publicOps need no token ("METHOD /path"); stringParams are path
// parameters that are not numeric ids (an alert's reference).
var (
	publicOps = map[string]bool{"POST /tokens": true, "GET /version": true, "GET /openapi.json": true,
		"POST /oauth/token": true, "POST /alerts": true, "GET /alerts/{reference}": true}
	stringParams = map[string]bool{"reference": true}
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

// withExtraSchemas adds the hand-written request schemas of each
// feature's file to apiSchemas (hardening's TokenRequest, with the second
// factor's code, replaces the plain one).
func withExtraSchemas(m map[string]any) map[string]any {
	for _, extra := range []map[string]any{hardeningSchemas(), placesSchemas(), tasksSchemas(), identitySchemas(), streetContactSchemas()} {
		for k, v := range extra {
			m[k] = v
		}
	}
	return m
}

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100), byte('0' + n/10%10), byte('0' + n%10)})
}

func (s *Server) openAPI(c *gin.Context) {
	c.JSON(http.StatusOK, openAPIDocument(s.cfg.Version))
}
