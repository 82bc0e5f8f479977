package reports

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// Sighting is a street contact with a known person, reduced to what flows
// need. PersonKey is any stable pseudonymous id; At is read in its own
// location (see MonthOf).
type Sighting struct {
	PersonKey string
	LA        string
	At        time.Time
}

// FlowRow counts the people seen rough sleeping in one LA in one month, split
// into the CHAIN / Ending Rough Sleeping Data Framework flow categories.
type FlowRow struct {
	Month        Month
	LA           string
	New          int // never seen before anywhere in the area
	Returner     int // seen before, but not in the returner gap
	LongTerm     int // seen in 3 or more of the last 12 months
	Intermittent int // everyone else
}

// People is everyone seen in the LA that month: the categories partition them.
func (r FlowRow) People() int { return r.New + r.Returner + r.LongTerm + r.Intermittent }

// DefaultReturnerGapMonths is how long someone must go unseen to count as a
// returner.
const DefaultReturnerGapMonths = 12

const (
	longTermWindow = 12 // months looked back over, including this one
	longTermMonths = 3  // months seen in that window to count as long-term
)

// Flows classifies, for each month from..to and each LA, every person seen
// rough sleeping there that month, once. The first rule that fits wins:
//
//  1. new: no sighting of them anywhere in the area in an earlier month;
//  2. returner: seen before, but in none of the returnerGapMonths months
//     before this one (≤ 0 means DefaultReturnerGapMonths);
//  3. long-term: seen (anywhere in the area) in at least 3 of the 12 months
//     ending with this one;
//  4. intermittent: otherwise.
//
// So the four counts partition the month's people in that LA. History is
// area-wide: someone new to this LA but seen last month in the next one is
// not new. A person seen in two LAs in a month counts once in each LA's row,
// so rows of different LAs must not be added up as people. Sightings before
// from are history; sightings after to, or without a person or LA, are
// ignored. Months with nobody seen have no row. Rows come ordered by month,
// then LA.
//
// Cost: one pass to intern keys, one sort of packed 64-bit keys, one linear
// pass; a few hundred ms per million sightings.
func Flows(sightings []Sighting, from, to Month, returnerGapMonths int) []FlowRow {
	if to.Before(from) {
		return nil
	}
	gap := returnerGapMonths
	if gap <= 0 {
		gap = DefaultReturnerGapMonths
	}

	// A sighting becomes one uint64: person (32 bits) | month (16) | LA (16),
	// so sorting plain integers groups each person's months and LAs in order.
	// Months are counted from a base 2^16-1 months before `to`; anything older
	// is clamped to the base, which still reads as "seen before" and is too old
	// to fall in any window.
	const monthBits, laBits = 16, 16
	base := to.index() - (1<<monthBits - 1)
	people := map[string]uint64{}
	las := map[string]uint64{}
	var laNames []string
	keys := make([]uint64, 0, len(sightings))
	for _, s := range sightings {
		if s.PersonKey == "" || s.LA == "" || s.At.IsZero() {
			continue
		}
		mi := MonthOf(s.At).index()
		if mi > to.index() {
			continue
		}
		p, ok := people[s.PersonKey]
		if !ok {
			p = uint64(len(people))
			people[s.PersonKey] = p
		}
		la, ok := las[s.LA]
		if !ok {
			la = uint64(len(laNames))
			las[s.LA] = la
			laNames = append(laNames, s.LA)
		}
		keys = append(keys, p<<(monthBits+laBits)|uint64(max(mi-base, 0))<<laBits|la)
	}
	if len(people) > 1<<32 || len(laNames) > 1<<laBits {
		panic(fmt.Sprintf("reports: Flows: %d people or %d LAs exceed the key layout", len(people), len(laNames)))
	}
	slices.Sort(keys)

	nMonths := to.Since(from) + 1
	counts := make([][4]int, nMonths*len(laNames)) // [month*LAs+la][category]
	laMask := uint64(1)<<laBits - 1
	monthOf := func(k uint64) int { return int(k>>laBits&(1<<monthBits-1)) + base }
	personOf := func(k uint64) uint64 { return k >> (monthBits + laBits) }

	var months []int // distinct months the current person was seen in, ascending
	for i := 0; i < len(keys); {
		person := personOf(keys[i])
		months = months[:0]
		lo := 0 // first of months inside the long-term window
		for i < len(keys) && personOf(keys[i]) == person {
			m := monthOf(keys[i])
			j := i // keys[i:j] are this person's sightings in month m
			for j < len(keys) && keys[j]>>laBits == keys[i]>>laBits {
				j++
			}
			months = append(months, m)
			if off := m - from.index(); off >= 0 {
				for months[lo] <= m-longTermWindow {
					lo++
				}
				cat := classify(months, lo, gap)
				prev := ^uint64(0)
				for ; i < j; i++ {
					if la := keys[i] & laMask; la != prev { // several sightings in one LA count once
						counts[off*len(laNames)+int(la)][cat]++
						prev = la
					}
				}
			}
			i = j
		}
	}

	var rows []FlowRow
	order := make([]int, len(laNames))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(laNames[a], laNames[b]) })
	for off := range nMonths {
		for _, la := range order {
			c := counts[off*len(laNames)+la]
			if c == [4]int{} {
				continue
			}
			rows = append(rows, FlowRow{Month: from.Add(off), LA: laNames[la],
				New: c[catNew], Returner: c[catReturner], LongTerm: c[catLongTerm], Intermittent: c[catIntermittent]})
		}
	}
	return rows
}

const (
	catNew = iota
	catReturner
	catLongTerm
	catIntermittent
)

// classify applies the precedence to the last month in months, given that
// months[lo:] are the ones inside the long-term window.
func classify(months []int, lo, gap int) int {
	n := len(months)
	m := months[n-1]
	switch {
	case n == 1:
		return catNew
	case m-months[n-2] > gap:
		return catReturner
	case n-lo >= longTermMonths:
		return catLongTerm
	}
	return catIntermittent
}
