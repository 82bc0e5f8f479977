package server

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
)

var colonParam = regexp.MustCompile(`:(\w+)`)

// Every /api/v1 route is described in the OpenAPI document, and every
// operation the document describes exists.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	w := newWorld(t)
	routes := map[string]bool{}
	for _, rt := range w.srv.Routes() {
		if strings.HasPrefix(rt.Path, "/api/v1/") {
			routes[rt.Method+" "+colonParam.ReplaceAllString(strings.TrimPrefix(rt.Path, "/api/v1"), "{$1}")] = true
		}
	}
	ops := map[string]bool{}
	for _, op := range apiOps {
		ops[op.Method+" "+op.Path] = true
		if !routes[op.Method+" "+op.Path] {
			t.Errorf("the document describes %s %s, which is not a route", op.Method, op.Path)
		}
	}
	for r := range routes {
		if !ops[r] {
			t.Errorf("route %s is missing from apiOps in openapi.go", r)
		}
	}
	var doc map[string]any
	r := w.api("").get("/api/v1/openapi.json")
	if r.status != http.StatusOK {
		t.Fatalf("openapi.json: %d", r.status)
	}
	r.decode(t, &doc)
	if doc["openapi"] != "3.1.0" || len(doc["paths"].(map[string]any)) == 0 {
		t.Fatalf("not an OpenAPI document: %v", doc["openapi"])
	}
}

// The document describes every Go type it is built from, gives each
// schema one name, and parses as OpenAPI 3.1 for an independent library.
func TestOpenAPIDocumentIsWellFormed(t *testing.T) {
	doc, errs := buildOpenAPI("test")
	for _, e := range errs {
		t.Error(e)
	}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	d, err := libopenapi.NewDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.BuildV3Model(); err != nil {
		t.Fatal(err)
	}
	// A success body described only as "object" says nothing.
	for path, item := range doc["paths"].(map[string]any) {
		for method, o := range item.(map[string]any) {
			for code, r := range o.(map[string]any)["responses"].(map[string]any) {
				for media, c := range mapOf(mapOf(r)["content"]) {
					s := mapOf(mapOf(c)["schema"])
					if s["type"] == "object" && s["properties"] == nil && s["additionalProperties"] == nil {
						t.Errorf("%s %s %s %s: a bare object", method, path, code, media)
					}
				}
			}
		}
	}
}

func mapOf(v any) map[string]any { m, _ := v.(map[string]any); return m }
