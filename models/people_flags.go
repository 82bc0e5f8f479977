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
}

// personFlagsRow is the one row PersonWith reads.
type personFlagsRow struct {
	Person
	LAName      string `gorm:"column:la_name"`
	AccessFlags int64  `gorm:"column:access_flags"`
}

// maxAlso keeps the flags in one integer column.
const maxAlso = 16

// PersonWith finds one person through scope, as Person does (the filtered
// list with one id: hidden and missing are both ErrNotFound), and in the
// same statement asks each of also whether it finds them too, so a
// person's page costs one statement for the record and its flags and one
// for the aliases instead of a scoped read per flag.
func (s *Store) PersonWith(ctx context.Context, scope Scope, id int64, also ...Scope) (*PersonRead, error) {
	if len(also) > maxAlso {
		return nil, fmt.Errorf("PersonWith: at most %d further scopes", maxAlso)
	}
	sel := []string{"people.*", "(SELECT la.name FROM local_authorities la WHERE la.id = people.local_connection_la_id) AS la_name"}
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
	if err := s.with(ctx).Where("person_id = ?", p.ID).Order("id").Find(&p.Aliases).Error; err != nil {
		return nil, err
	}
	out := &PersonRead{Person: &p, LAName: r.LAName, Also: make([]bool, len(also))}
	for i := range also {
		out.Also[i] = r.AccessFlags&(1<<i) != 0
	}
	return out, nil
}
