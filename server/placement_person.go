package server

import (
	"context"

	"gateway/reports"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// placementPanel is the person page's placement card: this service's
// referrals about the person (sent or received), the placements the
// reader may see, and the ways in to matching and referring.
type placementPanel struct {
	PersonID   int64
	Referrals  []referralView
	Placements []models.Placement
	CanMatch   bool
	CanRefer   bool
	Consented  bool
}

// Shown reports whether the card has anything to show.
func (p *placementPanel) Shown() bool {
	return p != nil && (p.CanMatch || p.CanRefer || len(p.Referrals) > 0 || len(p.Placements) > 0)
}

// placementPanel builds the card; fullRecord says whether the reader's
// service works with the person (matching and referring need that).
func (s *Server) placementPanel(c *gin.Context, personID int64, fullRecord bool) (*placementPanel, error) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pp := &placementPanel{PersonID: personID}
	refs, _, err := s.store.Referrals(ctx, policy.Referrals(a), models.ReferralFilter{PersonID: personID, Limit: 20})
	if err != nil {
		return nil, err
	}
	now := s.now()
	for _, r := range refs {
		pp.Referrals = append(pp.Referrals, viewReferral(a, r, now))
	}
	if pp.Placements, _, err = s.store.Placements(ctx, policy.Placements(a), models.PlacementFilter{PersonID: personID, Limit: 20}); err != nil {
		return nil, err
	}
	if fullRecord {
		pp.CanMatch = policy.Can(a, policy.Read, policy.ResourceMatch)
		pp.CanRefer = policy.Can(a, policy.Create, policy.ResourceReferral)
		if pp.CanRefer {
			if pp.Consented, err = s.store.HasConsent(ctx, policy.Consents(a), personID, models.ConsentShareAssessment); err != nil {
				return nil, err
			}
		}
	}
	return pp, nil
}

// referralNotice writes a referral notification for its reader: which
// service, and a link to the referral (which only the two services may
// open).
func (s *Server) referralNotice(ctx context.Context, nt *notice) {
	other := "another service"
	if nt.OtherServiceID != nil {
		if sv, err := s.store.Service(ctx, *nt.OtherServiceID); err == nil {
			other = sv.Name
		}
	}
	switch nt.Kind {
	case models.NoticeReferralReceived:
		nt.Text = "New referral from " + other + "."
	case models.NoticeReferralAccepted:
		nt.Text = other + " accepted your referral."
	case models.NoticeReferralDeclined:
		nt.Text = other + " declined your referral."
	case models.NoticeReferralWithdrawn:
		nt.Text = other + " withdrew its referral."
	case models.NoticeReferralExpired:
		nt.Text = "A referral between your service and " + other + " expired without a decision."
	}
	if nt.RefID != nil {
		nt.Href = referralURL(*nt.RefID)
	}
}

// placementSections are a subject access export's referrals and
// placements (never a confidential service's: policy.SubjectAccess).
func placementSections(r *models.SubjectAccessRecord) []reports.RecordSection {
	refs := reports.RecordSection{Heading: "Referrals", Empty: "None."}
	for _, x := range r.Referrals {
		body := "Status: " + x.Status
		if x.DeclineReason != "" {
			body += " (" + models.LabelOf(models.DeclineReasons, x.DeclineReason) + ")"
		}
		if x.Message != "" {
			body += "\n" + x.Message
		}
		refs.Entries = append(refs.Entries, reports.RecordEntry{Meta: day(x.CreatedAt) + " · " + x.FromServiceName + " to " + x.ToServiceName, Body: body})
	}
	places := reports.RecordSection{Heading: "Placements", Empty: "None."}
	for _, p := range r.Placements {
		v := "from " + day(p.StartedAt)
		if p.MoveOnDate != nil {
			v += " to " + p.MoveOnDate.Time().Format("2 Jan 2006") + ": " + models.LabelOf(models.MoveOnReasons, p.MoveOnReason) +
				", moved on to " + models.LabelOf(models.MoveOnDestinations, p.MoveOnDestination)
		}
		places.Facts = append(places.Facts, reports.RecordFact{Label: p.ServiceName, Value: v})
	}
	return []reports.RecordSection{refs, places}
}
