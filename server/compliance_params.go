package server

import (
	"errors"
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
