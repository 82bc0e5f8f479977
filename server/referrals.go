package server

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// referralView is a referral as one of its two services sees it.
type referralView struct {
	models.Referral
	Direction    string                `json:"direction"` // "in" (received) or "out" (sent)
	DeclineLabel string                `json:"decline_reason_label,omitempty"`
	Snapshot     *app.ReferralSnapshot `json:"snapshot,omitempty"`
}

func viewReferral(a policy.Actor, r models.Referral, now time.Time) referralView {
	v := referralView{Referral: r, Direction: "out"}
	if r.ToServiceID == a.ServiceID {
		v.Direction = "in"
	}
	v.Status = r.ShownStatus(now)
	if r.DeclineReason != "" {
		v.DeclineLabel = models.LabelOf(models.DeclineReasons, r.DeclineReason)
	}
	return v
}

// Pending reports whether the referral still waits for a decision.
func (v referralView) Pending() bool { return v.Status == models.ReferralSent }

type referralListPage struct {
	Box       string         `json:"box"`
	Status    string         `json:"status"`
	Referrals []referralView `json:"referrals"`
	Pager     Pager          `json:"pager"`
	Statuses  []string       `json:"-"`
}

// listReferrals is GET /referrals: the actor's service's referrals
// received (box=in, the default) or sent (box=out).
func (s *Server) listReferrals(c *gin.Context) {
	a, _ := actorOf(c)
	pg := referralListPage{Box: c.DefaultQuery("box", "in"), Status: c.Query("status"), Statuses: models.ReferralStatuses, Referrals: []referralView{}}
	f := models.ReferralFilter{Status: pg.Status}
	switch pg.Box {
	case "in":
		f.ToService = a.ServiceID
	case "out":
		f.FromService = a.ServiceID
	default:
		s.fail(c, models.Invalid("box", "must be in or out"))
		return
	}
	if pg.Status != "" && !contains(models.ReferralStatuses, pg.Status) {
		s.fail(c, models.Invalid("status", "must be one of sent, accepted, declined, withdrawn, expired"))
		return
	}
	limit, offset, n := page(c, 25)
	f.Limit, f.Offset = limit, offset
	refs, total, err := s.store.Referrals(c.Request.Context(), policy.Referrals(a), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	now := s.now()
	for _, r := range refs {
		pg.Referrals = append(pg.Referrals, viewReferral(a, r, now))
	}
	pg.Pager = Pager{Page: n, Size: limit, Total: total}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditListReferrals, ObjectType: "referral", Reason: pg.Box + ": " + strconv.FormatInt(total, 10) + " referrals"}); err != nil {
		s.fail(c, err) // a read is not answered unless its audit event is written
		return
	}
	s.respond(c, http.StatusOK, "referrals", pg)
}

