package server

import (
	"bytes"
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// gapRow is one line of the gaps report as a commissioner may see it: the
// count suppressed below 5 (rule 9).
type gapRow struct {
	LA     string `json:"la"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	Need   string `json:"need"`
	Group  string `json:"target_group"`
	Times  string `json:"times"`

	shown int
}

type gapsPage struct {
	From  string   `json:"from"`
	To    string   `json:"to"`
	Rows  []gapRow `json:"rows"`
	Note  string   `json:"note"`
	Query string   `json:"-"`
}

// gapReason says a gap event's reason in words.
func gapReason(kind, reason string) string {
	if kind == models.GapDecline {
		return models.LabelOf(models.DeclineReasons, reason)
	}
	gap, rule, _ := strings.Cut(reason, ":")
	switch gap {
	case matching.GapNoVacancy:
		return "Eligible services were full"
	case matching.GapNoEligibleService:
		if rule != "" {
			return "No eligible service (most often: " + ruleLabel(rule) + ")"
		}
		return "No eligible service"
	}
	return reason
}

func gapNeed(k string) string {
	switch k {
	case "not_assessed":
		return "Not assessed"
	case "none_recorded":
		return "No support need recorded"
	}
	return matching.TermLabel(matching.Needs, k)
}

func gapGroup(k string) string {
	if k == "none" {
		return "No target group"
	}
	return matching.TermLabel(matching.Groups, k)
}

// gapsReport is GET /reports/gaps?from=YYYY-MM&to=YYYY-MM (format=csv for
// a download): declined referrals and failed matches by reason, need,
// target group and LA, for the commissioner's LAs. Aggregates only; any
// count under 5 is shown as <5, and no totals are printed beside them.
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
		events[i] = reports.GapEvent{Kind: e.Kind, Reason: gapReason(e.Kind, e.Reason), Need: gapNeed(e.Need), Group: gapGroup(e.TargetGroup), LA: la, At: e.At.In(london)}
	}
	rows := reports.Gaps(events, from, to)
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
		for i := range rows {
			rows[i].Kind = reports.GapKindLabel(rows[i].Kind)
		}
		var buf bytes.Buffer
		if err := reports.GapsCSV(&buf, rows); err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="gaps-`+from.String()+`-to-`+to.String()+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
		return
	}
	pg := gapsPage{From: from.String(), To: to.String(), Rows: []gapRow{},
		Note:  "Counts under " + strconv.Itoa(reports.Threshold) + " are shown as " + reports.SuppressedMark + ". Referrals to or from confidential services are not counted.",
		Query: "from=" + from.String() + "&to=" + to.String()}
	for _, r := range rows {
		cnt := reports.Suppress(r.Events)
		pg.Rows = append(pg.Rows, gapRow{LA: r.LA, Kind: reports.GapKindLabel(r.Kind), Reason: r.Reason, Need: r.Need, Group: r.Group, Times: cnt.String(), shown: cnt.N})
	}
	// As in the CSV: shown counts largest first, suppressed rows after by
	// name, so the order says nothing about the hidden values.
	slices.SortStableFunc(pg.Rows, func(x, y gapRow) int {
		return cmp.Or(cmp.Compare(x.LA, y.LA), cmp.Compare(x.Kind, y.Kind), cmp.Compare(y.shown, x.shown),
			cmp.Compare(x.Reason, y.Reason), cmp.Compare(x.Need, y.Need), cmp.Compare(x.Group, y.Group))
	})
	s.respond(c, http.StatusOK, "gaps", pg)
}
