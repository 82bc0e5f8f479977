package reports

import "strconv"

// Threshold is the smallest count of people a commissioner may see
// (docs/ACCESS.md rule 9). Below it a figure is suppressed.
const Threshold = 5

// Marks printed in place of figures that must not be shown.
const (
	SuppressedMark = "<5"
	WithheldMark   = "*"
)

// WithheldNote explains WithheldMark under any table that uses it.
const WithheldNote = "* withheld: a figure it adds up includes one below 5, which it would give away by subtraction."

// Count is a figure as a commissioner may see it.
type Count struct {
	N          int
	Suppressed bool
}

// Suppress hides counts below Threshold. N is zeroed so the true value cannot
// leak through a template or an export that forgets to check Suppressed.
func Suppress(n int) Count {
	if n < Threshold {
		return Count{Suppressed: true}
	}
	return Count{N: n}
}

func (c Count) String() string {
	if c.Suppressed {
		return SuppressedMark
	}
	return strconv.Itoa(c.N)
}

// Total is a sum shown beside the counts it adds up.
//
// Suppressing a cell is worthless if its row total is printed next to the
// other cells: total minus the rest gives it back. Secondary suppression
// (hiding a second cell) has edge cases where the pair can still be solved,
// so the rule here is the plain one: a total is shown only when every count it
// sums is shown; otherwise it is withheld. A shown total below Threshold is
// suppressed like any count. Reports never print two different breakdowns of
// the same people beside each other (see doc.go), which is what keeps this
// rule sufficient across tables as well as within one.
type Total struct {
	N          int
	Suppressed bool // the total itself is below Threshold
	Withheld   bool // a part is hidden, so the total is too
}

// TotalOf adds parts, withholding the sum if any part would be suppressed.
// A sum below Threshold is suppressed instead: "<5" beside parts that all
// read "<5" gives nothing away.
func TotalOf(parts ...int) Total {
	sum, hidden := 0, false
	for _, n := range parts {
		sum += n
		hidden = hidden || n < Threshold
	}
	switch {
	case sum < Threshold:
		return Total{Suppressed: true}
	case hidden:
		return Total{Withheld: true}
	}
	return Total{N: sum}
}

func (t Total) String() string {
	switch {
	case t.Withheld:
		return WithheldMark
	case t.Suppressed:
		return SuppressedMark
	}
	return strconv.Itoa(t.N)
}

// hidden reports whether the figure is not shown as a number.
func (t Total) hidden() bool { return t.Withheld || t.Suppressed }
