package server

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// identity is what any worker of the area may see of a person (rule 6):
// names, date of birth, the services that know them (non-confidential
// ones, and the reader's own) and the safety symbol with its contact
// advice, never the detail.
type identity struct {
	ID                 int64          `json:"id"`
	GivenName          string         `json:"given_name"`
	FamilyName         string         `json:"family_name"`
	Aliases            []models.Alias `json:"aliases"`
	DOB                models.Date    `json:"dob"`
	EstimatedBirthYear *int           `json:"estimated_birth_year"`
	Gender             string         `json:"gender"`
	SafetyFlag         bool           `json:"safety_flag"`
	SafetyContact      string         `json:"safety_contact,omitempty"`
	KnownTo            []knownTo      `json:"known_to"`
}

// knownTo is one service's involvement as identity shows it: who knows the
// person, since when and how to reach them, never why an involvement was
// opened or closed ("evicted", "went to prison"): that is case
// information, for the services working with the person (rule 6).
type knownTo struct {
	InvolvementID int64        `json:"involvement_id"`
	ServiceID     int64        `json:"service_id"`
	ServiceName   string       `json:"service_name"`
	ServiceType   string       `json:"service_type"`
	Phone         string       `json:"phone"`
	StartedAt     models.Time  `json:"started_at"`
	EndedAt       *models.Time `json:"ended_at"`
}

func identityOf(p *models.Person, known []models.KnownTo) identity {
	cards := make([]knownTo, len(known))
	for i, k := range known {
		cards[i] = knownTo{InvolvementID: k.InvolvementID, ServiceID: k.ServiceID, ServiceName: k.ServiceName,
			ServiceType: k.ServiceType, Phone: k.Phone, StartedAt: k.StartedAt, EndedAt: k.EndedAt}
	}
	id := identity{ID: p.ID, GivenName: p.GivenName, FamilyName: p.FamilyName, Aliases: p.Aliases, DOB: p.DOB,
		EstimatedBirthYear: p.EstimatedBirthYear, Gender: p.Gender, SafetyFlag: p.SafetyFlag, KnownTo: cards}
	id.Aliases = nonNil(id.Aliases)
	if p.SafetyFlag {
		id.SafetyContact = p.SafetyContact
	}
	return id
}

// FullName is how the person is shown.
func (i identity) FullName() string {
	p := models.Person{GivenName: i.GivenName, FamilyName: i.FamilyName}
	return p.FullName()
}

type searchPage struct {
	Query   string     `json:"-"`
	DOB     string     `json:"-"`
	Results []identity `json:"results"`
	Pager   Pager      `json:"pager"`
	// Limited: more than models.SearchLimit people matched the name; the
	// pager's total is that limit and the pages hold the closest.
	Limited bool   `json:"limited"`
	Error   string `json:"-"`
	Done    bool   `json:"-"`
	// Errors name the search field that could not be used: the
	// page re-shows the form with the error under it and no results.
	Errors models.FieldErrors `json:"-"`
}

// searchError answers a search that could not be run: the API's 422, or
// the page's form again with the error under the field it names.
func (s *Server) searchError(c *gin.Context, pg searchPage, err error) {
	var fe models.FieldErrors
	if isAPI(c) || !errors.As(err, &fe) {
		s.fail(c, err)
		return
	}
	pg.Errors = fe
	s.html(c, http.StatusUnprocessableEntity, "people_search", pg)
}

