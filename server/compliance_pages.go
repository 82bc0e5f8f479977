package server

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// The compliance pages: the overview of every service a caller may see,
// and one service's page with its downloads.

// complianceOverview is GET /compliance and /api/v1/compliance: each
// service's score for a month, ranked, as the caller may see them
// (docs/ACCESS.md rule 9): commissioners the non-confidential services of
// their LAs, area admins all, managers their own. Never a name; records
// below 5 are suppressed.
type complianceOverview struct {
	Month        string                  `json:"month"`
	MonthLabel   string                  `json:"month_label"`
	Closed       bool                    `json:"closed"`
	LA           *laRef                  `json:"la"`
	RulesVersion int                     `json:"rules_version"`
	Published    []int                   `json:"published_rules_versions,omitempty"`
	Services     []reports.RankedService `json:"services"`
	All          *reports.RankedService  `json:"all,omitempty"`
	Trend        []trendPoint            `json:"trend"`
	Note         string                  `json:"note"`

	Chart     *trendChart             `json:"-"`
	Months    []monthChoice           `json:"-"`
	LAs       []models.LocalAuthority `json:"-"`
	ExportQS  string                  `json:"-"`
	CanPack   bool                    `json:"-"`
	SingleLA  bool                    `json:"-"`
	Audience  complianceAudience      `json:"-"`
	ManagerOf int64                   `json:"-"`
}

