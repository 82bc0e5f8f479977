package reports

import (
	"io"
	"strings"
	"time"
)

// Pack is a commissioner's monthly pack for one LA. Counts arrive already
// aggregated by the caller, as true values: the renderer suppresses them, so
// suppression lives in one place and cannot be forgotten upstream.
type Pack struct {
	LA          string // LA code; rows of Flows for other LAs are ignored
	LAName      string // display name; LA when empty
	Month       Month
	GeneratedAt time.Time

	Hotspots   []Hotspot   // street contacts per area (cell, ward…) this month
	Flows      []FlowRow   // from Flows; the 12 months ending Month are shown
	Gaps       []GapPeople // from Gaps over the LA's events in Month
	Placements Placements  // placements and move-on this month

	Compliance      []ServiceScore   // the LA's services for Month (published once closed); Named is never read
	ServiceNames    map[int64]string // service display names by ServiceID
	ComplianceTrend []TrendPoint     // the LA's overall score, oldest first
	ComplianceNow   []ServiceScore   // optional: Month re-run today, beside the published scores
}

// Hotspot is one area of the hotspot summary. It counts street contacts,
// not people: people move between areas, so a per-area count of people would
// be a second breakdown of the people in the flows table, and subtracting one
// from the other could give a suppressed figure back.
type Hotspot struct {
	Area     string
	Contacts int
}

// Placements is what happened to placements in the month.
type Placements struct {
	Started int      // people placed
	MoveOns []MoveOn // people who moved on, by destination and reason
	// Rolling, when set, replaces MoveOns in the pack: move-ons in the
	// twelve months to Month by destination alone, for an area whose
	// monthly counts are too small to show. One breakdown only,
	// so nothing can be recovered by subtraction.
	Rolling     []MoveOn
	RollingFrom Month
}

// MostlySuppressed reports whether most of a month's move-on cells would
// read <5, so the pack shows the rolling year by destination instead.
func (p Placements) MostlySuppressed() bool {
	shown := 0
	for _, m := range p.MoveOns {
		if m.People >= Threshold {
			shown++
		}
	}
	return shown*2 < len(p.MoveOns) || len(p.MoveOns) == 0
}

// MoveOn counts people who moved on to one destination for one reason.
type MoveOn struct {
	Destination, Reason string
	People              int
}

// maxHotspots bounds the hotspot table: a summary, not a gazetteer.
const maxHotspots = 15

func (p Pack) name() string {
	if p.LAName != "" {
		return p.LAName
	}
	return p.LA
}

// CommissionerPackPDF renders the pack: summary, hotspots, flows, gaps in
// provision, placements and move-on, and data compliance. Every count of
// people, contacts or events is suppressed below 5; every total follows
// TotalOf. Empty sections say so.
func CommissionerPackPDF(w io.Writer, p Pack) error {
	d := newDocument("Commissioner pack: "+p.name(), p.Month.Label(), p.GeneratedAt, "OFFICIAL: aggregate figures; counts below 5 suppressed.")
	flows := p.flowMonths()
	now := flows[len(flows)-1]

	compliance := "none"
	if len(p.Compliance) > 0 {
		compliance = percent(Combine(p.Month, p.Compliance).Score)
	}
	d.figures([]figure{
		{"People seen rough sleeping", TotalOf(now.New, now.Returner, now.LongTerm, now.Intermittent).String()},
		{"New to rough sleeping", Suppress(now.New).String()},
		{"Placements started", Suppress(p.Placements.Started).String()},
		{"Data compliance", compliance},
	})
	d.note("Counts below 5 are shown as <5 and totals that would reveal them as *. " +
		"Figures are for " + p.name() + " in " + p.Month.Label() + " unless stated.")

	d.heading("Hotspots", 20)
	d.hotspots(p)
	d.heading("Rough sleeping flows", 30)
	d.flows(p, flows)
	d.heading("Gaps in provision", 20)
	d.gaps(p)
	d.heading("Placements and move-on", 20)
	d.placements(p)
	d.heading("Data compliance", 20)
	d.complianceSection(p.Compliance, p.ServiceNames, p.ComplianceTrend, p.ComplianceNow, p.Month, p.name())
	return d.finish(w)
}

