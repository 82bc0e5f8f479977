package reports

import (
	"io"
	"time"
)

// RecordDocument is a person's record laid out for print: "my record",
// gone through with the person, and the subject access export. It takes
// plain values; what goes in is decided by the caller's access scopes.
type RecordDocument struct {
	Title     string
	Period    string // what the record covers, e.g. "everything held up to 3 Mar 2026"
	Generated time.Time
	Marking   string // handling caveat in every footer
	Sections  []RecordSection
}

// RecordSection is one titled part: labelled facts, dated entries (notes,
// history) and paragraphs, or the Empty text when it has none.
type RecordSection struct {
	Heading    string
	Intro      string
	Facts      []RecordFact
	Entries    []RecordEntry
	Paragraphs []string
	Empty      string
}

// RecordFact is a label and its value.
type RecordFact struct{ Label, Value string }

// RecordEntry is a dated entry: who and when (Meta), then the text.
type RecordEntry struct{ Meta, Body string }

// RecordPDF renders the document. Long text wraps and flows across pages;
// an entry's heading line is never left alone at the foot of a page.
func RecordPDF(w io.Writer, doc RecordDocument) error {
	d := newDocument(doc.Title, doc.Period, doc.Generated, doc.Marking)
	for _, s := range doc.Sections {
		d.heading(s.Heading, 14)
		if s.Intro != "" {
			d.note(s.Intro)
		}
		if len(s.Facts) == 0 && len(s.Entries) == 0 && len(s.Paragraphs) == 0 {
			if s.Empty != "" {
				d.empty(s.Empty)
			}
			continue
		}
		for _, f := range s.Facts {
			d.fact(f.Label, f.Value)
		}
		for _, p := range s.Paragraphs {
			d.para(p)
		}
		for _, e := range s.Entries {
			d.need(14)
			d.pdf.SetFont(family, "B", 8.5)
			d.pdf.SetTextColor(60, 60, 60)
			d.pdf.MultiCell(0, 4.2, e.Meta, "", "L", false)
			d.body()
			d.pdf.MultiCell(0, lineH, e.Body, "", "L", false)
			d.pdf.Ln(1.5)
		}
	}
	return d.finish(w)
}

// fact prints a label in a left column and its (wrapping) value beside it.
func (d *document) fact(label, value string) {
	const labelW = 62.0
	p := d.pdf
	lines := d.wrap(value, d.width()-labelW)
	d.need(float64(len(lines))*lineH + 1)
	y, page := p.GetY(), p.PageNo()
	p.SetFont(family, "B", bodySize)
	p.SetTextColor(70, 70, 70)
	p.MultiCell(labelW-2, lineH, label, "", "L", false)
	labelEnd := p.GetY()
	p.SetXY(pageMargin+labelW, y)
	d.body()
	p.MultiCell(d.width()-labelW, lineH, value, "", "L", false)
	if p.PageNo() == page && labelEnd > p.GetY() {
		p.SetY(labelEnd)
	}
	p.Ln(0.8)
}
