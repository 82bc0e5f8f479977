package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// maxFuncLines is the longest a function may be: past it, a function
// does several things and should name them as steps.
const maxFuncLines = 120

// longFuncExempt are the files whose functions may be longer. The route
// table is one list on purpose (every route in one place, as Miniflux
// keeps it). Both files are being rewritten to declare each route once
// and generate the registrations and the OpenAPI document from it; until
// that lands, their functions are exempt here rather than split twice.
var longFuncExempt = map[string]bool{
	"server/routes.go":           true,
	"server/openapi_document.go": true,
}

func TestNoFunctionIsTooLong(t *testing.T) {
	fset := token.NewFileSet()
	forEachGoFile(t, func(path string, f *ast.File) {
		if strings.HasSuffix(path, "_test.go") || longFuncExempt[path] {
			return
		}
		// Parsed again for its positions: forEachGoFile keeps its file set
		// to itself.
		f, err := parser.ParseFile(fset, filepath.FromSlash("../"+path), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if n := fset.Position(fn.End()).Line - fset.Position(fn.Pos()).Line + 1; n > maxFuncLines {
				t.Errorf("%s: %s is %d lines; split it into named steps (at most %d)", path, fn.Name.Name, n, maxFuncLines)
			}
		}
	})
}
