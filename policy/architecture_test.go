package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Only package policy builds scopes: anywhere else, models.NewScope in
// non-test code would be a way round the access rules.
func TestOnlyPolicyBuildsScopes(t *testing.T) {
	forEachGoFile(t, func(path string, f *ast.File) {
		if strings.HasSuffix(path, "_test.go") || strings.HasPrefix(path, "policy/") || strings.HasPrefix(path, "models/scope.go") {
			return
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if sel, ok := n.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "NewScope") {
				t.Errorf("%s builds a scope; only package policy may", path)
			}
			return true
		})
	})
}

// Dependencies point one way: cmd → server → policy, matching, geo,
// reports → models (docs/ARCHITECTURE.md).
func TestDependenciesPointOneWay(t *testing.T) {
	forbidden := map[string][]string{
		"models/":   {"gateway/server", "gateway/policy", "gateway/matching", "gateway/geo", "gateway/reports", "gateway/cmd"},
		"policy/":   {"gateway/server", "gateway/cmd"},
		"matching/": {"gateway/server", "gateway/policy", "gateway/cmd", "gateway/models\""},
		"geo/":      {"gateway/server", "gateway/policy", "gateway/cmd", "gateway/models", "gateway/matching", "gateway/reports"},
		"reports/":  {"gateway/server", "gateway/policy", "gateway/cmd", "gateway/models\""},
		"server/":   {"gateway/cmd"},
	}
	forEachGoFile(t, func(path string, f *ast.File) {
		if strings.HasSuffix(path, "_test.go") {
			return
		}
		for prefix, bad := range forbidden {
			if !strings.HasPrefix(path, prefix) {
				continue
			}
			for _, imp := range f.Imports {
				for _, b := range bad {
					if strings.HasPrefix(imp.Path.Value, `"`+strings.TrimSuffix(b, `"`)) && (strings.HasSuffix(b, `"`) == (imp.Path.Value == `"`+b)) {
						t.Errorf("%s imports %s, against the dependency direction", path, imp.Path.Value)
					}
				}
			}
		}
	})
}

func forEachGoFile(t *testing.T, fn func(path string, f *ast.File)) {
	t.Helper()
	root := ".."
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if !strings.HasSuffix(p, "_test.go") {
			f, err = parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(root, p)
		fn(filepath.ToSlash(rel), f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
