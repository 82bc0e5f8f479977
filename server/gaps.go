package server

import (
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// gapsPage is the gaps report as a commissioner may see it (rule 9): per
// kind, the people it happened to and each breakdown on its own, made safe
// by reports.GapPeople.View (no figure under 5 shown or implied).
type gapsPage struct {
	From  string    `json:"from"`
	To    string    `json:"to"`
	Kinds []gapKind `json:"kinds"`
	Note  string    `json:"note"`
	Query string    `json:"-"`
}

// gapKind is declines or failed matches: the people ("<5" below 5, and
// then no breakdowns) and the breakdowns by reason, need, target group and
// LA, each adding up to the people.
type gapKind struct {
	Kind       string     `json:"kind"`
	Label      string     `json:"label"`
	People     string     `json:"people"`
	Breakdowns []gapTable `json:"breakdowns"`
}

type gapTable struct {
	By    string    `json:"by"`
	Title string    `json:"title"`
	Rows  []gapLine `json:"rows"`
}

// gapLine is one value and its people; a pooled line lists the values
// counted together in Pooled instead.
type gapLine struct {
	Value  string   `json:"value"`
	People string   `json:"people"`
	Pooled []string `json:"pooled,omitempty"`
}

// gapsReport is GET /reports/gaps?from=YYYY-MM&to=YYYY-MM (format=csv for
// a download): the people whose referrals were declined and the people the
// matcher found no service for, each by reason, by need, by target group
// and by LA, for the commissioner's LAs. Aggregates of people only, each
// person once (rule 9): see reports.Gaps and reports.GapPeople.View.
func (s *Server) gapsReport(c *gin.Context) {
	a, _ := actorOf(c)
	now := s.now().In(london)
	to := reports.MonthOf(now)
	from := to.Add(-2)
	var err error
	if v := c.Query("from"); v != "" {
		if from, err = reports.ParseMonth(v); err != nil {
			s.fail(c, models.Invalid("from", "must be a month like 2026-10"))
			return
		}
	}
	if v := c.Query("to"); v != "" {
		if to, err = reports.ParseMonth(v); err != nil {
			s.fail(c, models.Invalid("to", "must be a month like 2026-10"))
			return
		}
	}
	if to.Before(from) {
		s.fail(c, models.Invalid("to", "is before from"))
		return
	}
	if from.Add(24).Before(to) {
		s.fail(c, models.Invalid("from", "a report covers at most 24 months"))
		return
	}
	start := time.Date(from.Year, from.Month, 1, 0, 0, 0, 0, london)
	end := time.Date(to.Next().Year, to.Next().Month, 1, 0, 0, 0, 0, london)
	evs, err := s.store.GapEvents(c.Request.Context(), policy.GapEvents(a), start, end)
	if err != nil {
		s.fail(c, err)
		return
	}
	events := make([]reports.GapEvent, len(evs))
	for i, e := range evs {
		la := e.LAName
		if la == "" {
			la = "Not known"
		}
		events[i] = app.GapEventOf(e, la)
	}
	kinds := reports.Gaps(events, from, to)
	export := c.Query("format") == "csv"
	action := "read_gaps_report"
	if export {
		action = "export_gaps_report"
	}
	if err := s.audit(c, models.AuditEvent{Action: action, ObjectType: "report", Reason: from.String() + " to " + to.String()}); err != nil {
		s.fail(c, err)
		return
	}
	if export {
		s.sendWritten(c, "gaps-"+from.String()+"-to-"+to.String(), "csv", func(w io.Writer) error { return reports.GapsCSV(w, kinds) })
		return
	}
	pg := gapsPage{From: from.String(), To: to.String(), Kinds: []gapKind{},
		Note: "Each person counts once, under their latest decline or failed match in these months, so every breakdown adds up to the people. " +
			"Fewer than " + strconv.Itoa(reports.Threshold) + " people are shown as " + reports.SuppressedMark + ", with no breakdown; " + reports.GapPooledNote +
			" Referrals to or from confidential services are not counted." +
			" A person is counted in the LA of their local connection; with none, where they were last met on the street, else where the service that ranked or declined them is.",
		Query: "from=" + from.String() + "&to=" + to.String()}
	for _, g := range kinds {
		v := g.View()
		k := gapKind{Kind: v.Kind, Label: reports.GapKindLabel(v.Kind), People: v.People.String(), Breakdowns: []gapTable{}}
		for _, t := range v.Tables {
			gt := gapTable{By: t.By, Title: reports.GapDimensionLabel(t.By), Rows: []gapLine{}}
			for _, l := range t.Lines {
				line := gapLine{Value: l.Value, People: reports.Suppress(l.People).String(), Pooled: l.Pooled}
				if l.Pooled != nil {
					line.Value = reports.GapOtherLabel
				}
				gt.Rows = append(gt.Rows, line)
			}
			k.Breakdowns = append(k.Breakdowns, gt)
		}
		pg.Kinds = append(pg.Kinds, k)
	}
	s.respond(c, http.StatusOK, "gaps", pg)
}
