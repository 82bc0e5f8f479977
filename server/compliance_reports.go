package server

import (
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// reportFormat reads ?format=, pdf unless csv is allowed and asked for.
func reportFormat(c *gin.Context, csv bool) (string, error) {
	switch f := c.DefaultQuery("format", "pdf"); {
	case f == "pdf":
		return f, nil
	case f == "csv" && csv:
		return f, nil
	case csv:
		return "", models.Invalid("format", "must be pdf or csv")
	default:
		return "", models.Invalid("format", "must be pdf")
	}
}

// complianceReport is GET /reports/compliance?month=&la=&format=pdf|csv:
// the LA's monthly compliance report, for commissioners (their LAs) and
// area admins.
func (s *Server) complianceReport(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	if aud := audienceOf(a); aud != audienceCommissioner && aud != audienceAreaAdmin {
		s.forbid(c, models.AuditExportComplianceReport, "report", 0, "for commissioners and area admins only", nil)
		return
	}
	m, err := s.monthParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	la, ok := s.laParam(c, a, c.Query("la"), models.AuditExportComplianceReport)
	if !ok {
		return
	}
	format, err := reportFormat(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.reporter().ComplianceReport(ctx, a, m, la, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditExportComplianceReport, ObjectType: "report", Reason: reportReason(m, la) + " " + format}); err != nil {
		s.fail(c, err)
		return
	}
	name := "compliance-all-" + m.String()
	if la != nil {
		name = "compliance-" + slug(la.Code) + "-" + m.String()
	}
	s.sendWritten(c, name, format, func(w io.Writer) error { return app.WriteComplianceReport(w, rep, format) })
}

// commissionerPack is GET /reports/pack?la=&month=: the commissioner pack
// as a PDF, for commissioners (of that LA) and area admins (any LA). A
// commissioner of one LA may leave la out. Its sections read through
// commissioners' aggregate scopes: an area admin's pack reads as a
// commissioner of every LA (policy.AreaAggregates), as gateway report pack
// does, so it too holds counts only, never a name.
func (s *Server) commissionerPack(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	if audienceOf(a) == audienceAreaAdmin {
		las, err := s.store.LAs(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		ids := make([]int64, len(las))
		for i, la := range las {
			ids[i] = la.ID
		}
		a = s.pol.AreaAggregates(a, ids)
	}
	if audienceOf(a) != audienceCommissioner {
		s.forbid(c, models.AuditExportCommissionerPack, "report", 0, "for commissioners and area admins only",
			refusal("The commissioner pack is made for commissioners and area admins, from aggregates."))
		return
	}
	m, err := s.monthParam(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if _, err := reportFormat(c, false); err != nil {
		s.fail(c, err)
		return
	}
	laCode := c.Query("la")
	if laCode == "all" { // a county commissioner's pack over all their LAs
		s.countyPack(c, a, m)
		return
	}
	if laCode == "" && len(a.LAs) == 1 {
		laCode = strconv.FormatInt(a.LAs[0], 10)
	}
	if laCode == "" {
		s.fail(c, models.Invalid("la", "choose a local authority, or all of yours for the county pack"))
		return
	}
	la, ok := s.laParam(c, a, laCode, models.AuditExportCommissionerPack)
	if !ok {
		return
	}
	p, err := s.reporter().Pack(ctx, a, m, la, nil)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditExportCommissionerPack, ObjectType: "report", Reason: reportReason(m, la)}); err != nil {
		s.fail(c, err)
		return
	}
	s.sendWritten(c, "pack-"+slug(la.Code)+"-"+m.String(), "pdf", func(w io.Writer) error { return reports.CommissionerPackPDF(w, p) })
}

// countyPack is GET /reports/pack?la=all: one PDF over every local
// authority the commissioner covers (an area admin: every LA), the
// county's totals first, then each authority's sections with the same
// suppression as its own pack (reports.CountyPackPDF).
func (s *Server) countyPack(c *gin.Context, a policy.Actor, m reports.Month) {
	ctx := c.Request.Context()
	var packs []reports.Pack
	var names []string
	for _, id := range a.LAs {
		la, err := s.store.LA(ctx, id)
		if err != nil {
			s.fail(c, err)
			return
		}
		p, err := s.reporter().Pack(ctx, a, m, la, nil)
		if err != nil {
			s.fail(c, err)
			return
		}
		packs = append(packs, p)
		names = append(names, la.Name)
	}
	if len(packs) == 0 {
		s.fail(c, models.Invalid("la", "you cover no local authority"))
		return
	}
	sort.SliceStable(packs, func(i, j int) bool { return packs[i].LAName < packs[j].LAName })
	sort.Strings(names)
	if err := s.audit(c, models.AuditEvent{Action: models.AuditExportCommissionerPack, ObjectType: "report", Reason: "county pack " + m.String()}); err != nil {
		s.fail(c, err)
		return
	}
	county := strings.Join(names, ", ")
	if len(names) > 3 {
		county = strconv.Itoa(len(names)) + " local authorities"
	}
	s.sendWritten(c, "pack-county-"+m.String(), "pdf", func(w io.Writer) error { return reports.CountyPackPDF(w, county, packs) })
}
