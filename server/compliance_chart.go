package server

import (
	"fmt"
	"html"
	"html/template"
	"strconv"
	"strings"

	"gateway/reports"
)

// trendChart is a small line chart of scores (0-100%) drawn as inline
// SVG by the template: no script, no style attribute, so the CSP holds.
type trendChart struct {
	Width, Height      int
	Left, Right        int // plot area, x
	Top, Bottom        int // plot area, y
	Line               string
	Dots               []chartDot
	Ticks              []chartTick
	Summary            string // what a screen reader hears
	First, Last, Label string
	LastScore, Minimum string
}

type chartDot struct {
	X, Y         int
	Label, Value string
}

type chartTick struct {
	Y     int
	Label string
}

// newTrendChart lays out the points; nil when there is nothing to draw.
func newTrendChart(pts []reports.TrendPoint) *trendChart {
	if len(pts) == 0 {
		return nil
	}
	ch := &trendChart{Width: 640, Height: 220, Left: 44, Right: 624, Top: 12, Bottom: 188}
	span := pts[len(pts)-1].Month.Since(pts[0].Month)
	x := func(m reports.Month) int {
		if span == 0 {
			return (ch.Left + ch.Right) / 2
		}
		return ch.Left + (ch.Right-ch.Left)*m.Since(pts[0].Month)/span
	}
	y := func(v float64) int { return ch.Bottom - int(float64(ch.Bottom-ch.Top)*v/100+0.5) }
	for _, t := range []float64{0, 25, 50, 75, 100} {
		ch.Ticks = append(ch.Ticks, chartTick{Y: y(t), Label: strconv.Itoa(int(t)) + "%"})
	}
	var line []string
	low := 100.0
	for _, p := range pts {
		d := chartDot{X: x(p.Month), Y: y(p.Score), Label: p.Month.Label(), Value: strconv.FormatFloat(p.Score, 'f', 1, 64) + "%"}
		ch.Dots = append(ch.Dots, d)
		line = append(line, strconv.Itoa(d.X)+","+strconv.Itoa(d.Y))
		low = min(low, p.Score)
	}
	ch.Line = strings.Join(line, " ")
	first, last := ch.Dots[0], ch.Dots[len(ch.Dots)-1]
	ch.First, ch.Last = pts[0].Month.Label(), pts[len(pts)-1].Month.Label()
	ch.LastScore, ch.Minimum = last.Value, strconv.FormatFloat(low, 'f', 1, 64)+"%"
	ch.Summary = "Score from " + first.Label + " (" + first.Value + ") to " + last.Label + " (" + last.Value + "), lowest " + ch.Minimum + "."
	return ch
}

// SVG draws the chart. Every text in it is a month name or a figure,
// escaped all the same.
func (ch *trendChart) SVG() template.HTML {
	if ch == nil {
		return ""
	}
	var b strings.Builder
	esc := html.EscapeString
	fmt.Fprintf(&b, `<svg class="trend" viewBox="0 0 %d %d" role="img" aria-label="%s">`, ch.Width, ch.Height, esc(ch.Summary))
	for _, t := range ch.Ticks {
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%d" x2="%d" y2="%d"/>`, ch.Left, t.Y, ch.Right, t.Y)
		fmt.Fprintf(&b, `<text class="tick" x="%d" y="%d" text-anchor="end">%s</text>`, ch.Left-6, t.Y+4, esc(t.Label))
	}
	if len(ch.Dots) > 1 {
		fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, esc(ch.Line))
	}
	for i, d := range ch.Dots {
		fmt.Fprintf(&b, `<circle class="dot" cx="%d" cy="%d" r="4"><title>%s: %s</title></circle>`, d.X, d.Y, esc(d.Label), esc(d.Value))
		if i == 0 || i == len(ch.Dots)-1 || len(ch.Dots) <= 6 {
			anchor := "middle"
			switch {
			case i == 0 && len(ch.Dots) > 1:
				anchor = "start"
			case i == len(ch.Dots)-1 && len(ch.Dots) > 1:
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text class="month" x="%d" y="%d" text-anchor="%s">%s</text>`, d.X, ch.Bottom+20, anchor, esc(d.Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
