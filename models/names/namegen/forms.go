package namegen

import "strings"

// formRule makes the women's forms of a family name given in its men's
// (unmarked) form, commonest first, with the share of women who use each.
// Where the language has no women's form the name itself comes back.
type formRule func(family string) []womansForm

type womansForm struct {
	name  string
	share float64
}

func same(family string) []womansForm { return []womansForm{{family, 1}} }

// polish: adjectival names agree (Kowalski → Kowalska, Zawadzki → Zawadzka,
// Biały → Biała); nouns do not (Nowak, Wójcik, Mazur).
func polish(family string) []womansForm {
	switch {
	case strings.HasSuffix(family, "ki"):
		return one(strings.TrimSuffix(family, "i") + "a")
	case strings.HasSuffix(family, "y"):
		return one(strings.TrimSuffix(family, "y") + "a")
	}
	return same(family)
}

// czech covers Czech and Slovak: adjectival names agree (Černý → Černá,
// Kopecký → Kopecká); every other name takes -ová, dropping a final -a
// (Svoboda → Svobodová) and the mobile e of -ek (Hájek → Hájková, Staněk →
// Staňková). Irregular ones are written out in the data (Němec/Němcová).
// Names in -í (Krejčí) and -ů (Janů) do not change.
func czech(family string) []womansForm {
	r := []rune(family)
	n := len(r)
	switch {
	case n < 3:
		return same(family)
	case r[n-1] == 'ý':
		return one(string(r[:n-1]) + "á")
	case r[n-1] == 'í' || r[n-1] == 'ů':
		return same(family)
	case r[n-1] == 'a':
		return one(string(r[:n-1]) + "ová")
	case r[n-1] == 'k' && r[n-2] == 'ě':
		soft := map[rune]rune{'n': 'ň', 'd': 'ď', 't': 'ť'}
		if s, ok := soft[r[n-3]]; ok {
			return one(string(r[:n-3]) + string(s) + "ková")
		}
		return one(string(r[:n-2]) + "ková")
	case r[n-1] == 'k' && r[n-2] == 'e' && n > 4:
		return one(string(r[:n-2]) + "ková")
	}
	return one(family + "ová")
}

// Lithuanian women's names show marriage: Kazlauskas gives Kazlauskienė
// (married), Kazlauskaitė (unmarried) and, since 2003, the neutral
// Kazlauskė. Among adult women in services about half use the married
// form; the neutral one is still rare.
func lithuanian(family string) []womansForm {
	forms := func(stem, unmarried string, neutral bool) []womansForm {
		out := []womansForm{{stem + "ienė", 0.55}, {stem + unmarried, 0.42}}
		if neutral {
			out = append(out, womansForm{stem + "ė", 0.03})
		} else {
			out[1].share += 0.03
		}
		return out
	}
	switch {
	case strings.HasSuffix(family, "ius"):
		return forms(strings.TrimSuffix(family, "ius"), "iūtė", false)
	case strings.HasSuffix(family, "as"):
		return forms(strings.TrimSuffix(family, "as"), "aitė", true)
	case strings.HasSuffix(family, "ys"):
		return forms(strings.TrimSuffix(family, "ys"), "ytė", true)
	case strings.HasSuffix(family, "is"):
		return forms(strings.TrimSuffix(family, "is"), "ytė", true)
	case strings.HasSuffix(family, "us"):
		return forms(strings.TrimSuffix(family, "us"), "utė", true)
	}
	return same(family)
}

// eastSlavic covers Ukrainian and Russian names as written in Ukrainian
// passports' Latin transliteration: Kovalskyi → Kovalska, Bilyi → Bila,
// Ivanov → Ivanova, Kuzmyn → Kuzmyna; -enko, -uk, -chuk, -ets do not change.
func eastSlavic(family string) []womansForm {
	switch {
	case strings.HasSuffix(family, "skyi"), strings.HasSuffix(family, "tskyi"), strings.HasSuffix(family, "yi"):
		return one(strings.TrimSuffix(family, "yi") + "a")
	case strings.HasSuffix(family, "ov"), strings.HasSuffix(family, "ev"), strings.HasSuffix(family, "yn"),
		strings.HasSuffix(family, "in"):
		return one(family + "a")
	}
	return same(family)
}

func one(name string) []womansForm { return []womansForm{{name, 1}} }

// FemaleForms returns the forms a woman of the origin carries for a family
// name given in its men's (unmarked) form, commonest first: "Polish",
// "Kowalski" gives [Kowalska]; "Lithuanian", "Kazlauskas" gives
// [Kazlauskienė Kazlauskaitė Kazlauskė]; an origin without women's forms,
// or an unknown one, gives the name itself.
func FemaleForms(origin, family string) []string {
	rule := same
	if o := specByName(origin); o != nil && o.forms != nil {
		rule = o.forms
	}
	var out []string
	for _, f := range rule(family) {
		out = append(out, f.name)
	}
	return out
}
