package dedupetest

import "testing"

// On 5,000 generated people with 1,000 planted duplicates of every kind the
// issue names, the app's pipeline (weighted key lookup, then Duplicates)
// must find at least 95% of the duplicates, and at least 80% of each kind,
// and at least 95% of what it shows must be real duplicates.
func TestDuplicateDetectionOnGeneratedSet(t *testing.T) {
	set := GenerateDuplicateSet(1, 5000)
	precision, recall, r := Evaluate(set)
	t.Logf("%d people, %d true pairs: precision %.3f (%d/%d), recall %.3f (%d/%d), key lookup reached %d/%d",
		len(set.People), r.Pairs, precision, r.Correct, r.Returned, recall, r.Found, r.Pairs, r.Retrieved, r.Pairs)
	t.Logf("strong: %d returned, %d correct; candidates per lookup: mean %.1f, max %d; largest key share: pair %.4f, family %.4f",
		r.StrongReturned, r.StrongCorrect, r.MeanCandidates, r.MaxCandidates, r.LargestPairKeyShare, r.LargestFamilyKeyShare)
	for _, k := range r.ByKind {
		t.Logf("  %-42s pairs %4d  found %4d  retrieved %4d  recall %.3f | returned %4d  correct %4d  precision %.3f",
			k.Kind, k.Pairs, k.Found, k.Retrieved, k.Recall(), k.Returned, k.Correct, k.Precision())
	}
	if r.Pairs < 900 {
		t.Errorf("only %d planted pairs", r.Pairs)
	}
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f: both must be at least 0.95", precision, recall)
	}
	for _, k := range r.ByKind {
		if k.Pairs > 0 && k.Recall() < 0.8 {
			t.Errorf("%s: recall %.3f, below 0.8", k.Kind, k.Recall())
		}
	}
	// The key lookup must reach nearly every duplicate while no key used by
	// a two-name lookup holds more than a few percent of people.
	if ratio(r.Retrieved, r.Pairs) < 0.98 {
		t.Errorf("key lookup reached only %d of %d pairs", r.Retrieved, r.Pairs)
	}
	if r.LargestPairKeyShare > 0.03 {
		t.Errorf("one key holds %.1f%% of people", 100*r.LargestPairKeyShare)
	}
}

// The same pipeline at the size of one area (27,000 people, 5,400 planted
// duplicates). More people means more namesakes whose ages fit, so precision
// is lower than on 5,000. Run with
//
//	go test ./matching -run XXX -bench EvaluateArea -benchtime 1x
func BenchmarkEvaluateArea(b *testing.B) {
	set := GenerateDuplicateSet(1, 27000)
	for b.Loop() {
		precision, recall, r := Evaluate(set)
		b.ReportMetric(precision, "precision")
		b.ReportMetric(recall, "recall")
		b.ReportMetric(ratio(r.StrongCorrect, r.StrongReturned), "strong-precision")
		b.ReportMetric(r.MeanCandidates, "candidates/lookup")
		b.ReportMetric(float64(r.MaxCandidates), "max-candidates")
		b.ReportMetric(100*r.LargestPairKeyShare, "%people-largest-key")
	}
}
