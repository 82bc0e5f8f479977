package server

import (
	"net/http"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gateway/models"
)

// Media types the API answers with.
const (
	mediaJSON = "application/json"
	mediaGeo  = "application/geo+json"
	mediaPDF  = "application/pdf"
	mediaCSV  = "text/csv"
	mediaForm = "application/x-www-form-urlencoded"
)

// apiAnswer is an answer an operation gives besides its usual one (Status
// with Response as JSON): another media type for the same status, or
// another status. Body is a Go value (nil: a file, described as bytes).
type apiAnswer struct {
	Status      int
	Media       string
	Body        any
	Description string
}

// apiAlso adds answers per "METHOD /path"; apiMedia changes the usual
// answer's media type.
var (
	apiAlso = map[string][]apiAnswer{
		"DELETE /tokens/current": {{http.StatusBadRequest, problemJSON, apiError{}, "Signed in with a cookie, not a token: log out instead"}},
		"GET /people/{id}": {{http.StatusMovedPermanently, problemJSON, mergedProblem{},
			"The record was merged into another: merged_into_id and Location say which"}},
		"POST /people": {{http.StatusConflict, problemJSON, duplicatesConflict{},
			"This person may already be recorded. matches lists the likely matches you may see (identity only, ranked, with reasons): " +
				"open one of them, or send the request again with confirm_new: true to record a new person."}},
		"POST /people/{id}/involvements":      {{http.StatusOK, mediaJSON, &models.Involvement{}, "Your service was already working with the person"}},
		"POST /people/{id}/assessments":       {{http.StatusOK, mediaJSON, &models.Assessment{}, "Your service's draft already exists: carry on with it"}},
		"GET /people/{id}/my-record.pdf":      {{http.StatusOK, mediaPDF, nil, "The record as a PDF"}},
		"GET /people/{id}/subject-access.pdf": {{http.StatusOK, mediaPDF, nil, "The export as a PDF"}},
		"GET /reports/gaps":                   {{http.StatusOK, mediaCSV, nil, "format=csv: the report as CSV"}},
		"GET /reports/flows":                  {{http.StatusOK, mediaCSV, nil, "format=csv: the report as CSV"}},
		"GET /services/{id}/compliance": {{http.StatusOK, mediaPDF, nil, "format=pdf: the named list as a PDF"},
			{http.StatusOK, mediaCSV, nil, "format=csv: the named list as CSV"}},
		"GET /reports/compliance": {{http.StatusOK, mediaPDF, nil, "format=pdf"}, {http.StatusOK, mediaCSV, nil, "format=csv"}},
		"GET /reports/pack":       {{http.StatusOK, mediaPDF, nil, "The pack as a PDF"}},
		"POST /tokens":            {{http.StatusTooManyRequests, problemJSON, apiError{}, "Too many login attempts; Retry-After says when to try again"}},
		"POST /alerts": {{http.StatusTooManyRequests, problemJSON, proofOfWorkProblem{},
			"Too many alerts from your network (wait; Retry-After), or under a flood a challenge: send the alert again with pow_challenge and pow_nonce"}},
		"GET /alerts/{reference}": {{http.StatusTooManyRequests, problemJSON, apiError{}, "Too many look-ups from your network"}},
		"POST /oauth/token": {
			{http.StatusBadRequest, mediaJSON, oauthError{}, "RFC 6749 §5.2: invalid_request (a body that cannot be read) or unsupported_grant_type (only client_credentials)"},
			{http.StatusUnauthorized, mediaJSON, oauthError{}, "RFC 6749 §5.2: invalid_client: no credentials, an unknown client, a wrong secret, a revoked or expired client, or an address it may not call from (WWW-Authenticate: Basic)"},
			{http.StatusTooManyRequests, mediaJSON, oauthError{}, "slow_down: too many failed attempts for this client from your network; Retry-After says when to try again"},
		},
	}
	apiMedia = map[string]string{
		"GET /street-contacts": mediaGeo,
		"GET /hotspots":        mediaGeo,
	}
	// apiBodyMedia: request media types other than JSON alone, in order.
	// The token endpoint speaks OAuth: a form body (JSON too).
	apiBodyMedia = map[string][]string{"POST /oauth/token": {mediaForm}}
	// oauthErrorOps answer their protocol's refusals in RFC 6749's shape
	// (described in apiAlso), so the usual 400 problem detail is not
	// listed for them.
	oauthErrorOps = map[string]bool{"POST /oauth/token": true}
)

