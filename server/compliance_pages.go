package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

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
