package models

import (
	"math"
	"net/mail"
	"strings"
	"unicode/utf8"
)

// Field length limits. Generous for real names and addresses, small enough
// that nobody pastes a document into a name field.
const (
	MaxName   = 100
	MaxText   = 200
	MaxReason = 1000
	MaxNote   = 20000
)

// check gathers field errors for one input.
type check struct{ FieldErrors }

func newCheck() *check { return &check{FieldErrors{}} }

// text trims s, and checks it is present when required and not too long.
// Invalid UTF-8 is refused, never silently replaced. A field allowed
// MaxReason characters or more is free text (a note, a reason, a
// description): control characters are stripped from it, keeping newlines
// and tabs. Shorter fields are single lines (names, emails, phone
// numbers), and a control character in one is refused (texthygiene.go).
func (c *check) text(field string, s *string, required bool, max int) {
	if !utf8.ValidString(*s) {
		c.Add(field, "is not valid UTF-8 text")
		return
	}
	prose := max >= MaxReason
	if prose {
		*s = CleanProse(*s)
	}
	*s = strings.TrimSpace(*s)
	switch {
	case required && *s == "":
		c.Add(field, "is required")
	case utf8.RuneCountInString(*s) > max:
		c.Add(field, "must be at most "+itoa(max)+" characters")
	case !prose && HasControlChars(*s):
		c.Add(field, controlCharsMessage)
	}
}

// reason checks a required reason that must say enough to stand in the
// audit trail: at least ten characters, or the user is asked to explain
// (ask says what to explain).
func (c *check) reason(s *string, ask string) {
	c.text("reason", s, true, MaxReason)
	if c.Err() == nil && utf8.RuneCountInString(*s) < 10 {
		c.Add("reason", ask+" (at least 10 characters)")
	}
}

// textField checks a form whose one field is free text (a reason, a
// note), as text does.
func textField(field string, s *string, required bool, max int) error {
	c := newCheck()
	c.text(field, s, required, max)
	return c.Err()
}

func (c *check) email(field string, s *string, required bool) {
	c.text(field, s, required, MaxText)
	if *s == "" {
		return
	}
	a, err := mail.ParseAddress(*s)
	if err != nil || a.Address != *s || !strings.Contains(*s, ".") {
		c.Add(field, "must be an email address like name@example.org")
		return
	}
	*s = strings.ToLower(*s)
}

// fullDate refuses a date known only to the month or year where the day
// matters (a review, a move-on); dates of birth may be partial.
func (c *check) fullDate(field string, d Date) bool {
	if !d.IsZero() && !d.IsFull() {
		c.Add(field, fullDateForm)
		return false
	}
	return true
}

func (c *check) oneOf(field, s string, allowed []string) {
	for _, a := range allowed {
		if s == a {
			return
		}
	}
	c.Add(field, "must be one of: "+strings.Join(allowed, ", "))
}

// point checks an optional coordinate pair: both or neither, in range.
func (c *check) point(lat, lon *float64) {
	if (lat == nil) != (lon == nil) {
		if lat == nil {
			c.Add("lat", "is required when lon is given")
		} else {
			c.Add("lon", "is required when lat is given")
		}
		return
	}
	if lat == nil {
		return
	}
	if math.IsNaN(*lat) || math.IsInf(*lat, 0) || *lat < -90 || *lat > 90 {
		c.Add("lat", "must be a latitude between -90 and 90")
	}
	if math.IsNaN(*lon) || math.IsInf(*lon, 0) || *lon < -180 || *lon > 180 {
		c.Add("lon", "must be a longitude between -180 and 180")
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