// openAPIDocument builds the OpenAPI 3.1 description of /api/v1.
func openAPIDocument(version string) map[string]any {
	doc, _ := buildOpenAPI(version)
	return doc
}

// buildOpenAPI also returns the problems a test must fail on: a Go type
// the generator cannot describe, or two schemas under one name.
func buildOpenAPI(version string) (map[string]any, []string) {
	g := newSchemaGen()
	g.of(apiError{})
	paths := map[string]any{}
	patches := map[string]string{} // PATCH body schema → the schema it loosens
	for _, op := range apiOperations() {
		key := op.Method + " " + op.Path
		item, _ := paths[op.Path].(map[string]any)
		if item == nil {
			item = map[string]any{}
			paths[op.Path] = item
		}
		params := []any{}
		for _, m := range pathParam.FindAllStringSubmatch(op.Path, -1) {
			schema := map[string]any{"type": "integer", "minimum": 1}
			if stringParams[m[1]] {
				schema = map[string]any{"type": "string"}
			}
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": schema})
		}
		for _, q := range op.Query {
			params = append(params, queryParam(q))
		}
		public := publicOps[key]
		responses := map[string]any{}
		add := func(status int, media string, body any, desc string) {
			code := strconv.Itoa(status)
			r, _ := responses[code].(map[string]any)
			if r == nil {
				r = map[string]any{"description": desc}
				responses[code] = r
			} else if desc != "" && !strings.Contains(r["description"].(string), desc) {
				r["description"] = r["description"].(string) + "; " + desc
			}
			if media == "" {
				return
			}
			content, _ := r["content"].(map[string]any)
			if content == nil {
				content = map[string]any{}
				r["content"] = content
			}
			var schema map[string]any
			switch b := body.(type) {
			case nil:
				schema = map[string]any{"type": "string", "contentMediaType": media}
				if media == mediaPDF {
					schema = map[string]any{"type": "string", "format": "binary", "contentMediaType": media}
				}
			case string:
				schema = map[string]any{"$ref": "#/components/schemas/" + b}
			default:
				schema = g.of(b)
			}
			if prev, ok := content[media].(map[string]any); ok && !reflect.DeepEqual(prev["schema"], schema) {
				schema = map[string]any{"anyOf": []any{prev["schema"], schema}}
			}
			content[media] = map[string]any{"schema": schema}
		}
		media := mediaJSON
		if m, ok := apiMedia[key]; ok {
			media = m
		}
		if op.Response == "" { // the older way of saying no JSON body
			op.Response = nil
		}
		switch {
		case op.Response != nil:
			add(op.Status, media, op.Response, http.StatusText(op.Status))
		case op.Status == http.StatusNoContent:
			add(op.Status, "", nil, "No content")
		}
		for _, a := range apiAlso[key] {
			add(a.Status, a.Media, a.Body, a.Description)
		}
		writes := op.Method != http.MethodGet && op.Method != http.MethodDelete
		if op.Body != "" || writes {
			if !oauthErrorOps[key] {
				add(http.StatusBadRequest, problemJSON, apiError{}, "The body is not JSON")
			}
			add(http.StatusRequestEntityTooLarge, problemJSON, apiError{}, "The body is over the limit (64 KB without login, 1 MB otherwise, 16 MB for a boundary)")
		}
		add(http.StatusForbidden, problemJSON, apiError{}, forbiddenText(public))
		if !public {
			add(http.StatusUnauthorized, problemJSON, apiError{}, "No token, or a token that has expired, was revoked or belongs to a disabled account")
			add(http.StatusConflict, problemJSON, apiError{}, "The token belongs to a user of several services and has not chosen one (PUT /tokens/current/service); for a change, the record changed since you read it, or this Idempotency-Key was already used")
		}
		add(http.StatusNotFound, problemJSON, apiError{}, "Not found, or hidden from you (the two are indistinguishable)")
		add(http.StatusUnprocessableEntity, problemJSON, apiError{}, "Bad input; fields names each problem")
		add(http.StatusInternalServerError, problemJSON, apiError{}, "Something went wrong on the server; nothing was saved")
		add(http.StatusServiceUnavailable, problemJSON, apiError{}, "The database did not answer within the request's deadline, or is down: nothing was saved; Retry-After says when to try again")
		o := map[string]any{
			"summary": op.Summary, "tags": []string{op.Tag}, "operationId": operationID(op),
			"parameters": params, "responses": responses,
		}
		if public {
			o["security"] = []any{}
		}
		if op.Body != "" {
			body := op.Body
			if op.Method == http.MethodPatch {
				// Fields a PATCH leaves out keep their values.
				body = op.Body + "Patch"
				patches[body] = op.Body
			}
			content := map[string]any{}
			for _, m := range append([]string{mediaJSON}, apiBodyMedia[key]...) {
				content[m] = map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + body}}
			}
			o["requestBody"] = map[string]any{"required": true, "content": content}
		}
		item[strings.ToLower(op.Method)] = o
	}
	schemas, errs := componentSchemas(g, patches)
	return document(version, paths, schemas), errs
}