type laRef struct {
	ID   int64  `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
}

type trendPoint struct {
	Month string  `json:"month"`
	Score float64 `json:"score"`
}

func trendPoints(pts []reports.TrendPoint) []trendPoint {
	out := make([]trendPoint, len(pts))
	for i, p := range pts {
		out[i] = trendPoint{Month: p.Month.String(), Score: p.Score}
	}
	return out
}

// suppressionNote says what the marks mean, under every aggregate table.
const suppressionNote = "Records below 5 are shown as <5, and fields missing beside them and totals that would reveal them as *. " +
	"Confidential services (refuges, sex-work projects) are reported to their own managers and the area team only."

func (s *Server) complianceOverview(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	aud := audienceOf(a)
	if aud == audienceNone {
		s.forbid(c, models.AuditReadCompliance, "report", 0, "no compliance audience for this role", nil)
		return
	}
	m, err := s.monthParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if aud == audienceManager && !isAPI(c) {
		c.Redirect(http.StatusSeeOther, "/services/"+strconv.FormatInt(a.ServiceID, 10)+"/compliance?month="+m.String())
		return
	}
	la, ok := s.laParam(c, a, c.Query("la"), models.AuditReadCompliance)
	if !ok {
		return
	}
	q := app.MonthQuery{Month: m, By: a.UserID}
	pg := complianceOverview{Month: m.String(), MonthLabel: m.Label(), Services: []reports.RankedService{}, Trend: []trendPoint{},
		Note: suppressionNote, Audience: aud, Months: s.monthChoices(m)}
	if la != nil {
		q.LA = la.ID
		pg.LA = &laRef{la.ID, la.Code, la.Name}
	}
	res, trend, err := s.reporter().MonthWithTrend(ctx, a, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditReadCompliance, ObjectType: "report", Reason: reportReason(m, la)}); err != nil {
		s.fail(c, err)
		return
	}
	pg.Closed, pg.RulesVersion = res.Closed, res.RulesVersion
	seen := map[int]bool{}
	for _, p := range res.Published {
		if !seen[p.RulesVersion] {
			seen[p.RulesVersion] = true
			pg.Published = append(pg.Published, p.RulesVersion)
		}
	}
	if rows, all := reports.Ranking(res.Headline(), res.Names(), res.Rerun()); len(rows) > 0 {
		pg.Services, pg.All = rows, &all
	}
	pg.Trend = trendPoints(trend)
	pg.Chart = newTrendChart(trend)
	pg.ExportQS = "month=" + m.String()
	if la != nil {
		pg.ExportQS += "&la=" + la.Code
	}
	pg.LAs, err = s.complianceLAs(c, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg.SingleLA = len(pg.LAs) == 1
	pg.CanPack = la != nil || pg.SingleLA
	s.respond(c, http.StatusOK, "compliance", pg)
}

// complianceLAs are the LAs the caller may choose between.
func (s *Server) complianceLAs(c *gin.Context, a policy.Actor) ([]models.LocalAuthority, error) {
	all, err := s.store.LAs(c.Request.Context())
	if err != nil || policy.Can(a, policy.ReadAll, policy.ResourceCompliance) {
		return all, err
	}
	var out []models.LocalAuthority
	for _, la := range all {
		if a.CoversLA(la.ID) {
			out = append(out, la)
		}
	}
	return out, nil
}

func reportReason(m reports.Month, la *models.LocalAuthority) string {
	if la == nil {
		return m.String()
	}
	return m.String() + " " + la.Code
}

// serviceCompliance is GET /services/:id/compliance (and the API's): one
// service's score for a month. Its managers get the named list of records
// missing essential data, each linked to where it is fixed, and may
// download it (?format=pdf|csv); area admins get the counts and the
// per-field breakdown; commissioners get what their ranking shows. Anyone
// else, and everyone for a service they may not see, gets the same 404 as
// for a service that does not exist.
type serviceCompliance struct {
	Service      serviceRef         `json:"service"`
	Month        string             `json:"month"`
	MonthLabel   string             `json:"month_label"`
	Closed       bool               `json:"closed"`
	RulesVersion int                `json:"rules_version"`
	Published    *scoreView         `json:"published,omitempty"`
	Now          *scoreView         `json:"now"`
	PerField     []fieldView        `json:"per_field,omitempty"`
	Trend        []trendPoint       `json:"trend"`
	Named        []namedRecord      `json:"named,omitempty"`
	NamedPager   *Pager             `json:"named_pager,omitempty"`
	Note         string             `json:"note"`
	Chart        *trendChart        `json:"-"`
	Months       []monthChoice      `json:"-"`
	CanNamed     bool               `json:"-"`
	Query        string             `json:"-"`
	Types        []reports.Field    `json:"-"`
	Audience     complianceAudience `json:"-"`
}

type serviceRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// scoreView is a score as the reader may see it: records suppressed below
// 5 for commissioners, with the counts that would give them back withheld.
type scoreView struct {
	Score        float64 `json:"score"`
	Records      string  `json:"records"`
	Required     string  `json:"fields_required,omitempty"`
	Missing      string  `json:"fields_missing"`
	RulesVersion int     `json:"rules_version"`
	PublishedAt  string  `json:"published_at,omitempty"`
}

type fieldView struct {
	Type     string  `json:"type"`
	Key      string  `json:"key"`
	Label    string  `json:"label"`
	Required int     `json:"required"`
	Missing  int     `json:"missing"`
	Complete float64 `json:"complete_percent"`
}

type namedRecord struct {
	Type    string   `json:"type"`
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Link    string   `json:"link"`
	Missing []string `json:"missing"`
}

// namedPageSize is how many records of the named list a page shows.
const namedPageSize = 100

func scoreViewOf(s reports.ServiceScore, exact bool, rulesVersion int) *scoreView {
	v := &scoreView{Score: s.Score, RulesVersion: rulesVersion}
	if exact {
		v.Records, v.Required, v.Missing = strconv.Itoa(s.Records), strconv.Itoa(s.Required), strconv.Itoa(s.Missing)
		return v
	}
	rc := reports.Suppress(s.Records)
	v.Records, v.Missing = rc.String(), strconv.Itoa(s.Missing)
	if rc.Suppressed {
		v.Missing = reports.WithheldMark
	}
	return v
}

func (s *Server) serviceCompliance(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	id, ok := idParam(c, "id")
	var sv *models.Service
	var err error
	if ok {
		sv, err = s.store.Service(ctx, id)
	}
	if !ok || err != nil || !policy.Can(a, policy.Read, policy.ServiceCompliance{ServiceID: sv.ID, Confidential: sv.Confidential, LAIDs: sv.LAIDs}) {
		reason := "missing"
		if ok && err == nil {
			reason = "hidden"
		}
		s.auditDenied(c, models.AuditReadCompliance, "service", id, reason)
		s.notFound(c)
		return
	}
	m, err := s.monthParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	own := policy.Can(a, policy.Record, policy.ServiceCompliance{ServiceID: sv.ID, Confidential: sv.Confidential, LAIDs: sv.LAIDs})
	format := c.Query("format")
	switch format {
	case "", "html", "json":
	case "pdf", "csv":
		if !own {
			s.forbid(c, models.AuditExportComplianceList, "service", sv.ID, "named list for the service's managers only",
				refusal("A service's compliance report lists people by name, so only that service's managers may download it."))
			return
		}
	default:
		s.fail(c, models.Invalid("format", "must be pdf or csv"))
		return
	}
	q := app.MonthQuery{Month: m, Service: sv.ID, Named: own, By: a.UserID}
	res, trend, err := s.reporter().MonthWithTrend(ctx, a, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	// The named list is a read of people's names: audited, and not shown
	// if the audit cannot be written.
	action := "read_compliance"
	switch {
	case format == "pdf" || format == "csv":
		action = "export_compliance_list"
	case own:
		action = "read_compliance_list"
	}
	if err := s.auditRead(c, action, "service", sv.ID); err != nil {
		s.fail(c, err)
		return
	}
	current := res.CurrentOf(sv.ID)
	if current == nil {
		current = &reports.ServiceScore{ServiceID: sv.ID, Month: m, Score: 100}
	}
	if format == "pdf" || format == "csv" {
		s.sendServiceReport(c, sv, res, *current, trend, format)
		return
	}

	aud := audienceOf(a)
	// Area admins get exact counts, except of a confidential service's
	// records, which only its own managers see unsuppressed.
	exact := own || (aud == audienceAreaAdmin && !sv.Confidential)
	pg := serviceCompliance{Service: serviceRef{sv.ID, sv.Name}, Month: m.String(), MonthLabel: m.Label(), Closed: res.Closed,
		RulesVersion: res.RulesVersion, Now: scoreViewOf(*current, exact, res.RulesVersion), Trend: trendPoints(trend),
		Chart: newTrendChart(trend), Months: s.monthChoices(m), CanNamed: own, Query: "month=" + m.String(), Audience: aud}
	if !exact {
		pg.Note = suppressionNote
	}
	if p := res.PublishedOf(sv.ID); p != nil {
		pg.Published = scoreViewOf(p.ServiceScore, exact, p.RulesVersion)
		pg.Published.PublishedAt = p.PublishedAt.In(london).Format("2 Jan 2006 15:04")
	}
	if exact {
		// The per-field breakdown beside the records count would let a
		// commissioner work a suppressed count back, so only managers and
		// area admins get it.
		pg.PerField = []fieldView{}
		for _, f := range current.PerField {
			pg.PerField = append(pg.PerField, fieldView{Type: reports.RecordTypeLabel(f.Type), Key: f.Key, Label: f.Label,
				Required: f.Required, Missing: f.Missing, Complete: completePercent(f.Required, f.Missing)})
		}
	}
	if own {
		limit, offset, n := page(c, namedPageSize)
		named := sortedNamed(*current)
		pg.NamedPager = &Pager{Page: n, Size: limit, Total: int64(len(named))}
		pg.Named = []namedRecord{}
		for _, r := range named[min(offset, len(named)):min(offset+limit, len(named))] {
			nr := namedRecord{Type: reports.RecordTypeLabel(r.Type), ID: r.ID, Name: r.Label, Link: r.Link}
			if nr.Name == "" {
				nr.Name = nr.Type + " (record " + strconv.FormatInt(r.ID, 10) + ")"
			}
			for _, f := range r.Missing {
				nr.Missing = append(nr.Missing, f.Label)
			}
			pg.Named = append(pg.Named, nr)
		}
	}
	s.respond(c, http.StatusOK, "service_compliance", pg)
}

func completePercent(required, missing int) float64 {
	if required == 0 {
		return 100
	}
	return float64(int(1000*float64(required-missing)/float64(required)+0.5)) / 10
}

// sortedNamed is the named list in the order the PDF prints it.
func sortedNamed(s reports.ServiceScore) []reports.MissingRecord {
	r := reports.ServiceComplianceReport{Score: s}
	return r.NamedList()
}

// sendServiceReport answers ?format=pdf|csv with the service's report
// and its named list, for the service's managers.
func (s *Server) sendServiceReport(c *gin.Context, sv *models.Service, res *app.MonthResult, current reports.ServiceScore, trend []reports.TrendPoint, format string) {
	r := reports.ServiceComplianceReport{Service: sv.Name, Month: res.Month, GeneratedAt: s.now().In(london), Score: current, Trend: trend}
	if p := res.PublishedOf(sv.ID); p != nil {
		pub := p.ServiceScore
		r.Published = &pub
	}
	base := strings.TrimRight(s.baseURL(c), "/")
	for i := range r.Score.Named {
		if r.Score.Named[i].Link != "" {
			r.Score.Named[i].Link = base + r.Score.Named[i].Link
		}
	}
	write := reports.ServiceComplianceReportPDF
	if format == "csv" {
		write = reports.ServiceComplianceReportCSV
	}
	s.sendWritten(c, "compliance-"+slug(sv.Name)+"-"+res.Month.String(), format, func(w io.Writer) error { return write(w, r) })
}
