package server

import (
	"context"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// assessmentPage is one assessment: a draft's progress through the form
// with its needs score, or a completed assessment read back.
type assessmentPage struct {
	Person       identity              `json:"-"`
	Assessment   *models.Assessment    `json:"assessment"`
	FormTitle    string                `json:"form_title"`
	Progress     []sectionStep         `json:"progress"`
	SectionsDone int                   `json:"sections_done"`
	SectionsAll  int                   `json:"sections_total"`
	Sections     []app.AnsweredSection `json:"sections"`
	Threshold    int                   `json:"housing_first_threshold"`
	Indicated    bool                  `json:"housing_first_indicated"`
	Editable     bool                  `json:"editable"`
	CanStart     bool                  `json:"-"`
	Sharing      sharingStatus         `json:"sharing"`
	Errors       models.FieldErrors    `json:"-"`
	Missing      []missingAnswer       `json:"-"`
}

func (p assessmentPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// sectionStep is a section's place in the progress list.
type sectionStep struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Sensitive bool   `json:"sensitive"`
	Answered  int    `json:"answered"`
	Questions int    `json:"questions"`
	Done      bool   `json:"done"`
}

// missingAnswer names a required question still to answer, and where.
type missingAnswer struct {
	Section, SectionTitle, Question, Label string
}

// sharingStatus says whether the assessment may go with a referral, and
// why, so the worker is never left guessing (consent).
type sharingStatus struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason"`
}

// findAssessment loads the assessment in the path through scope and checks
// it belongs to the person in the path; any miss is the one 404, audited.
func (s *Server) findAssessment(c *gin.Context, scope models.Scope, action string) (*models.Assessment, bool) {
	return s.lookupAssessment(c, scope, action, nil)
}

// findDraft loads a draft the actor may change. An assessment they can
// read but not change is refused, naming why: a completed one never
// changes; another service's draft is theirs.
func (s *Server) findDraft(c *gin.Context, a policy.Actor, action string) (*models.Assessment, bool) {
	return s.lookupAssessment(c, policy.EditableAssessments(a), action, func(pid int64) whyNot {
		return func(ctx context.Context, id int64) (string, error) {
			as, err := s.assessmentOf(ctx, policy.Assessments(a), pid, id)
			if err != nil {
				return "", nil
			}
			if as.Status == models.AssessmentCompleted {
				return assessmentURL(pid, id), models.Conflict("status", "this assessment is completed and never changes; start a new one, which supersedes it")
			}
			return assessmentURL(pid, id), errForbidden
		}
	})
}

func (s *Server) lookupAssessment(c *gin.Context, scope models.Scope, action string, why func(pid int64) whyNot) (*models.Assessment, bool) {
	pid, ok1 := idParam(c, "id")
	aid, ok2 := idParam(c, "aid")
	if !ok1 || !ok2 {
		s.auditDenied(c, action, "assessment", 0, "malformed id")
		s.notFound(c)
		return nil, false
	}
	as, err := s.assessmentOf(c.Request.Context(), scope, pid, aid)
	if errors.Is(err, models.ErrNotFound) {
		var w whyNot
		if why != nil {
			w = why(pid)
		}
		s.refuseOrHide(c, "assessment", action, aid, w)
		return nil, false
	}
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return as, true
}

// assessmentOf is the assessment through scope, if it is the person's.
func (s *Server) assessmentOf(ctx context.Context, scope models.Scope, pid, aid int64) (*models.Assessment, error) {
	as, err := s.store.Assessment(ctx, scope, aid)
	if err == nil && as.PersonID != pid {
		return nil, models.ErrNotFound
	}
	return as, err
}

type assessmentsList struct {
	Person      identity            `json:"-"`
	Assessments []models.Assessment `json:"assessments"`
	CanStart    bool                `json:"-"`
}

