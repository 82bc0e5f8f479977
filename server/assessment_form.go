package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
)

// sectionPage is one section of a draft as a web form.
type sectionPage struct {
	Person     identity
	Assessment *models.Assessment
	Section    *models.FormSection
	Questions  []questionView
	Number     int
	Count      int
	Prev, Next string
	Errors     models.FieldErrors
}

func (p sectionPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// questionView is a question ready to draw: its current answer, whether it
// shows, and (for app.js) the conditions on answers in the same section.
type questionView struct {
	models.Question
	Field    string
	Shown    bool
	Outer    bool   // conditions outside this section hold (drawn by the server)
	ShowIf   string // JSON of the conditions app.js re-checks as answers change
	Value    string
	Selected map[string]bool
	Error    string
	LAs      []models.Option
}

// sectionData builds the section form with the given answers.
func (s *Server) sectionData(c *gin.Context, a policy.Actor, as *models.Assessment, sectionID string, ans models.Answers) (sectionPage, bool, error) {
	ctx := c.Request.Context()
	form, err := s.store.FormVersionByID(ctx, as.FormVersionID)
	if err != nil {
		return sectionPage{}, false, err
	}
	d := &form.Definition
	sec := d.Section(sectionID)
	if sec == nil || !d.SectionShown(sectionID, as.Answers, as.ForServiceType) {
		return sectionPage{}, false, nil
	}
	p, err := s.store.Person(ctx, policy.People(a), as.PersonID)
	if err != nil {
		return sectionPage{}, false, err
	}
	pg := sectionPage{Person: identityOf(p, nil), Assessment: as, Section: sec}
	var shownIDs []string
	for _, sc := range d.Sections {
		if d.SectionShown(sc.ID, as.Answers, as.ForServiceType) {
			shownIDs = append(shownIDs, sc.ID)
		}
	}
	for i, id := range shownIDs {
		if id == sectionID {
			pg.Number, pg.Count = i+1, len(shownIDs)
			if i > 0 {
				pg.Prev = shownIDs[i-1]
			}
			if i+1 < len(shownIDs) {
				pg.Next = shownIDs[i+1]
			}
		}
	}
	var las []models.Option
	for _, q := range sec.Questions {
		if q.Type == models.TypeLA {
			all, err := s.store.LAs(ctx)
			if err != nil {
				return pg, false, err
			}
			for _, la := range all {
				las = append(las, models.Option{Value: strconv.FormatInt(la.ID, 10), Label: la.Name})
			}
			break
		}
	}
	inSection := map[string]bool{}
	for _, q := range sec.Questions {
		inSection[q.ID] = true
	}
	shown := d.Visible(ans, as.ForServiceType)
	for _, q := range sec.Questions {
		qv := questionView{Question: q, Field: "q." + q.ID, Shown: shown[q.ID], Selected: map[string]bool{}, LAs: las}
		var local []models.Condition
		outer := models.Answers{}
		for k, v := range ans {
			if !inSection[k] {
				outer[k] = v
			}
		}
		for _, cd := range append(append([]models.Condition{}, sec.ShowIf...), q.ShowIf...) {
			if cd.Question != "" && inSection[cd.Question] && len(cd.ServiceType) == 0 {
				local = append(local, cd)
			}
		}
		qv.Outer = outerHolds(sec, &q, outer, inSection, as.ForServiceType)
		if len(local) > 0 {
			b, _ := json.Marshal(local)
			qv.ShowIf = string(b)
		}
		if ans.Has(q.ID) {
			switch q.Type {
			case models.TypeMulti:
				for _, v := range ans.Strings(q.ID) {
					qv.Selected[v] = true
				}
			case models.TypeYesNo:
				qv.Value = strconv.FormatBool(ans.Bool(q.ID))
			case models.TypeNumber, models.TypeScore, models.TypeLA:
				qv.Value = strconv.FormatInt(ans.Int(q.ID), 10)
			default:
				qv.Value = ans.String(q.ID)
			}
		}
		pg.Questions = append(pg.Questions, qv)
	}
	return pg, true, nil
}

// outerHolds: the conditions of a question that app.js cannot re-check
// (on other sections' answers or the service type) hold.
func outerHolds(sec *models.FormSection, q *models.Question, ans models.Answers, inSection map[string]bool, serviceType string) bool {
	var outer []models.Condition
	for _, cd := range append(append([]models.Condition{}, sec.ShowIf...), q.ShowIf...) {
		if cd.Question == "" || !inSection[cd.Question] || len(cd.ServiceType) > 0 {
			outer = append(outer, cd)
		}
	}
	return models.ConditionsHold(outer, ans, serviceType)
}

// draftSection finds the draft in the path that the actor's service may
// edit (audited under action) and builds the page of the section in the
// path from its saved answers; a section the form does not have is 404.
func (s *Server) draftSection(c *gin.Context, action string) (policy.Actor, *models.Assessment, sectionPage, bool) {
	a, _ := actorOf(c)
	as, ok := s.findDraft(c, a, action)
	if !ok {
		return a, nil, sectionPage{}, false
	}
	pg, found, err := s.sectionData(c, a, as, c.Param("section"), as.Answers)
	if err != nil {
		s.fail(c, err)
		return a, nil, pg, false
	}
	if !found {
		s.notFound(c)
		return a, nil, pg, false
	}
	return a, as, pg, true
}

// sectionForm is GET /people/{id}/assessments/{aid}/sections/{section}.
func (s *Server) sectionForm(c *gin.Context) {
	_, as, pg, ok := s.draftSection(c, models.AuditEditAssessment)
	if !ok {
		return
	}
	if err := s.auditRead(c, models.AuditReadAssessment, "assessment", as.ID); err != nil {
		s.fail(c, err)
		return
	}
	s.html(c, http.StatusOK, "assessment_section", pg)
}

// saveSection stores a section's answers and moves to the next section
// (or back to the overview). Answers to questions the new answers hide are
// cleared rather than refused: on a web form the person simply changed
// their mind.
func (s *Server) saveSection(c *gin.Context) {
	a, as, pg, ok := s.draftSection(c, models.AuditUpdateAssessment)
	if !ok {
		return
	}
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, models.Invalid("form", "could not read the form"))
		return
	}
	change, errs := sectionAnswers(pg.Section, c.Request.PostForm)
	tentative := as.Answers.Clone()
	for k, v := range change {
		if v == nil {
			delete(tentative, k)
		} else {
			tentative[k] = v
		}
	}
	form, err := s.store.FormVersionByID(c.Request.Context(), as.FormVersionID)
	if err != nil {
		s.fail(c, err)
		return
	}
	shown := form.Definition.Visible(tentative, as.ForServiceType)
	for k := range change {
		if !shown[k] {
			change[k] = nil
		}
	}
	if len(errs) == 0 {
		err = s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
			_, err := tx.UpdateDraft(c.Request.Context(), policy.EditableAssessments(a), as.ID, models.AssessmentUpdate{Answers: change})
			return models.AuditEvent{Action: models.AuditUpdateAssessment, ObjectType: "assessment", ObjectID: &as.ID, Reason: "section " + pg.Section.ID}, err
		})
	} else {
		err = errs
	}
	if err != nil {
		redo, _, perr := s.sectionData(c, a, as, pg.Section.ID, tentative)
		if perr != nil {
			s.fail(c, perr)
			return
		}
		s.formFail(c, "assessment_section", redo, err)
		return
	}
	next := assessmentURL(as.PersonID, as.ID)
	if c.PostForm("go") == "next" && pg.Next != "" {
		next += "/sections/" + pg.Next
	}
	s.done(c, http.StatusOK, next, "Saved.", nil)
}

