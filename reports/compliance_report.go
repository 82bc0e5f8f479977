package reports

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"time"
)

// ComplianceReport is an LA's monthly data-compliance report for
// commissioners: a score per service, never a name or a record label.
type ComplianceReport struct {
	LA           string // display name
	Month        Month
	GeneratedAt  time.Time
	Services     []ServiceScore   // the LA's services for Month; Named is never read
	ServiceNames map[int64]string // service display names by ServiceID
	Trend        []TrendPoint     // the LA's overall score, oldest first; the last 12 are drawn
}

// TrendPoint is one month's score, e.g. Combine(m, scores).Score.
type TrendPoint struct {
	Month Month
	Score float64
}

// rankedService is one line of the commissioner table, already made safe:
// records and missing hold what may be printed.
type rankedService struct {
	rank             int
	name             string
	score            float64
	records, missing string
}

// rankServices orders services by score (ties share a rank, then by name)
// and adds an "All services" line.
//
// Records are people's records, so they are suppressed below 5, and the
// total is withheld when any service's count is suppressed. Missing counts
// fields, not people, and is shown, except beside a suppressed Records
// count: with the score it would give the number of fields required, and so
// the records, back. The total of Missing is withheld for the same reason.
func rankServices(scores []ServiceScore, names map[int64]string) (rows []rankedService, all rankedService) {
	name := func(s ServiceScore) string {
		if n, ok := names[s.ServiceID]; ok && n != "" {
			return n
		}
		return "Service " + idText(s.ServiceID)
	}
	sorted := slices.Clone(scores)
	slices.SortFunc(sorted, func(a, b ServiceScore) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(name(a), name(b)))
	})
	records := make([]int, len(sorted))
	missingHidden := false
	for i, s := range sorted {
		r := rankedService{rank: i + 1, name: name(s), score: s.Score}
		if i > 0 && s.Score == sorted[i-1].Score {
			r.rank = rows[i-1].rank
		}
		rc := Suppress(s.Records)
		r.records = rc.String()
		if rc.Suppressed {
			r.missing = WithheldMark
			missingHidden = true
		} else {
			r.missing = itoa(s.Missing)
		}
		records[i] = s.Records
		rows = append(rows, r)
	}
	month := Month{}
	if len(scores) > 0 {
		month = scores[0].Month
	}
	combined := Combine(month, scores)
	total := TotalOf(records...)
	all = rankedService{name: "All services", score: combined.Score, records: total.String(), missing: itoa(combined.Missing)}
	if missingHidden || total.hidden() {
		all.missing = WithheldMark
	}
	return rows, all
}

// ComplianceReportPDF renders the commissioners' monthly compliance report.
func ComplianceReportPDF(w io.Writer, r ComplianceReport) error {
	d := newDocument("Data compliance: "+r.LA, r.Month.Label(), r.GeneratedAt, "")
	d.complianceSection(r.Services, r.ServiceNames, r.Trend, r.Month, r.LA)
	return d.finish(w)
}

// complianceSection is shared by the LA report and the commissioner pack.
func (d *document) complianceSection(scores []ServiceScore, names map[int64]string, trend []TrendPoint, month Month, la string) {
	if len(scores) == 0 {
		d.empty("No records were due for compliance checks in " + la + " in " + month.Label() + ".")
		return
	}
	rows, all := rankServices(scores, names)
	d.figures([]figure{
		{"Overall score", percent(all.score)},
		{"Services", itoa(len(rows))},
		{"Records checked", all.records},
		{"Lowest score", percent(rows[len(rows)-1].score)},
	})
	d.para("Score = share of essential fields completed across the records each service is responsible for (CHAIN-style). " +
		"Services get a named list of the records to complete; commissioners see figures only.")

	if pts := lastN(trend, 12); len(pts) > 0 {
		labels := make([]string, len(pts))
		s := series{name: "Overall score"}
		for i, p := range pts {
			labels[i] = p.Month.shortLabel()
			s.values = append(s.values, p.Score)
		}
		d.lineChart("Overall score, last "+itoa(len(pts))+" months", labels, []series{s}, 100, func(v float64) string { return trimFloat(v) + "%" })
	}

	ranked := rows
	caption := "Score by service"
	if len(rows) > maxBars {
		ranked = rows[len(rows)-maxBars:]
		caption = "Score by service: the " + itoa(maxBars) + " lowest of " + itoa(len(rows))
	}
	bars := make([]bar, len(ranked))
	for i, s := range ranked {
		bars[i] = bar{label: s.name, value: s.score, shown: percent(s.score)}
	}
	d.barChart(caption, bars, 100)

	d.subheading("Ranking", 20)
	t := table{cols: []column{
		{title: "Rank", width: 13, right: true},
		{title: "Service"},
		{title: "Score", width: 20, right: true},
		{title: "Records", width: 20, right: true},
		{title: "Fields missing", width: 30, right: true},
	}, bold: map[int]bool{}}
	for _, s := range rows {
		t.rows = append(t.rows, []string{itoa(s.rank), s.name, percent(s.score), s.records, s.missing})
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, []string{"", all.name, percent(all.score), all.records, all.missing})
	t.note = "Records below 5 are shown as <5. " + WithheldNote
	d.table(t)
}

func lastN(pts []TrendPoint, n int) []TrendPoint {
	pts = slices.Clone(pts)
	slices.SortFunc(pts, func(a, b TrendPoint) int { return a.Month.Since(b.Month) })
	if len(pts) > n {
		pts = pts[len(pts)-n:]
	}
	return pts
}

// ComplianceReportCSV writes the same ranking as the PDF, one row per
// service and a final "All services" row, with the same suppression.
func ComplianceReportCSV(w io.Writer, r ComplianceReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "la", "rank", "service", "score_percent", "records", "fields_missing"})
	rows, all := rankServices(r.Services, r.ServiceNames)
	for _, s := range rows {
		cw.Write([]string{r.Month.String(), cellText(r.LA), itoa(s.rank), cellText(s.name), score(s.score), s.records, s.missing})
	}
	if len(rows) > 0 {
		cw.Write([]string{r.Month.String(), cellText(r.LA), "", all.name, score(all.score), all.records, all.missing})
	}
	cw.Flush()
	return cw.Error()
}
