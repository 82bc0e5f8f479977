package models

import (
	"database/sql/driver"
	"fmt"
	"time"
)

// Time is a timestamp scanned from a raw query. SQLite hands back text for
// columns computed in a query, PostgreSQL a time.Time; Time accepts both.
type Time struct{ time.Time }

// Scan implements sql.Scanner.
func (t *Time) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		t.Time = x.UTC()
	case string:
		return t.parse(x)
	case []byte:
		return t.parse(string(x))
	case nil:
		t.Time = time.Time{}
	default:
		return fmt.Errorf("time: cannot scan %T", v)
	}
	return nil
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

func (t *Time) parse(s string) error {
	for _, l := range timeLayouts {
		if p, err := time.Parse(l, s); err == nil {
			t.Time = p.UTC()
			return nil
		}
	}
	return fmt.Errorf("time: cannot parse stored value")
}

// Value implements driver.Valuer.
func (t Time) Value() (driver.Value, error) { return t.Time.UTC(), nil }

func (t Time) MarshalJSON() ([]byte, error) { return t.Time.MarshalJSON() }