// listAssessments lists the assessments of a person the reader may see:
// completed ones under the involvement rule, and their service's drafts.
// It is part of the full record, so it finds the person through the
// records scope like listNotes: a service not involved gets the one 404,
// audited as a denied read, not an empty list audited as allowed.
func (s *Server) listAssessments(c *gin.Context) {
	a, _ := actorOf(c)
	list, p, ok := recordRead(s, c, a, models.AuditReadAssessments, func(p *models.Person) ([]models.Assessment, error) {
		return s.store.Assessments(c.Request.Context(), policy.Assessments(a), p.ID)
	})
	if !ok {
		return
	}
	pg := assessmentsList{Person: identityOf(p, nil), Assessments: nonNil(list),
		CanStart: policy.Can(a, policy.Create, policy.ResourceAssessment)}
	s.respond(c, http.StatusOK, "assessments", pg)
}

// startAssessment opens a draft (pre-filled from the latest assessment the
// service may read), or returns the service's draft if it has one.
// Assessing a person opens the service's involvement.
func (s *Server) startAssessment(c *gin.Context) {
	a, p, ok := s.personToAddTo(c, policy.ResourceAssessment, policy.People, models.AuditStartAssessment)
	if !ok {
		return
	}
	var in models.AssessmentStart
	if c.Request.ContentLength != 0 {
		if err := bind(c, &in); err != nil {
			s.backWithError(c, personURL(p.ID), err)
			return
		}
	}
	var as *models.Assessment
	var created bool
	err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		var err error
		as, created, err = tx.StartAssessment(c.Request.Context(), policy.People(a), policy.Assessments(a), a.Author(), p.ID, in)
		if err != nil || !created {
			return models.AuditEvent{}, err
		}
		return models.AuditEvent{Action: models.AuditStartAssessment, ObjectType: "assessment", ObjectID: &as.ID}, nil
	})
	if err != nil {
		s.backWithError(c, personURL(p.ID), err)
		return
	}
	if !created {
		s.done(c, http.StatusOK, assessmentURL(p.ID, as.ID), "Your service already has a draft assessment for this person: carry on with it.", as)
		return
	}
	flash := "Assessment started."
	if as.SupersedesID != nil {
		flash = "Assessment started, pre-filled from the last one: check each section with the person."
	}
	s.done(c, http.StatusCreated, assessmentURL(p.ID, as.ID), flash, as)
}

// showAssessment shows one assessment: progress and score for a draft, the
// answers read back for a completed one. Audited.
func (s *Server) showAssessment(c *gin.Context) {
	a, _ := actorOf(c)
	as, ok := s.findAssessment(c, policy.Assessments(a), models.AuditReadAssessment)
	if !ok {
		return
	}
	showAudited(s, c, "assessment", models.AuditReadAssessment, "assessment", as.ID, func() (assessmentPage, error) {
		return s.assessmentPageData(c, a, as)
	})
}

func (s *Server) assessmentPageData(c *gin.Context, a policy.Actor, as *models.Assessment) (assessmentPage, error) {
	ctx := c.Request.Context()
	pg := assessmentPage{Assessment: as, Threshold: models.HousingFirstThreshold, Indicated: as.HousingFirstIndicated()}
	p, err := s.store.Person(ctx, policy.People(a), as.PersonID)
	if err != nil {
		return pg, err
	}
	pg.Person = identityOf(p, nil)
	form, err := s.store.FormVersionByID(ctx, as.FormVersionID)
	if err != nil {
		return pg, err
	}
	d := &form.Definition
	pg.FormTitle = d.Title
	for _, pr := range d.Progress(as.Answers, as.ForServiceType) {
		if !pr.Shown {
			continue
		}
		pg.SectionsAll++
		if pr.Done() {
			pg.SectionsDone++
		}
		pg.Progress = append(pg.Progress, sectionStep{ID: pr.ID, Title: pr.Title, Sensitive: pr.Sensitive, Answered: pr.Answered, Questions: pr.Questions, Done: pr.Done()})
	}
	laNames, err := s.laNames(c)
	if err != nil {
		return pg, err
	}
	pg.Sections = app.ReadBack(d, as, laNames)
	if !as.Completed() {
		_, err := s.store.Assessment(ctx, policy.EditableAssessments(a), as.ID)
		pg.Editable = err == nil
	}
	pg.CanStart = policy.Can(a, policy.Create, policy.ResourceAssessment)
	pg.Sharing, err = s.sharing(c, a, as)
	return pg, err
}

