package policy_test

import (
	"go/ast"
	"strconv"
	"strings"
	"testing"
)

// generators are the packages that make up people and duplicates for tests,
// the demo and the duplicate evaluation. They are not part of the running
// system: only tests and the command line (gateway demo, generate,
// eval-duplicates) may import them, and they may import each other.
var generators = []string{"gateway/matching/dedupetest", "gateway/models/names/namegen"}

// generatorUsers are where non-test code may import a generator from.
var generatorUsers = []string{"cmd/gateway/", "matching/dedupetest/", "models/names/namegen/"}

// Test data generators stay out of the packages the server runs, so that
// production matching holds scoring only and a generator's size or seed
// never changes what the server does.
func TestGeneratorsAreForTestsAndTheCommandLineOnly(t *testing.T) {
	forEachGoFile(t, func(path string, f *ast.File) {
		if strings.HasSuffix(path, "_test.go") || hasAnyPrefix(path, generatorUsers) {
			return
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, g := range generators {
				if p == g {
					t.Errorf("%s imports %s, a test data generator", path, p)
				}
			}
		}
	})
}

// matching is scoring and ranking: the same facts give the same answer.
// Randomness there outside tests would be a generator that crept back, or
// a ranking no test could pin.
func TestMatchingDrawsNoRandomNumbers(t *testing.T) {
	forEachGoFile(t, func(path string, f *ast.File) {
		if !strings.HasPrefix(path, "matching/") || strings.Count(path, "/") > 1 || strings.HasSuffix(path, "_test.go") {
			return
		}
		for _, imp := range f.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); p == "math/rand" || p == "math/rand/v2" {
				t.Errorf("%s imports %s", path, p)
			}
		}
	})
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
