package server

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// partnerCard is everything a partner may see of a person (rule 8):
// identity, the safety symbol with contact advice, the non-confidential
// services working with them and how to reach them, and the date and LA of
// the last street contact. Never notes, assessments or locations.
type partnerCard struct {
	ID                int64            `json:"id"`
	Name              string           `json:"name"`
	DOB               models.Date      `json:"dob"`
	SafetyFlag        bool             `json:"safety_flag"`
	SafetyContact     string           `json:"safety_contact,omitempty"`
	WorkingWith       []partnerService `json:"working_with"`
	LastStreetContact *streetSummary   `json:"last_street_contact"`
}

type partnerService struct {
	Service string `json:"service"`
	Type    string `json:"type"`
	Phone   string `json:"phone"`
}

// streetSummary is the date and local authority of a street contact.
type streetSummary struct {
	Date string `json:"date"`
	LA   string `json:"la"`
}

type lookupPage struct {
	Name   string             `json:"-"`
	DOB    string             `json:"-"`
	Reason string             `json:"-"`
	Cards  []partnerCard      `json:"results"`
	Done   bool               `json:"-"`
	Errors models.FieldErrors `json:"-"`
}

// partnerLookup is the partner's search: full name, exact date of birth
// and a stated reason, all required; the reason is kept in the audit log.
func (s *Server) partnerLookup(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pg := lookupPage{Name: strings.TrimSpace(c.Query("name")), DOB: strings.TrimSpace(c.Query("dob")), Reason: strings.TrimSpace(c.Query("reason")), Cards: []partnerCard{}}
	if !isAPI(c) && pg.Name == "" && pg.DOB == "" && pg.Reason == "" {
		s.html(c, http.StatusOK, "lookup", pg)
		return
	}
	errs := models.FieldErrors{}
	if len(strings.Fields(pg.Name)) < 2 {
		errs.Add("name", "give the person's full name (given and family name)")
	}
	if len(pg.Name) > 2*models.MaxName {
		errs.Add("name", "is too long")
	}
	dob, err := models.ParseDate(pg.DOB)
	if err != nil {
		errs.Add("dob", "give the date of birth, like 1980-04-23")
	}
	if len([]rune(pg.Reason)) < 5 {
		errs.Add("reason", "say why you are looking this person up")
	}
	if len(pg.Reason) > models.MaxReason {
		errs.Add("reason", "is too long")
	}
	if len(errs) > 0 {
		if isAPI(c) {
			s.fail(c, errs)
			return
		}
		pg.Errors = errs
		s.html(c, http.StatusUnprocessableEntity, "lookup", pg)
		return
	}
	people, err := s.store.PartnerLookup(ctx, policy.PartnerLookup(a), pg.Name, dob)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg.Done = true
	if err := s.auditHiddenMatches(c, pg.Name, dob, pg.Reason, people); err != nil {
		s.fail(c, err)
		return
	}
	for i := range people {
		p := &people[i]
		card, err := s.partnerCardFor(c, p)
		if err != nil {
			s.fail(c, err)
			return
		}
		if err := s.audit(c, models.AuditEvent{Action: models.AuditPartnerLookup, ObjectType: "person", ObjectID: &p.ID, Reason: pg.Reason}); err != nil {
			s.fail(c, err)
			return
		}
		pg.Cards = append(pg.Cards, card)
	}
	s.respond(c, http.StatusOK, "lookup", pg)
}

// auditHiddenMatches records what a look-up did not show. A match
// hidden because only confidential services know the person is logged as
// though it did not exist (the area's log reads as for no match), and
// those services' managers are told who looked, when and why
// (auditprivacy.go). A match hidden for another reason is audited as a
// denied read naming the person. No match at all is audited too, as an
// allowed look-up that found no one.
func (s *Server) auditHiddenMatches(c *gin.Context, name string, dob models.Date, reason string, shown []models.Person) error {
	all, err := s.store.UnscopedPartnerLookupIDs(c.Request.Context(), name, dob)
	if err != nil {
		return err
	}
	seen := map[int64]bool{}
	for _, p := range shown {
		seen[p.ID] = true
	}
	deniedHere := 0
	for _, id := range all {
		if seen[id] {
			continue
		}
		confidential, err := s.tellHidingServices(c, models.AuditPartnerLookup, id, "partner look-up, reason given: "+reason, true)
		if err != nil {
			return err
		}
		if confidential {
			continue
		}
		deniedHere++
		if err := s.audit(c, models.AuditEvent{Action: models.AuditPartnerLookup, ObjectType: "person", ObjectID: &id,
			Outcome: models.Denied, Reason: reason + " (hidden by access rules)"}); err != nil {
			return err
		}
	}
	if len(shown) == 0 && deniedHere == 0 {
		return s.audit(c, models.AuditEvent{Action: models.AuditPartnerLookup, ObjectType: "person", Reason: reason + " (no match)"})
	}
	return nil
}

func (s *Server) partnerCardFor(c *gin.Context, p *models.Person) (partnerCard, error) {
	a, _ := actorOf(c)
	card := partnerCard{ID: p.ID, Name: p.FullName(), DOB: p.DOB, SafetyFlag: p.SafetyFlag, WorkingWith: []partnerService{}}
	if p.SafetyFlag {
		card.SafetyContact = p.SafetyContact
	}
	known, err := s.store.KnownToList(c.Request.Context(), policy.PartnerInvolvements(a), p.ID)
	if err != nil {
		return card, err
	}
	for _, k := range known {
		card.WorkingWith = append(card.WorkingWith, partnerService{Service: k.ServiceName, Type: models.ServiceType(k.ServiceType).Label(), Phone: k.Phone})
	}
	last, err := s.lastStreetContact(c, p.ID)
	if err != nil {
		return card, err
	}
	card.LastStreetContact = last
	return card, nil
}
