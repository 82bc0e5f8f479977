package namegen

import (
	"embed"
	"fmt"
	"strconv"
	"strings"
)

//go:embed data/*.txt
var dataFiles embed.FS

// table is one data file: an origin's names by section, in file order
// (commoner first). See data/README in README.md for the format.
type table struct {
	family       []listed // [family]: unmarked (men's) form, optional women's form
	familyFemale []listed // [family-female]: names only women carry (Begum, Bibi)
	female, male []listed // [female], [male]
	composes     []compose
}

// listed is a name as a data file lists it: Name, optionally a women's form
// after a slash ("Němec/Němcová"), and optionally a weight in parts per
// million of the origin's people.
type listed struct {
	name, female string
	ppm          float64
}

// compose is a [compose] block: every begin joined to every middle (if
// any; "-" is an empty middle) and every end. An end may carry a women's
// form after a slash ("ski/ska").
type compose struct {
	begin, middle []string
	end           []listed
}

func loadTable(file string) (*table, error) {
	raw, err := dataFiles.ReadFile("data/" + file)
	if err != nil {
		return nil, err
	}
	t := &table{}
	section := ""
	for n, line := range strings.Split(string(raw), "\n") {
		if i := strings.Index(line, "#"); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			if section == "compose" {
				t.composes = append(t.composes, compose{})
			}
			continue
		}
		bad := func(why string) error { return fmt.Errorf("%s:%d: %s: %q", file, n+1, why, line) }
		if section == "compose" {
			key, val, ok := strings.Cut(line, ":")
			c := &t.composes[len(t.composes)-1]
			switch {
			case !ok:
				return nil, bad("a compose line is begin:, middle: or end:")
			case key == "begin":
				c.begin = append(c.begin, strings.Fields(val)...)
			case key == "middle":
				for _, f := range strings.Fields(val) {
					c.middle = append(c.middle, strings.TrimPrefix(f, "-"))
				}
			case key == "end":
				for _, f := range strings.Fields(val) {
					m, w, _ := strings.Cut(f, "/")
					c.end = append(c.end, listed{name: m, female: w})
				}
			default:
				return nil, bad("unknown compose key")
			}
			continue
		}
		// A line holds one or more names; a number after a name is its
		// weight. Names may hold spaces only as "_" (none do yet).
		var dst *[]listed
		switch section {
		case "family":
			dst = &t.family
		case "family-female":
			dst = &t.familyFemale
		case "female":
			dst = &t.female
		case "male":
			dst = &t.male
		default:
			return nil, bad("line outside a known section")
		}
		for _, f := range strings.Fields(line) {
			if w, err := strconv.ParseFloat(f, 64); err == nil {
				if len(*dst) == 0 {
					return nil, bad("a weight before any name")
				}
				(*dst)[len(*dst)-1].ppm = w
				continue
			}
			m, w, _ := strings.Cut(f, "/")
			*dst = append(*dst, listed{name: strings.ReplaceAll(m, "_", " "), female: strings.ReplaceAll(w, "_", " ")})
		}
	}
	return t, nil
}