func jsonString(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// referralToSettle starts a handler that settles the referral in the path
// (accepts, declines or withdraws it): the referral must be in the actor's
// scope and still waiting (findReferral), and the form is read into in.
// False means it has answered.
func (s *Server) referralToSettle(c *gin.Context, scope func(policy.Actor) models.Scope, action string, in any) (policy.Actor, *models.Referral, bool) {
	a, _ := actorOf(c)
	r, ok := s.findReferral(c, scope(a), action, s.referralSettled(a))
	if !ok {
		return a, nil, false
	}
	if err := bind(c, in); err != nil {
		s.decideFail(c, r.ID, err)
		return a, nil, false
	}
	return a, r, true
}

// findReferral loads a referral through scope; a miss is audited as
// denied and answered with the one 404.
func (s *Server) findReferral(c *gin.Context, scope models.Scope, action string, why whyNot) (*models.Referral, bool) {
	return findScoped(s, c, "referral", action, s.store.Referral, scope, why)
}

type referralPage struct {
	Referral       referralView      `json:"referral"`
	CanDecide      bool              `json:"can_decide"`
	CanWithdraw    bool              `json:"can_withdraw"`
	Placement      *models.Placement `json:"placement,omitempty"`
	Vacancies      []models.Vacancy  `json:"-"`
	DeclineReasons []models.Option   `json:"-"`
	ToService      *models.Service   `json:"-"`
}

// showReferral is GET /referrals/{id}: the referral with the snapshot it
// carries. Only its two services see it (rule 7: the receiver reads the
// referred assessment here, not the case notes).
func (s *Server) showReferral(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	r, ok := s.findReferral(c, policy.Referrals(a), models.AuditReadReferral, nil)
	if !ok {
		return
	}
	now := s.now()
	pg := referralPage{Referral: viewReferral(a, *r, now), DeclineReasons: models.DeclineReasons}
	// The receiver reads the referred assessment to decide, and keeps it
	// once accepted; a referral declined, withdrawn (as when the person
	// withdraws consent) or expired no longer shares it with them.
	if r.ToServiceID != a.ServiceID || r.Status == models.ReferralSent || r.Status == models.ReferralAccepted {
		pg.Referral.Snapshot = app.DecodeSnapshot(r.Snapshot)
	}
	pg.CanDecide = pg.Referral.Pending() && r.ToServiceID == a.ServiceID && policy.Can(a, policy.Decide, policy.ResourceReferral)
	pg.CanWithdraw = pg.Referral.Pending() && r.FromServiceID == a.ServiceID && policy.Can(a, policy.Withdraw, policy.ResourceReferral)
	if pg.CanDecide {
		vs, err := s.store.ServiceVacancies(ctx, r.ToServiceID)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Vacancies = vs
		if pg.ToService, err = s.store.Service(ctx, r.ToServiceID); err != nil {
			s.fail(c, err)
			return
		}
	}
	if r.Status == models.ReferralAccepted {
		ps, _, err := s.store.Placements(ctx, policy.Placements(a), models.PlacementFilter{PersonID: r.PersonID, ServiceID: r.ToServiceID, Limit: 1})
		if err != nil {
			s.fail(c, err)
			return
		}
		if len(ps) > 0 && ps[0].ReferralID != nil && *ps[0].ReferralID == r.ID {
			pg.Placement = &ps[0]
		}
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditReadReferral, ObjectType: "person", ObjectID: &r.PersonID, Reason: "referral " + strconv.FormatInt(r.ID, 10)}); err != nil {
		s.fail(c, err)
		return
	}
	s.respond(c, http.StatusOK, "referral", pg)
}

type referralForm struct {
	Person    identity `json:"-"`
	Input     models.ReferralInput
	Errors    models.FieldErrors `json:"-"`
	Services  []models.Service
	Vacancies []models.Vacancy
	Consented bool
	Fit       *matching.Result
	Target    *models.Service
}

