package reports

import (
	"math"
	"strconv"
)

// Charts are drawn with PDF primitives, not images, so they stay sharp and
// searchable. A suppressed value is never drawn to scale: it gets a fixed
// hatched (bar) or hollow (line) marker labelled "<5".

// palette is Okabe–Ito, distinguishable with the common colour-vision
// deficiencies.
var palette = [][3]int{{0, 114, 178}, {230, 159, 0}, {0, 158, 115}, {204, 121, 167}, {86, 180, 233}, {213, 94, 0}}

type bar struct {
	label      string
	value      float64
	shown      string // printed at the end of the bar
	suppressed bool
}

// maxBars is as many bars as fit one page: a chart is never split.
const maxBars = 30

// barChart draws horizontal bars, which leave room for long service names.
// top is the scale's maximum, or 0 to fit the data. Callers keep to maxBars;
// any more are dropped.
func (d *document) barChart(title string, bars []bar, top float64) {
	if len(bars) == 0 {
		return
	}
	bars = bars[:min(len(bars), maxBars)]
	p := d.pdf
	defer d.noPageBreaks()()
	const barH, gap, valueW = 4.6, 1.6, 16.0
	labelW := min(62, d.width()*0.38)
	plotW := d.width() - labelW - valueW
	height := 7 + float64(len(bars))*(barH+gap) + 8
	d.need(height)
	d.chartTitle(title)
	if top <= 0 {
		for _, b := range bars {
			if !b.suppressed {
				top = max(top, b.value)
			}
		}
	}
	ticks := niceTicks(max(top, Threshold))
	scaleMax := ticks[len(ticks)-1]
	x0, y0 := pageMargin+labelW, p.GetY()
	plotH := float64(len(bars)) * (barH + gap)

	// grid and axis labels
	p.SetFont(family, "", 7)
	p.SetTextColor(90, 90, 90)
	for _, t := range ticks {
		x := x0 + plotW*t/scaleMax
		p.SetDrawColor(225, 225, 225)
		p.Line(x, y0, x, y0+plotH)
		p.SetXY(x-8, y0+plotH+0.8)
		p.CellFormat(16, 3.5, trimFloat(t), "", 0, "C", false, 0, "")
	}
	p.SetDrawColor(120, 120, 120)
	p.Line(x0, y0, x0, y0+plotH)

	c := palette[0]
	for i, b := range bars {
		y := y0 + float64(i)*(barH+gap) + gap/2
		p.SetFont(family, "", 7.5)
		p.SetTextColor(0, 0, 0)
		p.SetXY(pageMargin, y)
		p.CellFormat(labelW-1.5, barH, d.fit(b.label, labelW-2.5), "", 0, "R", false, 0, "")
		end := x0
		if b.suppressed {
			d.hatched(x0, y, 4, barH)
			end = x0 + 4
		} else if b.value > 0 {
			w := plotW * b.value / scaleMax
			p.SetFillColor(c[0], c[1], c[2])
			p.Rect(x0, y, w, barH, "F")
			end = x0 + w
		}
		shown := b.shown
		if b.suppressed {
			shown = SuppressedMark
		}
		p.SetXY(end+1, y)
		p.CellFormat(valueW, barH, shown, "", 0, "L", false, 0, "")
	}
	d.body()
	p.SetXY(pageMargin, y0+plotH+6)
	if anySuppressed(bars) {
		d.note("Hatched marker: fewer than 5, suppressed and not drawn to scale.")
	}
	p.Ln(2)
}

func anySuppressed(bars []bar) bool {
	for _, b := range bars {
		if b.suppressed {
			return true
		}
	}
	return false
}

// hatched is the marker for a suppressed value: a fixed-size, dashed box
// with diagonal lines, the same whatever the true count.
func (d *document) hatched(x, y, w, h float64) {
	p := d.pdf
	p.SetDrawColor(110, 110, 110)
	p.SetLineWidth(0.15)
	p.ClipRect(x, y, w, h, false)
	for off := -h; off < w; off += 1.1 {
		p.Line(x+off, y+h, x+off+h, y)
	}
	p.ClipEnd()
	p.SetDashPattern([]float64{0.8, 0.5}, 0)
	p.Rect(x, y, w, h, "D")
	p.SetDashPattern([]float64{}, 0)
	p.SetLineWidth(0.2)
	p.SetDrawColor(0, 0, 0)
}

type series struct {
	name       string
	values     []float64
	suppressed []bool // parallel to values; nil when nothing is suppressed
}

