package reports

import "strings"

// column of a table. A zero width shares out what the fixed columns leave.
type column struct {
	title string
	width float64 // mm
	right bool    // numbers read best right-aligned
}

// table is a grid that breaks across pages, repeating its header row.
type table struct {
	cols  []column
	rows  [][]string
	links []string // optional: a URL per row, linked from the row's first cell
	bold  map[int]bool
	note  string // footnote, kept on the page of the last row
}

const (
	cellPad   = 1.2 // mm either side of cell text
	cellLineH = 4.2 // mm per wrapped line
	maxLines  = 6   // a cell wraps to at most this many lines, then "…"
	tableSize = 8.5 // pt
)

func (d *document) widths(cols []column) []float64 {
	ws := make([]float64, len(cols))
	fixed, flex := 0.0, 0
	for i, c := range cols {
		ws[i] = c.width
		fixed += c.width
		if c.width == 0 {
			flex++
		}
	}
	if flex > 0 {
		share := (d.width() - fixed) / float64(flex)
		for i := range ws {
			if ws[i] == 0 {
				ws[i] = share
			}
		}
	}
	return ws
}

// table draws t. A row is never split: if it does not fit it moves to a new
// page, which gets the column headings again.
func (d *document) table(t table) {
	p := d.pdf
	ws := d.widths(t.cols)
	p.SetFont(family, "", tableSize)
	p.SetCellMargin(cellPad)
	headH := d.rowHeight(headerCells(t.cols), ws, true)
	first := 0.0
	if len(t.rows) > 0 {
		first = d.rowHeight(t.rows[0], ws, false)
	}
	d.need(headH + first)
	d.tableRow(t.cols, ws, headerCells(t.cols), headH, true, false, "")
	for i, r := range t.rows {
		h := d.rowHeight(r, ws, t.bold[i])
		need := h
		if i == len(t.rows)-1 {
			need += d.noteHeight(t.note) // a footnote alone on a page reads as a stray
		}
		if d.room() < need {
			p.AddPage()
			p.SetFont(family, "", tableSize)
			d.tableRow(t.cols, ws, headerCells(t.cols), headH, true, false, "")
		}
		link := ""
		if i < len(t.links) {
			link = t.links[i]
		}
		d.tableRow(t.cols, ws, r, h, t.bold[i], i%2 == 1, link)
	}
	d.body()
	if t.note != "" {
		p.Ln(1)
		d.note(t.note)
	}
	p.Ln(2)
}

func (d *document) noteHeight(text string) float64 {
	if text == "" {
		return 0
	}
	d.pdf.SetFont(family, "", 7.5)
	h := float64(len(d.pdf.SplitText(text, d.width())))*3.8 + 3
	d.pdf.SetFont(family, "", tableSize)
	return h
}

func headerCells(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.title
	}
	return out
}

func (d *document) rowHeight(texts []string, ws []float64, bold bool) float64 {
	d.rowFont(bold)
	lines := 1
	for i, s := range texts {
		if i < len(ws) {
			lines = max(lines, len(d.wrap(s, ws[i])))
		}
	}
	return float64(lines)*cellLineH + 1.6
}

func (d *document) rowFont(bold bool) {
	if bold {
		d.pdf.SetFont(family, "B", tableSize)
	} else {
		d.pdf.SetFont(family, "", tableSize)
	}
}

// wrap splits s to lines no wider than w, at most maxLines.
func (d *document) wrap(s string, w float64) []string {
	if s == "" {
		return []string{""}
	}
	var lines []string
	for _, para := range strings.Split(s, "\n") {
		if para == "" {
			lines = append(lines, "")
			continue
		}
		lines = append(lines, d.pdf.SplitText(para, w)...)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = d.fit(lines[maxLines-1]+" …", w-2*cellPad)
	}
	return lines
}

func (d *document) tableRow(cols []column, ws []float64, cells []string, h float64, bold, shade bool, link string) {
	p := d.pdf
	x, y := pageMargin, p.GetY()
	switch {
	case bold && shade:
		p.SetFillColor(225, 231, 238)
	case bold:
		p.SetFillColor(218, 226, 236)
	case shade:
		p.SetFillColor(246, 246, 246)
	}
	if bold || shade {
		p.Rect(x, y, d.width(), h, "F")
	}
	d.rowFont(bold)
	for i, c := range cols {
		text := ""
		if i < len(cells) {
			text = cells[i]
		}
		align := "L"
		if c.right {
			align = "R"
		}
		for j, line := range d.wrap(text, ws[i]) {
			p.SetXY(x, y+0.8+float64(j)*cellLineH)
			p.CellFormat(ws[i], cellLineH, line, "", 0, align, false, 0, "")
		}
		if i == 0 && link != "" {
			p.LinkString(x, y, ws[i], h, link)
		}
		x += ws[i]
	}
	p.SetDrawColor(200, 200, 200)
	p.Line(pageMargin, y+h, pageMargin+d.width(), y+h)
	p.SetDrawColor(0, 0, 0)
	p.SetXY(pageMargin, y+h)
}
