package server

import "testing"

// TestRouteTableDescribesAPIRoutesOnly: a route is described for the
// OpenAPI document exactly when it is on an /api/v1 door. A description
// on a page would name an operation that does not exist; an API route
// without one would be missing from the document.
func TestRouteTableDescribesAPIRoutesOnly(t *testing.T) {
	n := 0
	for _, rt := range (*Server)(nil).routeTable() {
		switch {
		case rt.api != nil && !apiDoors[rt.door]:
			t.Errorf("%s %s is described for the API but is a page only", rt.method, rt.path)
		case rt.api == nil && apiDoors[rt.door]:
			t.Errorf("%s %s is on /api/v1 but has no apiDoc", rt.method, rt.path)
		case rt.api != nil:
			n++
		}
	}
	if n != len(apiOps) {
		t.Errorf("%d described routes, %d operations", n, len(apiOps))
	}
}