// lineChart draws one line per series over the x labels (months). Lines are
// broken at suppressed points, which sit on the axis as hollow markers.
func (d *document) lineChart(title string, xLabels []string, ss []series, top float64, yFormat func(float64) string) {
	if len(xLabels) == 0 || len(ss) == 0 {
		return
	}
	p := d.pdf
	defer d.noPageBreaks()()
	const plotH, axisW = 55.0, 14.0
	d.need(7 + plotH + 22)
	d.chartTitle(title)
	if top <= 0 {
		for _, s := range ss {
			for i, v := range s.values {
				if !(i < len(s.suppressed) && s.suppressed[i]) {
					top = max(top, v)
				}
			}
		}
	}
	ticks := niceTicks(max(top, Threshold))
	scaleMax := ticks[len(ticks)-1]
	x0, y0 := pageMargin+axisW, p.GetY()+2
	plotW := d.width() - axisW - 4
	base := y0 + plotH
	step := plotW / float64(len(xLabels))
	xAt := func(i int) float64 { return x0 + step*(float64(i)+0.5) }
	yAt := func(v float64) float64 { return base - plotH*v/scaleMax }

	p.SetFont(family, "", 7)
	p.SetTextColor(90, 90, 90)
	for _, t := range ticks {
		p.SetDrawColor(225, 225, 225)
		p.Line(x0, yAt(t), x0+plotW, yAt(t))
		p.SetXY(pageMargin, yAt(t)-1.75)
		p.CellFormat(axisW-1.5, 3.5, yFormat(t), "", 0, "R", false, 0, "")
	}
	p.SetDrawColor(120, 120, 120)
	p.Line(x0, base, x0+plotW, base)
	for i, l := range xLabels {
		p.SetXY(xAt(i)-step/2, base+1)
		p.CellFormat(step, 3.5, d.fit(l, step), "", 0, "C", false, 0, "")
	}

	anyHidden := false
	for si, s := range ss {
		c := palette[si%len(palette)]
		p.SetDrawColor(c[0], c[1], c[2])
		p.SetFillColor(c[0], c[1], c[2])
		p.SetLineWidth(0.5)
		hidden := func(i int) bool { return i < len(s.suppressed) && s.suppressed[i] }
		for i, v := range s.values {
			if i >= len(xLabels) {
				break
			}
			if hidden(i) {
				anyHidden = true
				p.SetLineWidth(0.3)
				p.Circle(xAt(i)+float64(si)*1.2-float64(len(ss)-1)*0.6, base-1.3, 0.9, "D")
				p.SetLineWidth(0.5)
				continue
			}
			if i > 0 && !hidden(i-1) {
				p.Line(xAt(i-1), yAt(s.values[i-1]), xAt(i), yAt(v))
			}
			p.Circle(xAt(i), yAt(v), 0.8, "F")
		}
	}
	if anyHidden {
		p.SetFont(family, "", 6.5)
		p.SetTextColor(60, 60, 60)
		for i := range xLabels {
			for _, s := range ss {
				if i < len(s.suppressed) && s.suppressed[i] {
					p.SetXY(xAt(i)-5, base-6)
					p.CellFormat(10, 3, SuppressedMark, "", 0, "C", false, 0, "")
					break
				}
			}
		}
	}

	// legend
	p.SetLineWidth(0.2)
	y := base + 6
	x := x0
	p.SetFont(family, "", 7.5)
	p.SetTextColor(0, 0, 0)
	if len(ss) > 1 {
		for si, s := range ss {
			c := palette[si%len(palette)]
			w := p.GetStringWidth(s.name) + 10
			if x+w > pageMargin+d.width() {
				x, y = x0, y+4.5
			}
			p.SetDrawColor(c[0], c[1], c[2])
			p.SetLineWidth(0.6)
			p.Line(x, y+1.8, x+5, y+1.8)
			p.SetLineWidth(0.2)
			p.SetXY(x+6, y)
			p.CellFormat(w-6, 3.6, s.name, "", 0, "L", false, 0, "")
			x += w + 2
		}
		y += 5
	}
	d.body()
	p.SetXY(pageMargin, y)
	if anyHidden {
		d.note("Hollow marker on the axis: fewer than 5, suppressed and not drawn to scale; the line is broken there.")
	}
	p.Ln(2)
}

func (d *document) chartTitle(title string) {
	d.pdf.SetFont(family, "B", 9)
	d.pdf.CellFormat(0, 6, title, "", 1, "L", false, 0, "")
	d.body()
}

// niceTicks gives 0 and round steps up to at least top (1, 2, 2.5 or 5 × 10^k).
func niceTicks(top float64) []float64 {
	raw := top / 4
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	var ts []float64
	for i := 0; len(ts) == 0 || ts[len(ts)-1] < top; i++ {
		ts = append(ts, float64(i)*step)
	}
	return ts
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
