package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// PersonRead is a person found through a scope with what their page needs
// beside the record: whether each further scope also finds them (the
// reader's access flags: full record, editable) and the name of their
// local-connection LA.
type PersonRead struct {
	Person *Person
	Also   []bool
	LAName string
	// KnownTo is read only by PersonKnownTo.
	KnownTo []KnownTo
}

// personFlagsRow is the one row PersonWith reads.
type personFlagsRow struct {
	Person
	LAName      string `gorm:"column:la_name"`
	AccessFlags int64  `gorm:"column:access_flags"`
	AliasesJSON string `gorm:"column:aliases_json"`
	KnownToJSON string `gorm:"column:known_to_json"`
}

// maxAlso keeps the flags in one integer column.
const maxAlso = 16

// PersonWith finds one person through scope, as Person does (the filtered
// list with one id: hidden and missing are both ErrNotFound), and in the
// same statement asks each of also whether it finds them too, so a
// person's page costs one statement for the record, its aliases and its
// flags instead of a scoped read per flag and one for the aliases.
func (s *Store) PersonWith(ctx context.Context, scope Scope, id int64, also ...Scope) (*PersonRead, error) {
	return s.personRead(ctx, scope, id, nil, also)
}

// PersonKnownTo is PersonWith that also reads, in the same statement, the
// person's involvements that known lets the reader see (KnownToList's rows
// and order) into PersonRead.KnownTo: the person's page and API answer in
// one statement and the audit row.
func (s *Store) PersonKnownTo(ctx context.Context, scope Scope, id int64, known Scope, also ...Scope) (*PersonRead, error) {
	return s.personRead(ctx, scope, id, &known, also)
}

func (s *Store) personRead(ctx context.Context, scope Scope, id int64, known *Scope, also []Scope) (*PersonRead, error) {
	if len(also) > maxAlso {
		return nil, fmt.Errorf("PersonWith: at most %d further scopes", maxAlso)
	}
	sel := []string{"people.*", "(SELECT la.name FROM local_authorities la WHERE la.id = people.local_connection_la_id) AS la_name",
		s.aliasesColumn()}
	var args []any
	flags := "0"
	for i, sc := range also {
		// Each further scope in a subquery of its own over the same id;
		// its conditions name people.id, which there is the inner row.
		sub := s.db.Session(&gorm.Session{NewDB: true}).WithContext(ctx).Table("people").Select("1").Where("people.id = ?", id).Scopes(sc.Apply)
		flags += fmt.Sprintf(" + CASE WHEN EXISTS (?) THEN %d ELSE 0 END", 1<<i)
		args = append(args, sub)
	}
	sel = append(sel, "("+flags+") AS access_flags")
	if known != nil {
		sel = append(sel, "(?) AS known_to_json")
		args = append(args, s.knownToColumn(ctx, *known))
	}
	var rows []personFlagsRow
	err := s.filterPeople(s.with(ctx).Model(&Person{}).Scopes(scope.Apply), PersonFilter{IDs: []int64{id}}).
		Select(strings.Join(sel, ", "), args...).Limit(1).Find(&rows).Error
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	r := rows[0]
	p := r.Person
	if p.Aliases, err = decodeAliases(p.ID, r.AliasesJSON); err != nil {
		return nil, err
	}
	out := &PersonRead{Person: &p, LAName: r.LAName, Also: make([]bool, len(also))}
	if known != nil {
		if out.KnownTo, err = decodeKnownTo(p.ID, r.KnownToJSON); err != nil {
			return nil, err
		}
	}
	for i := range also {
		out.Also[i] = r.AccessFlags&(1<<i) != 0
	}
	return out, nil
}
