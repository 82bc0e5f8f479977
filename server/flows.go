package server

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// flowRow is one month and LA of the flows report as a commissioner sees
// it: every count suppressed below 5, the total withheld if any part is.
type flowRow struct {
	Month        string `json:"month"`
	MonthLabel   string `json:"-"`
	LAID         int64  `json:"la_id"`
	LA           string `json:"la"`
	New          string `json:"new"`
	Returner     string `json:"returner"`
	LongTerm     string `json:"long_term"`
	Intermittent string `json:"intermittent"`
	People       string `json:"people"`
}

type flowsPage struct {
	From        string                  `json:"from"`
	To          string                  `json:"to"`
	GapMonths   int                     `json:"returner_gap_months"`
	Rows        []flowRow               `json:"rows"`
	LAs         []models.LocalAuthority `json:"-"`
	LAID        int64                   `json:"-"`
	Definitions map[string]string       `json:"definitions"`
	Errors      models.FieldErrors      `json:"-"`
}

// flowDefinitions say what each column means, on the page and in the API.
func flowDefinitions(gap int) map[string]string {
	return map[string]string{
		"new":          "Seen rough sleeping for the first time anywhere in the area this month.",
		"returner":     "Seen before in the area, but not in the " + strconv.Itoa(gap) + " months before this one.",
		"long_term":    "Seen in at least 3 of the last 12 months (this one included), and not a returner.",
		"intermittent": "Everyone else seen this month: seen before recently, but not yet long-term.",
		"people":       "Everyone seen in the LA this month; withheld (*) when a part is under 5.",
	}
}

// flows is the flows report (page, GET /api/v1/reports/flows, and CSV with
// format=csv): people seen rough sleeping per month in each of the
// commissioner's LAs, split new / returner / long-term / intermittent
// (CHAIN and the Ending Rough Sleeping Data Framework). History is the
// whole area's, since "new" means new to the area's streets.
func (s *Server) flows(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pg := flowsPage{GapMonths: s.returnerGap(), Rows: []flowRow{}}
	errs := models.FieldErrors{}
	now := reports.MonthOf(s.now().In(models.London))
	to, from := now, now.Add(-11)
	if v := c.Query("to"); v != "" {
		m, err := reports.ParseMonth(v)
		if err != nil {
			errs.Add("to", "must be a month like 2026-10")
		}
		to = m
	}
	from = to.Add(-11)
	if v := c.Query("from"); v != "" {
		m, err := reports.ParseMonth(v)
		if err != nil {
			errs.Add("from", "must be a month like 2026-10")
		}
		from = m
	}
	if _, asked := c.GetQuery("gap"); asked {
		// Refused rather than ignored, so a client does not take the
		// server's window for the one it asked for.
		errs.Add("gap", "cannot be chosen per report: the returner window is the area's setting (now "+
			strconv.Itoa(pg.GapMonths)+" months), the same for every report, since two windows side by side would give away the people last seen between them")
	}
	if len(errs) == 0 && to.Before(from) {
		errs.Add("to", "must not be before from")
	}
	if len(errs) == 0 && to.Since(from) >= 60 {
		errs.Add("from", "the report covers at most 60 months")
	}
	laIDs := a.LAs
	if v := c.Query("la_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		switch {
		case err != nil:
			errs.Add("la_id", "choose one of your local authorities")
		case !a.CoversLA(id):
			// Another LA is a refused read, not a typo: the page offers
			// only the caller's own.
			s.forbid(c, models.AuditReadFlows, "local_authority", id, "not one of the caller's local authorities",
				models.Invalid("la_id", "choose one of your local authorities"))
			return
		default:
			laIDs, pg.LAID = []int64{id}, id
		}
	}
	las, err := s.store.LAs(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	names := map[int64]string{}
	for _, la := range las {
		names[la.ID] = la.Name
		if a.CoversLA(la.ID) {
			pg.LAs = append(pg.LAs, la)
		}
	}
	if len(errs) > 0 {
		if isAPI(c) || c.Query("format") == "csv" {
			s.fail(c, errs)
			return
		}
		// The form again with what was typed and the errors under their
		// fields, and no figures: default months beside an error would
		// read as the answer to the question asked.
		pg.Errors, pg.From, pg.To, pg.Definitions = errs, c.Query("from"), c.Query("to"), flowDefinitions(pg.GapMonths)
		s.html(c, http.StatusUnprocessableEntity, "flows", pg)
		return
	}
	pg.From, pg.To, pg.Definitions = from.String(), to.String(), flowDefinitions(pg.GapMonths)
	var sightings []reports.Sighting
	q := models.FlowQuery{LAIDs: laIDs, From: from.Start(time.UTC), Until: to.Start(time.UTC)}
	err = s.store.Replica().FlowSightings(ctx, policy.StreetContactCellHistory(a), q, func(f models.FlowSighting) {
		sightings = append(sightings, reports.Sighting{PersonKey: strconv.FormatInt(f.PersonID, 10),
			LA: strconv.FormatInt(f.LAID, 10), At: f.Month.Add(12 * time.Hour)})
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	var kept []reports.FlowRow
	for _, r := range reports.Flows(sightings, from, to, pg.GapMonths) {
		id, _ := strconv.ParseInt(r.LA, 10, 64)
		if !slices.Contains(laIDs, id) {
			continue // classified with the area's history, shown only for the caller's LAs
		}
		kept = append(kept, reports.FlowRow{Month: r.Month, LA: names[id], New: r.New, Returner: r.Returner, LongTerm: r.LongTerm, Intermittent: r.Intermittent})
		label := r.Month.Label()
		if r.Month == now {
			// The month is not over: its figures will grow, and without
			// saying so it reads as a collapse.
			label += " (so far)"
		}
		pg.Rows = append(pg.Rows, flowRow{Month: r.Month.String(), MonthLabel: label, LAID: id, LA: names[id],
			New: reports.Suppress(r.New).String(), Returner: reports.Suppress(r.Returner).String(),
			LongTerm: reports.Suppress(r.LongTerm).String(), Intermittent: reports.Suppress(r.Intermittent).String(),
			People: reports.TotalOf(r.New, r.Returner, r.LongTerm, r.Intermittent).String()})
	}
	if c.Query("format") == "csv" {
		var buf bytes.Buffer
		if err := reports.FlowsCSV(&buf, kept); err != nil {
			s.fail(c, err)
			return
		}
		if err := s.audit(c, models.AuditEvent{Action: models.AuditExport, ObjectType: "flows", Reason: pg.From + ".." + pg.To}); err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Content-Disposition", `attachment; filename="flows-`+strings.ReplaceAll(pg.From+"-to-"+pg.To, "/", "")+`.csv"`)
		c.Data(http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
		return
	}
	s.respond(c, http.StatusOK, "flows", pg)
}

// returnerGap is the flows' returner window: the server's setting
// (Config.ReturnerGapMonths), one for every report and the pack.
func (s *Server) returnerGap() int {
	if s.cfg.ReturnerGapMonths > 0 {
		return s.cfg.ReturnerGapMonths
	}
	return reports.DefaultReturnerGapMonths
}
