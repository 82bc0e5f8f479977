package server

import (
	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// personCasework is what the person page shows of the common assessment
// and casework: to services with the full record, the assessments, cases,
// safety plan and consent they may read; to area admins, merge and subject
// access.
type personCasework struct {
	Assessments     []models.Assessment
	Cases           []models.Case
	SafetyPlan      *models.SafetyPlan
	Consents        []models.Consent
	Pathways        []models.Pathway
	Purposes        []models.Option
	CanAssess       bool
	CanOpenCase     bool
	CanWritePlan    bool
	CanConsent      bool
	CanMerge        bool
	CanExport       bool
	OwnRecord       bool
	ServiceType     string
	ProviderService bool
}

// loadCasework fills the person page's casework. Each list goes through
// its own scope, and every read of assessments or a safety plan is
// audited.
func (s *Server) loadCasework(c *gin.Context, a policy.Actor, p *models.Person, fullRecord bool) (*personCasework, error) {
	ctx := c.Request.Context()
	can := func(r policy.Resource) bool { return policy.Can(a, policy.Create, r) }
	cw := &personCasework{Purposes: models.ConsentPurposes,
		CanMerge:  policy.Can(a, policy.Merge, policy.ResourcePerson),
		CanExport: policy.Can(a, policy.Export, policy.ResourcePerson),
		CanAssess: can(policy.ResourceAssessment), CanOpenCase: can(policy.ResourceCase), ServiceType: string(a.ServiceType)}
	if !fullRecord {
		return cw, nil
	}
	cw.OwnRecord = policy.Can(a, policy.Read, policy.ResourceAssessment)
	cw.CanWritePlan, cw.CanConsent = can(policy.ResourceSafetyPlan), can(policy.ResourceConsent)
	var err error
	if cw.Assessments, err = s.store.Assessments(ctx, policy.Assessments(a), p.ID); err != nil {
		return nil, err
	}
	if cw.Cases, err = s.store.Cases(ctx, policy.Cases(a), p.ID); err != nil {
		return nil, err
	}
	if plan, err := s.store.LatestSafetyPlan(ctx, policy.SafetyPlans(a), p.ID); err == nil {
		cw.SafetyPlan = plan
	} else if err != models.ErrNotFound {
		return nil, err
	}
	if cw.Consents, err = s.store.Consents(ctx, policy.Consents(a), p.ID); err != nil {
		return nil, err
	}
	if cw.CanOpenCase {
		all, err := s.store.Pathways(ctx)
		if err != nil {
			return nil, err
		}
		for _, pw := range all {
			if pw.Definition.OpenableBy(a.ServiceType) {
				cw.Pathways = append(cw.Pathways, pw)
			}
		}
	}
	if len(cw.Assessments) > 0 {
		if err := s.auditRead(c, models.AuditReadAssessments, "person", p.ID); err != nil {
			return nil, err
		}
	}
	if cw.SafetyPlan != nil {
		if err := s.auditRead(c, models.AuditReadSafetyPlan, "person", p.ID); err != nil {
			return nil, err
		}
	}
	return cw, nil
}
