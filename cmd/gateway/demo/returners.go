package demo

import (
	"time"

	"gateway/models"
)

// returnerShare is the share of people whose outreach spell ended early in
// the demo's window who come back to the street after more than a year
// away: CHAIN's "returners", about a tenth of the people seen in a month in
// a real area. Without them the flows report would show none, and every
// monthly total would be suppressed with them.
const returnerShare = 0.8

// returnSpell is a person met on the street again after a year or more,
// with how many times they are met in each spell.
type returnSpell struct {
	first, again outreachSpell
	met          [2]int
}

// planReturners picks people whose outreach involvement ended more than
// 13 months ago but inside the contact window (so they were met then), and gives each a second
// outreach involvement with the same team 12½ to 16 months after the
// first ended, lasting two to ten weeks.
// The involvements are loaded at once; the spells join outreachSpells, so
// the street contacts fall in them. Their contacts come out of budget (a
// tenth of all contacts), so the demo holds the number of contacts asked
// for; it returns the returners and the contacts they take.
func (b *builder) planReturners(since time.Time, budget int) ([]returnSpell, int, error) {
	const month = 30 * 24 * time.Hour
	var out []returnSpell
	var rows [][]any
	used := 0
	for _, sp := range b.outreachSpells {
		if used+4 > budget {
			break
		}
		if !sp.to.After(since.Add(7*24*time.Hour)) || !sp.to.Before(b.now.Add(-13*month)) || !b.chance(returnerShare) {
			continue
		}
		sp.from = maxTime(sp.from, since) // met first inside the window
		start := sp.to.Add(12*month + 15*24*time.Hour + time.Duration(b.rng.Float64()*float64(3*month)))
		if start.After(b.now.Add(-7 * 24 * time.Hour)) {
			continue
		}
		end := start.Add(time.Duration(2+b.rng.IntN(9)) * 7 * 24 * time.Hour)
		// Closed by yesterday at the latest: the demo's count of open
		// people is fixed by --people, and a returner does not change it.
		end = minTime(end, b.now.Add(-24*time.Hour))
		opener := b.staffOf(sp.service.ID)
		rows = append(rows, []any{b.id("involvements"), sp.person, sp.service.ID, sp.service.Confidential, models.SourceStreetContact,
			"met on the street again", start, end, b.pick(endReasons), opener, opener})
		again := outreachSpell{person: sp.person, service: sp.service, from: start, to: end}
		r := returnSpell{first: sp, again: again, met: [2]int{1 + b.rng.IntN(2), 1 + b.rng.IntN(2)}}
		used += r.met[0] + r.met[1]
		out = append(out, r)
	}
	cols := []string{"id", "person_id", "service_id", "confidential", "source", "reason", "started_at",
		"ended_at", "end_reason", "opened_by_user_id", "closed_by_user_id"}
	if err := b.load.Load(b.ctx, "involvements", cols, rows); err != nil {
		return nil, 0, err
	}
	for _, r := range out {
		b.outreachSpells = append(b.outreachSpells, r.again)
	}
	return out, used, nil
}
