package matching

import (
	"fmt"
	"strings"
)

// Points for dates of birth. A full date shared by chance is rare (about one
// pair in 20,000 in an adult population), so agreeing on it is the strongest
// single piece of evidence, and a clear disagreement the strongest against.
// The typo patterns are what people do when writing dates: day and month
// swapped (US order, or just a slip) and one digit wrong.
const (
	birthSame         = 6.0
	birthDayMonthSwap = 4.5
	birthOneDigit     = 3.5
	birthDigitsSwap   = 3.0 // two adjacent digits swapped: 12 for 21
	birthSameYear     = 2.0 // only a year on one or both sides, and it agrees
	birthEstimateFits = 1.5 // estimated age within estimateClose years
	birthEstimateNear = 0.5 // within estimateFar years
	birthEstimatesMet = 1.0 // two estimates within estimateClose years
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

func compareBirth(a, b PersonFacts) evidence {
	var e evidence
	switch {
	case a.DOB.full() && b.DOB.full():
		compareFullDates(&e, a.DOB, b.DOB)
	case a.DOB.known() && b.DOB.known(): // at least one is a year only
		if a.DOB.Year == b.DOB.Year {
			e.add(birthSameYear, "same year of birth")
		} else {
			e.add(birthYearDiffers, "")
		}
	case a.DOB.known() && b.EstimatedBirthYear > 0:
		compareEstimate(&e, a.DOB.Year, b.EstimatedBirthYear, "estimated age fits date of birth")
	case b.DOB.known() && a.EstimatedBirthYear > 0:
		compareEstimate(&e, b.DOB.Year, a.EstimatedBirthYear, "estimated age fits date of birth")
	case a.EstimatedBirthYear > 0 && b.EstimatedBirthYear > 0:
		switch d := abs(a.EstimatedBirthYear - b.EstimatedBirthYear); {
		case d <= estimateClose:
			e.add(birthEstimatesMet, "estimated ages agree")
		case d > 2*estimateFar:
			e.add(birthEstimateWild, "")
		}
	}
	return e
}

func compareFullDates(e *evidence, a, b Date) {
	da, db := a.digits(), b.digits()
	switch {
	case a == b:
		e.add(birthSame, "same date of birth")
	case a.Year == b.Year && a.Day == b.Month && a.Month == b.Day:
		e.add(birthDayMonthSwap, "date of birth with day and month swapped")
	case differentDigits(da, db) == 1:
		e.add(birthOneDigit, "date of birth differs by one digit")
	case adjacentDigitsSwapped(da, db):
		e.add(birthDigitsSwap, "date of birth with two digits swapped")
	default:
		e.add(birthDifferent, "")
	}
}

func compareEstimate(e *evidence, year, estimate int, reason string) {
	switch d := abs(year - estimate); {
	case d <= estimateClose:
		e.add(birthEstimateFits, reason)
	case d <= estimateFar:
		e.add(birthEstimateNear, reason)
	case d <= 2*estimateFar:
		e.add(birthEstimateOff, "")
	default:
		e.add(birthEstimateWild, "")
	}
}

func differentDigits(a, b string) int {
	n := 0
	for i := range len(a) {
		if a[i] != b[i] {
			n++
		}
	}
	return n
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
	case "", "unknown", "not known", "prefer not to say", "not recorded":
		return ""
	default:
		return g
	}
}
