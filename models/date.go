package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Date is a calendar date with no time or zone, such as a date of birth.
// It is stored as DATE on PostgreSQL and as YYYY-MM-DD text on SQLite.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate reads YYYY-MM-DD and rejects impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return Date{}, fmt.Errorf("must be a date like 1980-04-23")
	}
	return DateOf(t), nil
}

// DateOf takes the calendar date of t.
func DateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// IsZero reports an unset date.
func (d Date) IsZero() bool { return d.Year == 0 }

func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Time is midnight UTC on d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AgeOn is the age in whole years on day t.
func (d Date) AgeOn(t time.Time) int {
	age := t.Year() - d.Year
	if t.Month() < d.Month || (t.Month() == d.Month && t.Day() < d.Day) {
		age--
	}
	return age
}

// Value stores the date as YYYY-MM-DD text, which both databases accept.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE (PostgreSQL gives time.Time) or text (SQLite).
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(x)
	case string:
		return d.scanText(x)
	case []byte:
		return d.scanText(string(x))
	default:
		return fmt.Errorf("date: cannot scan %T", v)
	}
	return nil
}

func (d *Date) scanText(s string) error {
	if len(s) >= 10 {
		s = s[:10]
	}
	p, err := ParseDate(s)
	if err != nil {
		return fmt.Errorf("date: bad stored value")
	}
	*d = p
	return nil
}

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.String())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return badDate(fmt.Errorf("must be a date like 1980-04-23"))
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(s)
	if err != nil {
		return badDate(err)
	}
	*d = p
	return nil
}

// badDate reports a bad date as a *json.UnmarshalTypeError, the one error
// encoding/json adds the field's name to, so the answer names the field
// ("dob", "review_by") rather than the body. Value carries what is wrong.
func badDate(err error) error {
	return &json.UnmarshalTypeError{Value: err.Error(), Type: reflect.TypeFor[Date]()}
}
