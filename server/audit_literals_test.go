package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// auditActionArg is where each helper that records an audit event takes
// its action (the index among the call's arguments).
var auditActionArg = map[string]int{"findAlert": 2, "findAssessment": 2, "findDraft": 2, "lookupAssessment": 2,
	"auditRead": 1, "auditDenied": 1, "auditList": 1, "forbid": 1, "missReason": 1, "tellHidingServices": 1,
	"findCase": 2, "laParam": 3, "loadPart": 1, "findByID": 4, "refuseOrHide": 2, "findOwnRecordPerson": 1,
	"findPerson": 2, "findAmendablePlacement": 1, "findPlacement": 2, "findReferral": 2, "loadSubjectAccess": 1,
	"changeRule": 1}

// TestAuditActionsAreNamed: no audit action is spelt out as a string where
// an event is made or an audit helper is called. A literal there compiles
// (the field is a string) but escapes TestAuditActionsHaveLabels, so a
// typo would file events under an action nobody filters by.
func TestAuditActionsAreNamed(t *testing.T) {
	var files []string
	for _, dir := range []string{".", "../models", "../cmd/gateway", "../cmd/gateway/demo"} {
		fs, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			for _, e := range auditActionExprs(n) {
				checked++
				if b, ok := e.(*ast.BasicLit); ok && b.Kind == token.STRING {
					t.Errorf("%s: audit action %s is a string; use its models.Audit… constant", fset.Position(b.Pos()), b.Value)
				}
			}
			return true
		})
	}
	if checked < 100 {
		t.Fatalf("found only %d audit actions to check: the search is broken", checked)
	}
}

// auditActionExprs are the expressions n gives as an audit action: the
// Action of an AuditEvent literal, or a helper's action argument.
func auditActionExprs(n ast.Node) []ast.Expr {
	switch n := n.(type) {
	case *ast.CompositeLit:
		name := ""
		switch t := n.Type.(type) {
		case *ast.Ident:
			name = t.Name
		case *ast.SelectorExpr:
			name = t.Sel.Name
		}
		if name != "AuditEvent" {
			return nil
		}
		for _, el := range n.Elts {
			if kv, ok := el.(*ast.KeyValueExpr); ok {
				if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Action" {
					return []ast.Expr{kv.Value}
				}
			}
		}
	case *ast.CallExpr:
		var fn string
		switch f := n.Fun.(type) {
		case *ast.SelectorExpr:
			fn = f.Sel.Name
		case *ast.Ident:
			fn = f.Name
		case *ast.IndexExpr:
			if id, ok := f.X.(*ast.Ident); ok {
				fn = id.Name
			}
		}
		if i, ok := auditActionArg[fn]; ok && i < len(n.Args) {
			return []ast.Expr{n.Args[i]}
		}
	}
	return nil
}
