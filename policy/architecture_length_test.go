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

// longFuncExempt are the files whose functions may be longer: the route
// table, one list on purpose (every route declared once, in one place, as
// Miniflux keeps it), from which the registrations and the OpenAPI
// document are generated.
var longFuncExempt = map[string]bool{
	"server/route_table.go": true,
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
