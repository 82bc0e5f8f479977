package models

import (
	"context"
	"fmt"
	"strings"
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
	// Written by hand rather than composed in gorm: the scopes are
	// conditions (Scope), and gorm compiles each subquery given to it as a
	// query by cloning a whole statement, which was most of a person
	// read's CPU. The statement is the one the composed query gave.
	var q strings.Builder
	var args []any
	q.WriteString("SELECT people.*, (SELECT la.name FROM local_authorities la WHERE la.id = people.local_connection_la_id) AS la_name, ")
	q.WriteString(s.aliasesColumn())
	q.WriteString(", (0")
	for i, sc := range also {
		// Each further scope in a subquery of its own over the same id;
		// its conditions name people.id, which there is the inner row.
		cond, cargs := sc.where()
		fmt.Fprintf(&q, " + CASE WHEN EXISTS (SELECT 1 FROM people WHERE people.id = ? AND (%s)) THEN %d ELSE 0 END", cond, 1<<i)
		args = append(append(args, id), cargs...)
	}
	q.WriteString(") AS access_flags")
	if known != nil {
		cond, cargs := known.where()
		q.WriteString(", " + s.knownToColumn(cond) + " AS known_to_json")
		args = append(args, cargs...)
	}
	cond, cargs := scope.where()
	q.WriteString(" FROM people WHERE (" + cond + ") AND people.id = ? LIMIT 1")
	args = append(append(args, cargs...), id)
	// Into one row, not a slice: gorm makes room for 20 rows of a slice.
	var r personFlagsRow
	res := s.with(ctx).Raw(q.String(), args...).Find(&r)
	if res.Error != nil {
		return nil, res.Error
	}
	if res.RowsAffected == 0 {
		return nil, ErrNotFound
	}
	p := r.Person
	var err error
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
