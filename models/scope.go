package models

import "gorm.io/gorm"

// Scope narrows a query to the rows an actor may see. Only package policy
// builds scopes (TestOnlyPolicyBuildsScopes enforces it), and the zero Scope
// matches nothing, so a query whose scope was forgotten fails closed
// (docs/ACCESS.md rule 1).
//
// A scope is one SQL condition with its arguments. Kept as text, rather
// than as a function that adds it to a gorm query, it can be written into
// a subquery of a statement built by hand (personRead): gorm builds a
// subquery given as a query by cloning and compiling a whole statement,
// which was most of the CPU and allocation of a person read.
type Scope struct {
	name string
	sql  string
	args []any
	// first, when set, is a condition on a person's id alone that every
	// person the scope shows meets, cheap and rarely true: a query that
	// weighs thousands of candidate ids (candidateQuery) tests it before
	// reading their people and applying the scope itself. It only
	// narrows; the scope's condition still decides.
	first func(person string) (string, []any)
}

// NewScope is for package policy only: the rows meeting the condition
// sql with its args. An empty condition matches nothing.
func NewScope(name, sql string, args []any) Scope {
	return Scope{name: name, sql: sql, args: args}
}

// NewScopeFirst is NewScope with a first condition (see Scope); for
// package policy only.
func NewScopeFirst(name, sql string, args []any, first func(person string) (string, []any)) Scope {
	return Scope{name: name, sql: sql, args: args, first: first}
}

// Name says which policy rule built the scope, for tests and debugging.
func (s Scope) Name() string {
	if s.sql == "" {
		return "none"
	}
	return s.name
}

// Apply adds the scope's conditions to db.
func (s Scope) Apply(db *gorm.DB) *gorm.DB {
	sql, args := s.where()
	return db.Where(sql, args...)
}

// where is the scope's condition, "1 = 0" for the zero scope, to write
// into SQL built by hand; always used whole and in parentheses.
func (s Scope) where() (string, []any) {
	if s.sql == "" {
		return "1 = 0", nil
	}
	return s.sql, s.args
}

// Nothing is the scope that matches no rows.
var Nothing = Scope{}

// and narrows a scope by a further condition on the rows it already shows
// (a filter, never a widening): the result still fails closed.
func (s Scope) and(cond string, args ...any) Scope {
	if s.sql == "" {
		return s
	}
	all := make([]any, 0, len(s.args)+len(args))
	all = append(append(all, s.args...), args...)
	return Scope{name: s.name, sql: "(" + s.sql + ") AND (" + cond + ")", args: all, first: s.first}
}
