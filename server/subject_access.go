package server

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// subjectAccessExport is everything held about a person, for a subject
// access request: the records, and each assessment read back in words.
// Confidential services' records are never in it (policy.SubjectAccess).
type subjectAccessExport struct {
	GeneratedAt string                           `json:"generated_at"`
	Note        string                           `json:"note"`
	Record      *models.SubjectAccessRecord      `json:"record"`
	ReadBack    map[string][]app.AnsweredSection `json:"assessments_in_words"`
}

type subjectAccessPage struct {
	Person    identity
	Counts    []reports.RecordFact
	PartsNote string
}

// loadSubjectAccess finds the person through the area admin's subject
// access scopes; anyone else, or a person known only to confidential
// services, gets the one 404.
func (s *Server) loadSubjectAccess(c *gin.Context, action string) (*models.SubjectAccessRecord, bool) {
	a, _ := actorOf(c)
	if !policy.Can(a, policy.Export, policy.ResourcePerson) {
		id, _ := idParam(c, "id")
		s.forbid(c, action, "person", id, "not permitted for this role", nil)
		return nil, false
	}
	return s.subjectAccessIn(c, policy.SubjectAccess(a), action)
}

// subjectAccessIn reads the subject access record of the person in the
// path through sc: the whole record for an area admin, a confidential
// service's own part for its manager. A person outside sc is the one 404.
func (s *Server) subjectAccessIn(c *gin.Context, sc models.SubjectAccessScopes, action string) (*models.SubjectAccessRecord, bool) {
	p, ok := s.findPerson(c, sc.Person, action)
	if !ok {
		return nil, false
	}
	r, err := s.store.SubjectAccess(c.Request.Context(), sc, p.ID)
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return r, true
}

// subjectAccess is the page from which an area admin downloads the export.
func (s *Server) subjectAccess(c *gin.Context) {
	r, ok := s.loadSubjectAccess(c, models.AuditSubjectAccess)
	if !ok {
		return
	}
	if err := s.auditRead(c, models.AuditSubjectAccessView, "person", r.Person.ID); err != nil {
		s.fail(c, err)
		return
	}
	pg := subjectAccessPage{Person: identityOf(&r.Person, r.KnownTo), Counts: []reports.RecordFact{
		{Label: "Involvements", Value: strconv.Itoa(len(r.KnownTo))}, {Label: "Assessments", Value: strconv.Itoa(len(r.Assessments))},
		{Label: "Cases", Value: strconv.Itoa(len(r.Cases))}, {Label: "Safety plan versions", Value: strconv.Itoa(len(r.SafetyPlans))},
		{Label: "Consent records", Value: strconv.Itoa(len(r.Consents))}, {Label: "Case notes", Value: strconv.Itoa(len(r.Notes))},
		{Label: "Merges", Value: strconv.Itoa(len(r.Merges))},
		{Label: "Referrals", Value: strconv.Itoa(len(r.Referrals))}, {Label: "Placements", Value: strconv.Itoa(len(r.Placements))},
		{Label: "Priority adjustments", Value: strconv.Itoa(len(r.Adjustments))}, {Label: "Street contacts", Value: strconv.Itoa(len(r.StreetContacts))},
		{Label: "Times no place was found", Value: strconv.Itoa(len(r.GapEvents))}, {Label: "Public alerts", Value: strconv.Itoa(len(r.PublicAlerts))},
		{Label: "Notifications", Value: strconv.Itoa(len(r.Notifications))}, {Label: "Break-glass openings", Value: strconv.Itoa(len(r.BreakGlass))},
		{Label: "Duplicate checks", Value: strconv.Itoa(len(r.DuplicateReviews))}, {Label: "Records brought from another area", Value: strconv.Itoa(len(r.TransfersIn))},
		{Label: "Tasks and appointments", Value: strconv.Itoa(len(r.Tasks))},
		{Label: "Disclosures (reads by services)", Value: strconv.Itoa(len(r.Disclosures))},
	}, PartsNote: r.Parts.Note}
	s.html(c, http.StatusOK, "subject_access", pg)
}

const sarNote = "Everything Gateway holds about this person, except records written by confidential services (refuges, sex-work support), which those services answer for themselves."

// subjectAccessJSON is the export as JSON, audited.
func (s *Server) subjectAccessJSON(c *gin.Context) {
	r, ok := s.loadSubjectAccess(c, models.AuditSubjectAccessExport)
	if !ok {
		return
	}
	out := subjectAccessExport{GeneratedAt: s.now().Format("2006-01-02T15:04:05Z"), Note: sarNote, Record: r, ReadBack: map[string][]app.AnsweredSection{}}
	laNames, err := s.laNames(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	for i := range r.Assessments {
		as := &r.Assessments[i]
		out.ReadBack[strconv.FormatInt(as.ID, 10)] = app.ReadBack(&r.Forms[as.FormVersionID].Definition, as, laNames)
	}
	body, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sendSubjectAccess(c, r, "json", body)
}

// sendSubjectAccess sends the export of r as a file in format: the
// confidential services are asked for their parts and the export is
// audited first, so no export goes out unrecorded.
func (s *Server) sendSubjectAccess(c *gin.Context, r *models.SubjectAccessRecord, format string, body []byte) {
	a, _ := actorOf(c)
	if err := s.store.AskForSubjectAccessParts(c.Request.Context(), a.UserID, r.Person.ID); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditSubjectAccessExport, ObjectType: "person", ObjectID: &r.Person.ID, Reason: format}); err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, "subject-access-"+strconv.FormatInt(r.Person.ID, 10), format, body)
}

// subjectAccessPDF is the export as a PDF, audited.
func (s *Server) subjectAccessPDF(c *gin.Context) {
	r, ok := s.loadSubjectAccess(c, models.AuditSubjectAccessExport)
	if !ok {
		return
	}
	laNames, err := s.laNames(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if body, ok := s.written(c, func(w io.Writer) error { return reports.RecordPDF(w, s.subjectAccessDocument(r, laNames)) }); ok {
		s.sendSubjectAccess(c, r, "pdf", body)
	}
}