func (f referralForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

func (s *Server) referralFormData(c *gin.Context, p *models.Person, in models.ReferralInput) referralForm {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	f := referralForm{Person: identityOf(p, nil), Input: in}
	f.Consented, _ = s.store.HasConsent(ctx, policy.Consents(a), p.ID, models.ConsentShareAssessment)
	svs, _ := s.store.Services(ctx, models.ServiceFilter{})
	for _, sv := range svs {
		if sv.Type.Provider() && sv.ID != a.ServiceID {
			f.Services = append(f.Services, policy.ServiceView(a, sv))
		}
		if sv.ID == in.ToServiceID {
			v := policy.ServiceView(a, sv)
			f.Target = &v
		}
	}
	if in.ToServiceID > 0 {
		f.Vacancies, _ = s.store.ServiceVacancies(ctx, in.ToServiceID)
	}
	return f
}

// newReferralPage is GET /people/{id}/referrals/new?service_id=: the form
// to refer a person the actor's service works with.
func (s *Server) newReferralPage(c *gin.Context) {
	a, _ := actorOf(c)
	p, ok := s.findPerson(c, policy.Records(a), models.AuditRefer)
	if !ok {
		return
	}
	in := models.ReferralInput{PersonID: p.ID}
	in.ToServiceID, _ = strconv.ParseInt(c.Query("service_id"), 10, 64)
	if v, err := strconv.ParseInt(c.Query("vacancy_id"), 10, 64); err == nil && v > 0 {
		in.VacancyID = &v
	}
	s.html(c, http.StatusOK, "referral_form", s.referralFormData(c, p, in))
}

// createReferral is POST /referrals: send a referral with the snapshot of
// what the sender may see now. The person must be one the sender's
// service works with, and have consented to their assessment being shared.
func (s *Server) createReferral(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	var in models.ReferralInput
	if !s.bound(c, &in) {
		return
	}
	if in.PersonID <= 0 {
		s.fail(c, models.Invalid("person_id", "is required"))
		return
	}
	p, err := s.store.Person(ctx, policy.Records(a), in.PersonID)
	if errors.Is(err, models.ErrNotFound) {
		s.auditDenied(c, models.AuditRefer, "person", in.PersonID, s.missReason(c, models.AuditRefer, in.PersonID))
		s.fail(c, models.Invalid("person_id", "is not someone your service is working with"))
		return
	} else if err != nil {
		s.fail(c, err)
		return
	}
	formFail := func(err error) { s.formFail(c, "referral_form", s.referralFormData(c, p, in), err) }
	known, err := s.store.KnownToList(ctx, policy.Involvements(a), p.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	now := s.now()
	pf, err := s.factsOf(ctx, a, p, known, now)
	if err != nil {
		s.fail(c, err)
		return
	}
	var fit *matching.Result
	if to, err := s.store.Service(ctx, in.ToServiceID); err == nil && placeable(to) {
		cat, err := s.loadCatalogue(ctx, a)
		if err != nil {
			s.fail(c, err)
			return
		}
		for _, ms := range cat.services {
			if ms.ServiceID == to.ID {
				// The fit travels with the snapshot, so it is measured
				// as the receiver will measure it: not from the street.
				r := matching.Fit(s.referredCandidate(ctx, pf.Candidate), ms, cat.weights, now)
				fit = &r
			}
		}
	}
	snap, err := app.BuildSnapshot(ctx, s.store, p, app.SnapshotSource{Candidate: pf.Candidate, Assessment: pf.Assessment, Facts: pf.Facts, Adjustments: pf.Adjustments, LAID: pf.LAID}, fit, now)
	if err != nil {
		s.fail(c, err)
		return
	}
	raw, err := jsonString(snap)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.createOnce(c, "Referral sent. The service has been told and will accept or decline it.",
		func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
			r, err := tx.CreateReferral(ctx, policy.Consents(a), a.Author(), in, raw, s.cfg.ReferralExpiry)
			if err != nil {
				return "", nil, err
			}
			*ev = models.AuditEvent{Action: models.AuditSendReferral, ObjectType: "person", ObjectID: &p.ID, Reason: "referral " + strconv.FormatInt(r.ID, 10)}
			return referralURL(r.ID), viewReferral(a, *r, now), nil
		}, formFail)
}

// decideFail returns a web user to the referral with the reason as a flash
// ("the bed has gone"); the API gets 409 or 422.
func (s *Server) decideFail(c *gin.Context, id int64, err error) {
	s.backWithError(c, referralURL(id), err)
}

// acceptReferral is POST /referrals/{id}/accept. For a service with beds
// it takes a place; when another acceptance took the last one a moment
// earlier, the answer is 409 "the bed has gone" and nothing changes.
func (s *Server) acceptReferral(c *gin.Context) {
	var in models.AcceptInput
	a, r, ok := s.referralToSettle(c, policy.DecidableReferrals, models.AuditAcceptReferral, &in)
	if !ok {
		return
	}
	out, err := writeAudited(s, c, func(tx *models.Store) (*models.Accepted, error) {
		return tx.AcceptReferral(c.Request.Context(), policy.DecidableReferrals(a), a.Author(), r.ID, in)
	}, func(*models.Accepted) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditAcceptReferral, ObjectType: "person", ObjectID: &r.PersonID, Reason: "referral " + strconv.FormatInt(r.ID, 10)}
	})
	if err != nil {
		s.decideFail(c, r.ID, err)
		return
	}
	flash := "Referral accepted. Your service is now working with this person."
	if out.Placement != nil {
		flash = "Referral accepted and the place taken. The placement has started."
	}
	out.Referral.GivenName, out.Referral.FamilyName, out.Referral.FromServiceName, out.Referral.ToServiceName = r.GivenName, r.FamilyName, r.FromServiceName, r.ToServiceName
	s.done(c, http.StatusOK, referralURL(r.ID), flash, out)
}

