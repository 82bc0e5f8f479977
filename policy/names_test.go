package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gateway/policy"
)

// TestPermissionNames holds the named resources and actions to
// default_policy.csv both ways: a name no row grants is a check that can
// only ever deny, and a row naming something the code cannot name is a
// permission no route can ask for. It also finds every Resource{...} and
// Action{...} written in the package's source, so a value declared but
// left out of Resources or Actions fails too.
func TestPermissionNames(t *testing.T) {
	inCSV := map[string]map[string]bool{"resource": {}, "action": {}}
	for _, r := range policy.DefaultRules() {
		if r.Type != "p" || len(r.Values) != 4 {
			continue
		}
		inCSV["resource"][r.Values[2]] = true
		inCSV["action"][r.Values[3]] = true
	}
	inCode := map[string]map[string]bool{"resource": {}, "action": {}}
	for _, r := range policy.Resources() {
		inCode["resource"][r.String()] = true
	}
	for _, a := range policy.Actions() {
		inCode["action"][a.String()] = true
	}
	for _, kind := range []string{"resource", "action"} {
		for name := range inCode[kind] {
			if !inCSV[kind][name] {
				t.Errorf("%s %q is named in the code but no row of default_policy.csv grants it", kind, name)
			}
		}
		for name := range inCSV[kind] {
			if !inCode[kind][name] {
				t.Errorf("%s %q is in default_policy.csv but resources.go does not name it", kind, name)
			}
		}
	}
	for _, a := range policy.DerivedActions() {
		if inCSV["action"][a.String()] || inCode["action"][a.String()] {
			t.Errorf("action %q is derived by Can, yet a row grants it or Actions lists it", a)
		}
	}
	derived := map[string]bool{}
	for _, a := range policy.DerivedActions() {
		derived[a.String()] = true
	}
	for _, lit := range namedInSource(t) {
		kind, name := lit[0], lit[1]
		if !inCode[kind][name] && !(kind == "action" && derived[name]) {
			t.Errorf("%s %q is written in policy's source but not listed in resources.go", kind, name)
		}
	}
}

// namedInSource finds each Resource{"name"} and Action{"name"} in the
// package's non-test source. A name given as a constant (KindCase) is
// resolved through the package's string constants.
func namedInSource(t *testing.T) [][2]string {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	consts := map[string]string{}
	var lits []*ast.CompositeLit
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if i < len(n.Values) {
						if b, ok := n.Values[i].(*ast.BasicLit); ok && b.Kind == token.STRING {
							consts[id.Name], _ = strconv.Unquote(b.Value)
						}
					}
				}
			case *ast.CompositeLit:
				lits = append(lits, n)
			}
			return true
		})
	}
	var out [][2]string
	for _, l := range lits {
		typ, ok := l.Type.(*ast.Ident)
		if !ok || (typ.Name != "Resource" && typ.Name != "Action") || len(l.Elts) != 1 {
			continue
		}
		var name string
		switch v := l.Elts[0].(type) {
		case *ast.BasicLit:
			name, _ = strconv.Unquote(v.Value)
		case *ast.Ident:
			name = consts[v.Name]
		}
		out = append(out, [2]string{strings.ToLower(typ.Name), name})
	}
	if !slices.ContainsFunc(out, func(l [2]string) bool { return l == [2]string{"resource", "person"} }) {
		t.Fatal("found no Resource{\"person\"} in the source: the search is broken")
	}
	return out
}
