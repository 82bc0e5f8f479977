package reports

import (
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strings"
	"time"
)

// ServiceComplianceReport is one service's compliance for its managers,
// with the named list of records to complete. It holds personal data: the
// caller must only give it to that service's managers (docs/ACCESS.md rule 9).
type ServiceComplianceReport struct {
	Service     string // display name
	Month       Month
	GeneratedAt time.Time
	Score       ServiceScore // the month as it stands now, with the named list
	Trend       []TrendPoint // the service's score, oldest first (optional)
	// Published is the score published when the month closed, if it has:
	// it never changes, so Score shows what has been corrected since.
	Published *ServiceScore
}

func (r ServiceComplianceReport) marking() string {
	return "OFFICIAL-SENSITIVE: personal data for the managers of " + r.Service + " only. Do not forward."
}

// NamedList is the named list in the order a manager works through it
// (and the PDF prints it): by record type, then name, then id.
func (r ServiceComplianceReport) NamedList() []MissingRecord { return r.named() }

// named is the list in the order a manager works through it: by record
// type, then name, then id.
func (r ServiceComplianceReport) named() []MissingRecord {
	c := nameCollator()
	out := slices.Clone(r.Score.Named)
	slices.SortStableFunc(out, func(a, b MissingRecord) int {
		return cmp.Or(cmp.Compare(typeOrder(a.Type), typeOrder(b.Type)), c.CompareString(a.Label, b.Label), cmp.Compare(a.ID, b.ID))
	})
	return out
}

func missingLabels(fs []Field) string {
	ls := make([]string, len(fs))
	for i, f := range fs {
		ls[i] = f.Label
	}
	return strings.Join(ls, "; ")
}

// ServiceComplianceReportPDF renders a service's report with its named list.
func ServiceComplianceReportPDF(w io.Writer, r ServiceComplianceReport) error {
	d := newDocument("Data compliance: "+r.Service, r.Month.Label(), r.GeneratedAt, r.marking())
	s := r.Score
	if p := r.Published; p != nil {
		d.figures([]figure{
			{"Published score", percent(p.Score)},
			{"Score now", percent(s.Score)},
			{"Fields missing now", itoa(s.Missing) + " of " + itoa(s.Required)},
			{"Records to complete", itoa(len(s.Named))},
		})
		d.para("The published score was fixed when " + r.Month.Label() + " closed (" + itoa(p.Missing) + " of " + itoa(p.Required) +
			" essential fields missing across " + itoa(p.Records) + " records) and does not change. " +
			"The score now is the same month re-run today: completing the records below raises it.")
	} else {
		d.figures([]figure{
			{"Score", percent(s.Score)},
			{"Records checked", itoa(s.Records)},
			{"Fields missing", itoa(s.Missing) + " of " + itoa(s.Required)},
			{"Records to complete", itoa(len(s.Named))},
		})
	}
	d.para("Score = share of essential fields completed across the records this service is responsible for. " +
		"Completing the records listed below raises it; the area's commissioners see the score, not this list.")

	if pts := lastN(r.Trend, 12); len(pts) > 1 {
		labels := make([]string, len(pts))
		line := series{name: "Score"}
		for i, p := range pts {
			labels[i] = p.Month.shortLabel()
			line.values = append(line.values, p.Score)
		}
		d.lineChart("Score, last "+itoa(len(pts))+" months", labels, []series{line}, 100, func(v float64) string { return trimFloat(v) + "%" })
	}

	d.heading("Essential fields", 20)
	if len(s.PerField) == 0 {
		d.empty("No records were due for compliance checks in " + r.Month.Label() + ".")
	} else {
		t := table{cols: []column{
			{title: "Record", width: 32},
			{title: "Field"},
			{title: "Missing", width: 20, right: true},
			{title: "Required", width: 20, right: true},
			{title: "Complete", width: 22, right: true},
		}}
		for _, f := range s.PerField {
			t.rows = append(t.rows, []string{RecordTypeLabel(f.Type), f.Label, itoa(f.Missing), itoa(f.Required), percent(percentPresent(f.Required, f.Missing))})
		}
		d.table(t)
	}

	d.heading("Records with missing essential data", 20)
	named := r.named()
	if len(named) == 0 {
		d.empty("No records are missing essential data this month.")
	} else {
		t := table{cols: []column{
			{title: "Name", width: 55},
			{title: "Record", width: 38},
			{title: "Missing"},
		}}
		for _, n := range named {
			t.rows = append(t.rows, []string{n.Label, RecordTypeLabel(n.Type) + " #" + idText(n.ID), missingLabels(n.Missing)})
			t.links = append(t.links, pdfLink(n.Link))
		}
		d.table(t)
	}
	return d.finish(w)
}

// pdfLink keeps only absolute web links: a relative path means nothing
// inside a PDF opened from a download folder.
func pdfLink(s string) string {
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") {
		return s
	}
	return ""
}

// ServiceComplianceReportCSV writes the named list: one row per record.
func ServiceComplianceReportCSV(w io.Writer, r ServiceComplianceReport) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"month", "service", "record_type", "record_id", "name", "missing_fields", "missing_keys", "link"})
	for _, n := range r.named() {
		keys := make([]string, len(n.Missing))
		for i, f := range n.Missing {
			keys[i] = f.Key
		}
		cw.Write([]string{r.Month.String(), cellText(r.Service), n.Type, idText(n.ID), cellText(n.Label),
			cellText(missingLabels(n.Missing)), strings.Join(keys, ";"), cellText(n.Link)})
	}
	cw.Flush()
	return cw.Error()
}
