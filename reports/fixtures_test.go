package reports

import (
	"fmt"
	"strings"
	"time"
)

// generatedAt is fixed so renders are byte-for-byte repeatable.
var generatedAt = time.Date(2026, time.November, 3, 9, 15, 0, 0, time.UTC)

// namesInManyScripts must survive into a manager's PDF.
var namesInManyScripts = []string{"Łukasz Wójcik", "Zoë Brontë", "Ștefan Mureșan", "Алексей Смирнов", "Γιώργος Παπαδόπουλος"}

// laReport is a compliance report for an LA of 12 services, two of them
// with fewer than 5 records, and every record's name in Named (which a
// commissioner's report must never print).
func laReport() ComplianceReport {
	var recs []Record
	names := map[int64]string{}
	for s := int64(1); s <= 12; s++ {
		names[s] = fmt.Sprintf("Service %c – %s", 'A'+s-1, []string{"Hostel", "Outreach", "Day centre", "Housing First"}[s%4])
		n := 3 + int(s)*7%40
		if s == 5 || s == 9 {
			n = int(s) % 4 // 1 and 1 records: suppressed
		}
		for i := range n {
			r := Record{Type: RecordTypes[i%len(RecordTypes)], ID: s*1000 + int64(i), ServiceID: s,
				Label: namesInManyScripts[i%len(namesInManyScripts)]}
			if (i+int(s))%3 == 0 {
				r.Missing = []string{DefaultRules().Types[r.Type][0].Key}
			}
			recs = append(recs, r)
		}
	}
	m := Month{2026, time.October}
	var trend []TrendPoint
	for i := range 12 {
		trend = append(trend, TrendPoint{Month: m.Add(i - 11), Score: 70 + float64(i*i%17)})
	}
	return ComplianceReport{LA: "Wirral", Month: m, GeneratedAt: generatedAt,
		Services: Score(m, DefaultRules(), recs), ServiceNames: names, Trend: trend}
}

func serviceReport() ServiceComplianceReport {
	r := laReport()
	s := r.Services[0]
	return ServiceComplianceReport{Service: r.ServiceNames[s.ServiceID], Month: r.Month, GeneratedAt: generatedAt,
		Score: s, Trend: r.Trend}
}

// smallCounts are the true values a pack holds below the threshold; none may
// appear in its text. They are chosen to be unmistakable in extracted text.
const smallMarker = "Tiny"

func richPack() Pack {
	m := Month{2026, time.October}
	var flows []FlowRow
	for i := range 12 {
		flows = append(flows, FlowRow{Month: m.Add(i - 11), LA: "E08000015",
			New: 6 + i, Returner: i % 5, LongTerm: 20 + i, Intermittent: 9})
	}
	flows = append(flows, FlowRow{Month: m, LA: "E08000012", New: 400}) // another LA: ignored
	c := laReport()
	return Pack{
		LA: "E08000015", LAName: "Wirral", Month: m, GeneratedAt: generatedAt,
		Hotspots: []Hotspot{
			{Area: "Birkenhead Central", Contacts: 41}, {Area: "Hamilton Square", Contacts: 17},
			{Area: "Conway Park", Contacts: 3}, {Area: "New Brighton", Contacts: 8}, {Area: "Hoylake", Contacts: 1},
		},
		Flows: flows,
		Gaps:  gapPeople(octoberGaps{"Pets not accepted|Dog|Rough sleepers": 7, "Risk too high|Arson history|Offenders": 12}, octoberGaps{"No couples provision|Couple|Couples": 2}),
		Placements: Placements{Started: 23, MoveOns: []MoveOn{
			{Destination: "Private rented sector", Reason: "Planned move-on", People: 9},
			{Destination: "Social housing", Reason: "Planned move-on", People: 6},
			{Destination: "Prison", Reason: "Custody", People: 2},
		}},
		Compliance: c.Services, ServiceNames: c.ServiceNames, ComplianceTrend: c.Trend,
	}
}

// octoberGaps is a number of different people per "reason|need|group", one
// event each, in October 2026.
type octoberGaps map[string]int

// gapPeople counts declines and failed matches as Gaps would for one LA.
func gapPeople(declines, noMatches octoberGaps) []GapPeople {
	var evs []GapEvent
	person := int64(0)
	for kind, g := range map[string]octoberGaps{GapDecline: declines, GapNoMatch: noMatches} {
		for k, n := range g {
			f := strings.Split(k, "|")
			for range n {
				person++
				evs = append(evs, GapEvent{Person: person, Kind: kind, Reason: f[0], Need: f[1], Group: f[2], LA: "L", At: time.Date(2026, time.October, 10, 9, 0, 0, 0, time.UTC)})
			}
		}
	}
	return Gaps(evs, Month{2026, time.October}, Month{2026, time.October})
}