// searchPeople is the area-wide search (rule 6): identity only.
func (s *Server) searchPeople(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pg := searchPage{Query: c.Query("q"), DOB: c.Query("dob"), Results: []identity{}}
	q := models.PersonSearch{Text: pg.Query}
	if pg.DOB != "" {
		d, err := models.ParseBirthDate(pg.DOB)
		if err != nil {
			s.searchError(c, pg, models.Invalid("dob", err.Error()))
			return
		}
		q.DOB = d
	}
	if n := len([]rune(pg.Query)); n > models.MaxName*2 {
		s.searchError(c, pg, models.Invalid("q", "must be at most "+strconv.Itoa(models.MaxName*2)+" characters; this is "+strconv.Itoa(n)))
		return
	}
	limit, offset, n := page(c, 25)
	q.Limit, q.Offset = limit, offset
	pg.Pager = Pager{Page: n, Size: limit}
	if q.Text != "" || !q.DOB.IsZero() {
		pg.Done = true
		if q.Offset == 0 {
			// The look-up of people only confidential services know, told
			// to them below: in the same query (auditprivacy.go).
			q.Also, q.AlsoLimit = policy.HiddenByConfidential(a), hiddenMatchesTold
		}
		hits, found, err := s.store.Replica().SearchPeople(ctx, policy.People(a), q)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Pager.Total, pg.Limited = int64(found.Total), found.Limited
		ids := make([]int64, len(hits))
		for i, h := range hits {
			ids[i] = h.ID
		}
		known, err := s.store.KnownToMany(ctx, policy.Involvements(a), ids)
		if err != nil {
			s.fail(c, err)
			return
		}
		for i := range hits {
			pg.Results = append(pg.Results, identityOf(&hits[i].Person, known[hits[i].ID]))
		}
		if err := s.auditList(c, models.AuditSearch, foundSummary(found), ids); err != nil {
			s.fail(c, err)
			return
		}
		if err := s.tellHiddenMatches(c, found.Also); err != nil { // auditprivacy.go: a confidential service learns of a look-up
			s.fail(c, err)
			return
		}
	} else if isAPI(c) {
		s.fail(c, models.Invalid("q", "give a name (q) or a date of birth (dob) to search"))
		return
	}
	s.respond(c, http.StatusOK, "people_search", pg)
}

// foundSummary is how many a search found, for its audit event.
func foundSummary(f models.Found) string {
	if f.Limited {
		return "more than " + strconv.Itoa(f.Total) + " results"
	}
	return strconv.Itoa(f.Total) + " results"
}

type personForm struct {
	Input    models.PersonInput `json:"input"`
	DOB      dobParts           `json:"-"` // the date of birth boxes as shown
	Errors   models.FieldErrors `json:"-"`
	LAs      []models.LocalAuthority
	PersonID int64
	Version  int
	// Duplicates are likely matches shown before a new person is recorded.
	Duplicates []duplicateMatch
}

func (f personForm) withErrors(e models.FieldErrors) any { f.Errors = e; return f }

// editing is the form as it edits p: the edit names the version it read.
func (f personForm) editing(p *models.Person) personForm {
	f.PersonID, f.Version = p.ID, p.Version
	return f
}

// personToEdit starts a handler on the person in the path as an editor:
// only services that may edit them find them (the one 404 otherwise,
// audited under action).
func (s *Server) personToEdit(c *gin.Context, action string) (policy.Actor, *models.Person, bool) {
	a, _ := actorOf(c)
	p, ok := s.findPerson(c, policy.Editable(a), action)
	return a, p, ok
}

func (s *Server) personFormData(c *gin.Context, in models.PersonInput, errs models.FieldErrors) personForm {
	las, _ := s.store.LAs(c.Request.Context())
	return personForm{Input: in, DOB: partsOf(in.DOB), Errors: errs, LAs: las}
}

// personFormOf is the form re-shown after a failed submit: what was
// typed, including date of birth boxes that did not make a date.
func (s *Server) personFormOf(c *gin.Context, in personInput) personForm {
	f := s.personFormData(c, in.toModel(), nil)
	if !in.DOBParts.empty() {
		f.DOB = in.DOBParts
	}
	return f
}

func (s *Server) newPersonPage(c *gin.Context) {
	s.html(c, http.StatusOK, "person_form", s.personFormData(c, models.PersonInput{}, nil))
}

