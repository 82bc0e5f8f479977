package dedupetest

import (
	"path/filepath"
	"testing"
)

func loadIndependent(t testing.TB) DuplicateSet {
	t.Helper()
	set, err := LoadIndependent(filepath.Join("..", "..", IndependentSet))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

// The same pipeline on the set built independently of GenerateDuplicateSet
// (its own name sources and variation rules). The figures must not fall
// below issue 12's overall target: measured precision 0.991 and recall
// 0.954 over 6,000 records (before the changed-family-name, one-name and
// no-birth slip rules: 0.994 and 0.909; the old check: 0.999 and 0.816).
// Kinds still under 0.90 (combined, family_name_changed: a changed family
// name is offered only where the given name is rare) are printed with the
// rest; docs/DUPLICATES.md reads their misses.
func TestDuplicateDetectionOnIndependentSet(t *testing.T) {
	set := loadIndependent(t)
	precision, recall, r := Evaluate(set)
	t.Logf("%d records, %d true pairs: precision %.3f (%d/%d), recall %.3f (%d/%d), key lookup reached %d/%d",
		len(set.People), r.Pairs, precision, r.Correct, r.Returned, recall, r.Found, r.Pairs, r.Retrieved, r.Pairs)
	for _, k := range r.ByKind {
		t.Logf("  %-42s pairs %4d  found %4d  retrieved %4d  recall %.3f | returned %4d  correct %4d  precision %.3f",
			k.Kind, k.Pairs, k.Found, k.Retrieved, k.Recall(), k.Returned, k.Correct, k.Precision())
	}
	if precision < 0.99 || recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f: must stay at least 0.99 and 0.95", precision, recall)
	}
}
