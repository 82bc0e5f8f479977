package models

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// The three errors the server maps to status codes, in one place. Hidden
// records are ErrNotFound: a caller cannot tell hidden from missing.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid input")
)

// FieldErrors is bad input, keyed by the field's name as the client sent it.
type FieldErrors map[string]string

func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + f[k]
	}
	return "invalid input: " + strings.Join(parts, "; ")
}

// Is makes errors.Is(err, ErrInvalid) true for field errors.
func (f FieldErrors) Is(target error) bool { return target == ErrInvalid }

// Add records a problem with a field, keeping the first one reported.
func (f FieldErrors) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns nil when there were no problems.
func (f FieldErrors) Err() error {
	if len(f) == 0 {
		return nil
	}
	return f
}

// Invalid is a one-field FieldErrors.
func Invalid(field, msg string) error { return FieldErrors{field: msg} }

// ConflictError is ErrConflict with the field that clashed and why.
type ConflictError struct {
	Field, Msg string
}

func (c *ConflictError) Error() string        { return fmt.Sprintf("conflict: %s: %s", c.Field, c.Msg) }
func (c *ConflictError) Is(target error) bool { return target == ErrConflict }

// Conflict builds a ConflictError.
func Conflict(field, msg string) error { return &ConflictError{Field: field, Msg: msg} }

// notFound maps gorm's miss to ours.
func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

// takeOne reads the one row q finds as a T. No row is ErrNotFound, so a
// record the query's scope hides answers exactly like a missing one.
func takeOne[T any](q *gorm.DB) (*T, error) {
	var v T
	err := q.Take(&v).Error
	return &v, notFound(err)
}

// clashAs is err, or, when err is a unique-constraint failure, a Conflict
// on field saying msg: what the row clashed with, in the user's terms.
func clashAs(err error, field, msg string) error {
	if uniqueViolation(err) {
		return Conflict(field, msg)
	}
	return err
}

// uniqueViolation reports whether err is a unique-constraint failure on
// either database, so callers can name the clashing field.
func uniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "UNIQUE constraint failed") || strings.Contains(msg, "SQLSTATE 23505")
}
