package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date with no time or zone, such as a date of birth.
// A date of birth may be known only to the month (Day 0) or the year
// (Month and Day 0): rough sleepers often know no more, and a guess stored
// as a full date would match the wrong people. Other dates (a review, a
// move-on) are always full; their inputs check it (IsFull).
//
// It is stored as text: YYYY-MM-DD, YYYY-MM or YYYY (people.dob is TEXT on
// both databases, so a partial date is stored as such; other date columns
// are DATE on PostgreSQL and only ever get full dates).
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// dateForms is what a person may type for a date, in the words errors use.
const (
	fullDateForm    = "must be a date like 1980-04-23"
	partialDateForm = "must be a date like 1980-04-23 (a date of birth may be 1980-04 or 1980 when only the month or year is known)"
)

// ParseDate reads a full date, YYYY-MM-DD (or DD/MM/YYYY, as people in the
// UK write it), and rejects impossible dates such as 2025-02-30.
func ParseDate(s string) (Date, error) {
	d, err := ParseBirthDate(s)
	if err != nil || !d.IsFull() {
		return Date{}, fmt.Errorf(fullDateForm)
	}
	return d, nil
}

// ParseBirthDate reads a date that may be partial: YYYY-MM-DD, YYYY-MM or
// YYYY, or the same day first with slashes (23/04/1980, 04/1980). Anything
// else, and impossible dates, are errors that say which forms it takes.
func ParseBirthDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	var parts []string
	if strings.Contains(s, "/") {
		parts = strings.Split(s, "/")
		for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
			parts[i], parts[j] = parts[j], parts[i]
		}
	} else {
		parts = strings.Split(s, "-")
	}
	bad := fmt.Errorf(partialDateForm)
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if i > 0 && len(p) != 2 && !(len(p) == 1 && strings.Contains(s, "/")) {
			return Date{}, bad
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || strings.ContainsAny(p, "+-") {
			return Date{}, bad
		}
		nums[i] = n
	}
	d := Date{Year: nums[0]}
	if len(nums) > 1 {
		d.Month = time.Month(nums[1])
	}
	if len(nums) > 2 {
		d.Day = nums[2]
	}
	if d.Year < 1 || (len(nums) > 1 && (d.Month < 1 || d.Month > 12)) ||
		(len(nums) > 2 && (d.Day < 1 || d.Day > daysIn(d.Year, d.Month))) {
		return Date{}, bad
	}
	return d, nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DateOf takes the calendar date of t.
func DateOf(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// IsZero reports an unset date.
func (d Date) IsZero() bool { return d.Year == 0 }

// IsFull reports a date known to the day.
func (d Date) IsFull() bool { return d.Year > 0 && d.Month > 0 && d.Day > 0 }

// Precision says how much of the date is known: "day", "month", "year",
// or "" for no date.
func (d Date) Precision() string {
	switch {
	case d.IsZero():
		return ""
	case d.Month == 0:
		return "year"
	case d.Day == 0:
		return "month"
	}
	return "day"
}

// String is the stored form: YYYY-MM-DD, YYYY-MM or YYYY.
func (d Date) String() string {
	switch d.Precision() {
	case "":
		return ""
	case "year":
		return fmt.Sprintf("%04d", d.Year)
	case "month":
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Shown is the date as pages show it, en-GB: "23 Apr 1980", "April 1980"
// or "1980".
func (d Date) Shown() string {
	switch d.Precision() {
	case "":
		return ""
	case "year":
		return strconv.Itoa(d.Year)
	case "month":
		return d.Month.String() + " " + strconv.Itoa(d.Year)
	}
	return d.Time().Format("2 Jan 2006")
}

// Time is midnight UTC on d, or on the first day of the month or year a
// partial date names.
func (d Date) Time() time.Time {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return time.Date(d.Year, m, day, 0, 0, 0, 0, time.UTC)
}

// After reports whether any of d lies after day t: a year or month that has
// not begun yet. (A partial date that includes today is not in the future.)
func (d Date) After(t time.Time) bool {
	ty, tm, td := t.Date()
	switch {
	case d.Year != ty:
		return d.Year > ty
	case d.Month == 0:
		return false
	case d.Month != tm:
		return d.Month > tm
	case d.Day == 0:
		return false
	}
	return d.Day > td
}

// AgeOn is the age in whole years on day t. For a partial date it is the
// age assuming the birthday has passed (at most a year too old), which is
// why callers that know the date is partial say "about".
func (d Date) AgeOn(t time.Time) int {
	age := t.Year() - d.Year
	if d.Month > 0 && (t.Month() < d.Month || (t.Month() == d.Month && d.Day > 0 && t.Day() < d.Day)) {
		age--
	}
	return age
}

// Value stores the date as text, which both databases accept.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads a DATE (PostgreSQL gives time.Time) or text (SQLite, and
// people.dob on both).
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
	if len(s) > 10 {
		s = s[:10] // a timestamp's date
	}
	p, err := ParseBirthDate(s)
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

// UnmarshalJSON takes YYYY-MM-DD, or a partial YYYY-MM or YYYY: the input
// that holds the date decides whether partial is allowed (a date of birth
// may be; PersonInput checks the rest).
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return badDate(fmt.Errorf(partialDateForm))
	}
	if s == "" {
		*d = Date{}
		return nil
	}
	p, err := ParseBirthDate(s)
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
