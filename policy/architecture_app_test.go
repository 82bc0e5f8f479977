package policy_test

import (
	"go/ast"
	"strings"
	"testing"
)

// server/app is what Gateway does, without HTTP: it must not import gin or
// net/http (nor the server above it), so the command line and the handlers
// can share it and a job never depends on a request.
func TestTheApplicationLayerKnowsNoHTTP(t *testing.T) {
	forEachGoFile(t, func(path string, f *ast.File) {
		if !strings.HasPrefix(path, "server/app/") || strings.HasSuffix(path, "_test.go") {
			return
		}
		for _, imp := range f.Imports {
			p := strings.Trim(imp.Path.Value, `"`)
			if p == "net/http" || strings.HasPrefix(p, "net/http/") || strings.HasPrefix(p, "github.com/gin-gonic/") || p == "gateway/server" {
				t.Errorf("%s imports %s; server/app knows no HTTP", path, p)
			}
		}
	})
}

// cmdStartsServer are the command's files that may import gateway/server:
// the ones that start the HTTP server (serve, and the in-process server
// bench and eval-duplicates run against). Every other command calls
// server/app.
var cmdStartsServer = map[string]bool{
	"cmd/gateway/serve.go":     true,
	"cmd/gateway/inprocess.go": true,
}

func TestTheCommandImportsTheServerOnlyToServe(t *testing.T) {
	forEachGoFile(t, func(path string, f *ast.File) {
		if !strings.HasPrefix(path, "cmd/") || strings.HasSuffix(path, "_test.go") || cmdStartsServer[path] {
			return
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"gateway/server"` {
				t.Errorf("%s imports gateway/server; outside serving, the command calls gateway/server/app", path)
			}
		}
	})
}
