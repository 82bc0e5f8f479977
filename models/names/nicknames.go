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
	if gs := respelledOf[n]; len(gs) > 0 {
		return gs
	}
	if gs := groupsOf[n]; len(gs) > 0 {
		return gs
	}
	if gs := groupsOf[otherEnding(n)]; len(gs) > 0 {
		return gs
	}
	if n == "" {
		return nil
	}
	return []string{n}
}

// respelledOf maps a name the table lists to its own groups followed by
// those of the other spellings of its familiar ending (Andi, listed under
// Andrea, is also Andy's spelling, so Andrew's): see otherEnding.
var respelledOf = respelled(groupsOf)

func respelled(groups map[string][]string) map[string][]string {
	out := map[string][]string{}
	for n, gs := range groups {
		var more []string
		for _, m := range endingSpellings(n) {
			for _, g := range groups[m] {
				if !slices.Contains(gs, g) && !slices.Contains(more, g) {
					more = append(more, g)
				}
			}
		}
		if len(more) > 0 {
			out[n] = append(slices.Clone(gs), more...)
		}
	}
	return out
}

// Forms returns every name that shares a nickname group with given,
// normalised and sorted, given itself included: Forms("Bill") holds bill,
// billy, liam, will and william among others. A name the table does not know
// gives just itself.
func Forms(given string) []string {
	var out []string
	variants := groupsOf[Normalise(given)] // the table's own groups: not respelled endings
	if len(variants) == 0 {
		variants = Variants(given)
	}
	for _, c := range variants {
		out = append(out, membersOf[c]...)
	}
	if n := Normalise(given); n != "" {
		out = append(out, n)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// English familiar forms end in -y, -ie, -i or -ey, one sound written as
// the person or the worker pleases (Andy, Andie, Andi; Jonny, Jonnie; Terri,
// Terry). endingSpellings gives the other spellings of n's ending (none for
// a stem shorter than two letters); otherEnding the first of them the
// nickname table lists, or "".
var familiarEndings = [...]string{"y", "ie", "i", "ey"}

func endingSpellings(n string) []string {
	var out []string
	for _, end := range [...]string{"ie", "ey", "i", "y"} {
		stem, ok := strings.CutSuffix(n, end)
		if !ok || len(stem) < 2 {
			continue
		}
		for _, other := range familiarEndings {
			if other != end {
				out = append(out, stem+other)
			}
		}
		break
	}
	return out
}

func otherEnding(n string) string {
	for _, m := range endingSpellings(n) {
		if len(groupsOf[m]) > 0 {
			return m
		}
	}
	return ""
}
