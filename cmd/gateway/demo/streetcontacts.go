package demo

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
)

// DefaultStreetContacts is the demo's street contacts over 24 months at its
// default size of 27,000 people: about what an area of Elmshire's size
// records (each person seen rough sleeping is met several times a month
// while they are out). A smaller or larger demo gets as many per person.
const DefaultStreetContacts = 40_000

// contactsFor is the default number of contacts for a demo of people.
func contactsFor(people int) int { return max(1, people*DefaultStreetContacts/27_000) }

// contactWindow is how far back the demo's street contacts go.
const contactWindow = 2 * 365 * 24 * time.Hour

// outreachSpell is a person's involvement with an outreach service: the
// time they may be met on the street by that team.
type outreachSpell struct {
	person   int64
	service  *serviceInfo
	from, to time.Time
}

// spot is a hotspot with the LA it lies in.
type spot struct {
	geo.Hotspot
	la int64
}

// pitch is a person's usual place near a hotspot.
type pitch struct {
	spot
	at orb.Point
}

// siteTypesOf is where people bed down at each kind of hotspot.
var siteTypesOf = map[string][]string{
	geo.KindTownCentre: {"doorway", "doorway", "doorway", "bus_shelter", "stairwell", "not_bedded_down"},
	geo.KindStation:    {"station", "station", "doorway", "bus_shelter", "not_bedded_down"},
	geo.KindPark:       {"park", "park", "tent", "woodland"},
	geo.KindCarPark:    {"car_park", "car_park", "stairwell", "vehicle"},
	geo.KindRiverside:  {"riverside", "riverside", "tent", "underpass"},
	geo.KindRetail:     {"doorway", "car_park", "derelict_building", "other"},
}

// buildStreetContacts scatters n contacts over the last 24 months: each
// with a person during their outreach involvement, by that service, at
// the person's usual pitch near a hotspot (sometimes another hotspot in the same LAs), early in
// the morning or late in the evening when outreach teams go out; one in
// ten with someone not known, described instead.
func (b *builder) buildStreetContacts(n int) error {
	if n == 0 {
		n = contactsFor(b.sum.People)
	}
	if n < 0 {
		return nil
	}
	w := b.newContactWriter()
	since := b.now.Add(-contactWindow)
	returners, returnerContacts, err := b.planReturners(since, n/10)
	if err != nil {
		return err
	}
	n -= returnerContacts
	w.spells, w.total = b.liveSpells(since)
	w.outreachByLA = b.outreachByLA()
	bar := newCountBar(b.out, "street contacts…", n)
	for i := 0; i < n; i++ {
		if err := w.drawOne(since); err != nil {
			return err
		}
		if i%50_000 == 0 {
			bar.set(i + 1)
		}
	}
	if err := w.meetReturners(returners); err != nil {
		return err
	}
	if err := w.flush(); err != nil {
		return err
	}
	bar.done()
	return b.store.RebuildStreetContactCells(b.ctx)
}

// spots lists every hotspot of the county with its LA, and by LA.
func (b *builder) spots() ([]spot, map[int64][]spot) {
	var all []spot
	byLA := map[int64][]spot{}
	for _, la := range b.las {
		for _, t := range la.Towns {
			for _, h := range t.Hotspots {
				s := spot{h, la.ID}
				all = append(all, s)
				byLA[la.ID] = append(byLA[la.ID], s)
			}
		}
	}
	return all, byLA
}

// pickSpot draws a hotspot by its weight.
func (b *builder) pickSpot(spots []spot) spot {
	total := 0.0
	for _, s := range spots {
		total += s.Weight
	}
	u := b.rng.Float64() * total
	for _, s := range spots {
		if u -= s.Weight; u < 0 {
			return s
		}
	}
	return spots[len(spots)-1]
}

// pickSpotIn draws a hotspot in one of las.
func (b *builder) pickSpotIn(all []spot, byLA map[int64][]spot, las []int64) spot {
	var in []spot
	for _, la := range las {
		in = append(in, byLA[la]...)
	}
	if len(in) == 0 {
		in = all
	}
	return b.pickSpot(in)
}

// outreachHour moves a time to the same day's early-morning or evening
// shift, in London time.
func (b *builder) outreachHour(t time.Time) time.Time {
	l := t.In(models.London)
	hour := 5 + b.rng.IntN(3)
	if b.chance(0.35) {
		hour = 20 + b.rng.IntN(4)
	}
	out := time.Date(l.Year(), l.Month(), l.Day(), hour, b.rng.IntN(60), 0, 0, models.London).UTC()
	if out.After(b.now) {
		out = out.AddDate(0, 0, -1)
	}
	return out
}

var (
	strangerWho     = []string{"Man", "Man", "Man", "Woman", "Young man", "Older man", "Woman"}
	strangerAge     = []string{"20s", "30s", "30s", "40s", "40s", "50s", "60s"}
	strangerWearing = []string{"grey hoodie", "green parka", "black puffer jacket", "red beanie hat", "army-style jacket", "blue tracksuit", "long brown coat"}
	strangerWith    = []string{"large rucksack", "sleeping bag and cardboard", "small dog", "shopping trolley of belongings", "bicycle", "two holdalls", "tent"}
)

// describeStranger is the kind of description a worker writes for someone
// who would not give a name.
func (b *builder) describeStranger() string {
	return fmt.Sprintf("%s, %s, %s, with %s; declined to give a name", b.pick(strangerWho), b.pick(strangerAge), b.pick(strangerWearing), b.pick(strangerWith))
}

func maxTime(a, c time.Time) time.Time {
	if a.After(c) {
		return a
	}
	return c
}

func minTime(a, c time.Time) time.Time {
	if a.Before(c) {
		return a
	}
	return c
}

// countBar is a progress bar for a named step.
type countBar struct {
	w            io.Writer
	label        string
	total, shown int
}

func newCountBar(w io.Writer, label string, total int) *countBar {
	return &countBar{w: w, label: label, total: max(total, 1)}
}

func (p *countBar) set(n int) {
	pct := n * 100 / p.total
	if pct/5 == p.shown/5 && n != p.total {
		return
	}
	p.shown = pct
	fill := pct * 20 / 100
	fmt.Fprintf(p.w, "\r  %-32s [%-20s] %3d%% %d/%d", p.label, strings.Repeat("=", fill), pct, n, p.total)
}

func (p *countBar) done() { fmt.Fprintf(p.w, "\r  %-32s%40s\r  %-32s", p.label, "", p.label) }