// createPerson records a person; the creator's service becomes involved.
func (s *Server) createPerson(c *gin.Context) {
	a, _ := actorOf(c)
	var in personInput
	if err := bindPerson(c, &in); err != nil {
		s.formFail(c, "person_form", s.personFormOf(c, in), err)
		return
	}
	// Bad input is named before likely matches are looked for.
	if err := in.toModel().Check(models.Now()); err != nil {
		s.formFail(c, "person_form", s.personFormOf(c, in), err)
		return
	}
	if s.replayed(c) || s.warnOfDuplicates(c, a, in.toModel(), in.ConfirmNew) { // duplicates.go
		return
	}
	s.createOnce(c, "Person recorded. Your service is now working with them.",
		func(tx *models.Store, ev *models.AuditEvent) (string, any, error) {
			p, err := tx.CreatePerson(c.Request.Context(), a.Author(), in.toModel())
			if err != nil {
				return "", nil, err
			}
			*ev = models.AuditEvent{Action: models.AuditCreate, ObjectType: "person", ObjectID: &p.ID}
			return personURL(p.ID), p, nil
		}, func(err error) {
			s.formFail(c, "person_form", s.personFormOf(c, in), err)
		})
}

// personInput is PersonInput plus the form's alias fields, and on create
// confirm_new: the creator has seen the likely matches and this is
// someone else (duplicates.go).
type personInput struct {
	models.PersonInput
	DOBParts    dobParts `json:"-"`
	AliasGiven  string   `json:"alias_given,omitempty"`
	AliasFamily string   `json:"alias_family,omitempty"`
	Version     int      `json:"version,omitempty"`
	ConfirmNew  bool     `json:"confirm_new,omitempty"`
}

func (p personInput) toModel() models.PersonInput {
	in := p.PersonInput
	if p.AliasGiven != "" || p.AliasFamily != "" {
		in.Aliases = append(in.Aliases, models.Alias{GivenName: p.AliasGiven, FamilyName: p.AliasFamily})
	}
	return in
}

type personPage struct {
	Person     identity          `json:"person"`
	Record     *models.Person    `json:"record,omitempty"`
	FullRecord bool              `json:"full_record"`
	CanEdit    bool              `json:"can_edit"`
	Mine       *models.KnownTo   `json:"-"`
	Notes      []models.CaseNote `json:"-"`
	NotesPager Pager             `json:"-"`
	LAName     string            `json:"-"`
	CanBreak   bool              `json:"-"`
	// CanNote: the reader may add notes (an area admin under break glass
	// reads them but may not write one).
	CanNote  bool            `json:"-"`
	Casework *personCasework `json:"-"` // person_casework.go
	// Placement is the placement card (placement_person.go).
	Placement *placementPanel `json:"-"`
	// Tasks are the service's own tasks and appointments about the
	// person (tasks.go); CanTask: the reader may add one.
	Tasks   []taskRow `json:"-"`
	CanTask bool      `json:"-"`
}

// findPersonWith is findPerson for a person's page: the person through
// scope, the involvements known lets the reader see, and whether each of
// also finds them too, in one statement. A merged-away record is looked
// for only after a miss, so a found person costs no statement for it; a
// miss is audited exactly as findPerson does.
func (s *Server) findPersonWith(c *gin.Context, a policy.Actor, scope models.Scope, action string, known models.Scope, also ...models.Scope) (*models.PersonRead, bool) {
	id, ok := s.pathIDAudited(c, action, "person")
	if !ok {
		return nil, false
	}
	read, err := s.store.PersonKnownTo(c.Request.Context(), scope, id, known, also...)
	if errors.Is(err, models.ErrNotFound) && s.mergedRedirect(c, a) { // merge.go: a merged-away record says where it went
		return nil, false
	}
	return read, s.personFound(c, err, action, id)
}

// personFound answers err from reading person id for action, if any: a
// miss is audited as denied, saying whether the person is hidden or
// missing (missReason, auditprivacy.go), and is the one 404; any other
// error is answered by fail. True means there is a person to go on with.
func (s *Server) personFound(c *gin.Context, err error, action string, id int64) bool {
	switch {
	case err == nil:
		return true
	case errors.Is(err, models.ErrNotFound):
		s.auditDenied(c, action, "person", id, s.missReason(c, action, id))
		s.notFound(c)
	default:
		s.fail(c, err)
	}
	return false
}

