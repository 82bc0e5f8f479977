package models

import (
	"context"
	"strings"

	"gorm.io/gorm"

	"gateway/models/names"
)

// NameParts is a given and family name, as typed into the create form.
type NameParts struct {
	Given  string `json:"given_name"`
	Family string `json:"family_name"`
}

// DuplicateCandidates finds, through scope, the people who may be the
// person being recorded: everyone stored under a lookup key of any of the
// names (phonetic, nickname and swapped-name keys; names.LookupKeys), with
// their aliases. Ranking them is matching.Duplicates' job; this is the one
// indexed query that gathers them. exclude skips a person (the one being
// edited).
func (s *Store) DuplicateCandidates(ctx context.Context, scope Scope, ns []NameParts, exclude int64) ([]Person, error) {
	var keys []string
	for _, n := range ns {
		if strings.TrimSpace(n.Given+n.Family) == "" {
			continue
		}
		keys = append(keys, names.LookupKeys(n.Given, n.Family)...)
	}
	if len(keys) == 0 {
		return nil, nil
	}
	q := s.with(ctx).Model(&Person{}).Scopes(scope.Apply).
		Where("people.id IN (?)", s.with(ctx).Table("person_name_keys").Select("person_id").Where("key IN ?", keys))
	if exclude > 0 {
		q = q.Where("people.id <> ?", exclude)
	}
	var out []Person
	err := q.Preload("Aliases", func(db *gorm.DB) *gorm.DB { return db.Order("id") }).
		Order("people.id").Limit(maxCandidates).Find(&out).Error
	return out, err
}