// componentSchemas are the hand-written request schemas, the PATCH
// variants that loosen them, and the schemas generated from Go types;
// the errors are those a test must fail on.
func componentSchemas(g *schemaGen, patches map[string]string) (map[string]any, []string) {
	schemas := withExtraSchemas(apiSchemas())
	errs := g.errs
	for patch, of := range patches {
		full, ok := schemas[of].(map[string]any)
		if !ok {
			errs = append(errs, "no request schema "+of)
			continue
		}
		loose := make(map[string]any, len(full))
		for k, v := range full {
			if k != "required" {
				loose[k] = v
			}
		}
		loose["description"] = "Any of " + of + "'s fields; those left out keep their values."
		schemas[patch] = loose
	}
	for name, s := range g.components {
		if _, clash := schemas[name]; clash {
			errs = append(errs, "schema "+name+" is both generated from a Go type and written by hand")
		}
		schemas[name] = s
	}
	sort.Strings(errs)
	return schemas, errs
}

// document wraps the paths and schemas in the OpenAPI 3.1 document.
func document(version string, paths, schemas map[string]any) map[string]any {
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Gateway API", "version": version,
			"description": "The JSON front door of Gateway. Send Authorization: Bearer <token> from POST /tokens. Records you may not see answer 404 exactly like missing ones. " +
				"Every error is an RFC 9457 problem detail (application/problem+json: type, title, status, detail) with error, the same message, and for bad input fields, a message per field. " +
				"A body that is not JSON answers 400, well-formed JSON that fails validation 422; a body over the limit (64 KB without login, 1 MB otherwise, 16 MB for a boundary) 413; " +
				"an address that does not exist 404 and a method an address does not take 405, both as problem details. " +
				"Any operation may answer 503 (a problem detail, with Retry-After) when the database does not answer within the request's deadline: nothing was saved, try again. " +
				"One exception to problem details: POST /oauth/token answers the grant's refusals in OAuth's own shape (RFC 6749 §5.2: {error, error_description}, application/json), as OAuth client libraries expect. " +
				"Idempotency-Key makes a create safe to retry: the same key with the same request, within 24 hours, gets the first answer again (Idempotent-Replayed: true); with another request, 422."},
		"servers":    []any{map[string]any{"url": "/api/v1"}},
		"security":   []any{map[string]any{"bearer": []string{}}},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func forbiddenText(public bool) string {
	if public {
		return "Sent from another site's page in a browser"
	}
	return "Your role may not do this"
}

// queryParam reads apiOp.Query's little language: "name", "name!" (must
// be given), "name=a|b" (one of a fixed set).
func queryParam(q string) map[string]any {
	name, enum, hasEnum := strings.Cut(q, "=")
	required := strings.HasSuffix(name, "!")
	name = strings.TrimSuffix(name, "!")
	schema := map[string]any{"type": "string"}
	if name == "page" {
		schema = map[string]any{"type": "integer", "minimum": 1}
	}
	if hasEnum {
		schema["enum"] = strings.Split(enum, "|")
	}
	p := map[string]any{"name": name, "in": "query", "schema": schema}
	if required {
		p["required"] = true
	}
	return p
}

func operationID(op apiOp) string {
	return strings.ToLower(op.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(op.Path)
}
