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

// partPage is what a confidential service's manager sees before
// releasing the service's own part of a subject access export: the
// person, and how many records of each kind the part holds.
type partPage struct {
	Person identity
	Counts []countFact
}

type countFact struct{ Label, Value string }

// loadPart reads a confidential service's own part of a subject access
// export, through its manager's scopes.
func (s *Server) loadPart(c *gin.Context, action string) (*models.SubjectAccessRecord, bool) {
	a, _ := actorOf(c)
	return s.subjectAccessIn(c, policy.SubjectAccessPart(a), action)
}

// subjectAccessPart is the page from which a confidential service's
// manager releases the service's part to the person.
func (s *Server) subjectAccessPart(c *gin.Context) {
	r, ok := s.loadPart(c, models.AuditSubjectAccessPart)
	if !ok {
		return
	}
	if err := s.auditRead(c, models.AuditSubjectAccessPartView, "person", r.Person.ID); err != nil {
		s.fail(c, err)
		return
	}
	pg := partPage{Person: identityOf(&r.Person, nil), Counts: []countFact{
		{"Involvements", strconv.Itoa(len(r.KnownTo))}, {"Assessments", strconv.Itoa(len(r.Assessments))},
		{"Cases", strconv.Itoa(len(r.Cases))}, {"Case notes", strconv.Itoa(len(r.Notes))},
		{"Safety plan versions", strconv.Itoa(len(r.SafetyPlans))}, {"Consent records", strconv.Itoa(len(r.Consents))},
		{"Referrals", strconv.Itoa(len(r.Referrals))}, {"Placements", strconv.Itoa(len(r.Placements))},
		{"Street contacts", strconv.Itoa(len(r.StreetContacts))}, {"Reads by your service", strconv.Itoa(len(r.Disclosures))},
	}}
	s.html(c, http.StatusOK, "subject_access_part", pg)
}

// releaseSubjectAccessPart records the release and hands the manager the
// part as JSON, to send to the person; it never passes the area team.
func (s *Server) releaseSubjectAccessPart(c *gin.Context) {
	a, _ := actorOf(c)
	r, ok := s.loadPart(c, models.AuditSubjectAccessPartRelease)
	if !ok {
		return
	}
	if err := s.store.ReleaseSubjectAccessPart(c.Request.Context(), a.Author(), r.Person.ID); err != nil {
		s.fail(c, err)
		return
	}
	r.Parts = models.SARParts{Note: "This file is one service's own part of the person's record; the rest is sent separately."}
	body, err := json.MarshalIndent(subjectAccessExport{GeneratedAt: s.now().Format("2006-01-02T15:04:05Z"),
		Note: "This service's own part of a subject access export: the records it holds about the person.", Record: r,
		ReadBack: map[string][]app.AnsweredSection{}}, "", "  ")
	if err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, "subject-access-part-"+strconv.FormatInt(r.Person.ID, 10), "json", body)
}
