package policy_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docs/ACCESS.md is where the access rules are written down, and code cites
// it by rule number. These tests keep the two in step: every cited rule is
// in the document, and every name the document points to is still in the
// code, so renaming a scope or predicate means updating the document too.

var (
	reRuleHeading = regexp.MustCompile(`(?m)^## (\d+)\. `)
	reRuleCite    = regexp.MustCompile(`docs/ACCESS\.md rule (\d+)`)
	reCodeName    = regexp.MustCompile("`([A-Za-z_][A-Za-z0-9_.]*)(?:\\(\\))?`")
	reWord        = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)
)

func TestCodeCitesRulesTheDocumentHas(t *testing.T) {
	doc := readAccessDoc(t)
	have := map[string]bool{}
	for _, m := range reRuleHeading.FindAllStringSubmatch(doc, -1) {
		have[m[1]] = true
	}
	if len(have) != 12 {
		t.Errorf("docs/ACCESS.md has %d numbered rules, want 12", len(have))
	}
	cited := 0
	for path, text := range goSources(t) {
		for _, m := range reRuleCite.FindAllStringSubmatch(text, -1) {
			cited++
			if !have[m[1]] {
				t.Errorf("%s cites docs/ACCESS.md rule %s, which the document does not have", path, m[1])
			}
		}
	}
	if cited == 0 {
		t.Error("no code cites docs/ACCESS.md: the search is looking in the wrong place")
	}
}

func TestAccessDocNamesOnlyWhatTheCodeHas(t *testing.T) {
	doc := readAccessDoc(t)
	words := map[string]bool{}
	for _, text := range goSources(t) {
		for _, w := range reWord.FindAllString(text, -1) {
			words[w] = true
		}
	}
	seen := map[string]bool{}
	for _, m := range reCodeName.FindAllStringSubmatch(doc, -1) {
		name := m[1]
		if seen[name] {
			continue
		}
		seen[name] = true
		if !strings.ContainsAny(name, "._") && strings.ToLower(name) == name {
			continue // a plain word in code font (`person`, `read`), not a Go name
		}
		last := name[strings.LastIndex(name, ".")+1:]
		if !words[last] {
			t.Errorf("docs/ACCESS.md names %s, which no Go file has", name)
		}
	}
}

func readAccessDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "docs", "ACCESS.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// goSources reads every Go file of the module, tests included.
func goSources(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != ".." && (d.Name() == "testdata" || d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[strings.TrimPrefix(filepath.ToSlash(p), "../")] = string(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
