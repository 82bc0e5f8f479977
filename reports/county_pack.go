package reports

import (
	"errors"
	"io"
)

var errNoPacks = errors.New("a county pack needs at least one local authority")

// CountyPackPDF is the commissioner pack for a county commissioner:
// the county's headline figures over all its local
// authorities, then each authority's sections exactly as in its own pack.
// Suppression is the same: each authority's counts below 5 show as <5,
// and a county total is shown only when no part of it is suppressed
// (TotalOf), so no hidden count comes back by subtraction.
func CountyPackPDF(w io.Writer, county string, packs []Pack) error {
	if len(packs) == 0 {
		return errNoPacks
	}
	m := packs[0].Month
	d := newDocument("County pack: "+county, m.Label(), packs[0].GeneratedAt, "OFFICIAL: aggregate figures; counts below 5 suppressed.")
	var people, fresh, placed []int
	var compliance []ServiceScore
	for _, p := range packs {
		flows := p.flowMonths()
		now := flows[len(flows)-1]
		people = append(people, now.New, now.Returner, now.LongTerm, now.Intermittent)
		fresh = append(fresh, now.New)
		placed = append(placed, p.Placements.Started)
		compliance = append(compliance, p.Compliance...)
	}
	score := "none"
	if len(compliance) > 0 {
		score = percent(Combine(m, compliance).Score)
	}
	d.figures([]figure{
		{"People seen rough sleeping", TotalOf(people...).String()},
		{"New to rough sleeping", TotalOf(fresh...).String()},
		{"Placements started", TotalOf(placed...).String()},
		{"Data compliance", score},
	})
	d.note("Figures for the whole county in " + m.Label() + ", summed over its local authorities: a total is shown as * when " +
		"any authority's part of it is below 5. A person seen in two authorities counts in each. Each authority's own sections follow.")
	for _, p := range packs {
		flows := p.flowMonths()
		d.heading(p.name()+": hotspots", 20)
		d.hotspots(p)
		d.heading(p.name()+": rough sleeping flows", 30)
		d.flows(p, flows)
		d.heading(p.name()+": gaps in provision", 20)
		d.gaps(p)
		d.heading(p.name()+": placements and move-on", 20)
		d.placements(p)
		d.heading(p.name()+": data compliance", 20)
		d.complianceSection(p.Compliance, p.ServiceNames, p.ComplianceTrend, p.ComplianceNow, p.Month, p.name())
	}
	return d.finish(w)
}
