package names

import "strings"

// GivenNameKey is the stored key (a w: key) of the first word of a given
// name, under which everyone whose name holds that word is stored: counting
// the people under it tells how common the given name is where it matters,
// among the people held. "" for an empty name.
func GivenNameKey(given string) string {
	first, _, _ := strings.Cut(Normalise(given), " ")
	if first == "" {
		return ""
	}
	return keyWord + first
}

// HoldersCounted bounds the count behind GivenNameKey: the duplicate check
// needs to know only whether a given name is rare (see
// matching.RareGivenNameHolders), so the database stops counting here.
const HoldersCounted = 64
