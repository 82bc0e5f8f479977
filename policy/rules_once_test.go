package policy_test

import (
	"path"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ruleFragments are the tell-tale pieces of rules 2, 3 and 4 in SQL and in
// Go, and the one file each may be written in. A scope or Can case that
// needs the rule calls that file's builder or predicate instead of writing
// the rule again.
var ruleFragments = []struct {
	re   *regexp.Regexp
	file string
}{
	{regexp.MustCompile(`confidential = \? OR `), "rule_confidential.go"},
	{regexp.MustCompile(`\b[b-z]\w*\.[Cc]onfidential \|\| `), "rule_confidential.go"}, // a record's flag; a.Confidential is the actor's
	{regexp.MustCompile(`FROM involvements ig\b|(?i)ended_?at\W+IS NULL OR`), "rule_involved.go"},
	{regexp.MustCompile(`(?i)endedAt\.After\(`), "rule_involved.go"},
	{regexp.MustCompile(`FROM break_glass\b|ExpiresAt\.After\(`), "rule_full_record.go"},
}

// TestRulesAreWrittenOnce fails when policy writes rule 2, 3 or 4 a second
// time outside its file.
func TestRulesAreWrittenOnce(t *testing.T) {
	seen := map[int]bool{} // the fragments found in their own file
	for p, text := range goSources(t) {
		if !strings.HasPrefix(p, "policy/") || strings.HasSuffix(p, "_test.go") {
			continue
		}
		for _, msg := range rulesWrittenAgain(p, text) {
			t.Error(msg)
		}
		for i, f := range ruleFragments {
			if path.Base(p) == f.file && f.re.MatchString(text) {
				seen[i] = true
			}
		}
	}
	for i, f := range ruleFragments {
		if !seen[i] {
			t.Errorf("%s no longer holds %s: the check is looking for the wrong thing", f.file, f.re)
		}
	}
}

func TestRulesWrittenOnceCatchesACopy(t *testing.T) {
	copied := `cs = append(cs, cond{sql: "case_notes.confidential = ? OR case_notes.service_id = ?"})
	return !o.Confidential || o.ServiceID == a.ServiceID
	if !a.Confidential || x {`
	got := rulesWrittenAgain("policy/notes.go", copied)
	if len(got) != 2 || !slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "rule_confidential.go") }) {
		t.Errorf("a copied rule 4, in SQL and in Go, gives 2 complaints (the actor's own flag none), got %q", got)
	}
}

func rulesWrittenAgain(p, text string) []string {
	var out []string
	for _, f := range ruleFragments {
		if path.Base(p) != f.file && f.re.MatchString(text) {
			out = append(out, p+" writes "+f.re.FindString(text)+"...: that rule is written once, in policy/"+f.file+"; call it from there")
		}
	}
	return out
}