func (d *document) hotspots(p Pack) {
	rows := byShownCount(p.Hotspots, func(h Hotspot) int { return h.Contacts }, func(h Hotspot) string { return h.Area })
	if len(rows) == 0 {
		d.empty("No street contacts were recorded in " + p.name() + " in " + p.Month.Label() + ".")
		return
	}
	more := len(rows) - maxHotspots
	rows = rows[:min(len(rows), maxHotspots)]
	t := table{cols: []column{{title: "Area"}, {title: "Street contacts", width: 34, right: true}}}
	for _, h := range rows {
		t.rows = append(t.rows, []string{h.Area, Suppress(h.Contacts).String()})
	}
	if more > 0 {
		t.note = "Top " + itoa(maxHotspots) + " areas by street contacts; " + itoa(more) + " more not listed."
	}
	d.table(t)
}

// flowMonths is the LA's flow rows for the 12 months ending p.Month, with
// empty months filled in, oldest first.
func (p Pack) flowMonths() []FlowRow {
	from := p.Month.Add(-11)
	out := make([]FlowRow, 12)
	for i := range out {
		out[i] = FlowRow{Month: from.Add(i), LA: p.LA}
	}
	for _, r := range p.Flows {
		if i := r.Month.Since(from); (r.LA == p.LA || r.LA == "") && i >= 0 && i < 12 {
			out[i].New += r.New
			out[i].Returner += r.Returner
			out[i].LongTerm += r.LongTerm
			out[i].Intermittent += r.Intermittent
		}
	}
	return out
}

var flowCategories = []string{"New", "Returner", "Long-term", "Intermittent"}

func flowCounts(r FlowRow) []int { return []int{r.New, r.Returner, r.LongTerm, r.Intermittent} }

func (d *document) flows(p Pack, months []FlowRow) {
	seen := false
	for _, r := range months {
		seen = seen || r.People() > 0
	}
	if !seen {
		d.empty("No one was seen rough sleeping in " + p.name() + " in the 12 months to " + p.Month.Label() + ".")
		return
	}
	d.para("Each person seen rough sleeping in the month counts once, in the first category that fits: " +
		"new (never seen before in the area), returner (seen before, but not in the previous 12 months), " +
		"long-term (seen in 3 or more of the last 12 months), otherwise intermittent.")

	now := months[len(months)-1]
	bars := make([]bar, 4)
	for i, n := range flowCounts(now) {
		c := Suppress(n)
		bars[i] = bar{label: flowCategories[i], value: float64(c.N), shown: c.String(), suppressed: c.Suppressed}
	}
	d.barChart("People by category, "+p.Month.Label(), bars, 0)

	labels := make([]string, len(months))
	lines := make([]series, 4)
	for i := range lines {
		lines[i] = series{name: flowCategories[i]}
	}
	t := table{cols: []column{{title: "Month"}, {title: "New", width: 22, right: true}, {title: "Returner", width: 22, right: true},
		{title: "Long-term", width: 22, right: true}, {title: "Intermittent", width: 24, right: true}, {title: "People", width: 22, right: true}}}
	for mi, r := range months {
		labels[mi] = r.Month.shortLabel()
		row := []string{r.Month.Label()}
		for i, n := range flowCounts(r) {
			c := Suppress(n)
			lines[i].values = append(lines[i].values, float64(c.N))
			lines[i].suppressed = append(lines[i].suppressed, c.Suppressed)
			row = append(row, c.String())
		}
		t.rows = append(t.rows, append(row, TotalOf(flowCounts(r)...).String()))
	}
	d.lineChart("People by category, last 12 months", labels, lines, 0, trimFloat)
	t.note = "People counts one person once per month in this LA; months are not added up, as the same people recur. " + WithheldNote
	d.table(t)
}

