package reports

import (
	"cmp"
	"slices"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// byShownCount orders rows for a commissioner table: shown counts largest
// first, then suppressed rows by label. Suppressed rows are not ordered by
// their true counts, which would tell readers which "<5" is bigger.
func byShownCount[T any](rows []T, count func(T) int, label func(T) string) []T {
	out := slices.Clone(rows)
	slices.SortStableFunc(out, func(a, b T) int {
		ca, cb := count(a), count(b)
		sa, sb := ca < Threshold, cb < Threshold
		switch {
		case sa != sb:
			if sa {
				return 1
			}
			return -1
		case !sa && ca != cb:
			return cmp.Compare(cb, ca)
		}
		return cmp.Compare(label(a), label(b))
	})
	return out
}

// nameCollator sorts names as people expect (Łukasz beside Lucy, not after
// Zoë). A Collator is not safe for concurrent use, so each render makes one.
func nameCollator() *collate.Collator {
	return collate.New(language.BritishEnglish, collate.IgnoreCase)
}
