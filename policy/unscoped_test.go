package policy_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
)

// unscopedCallers lists, for each read in models/unscoped.go (those that
// take no scope and see every person), the non-test files allowed to call
// it, and why it is safe there. A new caller fails
// TestUnscopedReadsOnlyWhereListed: add it here only with its reason.
var unscopedCallers = map[string]map[string]string{
	"UnscopedAccessFacts": {
		"policy/facts.go": "FactsOf loads the facts Can decides on; nothing is shown",
	},
	"UnscopedMergedInto": {
		"models/merge.go":      "names the survivor only when the reader's identity scope finds it",
		"models/merge_undo.go": "names the survivor only when the reader's identity scope finds it",
		"server/merge.go":      "redirects only when the reader's identity scope finds the survivor",
	},
	"UnscopedPartnerLookupIDs": {
		"server/partner.go": "labels a look-up's hidden matches in the audit log; the partner's answer is unchanged",
	},
	"UnscopedPersonExists": {
		"server/auditprivacy.go": "labels a refused read hidden or missing in the audit log; the answer is the same 404",
	},
}

// TestUnscopedReadsOnlyWhereListed: every unscoped read lives in
// models/unscoped.go, is listed above, and is called from the listed files
// only; and every listed file still calls it, so the list cannot go stale.
func TestUnscopedReadsOnlyWhereListed(t *testing.T) {
	called := map[string]map[string]bool{}
	forEachGoFile(t, func(path string, f *ast.File) {
		if strings.HasSuffix(path, "_test.go") {
			return
		}
		for _, d := range f.Decls {
			if fn, ok := d.(*ast.FuncDecl); ok && fn.Recv != nil && strings.HasPrefix(fn.Name.Name, "Unscoped") {
				if path != "models/unscoped.go" {
					t.Errorf("%s defines %s: an unscoped read belongs in models/unscoped.go", path, fn.Name.Name)
				}
				if _, ok := unscopedCallers[fn.Name.Name]; !ok {
					t.Errorf("%s is an unscoped read with no list of callers in policy/unscoped_test.go", fn.Name.Name)
				}
			}
		}
		for _, name := range unscopedCalls(f) {
			if called[name] == nil {
				called[name] = map[string]bool{}
			}
			called[name][path] = true
		}
		for _, msg := range unlistedUnscopedCalls(path, f) {
			t.Error(msg)
		}
	})
	for name, files := range unscopedCallers {
		for file := range files {
			if !called[name][file] {
				t.Errorf("%s is listed as calling %s but no longer does: take it off the list", file, name)
			}
		}
	}
}

// The check above must catch a new caller: a handler that asks whether an
// id exists, outside the audit labelling, is reported.
func TestUnscopedCheckCatchesANewCaller(t *testing.T) {
	src := `package server
func (s *Server) peek(id int64) bool { return s.store.UnscopedPersonExists(nil, id) }
func (s *Server) label(id int64) bool { return s.store.UnscopedSomethingNew(nil, id) }`
	f, err := parser.ParseFile(token.NewFileSet(), "server/peek.go", src, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	got := unlistedUnscopedCalls("server/peek.go", f)
	if len(got) != 2 {
		t.Fatalf("a new caller and an unlisted read give 2 complaints, got %q", got)
	}
	if got := unlistedUnscopedCalls("server/auditprivacy.go", f); !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "UnscopedSomethingNew") }) || len(got) != 1 {
		t.Errorf("from a listed file only the unlisted read is reported, got %q", got)
	}
}

// unscopedCalls are the Unscoped... names a file selects (calls or method
// values), in order.
func unscopedCalls(f *ast.File) []string {
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "Unscoped") && sel.Sel.Name != "Unscoped" {
			out = append(out, sel.Sel.Name)
		}
		return true
	})
	return out
}

// unlistedUnscopedCalls reports each unscoped read path uses without being
// listed as a caller of it.
func unlistedUnscopedCalls(path string, f *ast.File) []string {
	var out []string
	for _, name := range unscopedCalls(f) {
		callers, ok := unscopedCallers[name]
		switch {
		case !ok:
			out = append(out, path+" calls "+name+", an unscoped read with no list of callers in policy/unscoped_test.go")
		case callers[path] == "":
			out = append(out, path+" calls "+name+", which reads without a scope; read through a policy scope, or list it with the reason")
		}
	}
	return out
}
