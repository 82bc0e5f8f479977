package demo

import (
	"sort"
	"time"

	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
)

// streetContactCols are the columns the demo loads street contacts by.
var streetContactCols = []string{"id", "person_id", "description", "service_id", "user_id", "confidential", "seen_at", "lat", "lon",
	"tile_x", "tile_y", "la_id", "site_type", "created_at"}

// liveSpell is an outreach spell cut to the contact window, with the
// running total of spell hours up to it, so a draw weights spells by how
// long they overlap the window.
type liveSpell struct {
	outreachSpell
	cum float64
}

// contactWriter draws street contacts and loads them in batches. It keeps
// each person's usual pitch, so they are met where they were met before.
type contactWriter struct {
	b            *builder
	ix           *geo.LAIndex
	spots        []spot
	byLA         map[int64][]spot
	spells       []liveSpell
	total        float64 // hours of every live spell
	outreachByLA map[int64][]*serviceInfo
	home         map[int64]pitch // where each person usually beds down
	rows         [][]any
}

func (b *builder) newContactWriter() *contactWriter {
	spots, byLA := b.spots()
	var las []geo.LA
	for _, la := range b.las {
		las = append(las, geo.LA{ID: la.ID, Code: la.Code, Name: la.Name, Boundary: la.Boundary})
	}
	return &contactWriter{b: b, ix: geo.NewLAIndex(las), spots: spots, byLA: byLA, home: map[int64]pitch{}}
}

// liveSpells are the outreach spells inside the window since..now, each
// with its running total of hours, and the total.
func (b *builder) liveSpells(since time.Time) ([]liveSpell, float64) {
	var spells []liveSpell
	total := 0.0
	for _, sp := range b.outreachSpells {
		from, to := maxTime(sp.from, since), minTime(sp.to, b.now)
		if !to.After(from) {
			continue
		}
		total += to.Sub(from).Hours()
		spells = append(spells, liveSpell{outreachSpell{sp.person, sp.service, from, to}, total})
	}
	return spells, total
}

// outreachByLA lists the outreach services working in each LA, to meet a
// stranger at a hotspot.
func (b *builder) outreachByLA() map[int64][]*serviceInfo {
	out := map[int64][]*serviceInfo{}
	for _, sv := range b.servicesOf(models.Outreach) {
		for _, la := range sv.LAs {
			out[la] = append(out[la], sv)
		}
	}
	return out
}

// drawOne records one contact: one in ten (or every one, with no spells)
// with a stranger at a hotspot, the rest with a person during one of their
// spells, mostly at their own pitch.
func (w *contactWriter) drawOne(since time.Time) error {
	b := w.b
	if len(w.spells) == 0 || b.chance(0.1) {
		h := b.pickSpot(w.spots)
		choices := w.outreachByLA[h.la]
		if len(choices) == 0 {
			return nil
		}
		sv := choices[b.rng.IntN(len(choices))]
		at := since.Add(time.Duration(b.rng.Float64() * float64(contactWindow)))
		return w.emit(nil, b.describeStranger(), sv, at, h, orb.Point{})
	}
	u := b.rng.Float64() * w.total
	k := sort.Search(len(w.spells), func(j int) bool { return w.spells[j].cum > u })
	sp := w.spells[k]
	at := sp.from.Add(time.Duration(b.rng.Float64() * float64(sp.to.Sub(sp.from))))
	site := w.pitchOf(sp.person, sp.service)
	h, pt := site.spot, geo.RandomPointNear(b.rng, site.at, 25) // the same pitch, give or take GPS
	if b.chance(0.15) {
		h = b.pickSpotIn(w.spots, w.byLA, sp.service.LAs)
		pt = orb.Point{}
	}
	return w.emit(sp.person, "", sp.service, at, h, pt)
}

// meetReturners records every returner's contacts in both spells, whatever
// the draws gave.
func (w *contactWriter) meetReturners(returners []returnSpell) error {
	b := w.b
	for _, r := range returners {
		for j, sp := range []outreachSpell{r.first, r.again} {
			site := w.pitchOf(sp.person, sp.service)
			for k := r.met[j]; k > 0; k-- {
				at := sp.from.Add(time.Duration(b.rng.Float64() * float64(sp.to.Sub(sp.from))))
				if err := w.emit(sp.person, "", sp.service, at, site.spot, geo.RandomPointNear(b.rng, site.at, 25)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// pitchOf is where a person usually beds down in sv's area.
func (w *contactWriter) pitchOf(person int64, sv *serviceInfo) pitch {
	site, ok := w.home[person]
	if !ok {
		h := w.b.pickSpotIn(w.spots, w.byLA, sv.LAs)
		site = pitch{h, geo.RandomPointNear(w.b.rng, h.Point, 60+w.b.rng.Float64()*300)}
		w.home[person] = site
	}
	return site
}

// emit records one contact by sv at about at, near h (at pt when set).
// personID is nil for a stranger.
func (w *contactWriter) emit(personID any, description string, sv *serviceInfo, at time.Time, h spot, pt orb.Point) error {
	b := w.b
	at = b.outreachHour(at)
	if pt == (orb.Point{}) {
		pt = geo.RandomPointNear(b.rng, h.Point, 60+b.rng.Float64()*300)
	}
	tx, ty := geo.BaseTile(pt)
	var laID any
	if la, ok := w.ix.Locate(pt); ok {
		laID = la.ID
	}
	w.rows = append(w.rows, []any{b.id("street_contacts"), personID, description, sv.ID, b.staffOf(sv.ID), sv.Confidential,
		at, pt[1], pt[0], int(tx), int(ty), laID, b.pick(siteTypesOf[h.Kind]), at.Add(2 * time.Hour)})
	if len(w.rows) == 50_000 {
		return w.flush()
	}
	return nil
}

// flush loads the rows drawn so far.
func (w *contactWriter) flush() error {
	if err := w.b.load.Load(w.b.ctx, "street_contacts", streetContactCols, w.rows); err != nil {
		return err
	}
	w.b.sum.StreetContacts += len(w.rows)
	w.rows = w.rows[:0]
	return nil
}