// recordRead reads part of the full record of the person in the path (their
// cases, notes, consents...) with load, for a reader of the full record:
// anyone else gets the one 404, audited as denied under action, not an
// empty list audited as allowed. The allowed read is audited under action
// too, before anything is answered (auditedRead).
func recordRead[T any](s *Server, c *gin.Context, a policy.Actor, action string, load func(p *models.Person) (T, error)) (T, *models.Person, bool) {
	p, ok := s.findPerson(c, policy.Records(a), action)
	if !ok {
		var zero T
		return zero, nil, false
	}
	v, ok := auditedRead(s, c, action, "person", p.ID, func() (T, error) { return load(p) })
	return v, p, ok
}

// listRecord answers GET /api/v1/people/{id}/<list>: one list from the
// person's full record, read through recordRead by load and named in its
// JSON answer by answer (an empty list is [], not null).
func listRecord[T any](s *Server, c *gin.Context, action string, load func(a policy.Actor, p *models.Person) ([]T, error), answer func([]T) any) {
	a, _ := actorOf(c)
	list, _, ok := recordRead(s, c, a, action, func(p *models.Person) ([]T, error) { return load(a, p) })
	if ok {
		c.JSON(http.StatusOK, answer(nonNil(list)))
	}
}

// personFormToAdd is personToAddTo for a small form on the person page:
// the request is bound into in, and a bad one takes the web user back to
// the page at anchor, the URL it also returns, with the error.
func (s *Server) personFormToAdd(c *gin.Context, res policy.Resource, scope func(policy.Actor) models.Scope, action string, in any, anchor string) (policy.Actor, *models.Person, string, bool) {
	a, p, ok := s.personToAddTo(c, res, scope, action)
	if !ok {
		return a, nil, "", false
	}
	back := personURL(p.ID) + anchor
	if err := bind(c, in); err != nil {
		s.backWithError(c, back, err)
		return a, nil, "", false
	}
	return a, p, back, true
}

// personToAddTo starts a handler that adds a record of kind res (a note, a
// case, a consent...) to one person's record: the actor's role must be
// allowed to create res (403 otherwise), and the person must be in the
// actor's scope (the one 404, audited under action).
func (s *Server) personToAddTo(c *gin.Context, res policy.Resource, scope func(policy.Actor) models.Scope, action string) (policy.Actor, *models.Person, bool) {
	a, _ := actorOf(c)
	if !policy.Can(a, policy.Create, res) {
		s.fail(c, errForbidden)
		return a, nil, false
	}
	p, ok := s.findPerson(c, scope(a), action)
	return a, p, ok
}

// findPerson loads a person through scope; a miss is audited as denied
// (hidden or missing: the audit says which, the caller cannot tell).
func (s *Server) findPerson(c *gin.Context, scope models.Scope, action string) (*models.Person, bool) {
	read, ok := s.findPersonRead(c, scope, action, nil)
	if !ok {
		return nil, false
	}
	return read.Person, true
}

// findPersonKnownTo is findPerson that reads, in the same statement, the
// person's involvements known lets the reader see.
func (s *Server) findPersonKnownTo(c *gin.Context, scope models.Scope, action string, known models.Scope) (*models.PersonRead, bool) {
	return s.findPersonRead(c, scope, action, &known)
}

func (s *Server) findPersonRead(c *gin.Context, scope models.Scope, action string, known *models.Scope) (*models.PersonRead, bool) {
	id, ok := s.pathIDAudited(c, action, "person")
	if !ok {
		return nil, false
	}
	var p *models.PersonRead
	var err error
	if known != nil {
		p, err = s.store.PersonKnownTo(c.Request.Context(), scope, id, *known)
	} else {
		p, err = s.store.PersonWith(c.Request.Context(), scope, id)
	}
	return p, s.personFound(c, err, action, id)
}

