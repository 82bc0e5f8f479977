package server

import (
	"errors"
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

// reporter is the compliance and report engine over the server's store
// and clock.
func (s *Server) reporter() *app.Reporter {
	// Reports read on the read replica when there is one (models.Store.Replica).
	return &app.Reporter{Store: s.store.Replica(), Primary: s.store, Now: s.now, Log: s.log, ReturnerGapMonths: s.returnerGap()}
}

// earliestMonth is as far back as compliance goes: before it, Gateway held
// no records.
var earliestMonth = reports.Month{Year: 2000, Month: 1}

// monthParam reads ?month=YYYY-MM; the default is the last closed month.
// A month that has not begun yet is refused.
func (s *Server) monthParam(c *gin.Context) (reports.Month, error) {
	now := s.reporter().CurrentMonth()
	v := strings.TrimSpace(c.Query("month"))
	if v == "" {
		return now.Prev(), nil
	}
	m, err := reports.ParseMonth(v)
	switch {
	case err != nil:
		return m, models.Invalid("month", "must be a month like "+now.Prev().String())
	case m.After(now):
		return m, models.Invalid("month", "has not begun yet; the latest is "+now.String())
	case m.Before(earliestMonth):
		return m, models.Invalid("month", "must be "+earliestMonth.String()+" or later")
	}
	return m, nil
}

// laParam reads ?la= as an LA code or id; nil means every LA the caller
// may see. Commissioners may name only their own LAs: another is a refused
// read of action, audited as denied. When it reports false it has
// answered the request.
func (s *Server) laParam(c *gin.Context, a policy.Actor, v, action string) (*models.LocalAuthority, bool) {
	ctx := c.Request.Context()
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, true
	}
	var la *models.LocalAuthority
	var err error
	if id, perr := strconv.ParseInt(v, 10, 64); perr == nil {
		la, err = s.store.LA(ctx, id)
	} else {
		la, err = s.store.LAByCode(ctx, v)
	}
	if errors.Is(err, models.ErrNotFound) {
		s.fail(c, models.Invalid("la", "no local authority has this code"))
		return nil, false
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	if !policy.Can(a, policy.ReadAll, policy.ResourceCompliance) && !a.CoversLA(la.ID) {
		s.forbid(c, action, "local_authority", la.ID, "not one of the caller's local authorities",
			models.Invalid("la", "is not one of your local authorities"))
		return nil, false
	}
	return la, true
}

// complianceAudience is what kind of compliance reader the actor is.
type complianceAudience int

const (
	audienceNone         complianceAudience = iota
	audienceManager                         // their own service, with the named list
	audienceCommissioner                    // their LAs' services, aggregates only
	audienceAreaAdmin                       // every service, no names
)

func audienceOf(a policy.Actor) complianceAudience {
	switch {
	case policy.Can(a, policy.ReadAll, policy.ResourceCompliance):
		return audienceAreaAdmin
	case policy.Can(a, policy.Read, policy.ResourceReport):
		return audienceCommissioner
	case policy.Can(a, policy.Read, policy.ResourceCompliance):
		return audienceManager
	}
	return audienceNone
}

// monthChoices are the months a reader may pick: this month so far and
// the 24 before it.
func (s *Server) monthChoices(selected reports.Month) []monthChoice {
	now := s.reporter().CurrentMonth()
	var out []monthChoice
	for i := 0; i <= 24; i++ {
		m := now.Add(-i)
		label := m.Label()
		if i == 0 {
			label += " (so far)"
		}
		out = append(out, monthChoice{Value: m.String(), Label: label, Selected: m == selected})
	}
	return out
}

type monthChoice struct {
	Value, Label string
	Selected     bool
}

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
