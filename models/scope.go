package models

import "gorm.io/gorm"

// Scope narrows a query to the rows an actor may see. Only package policy
// builds scopes (TestOnlyPolicyBuildsScopes enforces it), and the zero Scope
// matches nothing, so a query whose scope was forgotten fails closed
// (docs/ACCESS.md rule 1).
type Scope struct {
	name  string
	apply func(*gorm.DB) *gorm.DB
	// first, when set, is a condition on a person's id alone that every
	// person the scope shows meets, cheap and rarely true: a query that
	// weighs thousands of candidate ids (candidateQuery) tests it before
	// reading their people and applying the scope itself. It only
	// narrows; apply still decides.
	first func(person string) (string, []any)
}

// NewScope is for package policy only.
func NewScope(name string, apply func(*gorm.DB) *gorm.DB) Scope {
	return Scope{name: name, apply: apply}
}

// NewScopeFirst is NewScope with a first condition (see Scope); for
// package policy only.
func NewScopeFirst(name string, apply func(*gorm.DB) *gorm.DB, first func(person string) (string, []any)) Scope {
	return Scope{name: name, apply: apply, first: first}
}

// Name says which policy rule built the scope, for tests and debugging.
func (s Scope) Name() string {
	if s.apply == nil {
		return "none"
	}
	return s.name
}

// Apply adds the scope's conditions to db.
func (s Scope) Apply(db *gorm.DB) *gorm.DB {
	if s.apply == nil {
		return db.Where("1 = 0")
	}
	return s.apply(db)
}

// Nothing is the scope that matches no rows.
var Nothing = Scope{}

// and narrows a scope by a further condition on the rows it already shows
// (a filter, never a widening): the result still fails closed.
func (s Scope) and(cond string, args ...any) Scope {
	if s.apply == nil {
		return s
	}
	inner := s.apply
	return Scope{name: s.name, apply: func(db *gorm.DB) *gorm.DB { return inner(db).Where(cond, args...) }, first: s.first}
}