func (s *Server) laNames(c *gin.Context) (map[int64]string, error) {
	las, err := s.store.LAs(c.Request.Context())
	out := map[int64]string{}
	for _, la := range las {
		out[la.ID] = la.Name
	}
	return out, err
}

// sharing says whether the assessment can go with a referral: it must be
// completed and the person must have agreed to share it. Both the decision
// and the words rest on the consent records the reader may see, the ones
// a referral from its service would be sent on: another service's hidden
// consent neither shows as "recorded" nor, refused, contradicts the
// reader's own (rule 4).
func (s *Server) sharing(c *gin.Context, a policy.Actor, as *models.Assessment) (sharingStatus, error) {
	ctx := c.Request.Context()
	if !as.Completed() {
		return sharingStatus{Reason: "A draft is not shared: complete the assessment first."}, nil
	}
	ok, err := s.store.HasConsent(ctx, policy.Consents(a), as.PersonID, models.ConsentShareAssessment)
	if err != nil {
		return sharingStatus{}, err
	}
	consents, err := s.store.Consents(ctx, policy.Consents(a), as.PersonID)
	if err != nil {
		return sharingStatus{}, err
	}
	var latest *models.Consent
	for i := range consents {
		if consents[i].Purpose == models.ConsentShareAssessment {
			latest = &consents[i]
			break
		}
	}
	switch {
	case ok && latest != nil && latest.Active():
		return sharingStatus{Allowed: true, Reason: "Can be shared with services the person is referred to: they agreed on " +
			latest.RecordedAt.In(london).Format("2 Jan 2006") + " (recorded by " + latest.RecorderName + ", " + latest.ServiceName + ")."}, nil
	case ok:
		return sharingStatus{Allowed: true, Reason: "Can be shared with services the person is referred to: their consent is recorded."}, nil
	case latest != nil && latest.WithdrawnAt != nil:
		return sharingStatus{Reason: "Cannot be shared by referral: the person withdrew consent on " + latest.WithdrawnAt.In(london).Format("2 Jan 2006") + ". Ask them again and record their answer."}, nil
	case latest != nil && !latest.Given:
		return sharingStatus{Reason: "Cannot be shared by referral: the person said no to sharing their assessment. A receiving service will assess them itself."}, nil
	}
	return sharingStatus{Reason: "Cannot be shared by referral: no consent to share the assessment is recorded. Ask the person, and record their answer under Consent on their page."}, nil
}

// updateAssessment is PATCH /api/v1/people/{id}/assessments/{aid}: set or
// clear answers of a draft and the needs-score override. Unknown question
// ids, wrong types and answers to hidden questions are refused, naming
// each, and nothing is saved.
func (s *Server) updateAssessment(c *gin.Context) {
	a, _ := actorOf(c)
	as, ok := s.findDraft(c, a, models.AuditUpdateAssessment)
	if !ok {
		return
	}
	var in models.AssessmentUpdate
	if !s.bound(c, &in) {
		return
	}
	upd, err := writeAudited(s, c, func(tx *models.Store) (*models.Assessment, error) {
		return tx.UpdateDraft(c.Request.Context(), policy.EditableAssessments(a), as.ID, in)
	}, func(*models.Assessment) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdateAssessment, ObjectType: "assessment", ObjectID: &as.ID}
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, upd)
}

// overrideInput is the needs-score override form.
type overrideInput struct {
	NeedsOverride       bool   `json:"needs_override"`
	NeedsOverrideReason string `json:"needs_override_reason"`
}

