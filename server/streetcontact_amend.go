package server

import (
	"github.com/paulmach/orb"

	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// contactPage is one street contact's page: the contact, and for the
// service that recorded it the form that puts its essential fields right
// (a manager's named list links here).
type contactPage struct {
	contactView
	CanAmend     bool               `json:"can_amend"`
	PointMissing bool               `json:"point_missing"`
	SiteTypes    []string           `json:"-"`
	Errors       models.FieldErrors `json:"-"`
	// Detail is CHAIN's contact detail (with others, a dog, the outcome and
	// the note): for the service that recorded it only.
	Detail *models.StreetContact `json:"-"`
	// Place names the point from the area gazetteer.
	Place string `json:"place,omitempty"`
}

func (p contactPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// contactPageOf loads a contact the caller may open: one of their pins
// (rule 10: the last 90 days in their LAs), or, at any age, one their own
// service recorded and may amend. Anything else is ErrNotFound.
func (s *Server) contactPageOf(ctx context.Context, a policy.Actor, id int64) (contactPage, error) {
	scope, from := policy.StreetContactPins(a), a.Now.Add(-policy.PinWindow-time.Hour)
	own, err := s.store.StreetContact(ctx, policy.AmendableStreetContacts(a), id)
	amendable := err == nil
	if err != nil && !errors.Is(err, models.ErrNotFound) {
		return contactPage{}, err
	}
	if amendable {
		scope, from = policy.AmendableStreetContacts(a), time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	pins, _, err := s.store.StreetContactPins(ctx, scope, models.PinFilter{IDs: []int64{id}, From: from, To: a.Now.Add(time.Hour), Limit: 1})
	if err != nil {
		return contactPage{}, err
	}
	if len(pins) == 0 {
		return contactPage{}, models.ErrNotFound
	}
	p := pins[0]
	pg := contactPage{contactView: viewOf(p), CanAmend: amendable, PointMissing: p.Lat == 0 && p.Lon == 0, SiteTypes: models.SiteTypes}
	if amendable {
		pg.Detail = own
	}
	if !pg.PointMissing {
		g, err := s.gazetteer(ctx)
		if err != nil {
			return contactPage{}, err
		}
		pg.Place = g.Name(orb.Point{p.Lon, p.Lat})
	}
	return pg, nil
}

// amendStreetContact is POST /street-contacts/{id}/amend and PATCH
// /api/v1/street-contacts/{id}: the recording service sets a site type, or
// a point that was never given, on one of its contacts of any age. The
// audit event keeps what the fields were.
func (s *Server) amendStreetContact(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	sc, ok := findScoped(s, c, "street_contact", "amend", s.store.StreetContact, policy.AmendableStreetContacts(a), s.contactNotAmendable(a))
	if !ok {
		return
	}
	fail := func(err error) {
		pg, perr := s.contactPageOf(ctx, a, sc.ID)
		if perr != nil {
			s.fail(c, perr)
			return
		}
		s.formFail(c, "street_contact", pg, err)
	}
	var in models.StreetContactAmendment
	if err := bind(c, &in); err != nil {
		fail(err)
		return
	}
	if in.Lat != nil && in.Lon != nil && sc.PointMissing() {
		// Placed as a new contact's point is: in one of the service's LAs.
		place := models.StreetContactInput{Lat: in.Lat, Lon: in.Lon}
		if err := s.placeContact(c, a, &place); err != nil {
			fail(err)
			return
		}
		in.TileX, in.TileY, in.LAID = place.TileX, place.TileY, place.LAID
	}
	var got *models.StreetContact
	var what string
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		got, what, err = tx.AmendStreetContact(ctx, policy.AmendableStreetContacts(a), sc.ID, in)
		if err != nil {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditAmend, ObjectType: "street_contact", ObjectID: &sc.ID, Reason: what}, nil
	})
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, streetContactURL(sc.ID), "Street contact amended.", got)
}

// contactNotAmendable refuses an amendment of a contact the caller sees as
// a pin but did not record: it is their map's, not their record.
func (s *Server) contactNotAmendable(a policy.Actor) whyNot {
	return func(ctx context.Context, id int64) (string, error) {
		if _, err := s.store.StreetContact(ctx, policy.StreetContactPins(a), id); err != nil {
			return "", nil
		}
		return streetContactURL(id), errForbidden
	}
}
