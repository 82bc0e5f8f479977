package demo

import (
	"fmt"
	"io"
	"sort"
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
	spots, byLA := b.spots()
	var las []geo.LA
	for _, la := range b.las {
		las = append(las, geo.LA{ID: la.ID, Code: la.Code, Name: la.Name, Boundary: la.Boundary})
	}
	ix := geo.NewLAIndex(las)
	since := b.now.Add(-contactWindow)
	returners, returnerContacts, err := b.planReturners(since, n/10)
	if err != nil {
		return err
	}
	n -= returnerContacts

	// Spells inside the window, weighted by how long they overlap it.
	type live struct {
		outreachSpell
		cum float64
	}
	var spells []live
	total := 0.0
	for _, sp := range b.outreachSpells {
		from, to := maxTime(sp.from, since), minTime(sp.to, b.now)
		if !to.After(from) {
			continue
		}
		total += to.Sub(from).Hours()
		spells = append(spells, live{outreachSpell{sp.person, sp.service, from, to}, total})
	}
	outreachByLA := map[int64][]*serviceInfo{}
	for _, sv := range b.servicesOf(models.Outreach) {
		for _, la := range sv.LAs {
			outreachByLA[la] = append(outreachByLA[la], sv)
		}
	}
	home := map[int64]pitch{} // where each person usually beds down
	cols := []string{"id", "person_id", "description", "service_id", "user_id", "confidential", "seen_at", "lat", "lon",
		"tile_x", "tile_y", "la_id", "site_type", "created_at"}
	bar := newCountBar(b.out, "street contacts…", n)
	var rows [][]any
	flush := func() error {
		if err := b.load.Load(b.ctx, "street_contacts", cols, rows); err != nil {
			return err
		}
		b.sum.StreetContacts += len(rows)
		rows = rows[:0]
		return nil
	}
	// emit records one contact by sv at about at, near h (at pt when set).
	emit := func(personID any, description string, sv *serviceInfo, at time.Time, h spot, pt orb.Point) error {
		at = b.outreachHour(at)
		if pt == (orb.Point{}) {
			pt = geo.RandomPointNear(b.rng, h.Point, 60+b.rng.Float64()*300)
		}
		tx, ty := geo.BaseTile(pt)
		var laID any
		if la, ok := ix.Locate(pt); ok {
			laID = la.ID
		}
		rows = append(rows, []any{b.id("street_contacts"), personID, description, sv.ID, b.staffOf(sv.ID), sv.Confidential,
			at, pt[1], pt[0], int(tx), int(ty), laID, b.pick(siteTypesOf[h.Kind]), at.Add(2 * time.Hour)})
		if len(rows) == 50_000 {
			return flush()
		}
		return nil
	}
	// pitchOf is where a person usually beds down in sv's area.
	pitchOf := func(person int64, sv *serviceInfo) pitch {
		site, ok := home[person]
		if !ok {
			h := b.pickSpotIn(spots, byLA, sv.LAs)
			site = pitch{h, geo.RandomPointNear(b.rng, h.Point, 60+b.rng.Float64()*300)}
			home[person] = site
		}
		return site
	}
	for i := 0; i < n; i++ {
		var personID any
		var sv *serviceInfo
		var at time.Time
		var h spot
		var pt orb.Point
		description := ""
		if len(spells) == 0 || b.chance(0.1) {
			h = b.pickSpot(spots)
			choices := outreachByLA[h.la]
			if len(choices) == 0 {
				continue
			}
			sv = choices[b.rng.IntN(len(choices))]
			at = since.Add(time.Duration(b.rng.Float64() * float64(contactWindow)))
			description = b.describeStranger()
		} else {
			u := b.rng.Float64() * total
			k := sort.Search(len(spells), func(j int) bool { return spells[j].cum > u })
			sp := spells[k]
			personID, sv = sp.person, sp.service
			at = sp.from.Add(time.Duration(b.rng.Float64() * float64(sp.to.Sub(sp.from))))
			site := pitchOf(sp.person, sp.service)
			h, pt = site.spot, geo.RandomPointNear(b.rng, site.at, 25) // the same pitch, give or take GPS
			if b.chance(0.15) {
				h = b.pickSpotIn(spots, byLA, sp.service.LAs)
				pt = orb.Point{}
			}
		}
		if err := emit(personID, description, sv, at, h, pt); err != nil {
			return err
		}
		if i%50_000 == 0 {
			bar.set(i + 1)
		}
	}
	// Every returner is met in both spells, whatever the draw above gave.
	for _, r := range returners {
		for j, sp := range []outreachSpell{r.first, r.again} {
			site := pitchOf(sp.person, sp.service)
			for k := r.met[j]; k > 0; k-- {
				at := sp.from.Add(time.Duration(b.rng.Float64() * float64(sp.to.Sub(sp.from))))
				if err := emit(sp.person, "", sp.service, at, site.spot, geo.RandomPointNear(b.rng, site.at, 25)); err != nil {
					return err
				}
			}
		}
	}
	if err := flush(); err != nil {
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