// sectionAnswers reads a section's fields (named q.<question id>) into a
// change of answers: an empty field clears its answer; a multi question
// carries a marker so unticking every box clears it too.
func sectionAnswers(sec *models.FormSection, form map[string][]string) (models.Answers, models.FieldErrors) {
	change := models.Answers{}
	errs := models.FieldErrors{}
	for _, q := range sec.Questions {
		name := "q." + q.ID
		vals, present := form[name]
		if q.Type == models.TypeMulti {
			if _, marked := form["_has_"+name]; !marked && !present {
				continue
			}
			var picked []string
			for _, v := range vals {
				if v = strings.TrimSpace(v); v != "" {
					picked = append(picked, v)
				}
			}
			picked = nonNil(picked)
			change[q.ID] = mustJSON(picked)
			continue
		}
		if !present {
			continue
		}
		v := strings.TrimSpace(vals[0])
		if v == "" {
			change[q.ID] = nil
			continue
		}
		switch q.Type {
		case models.TypeYesNo:
			switch v {
			case "true", "yes":
				change[q.ID] = mustJSON(true)
			case "false", "no":
				change[q.ID] = mustJSON(false)
			default:
				errs.Add("answers."+q.ID, "must be yes or no")
			}
		case models.TypeNumber, models.TypeScore, models.TypeLA:
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				errs.Add("answers."+q.ID, "must be a whole number")
				continue
			}
			change[q.ID] = mustJSON(n)
		default:
			change[q.ID] = mustJSON(vals[0])
		}
	}
	return change, errs
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
