package server

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"

	"gateway/models"
)

// TestAuditActionsHaveLabels holds the audit actions the code writes to
// the words the audit log page shows for them, both ways: an action with
// no words is one nobody chose (most likely misspelt), and words for an
// action nothing writes are a label for nothing. The constants are read
// from their source too, so one declared but left out of
// models.AuditActions fails as well.
func TestAuditActionsHaveLabels(t *testing.T) {
	listed := map[string]bool{}
	for _, a := range models.AuditActions() {
		if listed[a] {
			t.Errorf("audit action %q is listed twice", a)
		}
		listed[a] = true
		if _, ok := auditActions[a]; !ok {
			t.Errorf("audit action %q has no words on the audit log page (auditActions in labels.go)", a)
		}
	}
	for a := range auditActions {
		if !listed[a] {
			t.Errorf("the audit log page has words for %q, which is not in models.AuditActions", a)
		}
	}
	declared := auditConstants(t)
	for name, a := range declared {
		if !listed[a] {
			t.Errorf("models.%s = %q is not in models.AuditActions", name, a)
		}
	}
	if len(declared) != len(listed) {
		t.Errorf("models declares %d audit actions, AuditActions lists %d", len(declared), len(listed))
	}
}

// auditConstants reads the Audit* string constants of
// models/audit_actions.go.
func auditConstants(t *testing.T) map[string]string {
	f, err := parser.ParseFile(token.NewFileSet(), "../models/audit_actions.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			v := s.(*ast.ValueSpec)
			for i, n := range v.Names {
				if b, ok := v.Values[i].(*ast.BasicLit); ok {
					out[n.Name], _ = strconv.Unquote(b.Value)
				}
			}
		}
	}
	if out["AuditAddNote"] != "add_note" {
		t.Fatalf("did not read the constants: %v", out["AuditAddNote"])
	}
	return out
}
