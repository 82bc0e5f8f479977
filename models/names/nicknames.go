package names

import (
	_ "embed"
	"slices"
	"strings"
)

//go:embed nicknames.txt
var nicknameTable string

// groupsOf maps a normalised given name to the canonical names of the groups
// it belongs to: its own group first if it is canonical, then file order.
// membersOf maps a canonical name to every name in its group, itself first.
var groupsOf, membersOf = loadNicknames(nicknameTable)

func loadNicknames(table string) (groups, members map[string][]string) {
	groups = make(map[string][]string)
	members = make(map[string][]string)
	add := func(name, canonical string) {
		if !slices.Contains(groups[name], canonical) {
			groups[name] = append(groups[name], canonical)
			members[canonical] = append(members[canonical], name)
		}
	}
	for line := range strings.Lines(table) {
		head, tail, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		canonical := Normalise(head)
		add(canonical, canonical)
		for _, v := range strings.Fields(tail) {
			add(Normalise(v), canonical)
		}
	}
	for name, gs := range groups {
		if i := slices.Index(gs, name); i > 0 {
			groups[name] = append([]string{name}, slices.Delete(slices.Clone(gs), i, i+1)...)
		}
	}
	return groups, members
}

// Canonical returns the canonical given name for a nickname or spelling
// variant, normalised: Bill, Billy, Will and Liam give "william"; Mo, Mohammed
// and Mohamed give "muhammad". A name in several groups gives the first (see
// Variants); a name the table does not know gives itself, normalised.
func Canonical(given string) string {
	n := Normalise(given)
	if gs := groupsOf[n]; len(gs) > 0 {
		return gs[0]
	}
	return n
}

// Variants returns every canonical name given may stand for, normalised and
// commonest reading first: "alex" gives alexander and alexandra, "jon" gives
// john and jonathan. A name the table does not know gives just itself; an
// empty name gives nothing. The result must not be modified.
func Variants(given string) []string {
	n := Normalise(given)
	if gs := groupsOf[n]; len(gs) > 0 {
		return gs
	}
	if n == "" {
		return nil
	}
	return []string{n}
}

// Forms returns every name that shares a nickname group with given,
// normalised and sorted, given itself included: Forms("Bill") holds bill,
// billy, liam, will and william among others. A name the table does not know
// gives just itself.
func Forms(given string) []string {
	var out []string
	for _, c := range Variants(given) {
		out = append(out, membersOf[c]...)
	}
	if n := Normalise(given); n != "" {
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