// declineReferral is POST /referrals/{id}/decline with a reason from the
// fixed list and free text. The decline is counted in the gaps report.
func (s *Server) declineReferral(c *gin.Context) {
	var in models.DeclineInput
	a, r, ok := s.referralToSettle(c, policy.DecidableReferrals, models.AuditDeclineReferral, &in)
	if !ok {
		return
	}
	// The gap is counted in the person's local connection as referred,
	// else where they were met or the declining service's LA (gapLA).
	var local *int64
	if las := app.DecodeSnapshot(r.Snapshot).Candidate.LocalConnectionLAs; len(las) > 0 {
		local = &las[0]
	}
	la, err := s.gapLA(c.Request.Context(), a, r.PersonID, local)
	if err != nil {
		s.decideFail(c, r.ID, err)
		return
	}
	classify := func(r *models.Referral) models.GapEvent {
		snap := app.DecodeSnapshot(r.Snapshot)
		return models.GapEvent{Need: snap.Candidate.MainNeed(), TargetGroup: snap.Candidate.MainGroup(), LAID: la}
	}
	got, err := writeAudited(s, c, func(tx *models.Store) (*models.Referral, error) {
		return tx.DeclineReferral(c.Request.Context(), policy.DecidableReferrals(a), a.Author(), r.ID, in, classify)
	}, func(*models.Referral) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditDeclineReferral, ObjectType: "person", ObjectID: &r.PersonID, Reason: "referral " + strconv.FormatInt(r.ID, 10)}
	})
	if err != nil {
		s.decideFail(c, r.ID, err)
		return
	}
	s.done(c, http.StatusOK, referralURL(r.ID), "Referral declined. The referring service has been told why.", viewReferral(a, *got, s.now()))
}

type noteInput struct {
	Note string `json:"note"`
}

// withdrawReferral is POST /referrals/{id}/withdraw by the service that
// sent it, while it waits.
func (s *Server) withdrawReferral(c *gin.Context) {
	var in noteInput
	a, r, ok := s.referralToSettle(c, policy.WithdrawableReferrals, models.AuditWithdrawReferral, &in)
	if !ok {
		return
	}
	got, err := writeAudited(s, c, func(tx *models.Store) (*models.Referral, error) {
		return tx.WithdrawReferral(c.Request.Context(), policy.WithdrawableReferrals(a), a.Author(), r.ID, in.Note)
	}, func(*models.Referral) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditWithdrawReferral, ObjectType: "person", ObjectID: &r.PersonID, Reason: "referral " + strconv.FormatInt(r.ID, 10)}
	})
	if err != nil {
		s.decideFail(c, r.ID, err)
		return
	}
	s.done(c, http.StatusOK, referralURL(r.ID), "Referral withdrawn. The service has been told.", viewReferral(a, *got, s.now()))
}

// referralSettled refuses an action on a referral the caller can read but
// not decide or withdraw: one already decided names its status; one still
// waiting belongs to the other side.
func (s *Server) referralSettled(a policy.Actor) whyNot {
	return func(ctx context.Context, id int64) (string, error) {
		r, err := s.store.Referral(ctx, policy.Referrals(a), id)
		if err != nil {
			return "", nil
		}
		back := referralURL(id)
		if r.Status != models.ReferralSent {
			return back, models.Conflict("status", "this referral is already "+r.Status)
		}
		return back, errForbidden
	}
}