// showPerson: identity for any worker, the full record (contact details,
// notes) for involved services and break glass.
func (s *Server) showPerson(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	// One statement finds the person through the identity scope and asks
	// the full-record and editable scopes in the same breath, with the
	// LA's name, the aliases and the involvements the reader may see.
	read, ok := s.findPersonWith(c, a, policy.People(a), "read", policy.Involvements(a), policy.Records(a), policy.Editable(a))
	if !ok {
		return
	}
	p, known := read.Person, read.KnownTo
	pg := personPage{Person: identityOf(p, known), LAName: read.LAName}
	if read.Also[0] {
		pg.FullRecord, pg.Record = true, p
	}
	pg.CanEdit = read.Also[1]
	for i := range known {
		if known[i].ServiceID == a.ServiceID && known[i].EndedAt == nil {
			pg.Mine = &known[i]
		}
	}
	if err := s.auditRead(c, models.AuditRead, "person", p.ID); err != nil {
		s.fail(c, err)
		return
	}
	if pg.FullRecord && !isAPI(c) {
		limit, offset, n := page(c, 20)
		notes, total, err := s.store.Notes(ctx, policy.Notes(a), p.ID, limit, offset)
		if err != nil {
			s.fail(c, err)
			return
		}
		if err := s.auditRead(c, models.AuditReadNotes, "person", p.ID); err != nil {
			s.fail(c, err)
			return
		}
		pg.Notes, pg.NotesPager = notes, Pager{Page: n, Size: limit, Total: total}
		ts, err := s.store.Tasks(ctx, policy.Tasks(a), models.TaskFilter{PersonID: p.ID, Open: true, Limit: 50})
		if err != nil {
			s.fail(c, err)
			return
		}
		if pg.Tasks, err = s.taskRows(c, a, ts); err != nil {
			s.fail(c, err)
			return
		}
		pg.CanTask = policy.Can(a, policy.Create, policy.ResourceTask)
	}
	pg.CanBreak = !pg.FullRecord && policy.Can(a, policy.BreakGlass, policy.ResourcePerson)
	pg.CanNote = pg.FullRecord && policy.Can(a, policy.Create, policy.ResourceNote)
	if !isAPI(c) {
		cw, err := s.loadCasework(c, a, p, pg.FullRecord)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Casework = cw
		if pg.Placement, err = s.placementPanel(c, p.ID, pg.FullRecord); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.respond(c, http.StatusOK, "person", pg)
}

// editPersonPage shows the identity and contact details for editing: a
// read of the person, audited like showPerson.
func (s *Server) editPersonPage(c *gin.Context) {
	_, p, ok := s.personToEdit(c, models.AuditEdit)
	if !ok {
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditRead, ObjectType: "person", ObjectID: &p.ID, Reason: "edit form"}); err != nil {
		s.fail(c, err)
		return
	}
	s.html(c, http.StatusOK, "person_form", s.personFormData(c, models.InputOf(p, s.now()), nil).editing(p))
}

// updatePerson edits identity (PATCH in the API: fields not sent keep
// their values). Only involved services may edit.
func (s *Server) updatePerson(c *gin.Context) {
	a, p, ok := s.personToEdit(c, models.AuditUpdate)
	if !ok {
		return
	}
	in := personInput{PersonInput: models.InputOf(p, s.now())}
	formData := func() personForm { return s.personFormOf(c, in).editing(p) }
	if err := bindPerson(c, &in); err != nil {
		s.formFail(c, "person_form", formData(), err)
		return
	}
	if in.ConfirmNew {
		s.formFail(c, "person_form", formData(), models.Invalid("confirm_new", "is only for recording a new person"))
		return
	}
	if !isAPI(c) {
		in.Aliases = keepAliases(c, p.Aliases)
	}
	updated, err := writeAudited(s, c, func(tx *models.Store) (*models.Person, error) {
		return tx.UpdatePerson(c.Request.Context(), policy.Editable(a), p.ID, in.Version, in.toModel())
	}, func(*models.Person) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdate, ObjectType: "person", ObjectID: &p.ID}
	})
	if err != nil {
		s.formFail(c, "person_form", formData(), err)
		return
	}
	s.done(c, http.StatusOK, personURL(p.ID), "Changes saved.", updated)
}

// keepAliases reads which existing aliases the edit form kept (checkboxes
// named keep_alias with the alias's index).
func keepAliases(c *gin.Context, old []models.Alias) []models.Alias {
	var out []models.Alias
	for _, v := range c.PostFormArray("keep_alias") {
		if i, err := strconv.Atoi(v); err == nil && i >= 0 && i < len(old) {
			out = append(out, old[i])
		}
	}
	return out
}
