package reports

import (
	_ "embed"
	"io"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

// DejaVu covers Latin (Łukasz, Zoë, Ștefan), Greek and Cyrillic, which is
// what names in the area's records need; the core PDF fonts cover none of it.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const (
	family     = "dejavu"
	pageMargin = 15.0 // mm, left/right/top
	footSpace  = 16.0 // mm kept clear at the foot of each page
	bodySize   = 9.0  // pt
	lineH      = 4.6  // mm per line of body text
)

// document is an A4 report page set: embedded font, a header with title,
// period and generated time on every page, and "Page n of N" in the footer.
type document struct {
	pdf     *fpdf.Fpdf
	title   string
	period  string
	stamp   string
	marking string // handling caveat printed in the footer, if any
}

// newDocument starts a report. generated is passed in rather than read from
// the clock so the same inputs give the same bytes.
func newDocument(title, period string, generated time.Time, marking string) *document {
	p := fpdf.New("P", "mm", "A4", "")
	d := &document{pdf: p, title: title, period: period, marking: marking,
		stamp: generated.Format("2 Jan 2006 15:04 MST")}
	p.SetCompression(true)
	p.SetCatalogSort(true)
	p.SetCreationDate(generated)
	p.SetModificationDate(generated)
	p.SetTitle(title, true)
	p.SetCreator("Gateway", false)
	p.AddUTF8FontFromBytes(family, "", fontRegular)
	p.AddUTF8FontFromBytes(family, "B", fontBold)
	p.SetMargins(pageMargin, pageMargin, pageMargin)
	p.SetAutoPageBreak(true, footSpace)
	p.AliasNbPages("{nb}")
	p.SetHeaderFunc(d.header)
	p.SetFooterFunc(d.footer)
	p.AddPage()
	return d
}

func (d *document) header() {
	p := d.pdf
	p.SetTextColor(0, 0, 0)
	p.SetFont(family, "B", 13)
	p.CellFormat(0, 7, d.title, "", 1, "L", false, 0, "")
	p.SetFont(family, "", 8.5)
	p.SetTextColor(80, 80, 80)
	p.CellFormat(d.width()/2, 5, "Period: "+d.period, "", 0, "L", false, 0, "")
	p.CellFormat(0, 5, "Generated "+d.stamp, "", 1, "R", false, 0, "")
	y := p.GetY() + 1
	p.SetDrawColor(150, 150, 150)
	p.SetLineWidth(0.3)
	p.Line(pageMargin, y, pageMargin+d.width(), y)
	p.SetY(y + 4)
	d.body()
}

func (d *document) footer() {
	p := d.pdf
	p.SetY(-12)
	p.SetFont(family, "", 7.5)
	p.SetTextColor(80, 80, 80)
	if d.marking != "" {
		p.CellFormat(d.width()*0.75, 5, d.marking, "", 0, "L", false, 0, "")
	}
	p.SetX(pageMargin)
	p.CellFormat(0, 5, "Page "+itoa(p.PageNo())+" of {nb}", "", 0, "R", false, 0, "")
}

func (d *document) body() {
	d.pdf.SetFont(family, "", bodySize)
	d.pdf.SetTextColor(0, 0, 0)
	d.pdf.SetDrawColor(0, 0, 0)
	d.pdf.SetLineWidth(0.2)
}

// width is the printable width of a page.
func (d *document) width() float64 {
	w, _ := d.pdf.GetPageSize()
	return w - 2*pageMargin
}

// room is how much height is left above the footer.
func (d *document) room() float64 {
	_, h := d.pdf.GetPageSize()
	return h - footSpace - d.pdf.GetY()
}

// need starts a new page unless h mm are left, so a block is never split.
func (d *document) need(h float64) {
	if d.room() < h {
		d.pdf.AddPage()
	}
}

// noPageBreaks stops fpdf breaking pages while a chart is drawn: the chart
// has already made room, and a break halfway through would scatter it over
// blank pages. Call the result to restore breaking.
func (d *document) noPageBreaks() func() {
	d.pdf.SetAutoPageBreak(false, footSpace)
	return func() { d.pdf.SetAutoPageBreak(true, footSpace) }
}

// heading starts a section; keepWith is the height of what must follow it on
// the same page (a table header and first rows, a chart).
func (d *document) heading(text string, keepWith float64) {
	d.pdf.Ln(2)
	d.need(9 + keepWith)
	d.pdf.SetFont(family, "B", 11.5)
	d.pdf.CellFormat(0, 7, text, "", 1, "L", false, 0, "")
	d.pdf.Bookmark(text, 0, -1)
	d.body()
	d.pdf.Ln(1)
}

func (d *document) subheading(text string, keepWith float64) {
	d.need(7 + keepWith)
	d.pdf.SetFont(family, "B", 9.5)
	d.pdf.CellFormat(0, 6, text, "", 1, "L", false, 0, "")
	d.body()
}

func (d *document) para(text string) {
	d.body()
	d.pdf.MultiCell(0, lineH, text, "", "L", false)
	d.pdf.Ln(1)
}

// note is small grey text, for footnotes under tables and charts.
func (d *document) note(text string) {
	d.pdf.SetFont(family, "", 7.5)
	d.pdf.SetTextColor(80, 80, 80)
	d.pdf.MultiCell(0, 3.8, text, "", "L", false)
	d.body()
	d.pdf.Ln(1)
}

// empty says plainly that a section has nothing to show, so a blank space is
// never mistaken for a rendering fault.
func (d *document) empty(text string) {
	d.need(12)
	p := d.pdf
	p.SetFillColor(243, 243, 243)
	p.SetTextColor(70, 70, 70)
	p.MultiCell(0, 8, text, "", "L", true)
	d.body()
	p.Ln(2)
}

// figure is one headline number.
type figure struct{ label, value string }

// figures prints headline numbers as a row of boxes.
func (d *document) figures(fs []figure) {
	if len(fs) == 0 {
		return
	}
	p := d.pdf
	d.need(18)
	gap := 3.0
	w := (d.width() - gap*float64(len(fs)-1)) / float64(len(fs))
	x0, y := pageMargin, p.GetY()
	p.SetFillColor(240, 244, 248)
	for i, f := range fs {
		x := x0 + float64(i)*(w+gap)
		p.Rect(x, y, w, 15, "F")
		p.SetXY(x+2, y+1.5)
		p.SetFont(family, "", 7.5)
		p.SetTextColor(70, 70, 70)
		p.CellFormat(w-4, 4, d.fit(f.label, w-4), "", 0, "L", false, 0, "")
		p.SetXY(x+2, y+6)
		p.SetFont(family, "B", 13)
		p.SetTextColor(0, 0, 0)
		value := f.value
		if value == WithheldMark {
			value += " withheld" // a lone asterisk reads as a glitch
		}
		p.CellFormat(w-4, 7, value, "", 0, "L", false, 0, "")
	}
	d.body()
	p.SetXY(pageMargin, y+18)
}

// fit shortens text with an ellipsis to fit w mm in the current font.
func (d *document) fit(text string, w float64) string {
	if d.pdf.GetStringWidth(text) <= w {
		return text
	}
	r := []rune(text)
	for len(r) > 0 && d.pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// finish writes the PDF; any drawing error fpdf collected surfaces here.
func (d *document) finish(w io.Writer) error {
	return d.pdf.Output(w)
}
