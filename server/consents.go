package server

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

type consentsPage struct {
	Consents []models.Consent `json:"consents"`
}

// listConsents is GET /api/v1/people/{id}/consents: the consent records
// the reader's scope shows (involved services; never another service's
// confidential records).
func (s *Server) listConsents(c *gin.Context) {
	listRecord(s, c, models.AuditReadConsents, func(a policy.Actor, p *models.Person) ([]models.Consent, error) {
		return s.store.Consents(c.Request.Context(), policy.Consents(a), p.ID)
	}, func(list []models.Consent) any { return consentsPage{Consents: list} })
}

// recordConsent records what the person agreed or declined to share.
func (s *Server) recordConsent(c *gin.Context) {
	var in models.ConsentInput
	a, p, back, ok := s.personFormToAdd(c, policy.ResourceConsent, policy.Records, models.AuditRecordConsent, &in, "#consent")
	if !ok {
		return
	}
	s.createOnce(c, "Consent recorded.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		rec, err := tx.RecordConsent(c.Request.Context(), policy.Records(a), policy.SenderConsents(a), a.Author(), p.ID, in)
		if err != nil {
			return "", nil, err
		}
		*ev = models.AuditEvent{Action: models.AuditRecordConsent, ObjectType: "consent", ObjectID: &rec.ID, Reason: rec.Purpose}
		return back, rec, nil
	}, func(err error) { s.backWithError(c, back, err) })
}

// withdrawConsent stamps a withdrawal on a consent the actor's service
// recorded.
func (s *Server) withdrawConsent(c *gin.Context) {
	a, _ := actorOf(c)
	pid, ok1 := idParam(c, "id")
	cid, ok2 := idParam(c, "cid")
	if !ok1 || !ok2 {
		s.notFound(c)
		return
	}
	var in reasonInput
	if !s.bound(c, &in) {
		return
	}
	back := personURL(pid) + "#consent"
	if cur, err := s.store.Consent(c.Request.Context(), policy.WritableConsents(a), cid); err != nil || cur.PersonID != pid {
		s.auditDenied(c, models.AuditWithdrawConsent, "consent", cid, "hidden or missing")
		s.notFound(c)
		return
	}
	rec, err := writeAudited(s, c, func(tx *models.Store) (*models.Consent, error) {
		return tx.WithdrawConsent(c.Request.Context(), policy.WritableConsents(a), policy.SenderConsents(a), a.Author(), cid, in.Reason)
	}, func(rec *models.Consent) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditWithdrawConsent, ObjectType: "consent", ObjectID: &rec.ID}
	})
	if errors.Is(err, models.ErrNotFound) {
		s.notFound(c)
		return
	}
	if err != nil {
		s.backWithError(c, back, err)
		return
	}
	s.done(c, http.StatusOK, back, "Withdrawal of consent recorded.", rec)
}
