package server

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/paulmach/orb"

	"gateway/geo"
	"gateway/models"
	"gateway/policy"
)

// lastStreetContact is the date and LA of a person's latest street
// contact, for the partner card (rule 8): never the place.
func (s *Server) lastStreetContact(c *gin.Context, personID int64) (*streetSummary, error) {
	a, _ := actorOf(c)
	last, err := s.store.LastStreetContact(c.Request.Context(), policy.PartnerStreetContacts(a), personID)
	if errors.Is(err, models.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &streetSummary{Date: last.SeenAt.In(models.London).Format("2 January 2006"), LA: last.LAName}, nil
}

// streetContactForm is the street contact page: the input, the choices,
// and what went wrong.
type streetContactForm struct {
	Input      streetContactInput
	SiteTypes  []string
	Outcomes   []string
	Genders    []string
	Alert      *models.PublicAlert
	Candidates []identity
	Searched   bool
	Now        string // default for the time field, London
	Errors     models.FieldErrors
}

func (f streetContactForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

// streetContactInput is what the web form sends: flat fields for the new
// person, and person_mode saying which way the person is given. The API
// sends models.StreetContactInput's JSON instead.
type streetContactInput struct {
	Lat          *float64 `json:"lat"`
	Lon          *float64 `json:"lon"`
	SeenAt       string   `json:"seen_at"`
	SiteType     string   `json:"site_type"`
	PersonMode   string   `json:"person_mode"`
	PersonID     *int64   `json:"person_id"`
	GivenName    string   `json:"given_name"`
	FamilyName   string   `json:"family_name"`
	EstimatedAge *int     `json:"estimated_age"`
	Gender       string   `json:"gender"`
	Description  string   `json:"description"`
	Alert        string   `json:"alert"`
	Query        string   `json:"q"`
	BeddedDown   string   `json:"bedded_down"` // yes, no: no sets the site "not bedded down"
	WithOthers   string   `json:"with_others"` // yes, no or blank (not known)
	WithDog      string   `json:"with_dog"`
	Outcome      string   `json:"outcome"`
	Note         string   `json:"note"`
}

// yesNo reads a yes/no/not-known radio group.
func yesNo(field, v string, errs models.FieldErrors) *bool {
	switch v {
	case "yes":
		t := true
		return &t
	case "no":
		f := false
		return &f
	case "":
		return nil
	}
	errs.Add(field, "Choose yes, no or not known")
	return nil
}

// toModel turns the form into the model's input, keeping only the person
// fields of the chosen mode. It reports every problem it sees at once
// (the caller adds the model's own checks).
func (f streetContactInput) toModel() (models.StreetContactInput, models.FieldErrors) {
	errs := models.FieldErrors{}
	in := models.StreetContactInput{Lat: f.Lat, Lon: f.Lon, SiteType: f.SiteType, Outcome: f.Outcome, Note: f.Note,
		WithOthers: yesNo("with_others", f.WithOthers, errs), WithDog: yesNo("with_dog", f.WithDog, errs)}
	switch f.BeddedDown {
	case "no":
		in.SiteType = "not_bedded_down"
	case "yes":
		if in.SiteType == "not_bedded_down" {
			errs.Add("site_type", "Choose where the person was bedded down, or answer \"no\" to bedded down")
		}
	}
	if v := strings.TrimSpace(f.SeenAt); v != "" {
		t, err := time.ParseInLocation("2006-01-02T15:04", v, models.London)
		if err != nil {
			errs.Add("seen_at", "Give the date and time you met the person, like 31/10/2026 06:30")
		} else {
			in.SeenAt = &t
		}
	}
	switch f.PersonMode {
	case "existing":
		in.PersonID = f.PersonID
		if in.PersonID == nil {
			errs.Add("person_id", "Search for the person and choose them, or pick another option")
		}
	case "new":
		in.NewPerson = &models.PersonInput{GivenName: f.GivenName, FamilyName: f.FamilyName, EstimatedAge: f.EstimatedAge, Gender: f.Gender}
	case "unknown":
		in.Description = f.Description
		if strings.TrimSpace(in.Description) == "" {
			errs.Add("description", "Describe the person: age, clothes, belongings")
		}
	default:
		errs.Add("person_mode", "Say who you met: someone already recorded, someone new, or not known")
	}
	return in, errs
}

// checkContact gathers every problem with a contact at once: the form's
// own, the model's rules and whether the point is in the service's area,
// so a worker on a phone fixes them all in one go.
func (s *Server) checkContact(c *gin.Context, a policy.Actor, in *models.StreetContactInput, errs models.FieldErrors) error {
	if errs == nil {
		errs = models.FieldErrors{}
	}
	for k, v := range in.Check(s.now()) {
		if k == "person" && (errs["person_id"] != "" || errs["description"] != "" || errs["person_mode"] != "") {
			continue // the form already said what is missing about who
		}
		if errs[k] == "" {
			errs[k] = v
		}
	}
	if in.NewPerson != nil {
		var pe models.FieldErrors
		errors.As(in.NewPerson.Check(s.now()), &pe)
		for k, v := range pe {
			if strings.HasPrefix(v, "must be one of") {
				v = "Choose from the list"
			}
			if errs["new_person."+k] == "" {
				errs["new_person."+k] = v
			}
		}
	}
	if errs["lat"] == "" && errs["lon"] == "" {
		if err := s.placeContact(c, a, in); err != nil {
			var fe models.FieldErrors
			if !errors.As(err, &fe) {
				return err
			}
			for k, v := range fe {
				errs[k] = v
			}
		}
	}
	return errs.Err()
}

func (s *Server) streetContactFormData(c *gin.Context, in streetContactInput) streetContactForm {
	f := streetContactForm{Input: in, SiteTypes: models.SiteTypes, Outcomes: models.Outcomes, Genders: models.Genders,
		Now: s.now().In(models.London).Format("2006-01-02T15:04")}
	if in.Alert != "" {
		a, _ := actorOf(c)
		if al, err := s.store.Alert(c.Request.Context(), policy.WorkableAlerts(a), in.Alert); err == nil {
			f.Alert = al
		}
	}
	return f
}

// newStreetContactPage is the form an outreach worker fills on a phone.
// ?q= searches for the person (identity only, audited like any search);
// ?alert= starts from a public alert, placing the pin where it was reported.
func (s *Server) newStreetContactPage(c *gin.Context) {
	a, _ := actorOf(c)
	in := streetContactInput{PersonMode: "existing", Alert: c.Query("alert"), Query: strings.TrimSpace(c.Query("q"))}
	f := s.streetContactFormData(c, in)
	if f.Alert != nil && f.Alert.Lat != nil {
		f.Input.Lat, f.Input.Lon = f.Alert.Lat, f.Alert.Lon
	}
	if in.Query != "" {
		if len(in.Query) > 2*models.MaxName {
			s.fail(c, models.Invalid("q", "is too long"))
			return
		}
		hits, found, err := s.store.Replica().SearchPeople(c.Request.Context(), policy.People(a), models.PersonSearch{Text: in.Query, Limit: 10})
		if err != nil {
			s.fail(c, err)
			return
		}
		f.Searched = true
		for i := range hits {
			f.Candidates = append(f.Candidates, identityOf(&hits[i].Person, nil))
		}
		if err := s.audit(c, models.AuditEvent{Action: models.AuditSearch, ObjectType: "person", Reason: foundSummary(found) + " (street contact)"}); err != nil {
			s.fail(c, err) // a read is not answered unless its audit event is written
			return
		}
	}
	s.html(c, http.StatusOK, "street_contact_form", f)
}

// createStreetContact records a contact (web form or JSON). The point must
// fall in one of the service's LAs: that is where its team works, and
// where its map shows pins.
func (s *Server) createStreetContact(c *gin.Context) {
	a, _ := actorOf(c)
	var form streetContactInput
	var in models.StreetContactInput
	var alertRef string
	var errs models.FieldErrors
	if isAPI(c) {
		var body struct {
			models.StreetContactInput
			Alert string `json:"alert_reference"`
		}
		if !s.bound(c, &body) {
			return
		}
		in, alertRef = body.StreetContactInput, body.Alert
	} else {
		if err := bind(c, &form); err != nil && !errors.As(err, &errs) {
			s.formFail(c, "street_contact_form", s.streetContactFormData(c, form), err)
			return
		}
		var formErrs models.FieldErrors
		in, formErrs = form.toModel()
		if errs == nil {
			errs = formErrs
		} else {
			for k, v := range formErrs {
				errs[k] = v
			}
		}
		alertRef = form.Alert
	}
	onErr := func(err error) { s.formFail(c, "street_contact_form", s.streetContactFormData(c, form), err) }
	if err := s.checkContact(c, a, &in, errs); err != nil {
		onErr(err)
		return
	}
	var alert *models.PublicAlert
	if alertRef != "" {
		al, err := s.store.Alert(c.Request.Context(), policy.WorkableAlerts(a), alertRef)
		if err != nil {
			onErr(models.Invalid("alert_reference", "no such alert on your service's worklist"))
			return
		}
		alert, in.AlertID = al, &al.ID
	}
	s.createOnce(c, "Street contact recorded.", func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
		sc, err := tx.CreateStreetContact(c.Request.Context(), policy.People(a), a.Author(), in)
		if err != nil {
			return "", nil, err
		}
		if alert != nil && !models.AlertOutcome(alert.Status) {
			_, err := tx.UpdateAlert(c.Request.Context(), policy.WorkableAlerts(a), alert.Reference, a.Author(),
				models.AlertUpdate{Status: models.AlertFound, Note: "Street contact recorded."})
			if err != nil {
				return "", nil, err
			}
		}
		*ev = models.AuditEvent{Action: models.AuditCreate, ObjectType: "street_contact", ObjectID: &sc.ID}
		return streetContactURL(sc.ID), sc, nil
	}, onErr)
}

// placeContact fills the tile and LA of the contact's point, refusing a
// point outside the service's LAs.
func (s *Server) placeContact(c *gin.Context, a policy.Actor, in *models.StreetContactInput) error {
	if in.Lat == nil || in.Lon == nil {
		return nil // models names the missing field
	}
	if err := geo.ValidPoint(*in.Lat, *in.Lon); err != nil {
		return geoFieldError(err)
	}
	ar, err := s.areas(c.Request.Context())
	if err != nil {
		return err
	}
	la := ar.locate(*in.Lat, *in.Lon)
	switch {
	case la == nil && !ar.hasBoundaries():
		return models.Invalid("lat", "no local authority boundaries are loaded yet, so Gateway cannot tell where this is; ask an area admin to load them")
	case la == nil:
		return models.Invalid("lat", "this point is outside every local authority in the area; check the pin")
	case !a.CoversLA(*la):
		return models.Invalid("lat", "this point is in "+ar.laName(la)+", which your service does not cover; the team covering it should record the contact")
	}
	x, y := geo.BaseTile(orb.Point{*in.Lon, *in.Lat})
	in.TileX, in.TileY, in.LAID = int(x), int(y), la
	return nil
}

// contactView is one contact as its page and JSON show it.
type contactView struct {
	models.Pin
	PersonName string `json:"person_name,omitempty"`
	SiteLabel  string `json:"site_label"`
}

func viewOf(p models.Pin) contactView {
	v := contactView{Pin: p, SiteLabel: models.SiteLabel(p.SiteType)}
	if p.PersonID != nil {
		v.PersonName = strings.TrimSpace(p.GivenName + " " + p.FamilyName)
	}
	return v
}

// showStreetContact is one contact, if it is one of the caller's pins
// (rule 10) or, at any age, one their service recorded (with the form to
// amend it); anything else is the same 404 as a missing id.
func (s *Server) showStreetContact(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	pg, err := s.contactPageOf(c.Request.Context(), a, id)
	if errors.Is(err, models.ErrNotFound) {
		s.auditDenied(c, models.AuditRead, "street_contact", id, "not one of the caller's pins or contacts")
		s.notFound(c)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.auditRead(c, models.AuditRead, "street_contact", id); err != nil {
		s.fail(c, err)
		return
	}
	s.respond(c, http.StatusOK, "street_contact", pg)
}
