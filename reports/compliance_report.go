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
	Services     []ServiceScore   // the LA's services for Month (published, once the month is closed); Named is never read
	ServiceNames map[int64]string // service display names by ServiceID
	Trend        []TrendPoint     // the LA's overall score, oldest first; the last 12 are drawn
	// Current is the same month re-run today, for a closed month whose
	// published scores are in Services: shown beside them as "Now", so an
	// improvement shows without the published score changing. Optional.
	Current []ServiceScore
	// Definitions and Timing say how the score is counted:
	// which records count in a month, exactly when each essential field
	// counts as missing, and which figures are fixed at the month's end.
	// Optional; the report prints them after the ranking.
	Definitions []RuleDefinition
	Timing      string
}

// RuleDefinition is one kind of record as a report's reader needs it to
// reproduce a score.
type RuleDefinition struct {
	Type, Counts string
	Fields       []FieldDefinition
}

// FieldDefinition is one essential field and when it counts as missing.
type FieldDefinition struct {
	Label, MissingWhen string
}

// TrendPoint is one month's score, e.g. Combine(m, scores).Score.
type TrendPoint struct {
	Month Month
	Score float64
}

// RankedService is one line of the commissioner ranking, already made
// safe: Records and Missing hold what may be printed.
type RankedService struct {
	Rank      int      `json:"rank,omitempty"`
	ServiceID int64    `json:"service_id,omitempty"`
	Name      string   `json:"name"`
	Score     float64  `json:"score"`
	Records   string   `json:"records"`
	Missing   string   `json:"fields_missing"`
	Now       *float64 `json:"score_now,omitempty"` // the month re-run today, when there is one
}

// Ranking orders services by score (ties share a rank, then by name) and
// adds an "All services" line. current, when not nil, is the same month
// re-run today and fills Now.
//
// Records are people's records, so they are suppressed below 5, and the
// total is withheld when any service's count is suppressed. Missing counts
// fields, not people, and is shown, except beside a suppressed Records
// count: with the score it would give the number of fields required, and so
// the records, back. The total of Missing is withheld for the same reason.
func Ranking(scores []ServiceScore, names map[int64]string, current []ServiceScore) (rows []RankedService, all RankedService) {
	name := func(s ServiceScore) string {
		if n, ok := names[s.ServiceID]; ok && n != "" {
			return n
		}
		return "Service " + idText(s.ServiceID)
	}
	sorted := slices.Clone(scores)
	slices.SortFunc(sorted, func(a, b ServiceScore) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(name(a), name(b)), cmp.Compare(a.ServiceID, b.ServiceID))
	})
	now := map[int64]ServiceScore{}
	for _, c := range current {
		now[c.ServiceID] = c
	}
	var nowScores []ServiceScore
	records := make([]int, len(sorted))
	missingHidden := false
	for i, s := range sorted {
		r := RankedService{Rank: i + 1, ServiceID: s.ServiceID, Name: name(s), Score: s.Score}
		if i > 0 && s.Score == sorted[i-1].Score {
			r.Rank = rows[i-1].Rank
		}
		rc := Suppress(s.Records)
		r.Records = rc.String()
		if rc.Suppressed {
			r.Missing = WithheldMark
			missingHidden = true
		} else {
			r.Missing = itoa(s.Missing)
		}
		if current != nil {
			if c, ok := now[s.ServiceID]; ok {
				r.Now = &c.Score
				nowScores = append(nowScores, c)
			}
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
	all = RankedService{Name: "All services", Score: combined.Score, Records: total.String(), Missing: itoa(combined.Missing)}
	if missingHidden || total.hidden() {
		all.Missing = WithheldMark
	}
	if current != nil && len(nowScores) > 0 {
		v := Combine(month, nowScores).Score
		all.Now = &v
	}
	return rows, all
}

// ComplianceReportPDF renders the commissioners' monthly compliance report.
func ComplianceReportPDF(w io.Writer, r ComplianceReport) error {
	d := newDocument("Data compliance: "+r.LA, r.Month.Label(), r.GeneratedAt, "")
	d.complianceSection(r.Services, r.ServiceNames, r.Trend, r.Current, r.Month, r.LA)
	d.definitions(r.Definitions, r.Timing)
	return d.finish(w)
}

// definitions prints how the score is counted, so a reader can reproduce
// it without reading code.
func (d *document) definitions(defs []RuleDefinition, timing string) {
	if len(defs) == 0 {
		return
	}
	d.subheading("How the score is counted", 20)
	if timing != "" {
		d.para(timing)
	}
	for _, def := range defs {
		d.subheading(def.Type, 12)
		d.para("Which records count in a month: " + def.Counts)
		for _, f := range def.Fields {
			d.para(f.Label + " counts as missing when: " + f.MissingWhen)
		}
	}
}

// complianceSection is shared by the LA report and the commissioner pack.
func (d *document) complianceSection(scores []ServiceScore, names map[int64]string, trend []TrendPoint, current []ServiceScore, month Month, la string) {
	if len(scores) == 0 {
		d.empty("No records were due for compliance checks in " + la + " in " + month.Label() + ".")
		return
	}
	rows, all := Ranking(scores, names, current)
	d.figures([]figure{
		{"Overall score", percent(all.Score)},
		{"Services", itoa(len(rows))},
		{"Records checked", all.Records},
		{"Lowest score", percent(rows[len(rows)-1].Score)},
	})
	d.para("Score = share of essential fields completed across the records each service is responsible for (CHAIN-style). " +
		"Services get a named list of the records to complete; commissioners see figures only.")
	if current != nil {
		d.para("These are the scores published when " + month.Label() + " closed; they do not change. " +
			"\"Now\" is the same month re-run today, so later corrections show there.")
	}

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
		bars[i] = bar{label: s.Name, value: s.Score, shown: percent(s.Score)}
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
	if current != nil {
		t.cols = append(t.cols, column{title: "Now", width: 18, right: true})
	}
	line := func(rank string, s RankedService) []string {
		row := []string{rank, s.Name, percent(s.Score), s.Records, s.Missing}
		if current != nil {
			row = append(row, nowText(s.Now, percent))
		}
		return row
	}
	for _, s := range rows {
		t.rows = append(t.rows, line(itoa(s.Rank), s))
	}
	t.bold[len(t.rows)] = true
	t.rows = append(t.rows, line("", all))
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

// nowText prints a re-run score, or a dash where the service had no
// records when re-run.
func nowText(v *float64, f func(float64) string) string {
	if v == nil {
		return "–"
	}
	return f(*v)
}

// ComplianceReportCSV writes the same ranking as the PDF, one row per
// service and a final "All services" row, with the same suppression.
// score_now_percent is the month re-run today, empty when the report has
// no re-run (an open month).
func ComplianceReportCSV(w io.Writer, r ComplianceReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "la", "rank", "service", "score_percent", "records", "fields_missing", "score_now_percent"})
	rows, all := Ranking(r.Services, r.ServiceNames, r.Current)
	now := func(s RankedService) string {
		if s.Now == nil {
			return ""
		}
		return score(*s.Now)
	}
	for _, s := range rows {
		cw.Write([]string{r.Month.String(), cellText(r.LA), itoa(s.Rank), cellText(s.Name), score(s.Score), s.Records, s.Missing, now(s)})
	}
	if len(rows) > 0 {
		cw.Write([]string{r.Month.String(), cellText(r.LA), "", all.Name, score(all.Score), all.Records, all.Missing, now(all)})
	}
	cw.Flush()
	return cw.Error()
}
