package models

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"gateway/models/names"
)

// PartnerLookup finds people for a partner's look-up: the full name and the
// exact date of birth must both match (a nickname, alias or accent
// difference still matches, but nothing else is fuzzy), so a partner cannot
// browse. At most 3 cards come back.
func (s *Store) PartnerLookup(ctx context.Context, scope Scope, fullName string, dob Date) ([]Person, error) {
	return s.partnerMatches(s.with(ctx).Model(&Person{}).Scopes(scope.Apply), fullName, dob)
}

func (s *Store) partnerMatches(q *gorm.DB, fullName string, dob Date) ([]Person, error) {
	want := names.Normalise(fullName)
	if want == "" || dob.IsZero() {
		return nil, nil
	}
	// The name index narrows to people whose name (or alias) is, or sounds
	// like, the one typed; nameMatchesExactly then decides. So no cap
	// can drop the person asked about, however many share the date.
	var keys []string
	for _, k := range names.SearchKeys(fullName) {
		switch k.Key[:2] {
		case "n:", "a:", "o:", "p:", "v:", "h:":
			keys = append(keys, k.Key)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	var people []Person
	cond, args := dobCompatible(dob) // a record holding only the year or month still matches
	err := q.Preload("Aliases").Where(cond, args...).
		Where("people.id IN (?)", s.db.Table("person_name_keys").Select("person_id").Where("key IN ?", keys)).
		Order("people.id").Find(&people).Error
	if err != nil {
		return nil, err
	}
	var out []Person
	for _, p := range people {
		if nameMatchesExactly(want, &p) {
			out = append(out, p)
			if len(out) == 3 {
				break
			}
		}
	}
	return out, nil
}

// nameMatchesExactly: the typed full name is the person's name (either
// order, ignoring case, accents and spacing) or differs only by a nickname
// of the given name (Bill Smith = William Smith).
func nameMatchesExactly(want string, p *Person) bool {
	same := func(given, family string) bool {
		full := names.Normalise(given + " " + family)
		rev := names.Normalise(family + " " + given)
		if full == want || rev == want || strings.ReplaceAll(full, " ", "") == strings.ReplaceAll(want, " ", "") {
			return true
		}
		fam := names.Normalise(family)
		for _, order := range []string{" " + fam, fam + " "} {
			var first string
			switch {
			case fam != "" && strings.HasSuffix(want, order) && order[0] == ' ':
				first = strings.TrimSuffix(want, order)
			case fam != "" && strings.HasPrefix(want, order) && order[len(order)-1] == ' ':
				first = strings.TrimPrefix(want, order)
			default:
				continue
			}
			if first != "" && names.Canonical(first) == names.Canonical(names.Normalise(given)) {
				return true
			}
		}
		return false
	}
	if same(p.GivenName, p.FamilyName) {
		return true
	}
	for _, a := range p.Aliases {
		if same(a.GivenName, a.FamilyName) {
			return true
		}
	}
	return false
}
