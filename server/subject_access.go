package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

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
	s.sendSubjectAccess(c, r, "json", "application/json", body)
}

// sendSubjectAccess sends the export of r as a file in format: the
// confidential services are asked for their parts and the export is
// audited first, so no export goes out unrecorded.
func (s *Server) sendSubjectAccess(c *gin.Context, r *models.SubjectAccessRecord, format, contentType string, body []byte) {
	a, _ := actorOf(c)
	if err := s.store.AskForSubjectAccessParts(c.Request.Context(), a.UserID, r.Person.ID); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.audit(c, models.AuditEvent{Action: models.AuditSubjectAccessExport, ObjectType: "person", ObjectID: &r.Person.ID, Reason: format}); err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, contentType, "subject-access-"+strconv.FormatInt(r.Person.ID, 10)+"."+format, body)
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
	var buf bytes.Buffer
	if err := reports.RecordPDF(&buf, s.subjectAccessDocument(r, laNames)); err != nil {
		s.fail(c, err)
		return
	}
	s.sendSubjectAccess(c, r, "pdf", "application/pdf", buf.Bytes())
}

func (s *Server) subjectAccessDocument(r *models.SubjectAccessRecord, laNames map[int64]string) reports.RecordDocument {
	now := s.now()
	doc := reports.RecordDocument{Title: "Subject access: " + r.Person.FullName(), Period: "everything held up to " + day(now),
		Generated: now.In(london), Marking: "Subject access export. Personal data: send only to the person or their authorised representative."}
	laName := ""
	if r.Person.LocalConnectionLAID != nil {
		laName = laNames[*r.Person.LocalConnectionLAID]
	}
	doc.Sections = append(doc.Sections, reports.RecordSection{Heading: "Identity", Intro: sarNote, Facts: identityFacts(&r.Person, laName)})
	inv := reports.RecordSection{Heading: "Services that have worked with the person", Empty: "None."}
	for _, k := range r.KnownTo {
		v := "from " + day(k.StartedAt.Time)
		if k.EndedAt != nil {
			v += " to " + day(k.EndedAt.Time)
			if k.EndReason != "" {
				v += " (" + k.EndReason + ")"
			}
		}
		inv.Facts = append(inv.Facts, reports.RecordFact{Label: k.ServiceName, Value: v})
	}
	doc.Sections = append(doc.Sections, inv)
	if len(r.Assessments) == 0 {
		doc.Sections = append(doc.Sections, reports.RecordSection{Heading: "Assessments", Empty: "None."})
	}
	for i := range r.Assessments {
		as := &r.Assessments[i]
		doc.Sections = append(doc.Sections, assessmentSection("Assessment #"+strconv.FormatInt(as.ID, 10), as, app.ReadBack(&r.Forms[as.FormVersionID].Definition, as, laNames)))
	}
	cases := reports.RecordSection{Heading: "Cases", Empty: "None."}
	for _, cs := range r.Cases {
		body := []string{"Concern level " + cs.RAG + ": " + cs.RAGReason}
		if cs.PrimaryOutcome != "" {
			body = append(body, "Outcome: "+cs.PrimaryOutcome)
		}
		for _, ev := range cs.Events {
			line := ev.At.In(london).Format("2 Jan 2006") + " " + ev.UserName + ": " + ev.Kind
			if ev.Action != "" {
				line += " " + ev.Action
			}
			if ev.ToStatus != "" && ev.ToStatus != ev.FromStatus {
				line += " → " + ev.ToStatus
			}
			if ev.Note != "" {
				line += " — " + ev.Note
			}
			body = append(body, line)
		}
		cases.Entries = append(cases.Entries, reports.RecordEntry{Meta: cs.PathwayName + " · " + cs.ServiceName + " · opened " + day(cs.OpenedAt), Body: strings.Join(body, "\n")})
	}
	doc.Sections = append(doc.Sections, cases)
	plans := reports.RecordSection{Heading: "Safety plans", Empty: "None."}
	for i := range r.SafetyPlans {
		for _, f := range planFacts(&r.SafetyPlans[i]) {
			plans.Facts = append(plans.Facts, f)
		}
	}
	doc.Sections = append(doc.Sections, plans)
	doc.Sections = append(doc.Sections, reports.RecordSection{Heading: "Consent", Entries: consentEntries(r.Consents), Empty: "None."})
	notes := reports.RecordSection{Heading: "Case notes", Empty: "None."}
	for _, n := range r.Notes {
		notes.Entries = append(notes.Entries, reports.RecordEntry{Meta: n.CreatedAt.In(london).Format("2 Jan 2006 15:04") + " · " + n.AuthorName + ", " + n.ServiceName, Body: n.Body})
	}
	doc.Sections = append(doc.Sections, notes)
	doc.Sections = append(doc.Sections, placementSections(r)...) // placement_person.go
	doc.Sections = append(doc.Sections, adjustmentSection(r.Adjustments), streetContactSection(r.StreetContacts, laNames))
	doc.Sections = append(doc.Sections, dataProtectionSections(r)...) // subject_access_more.go
	if len(r.Merges) > 0 {
		m := reports.RecordSection{Heading: "Duplicate records merged"}
		for _, x := range r.Merges {
			m.Entries = append(m.Entries, reports.RecordEntry{Meta: day(x.MergedAt) + " · " + x.ByName, Body: "Record #" + strconv.FormatInt(x.MergedID, 10) + " merged into #" + strconv.FormatInt(x.SurvivorID, 10) + ": " + x.Reason})
		}
		doc.Sections = append(doc.Sections, m)
	}
	return doc
}

// adjustmentSection lists the priority adjustments recorded for the
// matcher, with why, and whether they were withdrawn.
func adjustmentSection(adj []models.PriorityAdjustment) reports.RecordSection {
	sec := reports.RecordSection{Heading: "Priority adjustments", Empty: "None."}
	for _, j := range adj {
		what := "Needs threshold override"
		if j.Kind == models.AdjustDiscretion {
			what = "Discretion: " + strconv.Itoa(j.Points) + " points"
		}
		if j.WithdrawnAt != nil {
			what += " (withdrawn " + day(*j.WithdrawnAt) + ")"
		}
		sec.Entries = append(sec.Entries, reports.RecordEntry{Meta: day(j.CreatedAt) + " · " + j.CreatedByName + ", " + j.ServiceName, Body: what + "\n" + j.Reason})
	}
	return sec
}

// streetContactSection lists where and when outreach met the person.
func streetContactSection(contacts []models.StreetContact, laNames map[int64]string) reports.RecordSection {
	sec := reports.RecordSection{Heading: "Met on the street", Empty: "None."}
	for _, sc := range contacts {
		where := strconv.FormatFloat(sc.Lat, 'f', 4, 64) + ", " + strconv.FormatFloat(sc.Lon, 'f', 4, 64)
		if sc.LAID != nil {
			where += " (" + laNames[*sc.LAID] + ")"
		}
		sec.Facts = append(sec.Facts, reports.RecordFact{Label: sc.SeenAt.In(london).Format("2 Jan 2006 15:04"), Value: models.SiteLabel(sc.SiteType) + " at " + where})
	}
	return sec
}