func (d *document) gaps(p Pack) {
	if len(p.Gaps) == 0 {
		d.empty("No declined referrals or unmatched assessments were recorded in " + p.name() + " in " + p.Month.Label() + ".")
		return
	}
	d.para("People whose referral was declined, or for whom the matcher found no service with a place. " +
		"Each person counts once for each, under their latest decline or failed match in the month, so every breakdown adds up to the people above it.")
	for _, g := range p.Gaps {
		v := g.View()
		t := table{cols: []column{{title: "Breakdown", width: 34}, {title: "Value"}, {title: "People", width: 22, right: true}}, bold: map[int]bool{0: true}}
		t.rows = append(t.rows, []string{"All people", "", v.People.String()})
		pooled := false
		for _, tb := range v.Tables {
			if tb.By == GapByLA {
				continue // the pack is one LA's
			}
			for i, l := range tb.Lines {
				by := ""
				if i == 0 {
					by = GapDimensionLabel(tb.By)
				}
				value := l.Value
				if l.Pooled != nil {
					value, pooled = GapOtherLabel+": "+strings.Join(l.Pooled, "; "), true
				}
				t.rows = append(t.rows, []string{by, value, Suppress(l.People).String()})
			}
		}
		switch {
		case v.People.Suppressed:
			t.note = "Fewer than 5 people: not broken down."
		case pooled:
			t.note = GapPooledNote
		}
		d.subheading(GapKindLabel(v.Kind), 12)
		d.table(t)
	}
}

// rollingMoveOns is the move-on table for an area with small monthly
// counts: twelve months, by destination alone, so that most cells show.
func (d *document) rollingMoveOns(p Pack) {
	pl := p.Placements
	rows := byShownCount(pl.Rolling, func(m MoveOn) int { return m.People }, func(m MoveOn) string { return m.Destination })
	t := table{cols: []column{{title: "Destination"}, {title: "Move-ons", width: 26, right: true}}, bold: map[int]bool{}}
	counts := make([]int, len(rows))
	for i, m := range rows {
		t.rows = append(t.rows, []string{m.Destination, Suppress(m.People).String()})
		counts[i] = m.People
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{"All move-ons", TotalOf(counts...).String()})
	t.note = "Most of " + p.Month.Label() + "'s move-on figures were under 5, so this table shows the twelve months " +
		pl.RollingFrom.Label() + " to " + p.Month.Label() + " by destination alone, instead of the month by destination and reason. " +
		"A person who moved on twice counts twice. " + WithheldNote
	d.subheading("Move-on outcomes, twelve months to "+p.Month.Label(), 12)
	d.table(t)
}

func (d *document) placements(p Pack) {
	pl := p.Placements
	if pl.Started == 0 && len(pl.MoveOns) == 0 && len(pl.Rolling) == 0 {
		d.empty("No placements started or ended in " + p.name() + " in " + p.Month.Label() + ".")
		return
	}
	d.para("People placed this month: " + Suppress(pl.Started).String() + ".")
	if len(pl.Rolling) > 0 {
		d.rollingMoveOns(p)
		return
	}
	if len(pl.MoveOns) == 0 {
		d.empty("No one moved on from a placement in " + p.Month.Label() + ".")
		return
	}
	rows := byShownCount(pl.MoveOns, func(m MoveOn) int { return m.People }, func(m MoveOn) string { return m.Destination + "\x00" + m.Reason })
	t := table{cols: []column{{title: "Destination"}, {title: "Reason"}, {title: "People", width: 22, right: true}}, bold: map[int]bool{}}
	counts := make([]int, len(rows))
	for i, m := range rows {
		t.rows = append(t.rows, []string{m.Destination, m.Reason, Suppress(m.People).String()})
		counts[i] = m.People
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{"All move-ons", "", TotalOf(counts...).String()})
	t.note = "One breakdown only (destination with reason): separate totals by destination and by reason could be subtracted to reveal suppressed cells. " + WithheldNote
	d.subheading("Move-on outcomes", 12)
	d.table(t)
}
