package matching

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Points for dates of birth. A full date shared by chance is rare (about one
// pair in 20,000 in an adult population), so agreeing on it is the strongest
// single piece of evidence, and a clear disagreement the strongest against.
// The typo patterns are what people do when writing dates: day and month
// swapped (US order, or just a slip), one digit wrong, two digits swapped.
// A slip in the year is weaker evidence than one in the day or month: a
// different year is also what a father and son, or two namesakes a decade
// apart, look like.
const (
	birthSame         = 6.0
	birthDayMonthSwap = 4.5
	birthDayOrMonth   = 3.5 // one digit of the day or the month wrong
	birthDigitsSwap   = 3.0 // two neighbouring digits of the day or month swapped: 12 for 21
	birthYearSlip     = 2.0 // one digit of the year wrong, or two swapped: 1962 for 1968, 1948 for 1984
	birthSameMonth    = 3.5 // month and year only on one or both sides, and they agree
	birthSameYear     = 3.0 // only a year on one or both sides, and it agrees
	birthMonthDiffers = 0.5 // same year, months disagree (one side may be a slip)
	birthEstimateFits = 1.5 // estimated age within estimateClose years
	birthEstimateNear = 0.5 // within estimateFar years
	birthEstimatesMet = 1.5 // two estimates within estimateClose years: as much as one estimate against a date, and more than nothing recorded
	birthUnknown      = 1.3 // nothing recorded on one side: a rough sleeper's first contact
	birthYearDiffers  = -4.0
	birthDifferent    = -7.0
	birthEstimateOff  = -1.5 // estimate more than estimateFar years out
	birthEstimateWild = -3.0 // more than twice that

	estimateClose = 2
	estimateFar   = 5
)

func (d Date) known() bool { return d.Year > 0 }
func (d Date) full() bool  { return d.Year > 0 && d.Month > 0 && d.Day > 0 }

// digits is the date as people write it, day first: "14031985".
func (d Date) digits() string { return fmt.Sprintf("%02d%02d%04d", d.Day, d.Month, d.Year) }

// shown is the date as reasons quote it: "14 Mar 1985", "March 1985", "1985".
func (d Date) shown() string {
	switch {
	case d.full():
		return fmt.Sprintf("%d %s %d", d.Day, time.Month(d.Month).String()[:3], d.Year)
	case d.Month > 0:
		return time.Month(d.Month).String() + " " + strconv.Itoa(d.Year)
	}
	return strconv.Itoa(d.Year)
}

// hasBirth reports whether anything is recorded of when p was born.
func (p PersonFacts) hasBirth() bool { return p.DOB.known() || p.EstimatedBirthYear > 0 }

func compareBirth(a, b PersonFacts) evidence {
	var e evidence
	switch {
	case a.DOB.full() && b.DOB.full():
		compareFullDates(&e, a.DOB, b.DOB)
	case a.DOB.known() && b.DOB.known(): // at least one is a month or year only
		comparePartialDates(&e, a.DOB, b.DOB)
	case a.DOB.known() && b.EstimatedBirthYear > 0:
		compareEstimate(&e, a.DOB, b.EstimatedBirthYear)
	case b.DOB.known() && a.EstimatedBirthYear > 0:
		compareEstimate(&e, b.DOB, a.EstimatedBirthYear)
	case a.EstimatedBirthYear > 0 && b.EstimatedBirthYear > 0:
		switch d := abs(a.EstimatedBirthYear - b.EstimatedBirthYear); {
		case d <= estimateClose:
			e.add(birthEstimatesMet, fmt.Sprintf("estimated ages agree (born about %d and %d)", a.EstimatedBirthYear, b.EstimatedBirthYear))
		case d > 2*estimateFar:
			e.add(birthEstimateWild, "")
		}
	case !a.hasBirth() && !b.hasBirth():
		e.add(birthUnknown, "no date of birth or age on either record")
	default:
		e.add(birthUnknown, "no date of birth or age on one record")
	}
	return e
}

func compareFullDates(e *evidence, a, b Date) {
	switch {
	case a == b:
		e.add(birthSame, "same date of birth")
	case a.Year == b.Year && a.Day == b.Month && a.Month == b.Day:
		e.add(birthDayMonthSwap, fmt.Sprintf("day and month of birth swapped (%s and %s)", a.shown(), b.shown()))
	case a.Year == b.Year && a.Month == b.Month && oneDigitApart(a.Day, b.Day, 2):
		e.add(birthDayOrMonth, fmt.Sprintf("day of birth differs by one digit: %d and %d", a.Day, b.Day))
	case a.Year == b.Year && a.Day == b.Day && oneDigitApart(a.Month, b.Month, 2):
		e.add(birthDayOrMonth, fmt.Sprintf("month of birth differs by one digit: %s and %s", monthName(a.Month), monthName(b.Month)))
	case a.Month == b.Month && a.Day == b.Day && oneDigitApart(a.Year, b.Year, 4):
		e.add(birthYearSlip, fmt.Sprintf("year of birth differs by one digit: %d and %d", a.Year, b.Year))
	case adjacentDigitsSwapped(a.digits(), b.digits()):
		if a.Year != b.Year {
			e.add(birthYearSlip, fmt.Sprintf("two digits of the year of birth swapped: %d and %d", a.Year, b.Year))
		} else {
			e.add(birthDigitsSwap, fmt.Sprintf("two digits of the date of birth swapped (%s and %s)", a.shown(), b.shown()))
		}
	default:
		e.add(birthDifferent, "")
	}
}

// comparePartialDates compares two dates of which at least one is known
// only to the month or the year.
func comparePartialDates(e *evidence, a, b Date) {
	switch {
	case a.Year != b.Year:
		if oneDigitApart(a.Year, b.Year, 4) && (a.Month == 0 || b.Month == 0 || a.Month == b.Month) {
			// Stated, not counted: with only a year on one side, a year one
			// digit out looks as much like a namesake as a slip.
			e.add(0, fmt.Sprintf("year of birth differs by one digit: %s and %s", a.shown(), b.shown()))
			return
		}
		e.add(birthYearDiffers, "")
	case a.Month > 0 && b.Month > 0 && a.Month != b.Month:
		e.add(birthMonthDiffers, fmt.Sprintf("same year of birth, different month (%s and %s)", a.shown(), b.shown()))
	case a.Month > 0 && b.Month > 0:
		e.add(birthSameMonth, fmt.Sprintf("same month and year of birth (%s)", Date{Year: a.Year, Month: a.Month}.shown()))
	default:
		e.add(birthSameYear, fmt.Sprintf("same year of birth (%d)", a.Year))
	}
}

func compareEstimate(e *evidence, d Date, estimate int) {
	reason := fmt.Sprintf("estimated age fits the date of birth (born about %d; %s)", estimate, d.shown())
	switch diff := abs(d.Year - estimate); {
	case diff <= estimateClose:
		e.add(birthEstimateFits, reason)
	case diff <= estimateFar:
		e.add(birthEstimateNear, reason)
	case diff <= 2*estimateFar:
		e.add(birthEstimateOff, "")
	default:
		e.add(birthEstimateWild, "")
	}
}

// oneDigitApart: a and b, written with width digits, differ in exactly one.
func oneDigitApart(a, b, width int) bool {
	n := 0
	for range width {
		if a%10 != b%10 {
			n++
		}
		a, b = a/10, b/10
	}
	return n == 1
}

func monthName(m int) string {
	if m < 1 || m > 12 {
		return strconv.Itoa(m)
	}
	return time.Month(m).String()
}

func adjacentDigitsSwapped(a, b string) bool {
	for i := 0; i+1 < len(a); i++ {
		if a[i] != b[i] {
			return a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// Gender disagreeing is evidence against, not a veto: it is recorded by
// different workers, sometimes guessed, and people's genders change.
const genderDiffers = -2.5

func compareGender(a, b string) evidence {
	var e evidence
	ga, gb := genderOf(a), genderOf(b)
	if ga != "" && gb != "" && ga != gb {
		e.add(genderDiffers, "gender recorded differently")
	}
	return e
}

func genderOf(s string) string {
	switch g := strings.ToLower(strings.TrimSpace(s)); g {
	case "m", "male", "man":
		return "male"
	case "f", "female", "woman":
		return "female"
	case "", "unknown", "not known", "prefer not to say", "prefer_not_to_say", "not recorded":
		return ""
	default:
		return g
	}
}