// overrideAssessment records (or removes) the Housing First override with
// its reason, from the assessment page.
func (s *Server) overrideAssessment(c *gin.Context) {
	a, _ := actorOf(c)
	as, ok := s.findDraft(c, a, models.AuditUpdateAssessment)
	if !ok {
		return
	}
	in := overrideInput{NeedsOverride: as.NeedsOverride, NeedsOverrideReason: as.NeedsOverrideReason}
	if !s.bound(c, &in) {
		return
	}
	upd, err := writeAudited(s, c, func(tx *models.Store) (*models.Assessment, error) {
		return tx.UpdateDraft(c.Request.Context(), policy.EditableAssessments(a), as.ID,
			models.AssessmentUpdate{NeedsOverride: &in.NeedsOverride, NeedsOverrideReason: &in.NeedsOverrideReason})
	}, func(*models.Assessment) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdateAssessment, ObjectType: "assessment", ObjectID: &as.ID, Reason: "needs score override"}
	})
	if err != nil {
		s.assessmentFail(c, a, as, err)
		return
	}
	s.done(c, http.StatusOK, assessmentURL(as.PersonID, as.ID), "Override saved.", upd)
}

// assessmentFail re-renders the assessment page with the errors (web), or
// answers the JSON error (API).
func (s *Server) assessmentFail(c *gin.Context, a policy.Actor, as *models.Assessment, err error) {
	if isAPI(c) {
		s.fail(c, err)
		return
	}
	pg, perr := s.assessmentPageData(c, a, as)
	if perr != nil {
		s.fail(c, perr)
		return
	}
	var fe models.FieldErrors
	if errors.As(err, &fe) {
		form, ferr := s.store.FormVersionByID(c.Request.Context(), as.FormVersionID)
		if ferr != nil {
			s.fail(c, ferr)
			return
		}
		for _, sec := range form.Definition.Sections {
			for _, q := range sec.Questions {
				if _, missing := fe["answers."+q.ID]; missing {
					pg.Missing = append(pg.Missing, missingAnswer{Section: sec.ID, SectionTitle: sec.Title, Question: q.ID, Label: q.Label})
				}
			}
		}
	}
	s.formFail(c, "assessment", pg, err)
}

// completeAssessment finishes a draft. Each missing required answer is
// named (and linked to its section on the web); a completed assessment
// never changes.
func (s *Server) completeAssessment(c *gin.Context) {
	a, _ := actorOf(c)
	as, ok := s.findDraft(c, a, models.AuditCompleteAssessment)
	if !ok {
		return
	}
	done, err := writeAudited(s, c, func(tx *models.Store) (*models.Assessment, error) {
		return tx.CompleteAssessment(c.Request.Context(), policy.EditableAssessments(a), a.Author(), as.ID)
	}, func(*models.Assessment) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditCompleteAssessment, ObjectType: "assessment", ObjectID: &as.ID}
	})
	if err != nil {
		s.assessmentFail(c, a, as, err)
		return
	}
	s.done(c, http.StatusOK, assessmentURL(as.PersonID, as.ID), "Assessment completed. It will not change; a later assessment will supersede it.", done)
}

// discardAssessment deletes a draft of the actor's service.
func (s *Server) discardAssessment(c *gin.Context) {
	a, _ := actorOf(c)
	as, ok := s.findDraft(c, a, models.AuditDiscardAssessment)
	if !ok {
		return
	}
	if err := s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
		return models.AuditEvent{Action: models.AuditDiscardAssessment, ObjectType: "assessment", ObjectID: &as.ID}, tx.DiscardDraft(c.Request.Context(), policy.EditableAssessments(a), as.ID)
	}); err != nil {
		s.backWithError(c, assessmentURL(as.PersonID, as.ID), err)
		return
	}
	s.done(c, http.StatusOK, personURL(as.PersonID), "Draft assessment discarded.", discardedDraft{Discarded: as.ID})
}

// discardedDraft answers DELETE of a draft assessment: its id.
type discardedDraft struct {
	Discarded int64 `json:"discarded"`
}
