package server

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
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
