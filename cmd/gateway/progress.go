package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// bar is a progress bar for long runs, drawn on standard error when it is
// a terminal (or when asked), at most ten times a second.
type bar struct {
	mu      sync.Mutex
	w       io.Writer
	on      bool
	started time.Time
	last    time.Time
	drawn   bool
	what    string // what is counted; "reading records" unless set
}

func newBar(w io.Writer, mode string) *bar {
	on := mode == "always"
	if mode == "auto" {
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			on = true
		}
	}
	return &bar{w: w, on: on, started: time.Now()}
}

// update draws done of total records read.
func (b *bar) update(done, total int64) {
	if b == nil || !b.on {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if now := time.Now(); now.Sub(b.last) < 100*time.Millisecond && done < total {
		return
	} else {
		b.last = now
	}
	const width = 30
	pct := int64(100)
	if total > 0 {
		pct = min(100, done*100/total)
	}
	fill := int(pct) * width / 100
	what := b.what
	if what == "" {
		what = "reading records"
	}
	fmt.Fprintf(b.w, "\r  %s [%s%s] %3d%% %s/%s  %s ", what, strings.Repeat("=", fill), strings.Repeat(" ", width-fill),
		pct, thousands(done), thousands(total), time.Since(b.started).Round(100*time.Millisecond))
	b.drawn = true
}

// fn is update when the bar is drawn, nil otherwise: counting the records
// first costs a query, worth it only when someone watches.
func (b *bar) fn() func(done, total int64) {
	if b == nil || !b.on {
		return nil
	}
	return b.update
}

// finish ends the bar's line.
func (b *bar) finish() {
	if b != nil && b.on && b.drawn {
		fmt.Fprintln(b.w)
	}
}

// thousands prints 1000000 as 1,000,000.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
