package server

import (
	"errors"
	"io"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// ownRecord is "my record" (GM Think): what a worker goes through with the
// person. It holds the person's front page, their plan, latest assessment,
// cases and consent as the worker's service may read them, and the case
// notes this service wrote; other services' notes are only counted, by
// service ("ask them to see these"). Confidential services' records never
// appear for anyone outside them: everything comes through the reader's
// scopes.
type ownRecord struct {
	Person      identity
	Record      *models.Person
	LAName      string
	ServiceName string
	KnownTo     []models.KnownTo
	SafetyPlan  *models.SafetyPlan
	Assessment  *models.Assessment
	Answers     []app.AnsweredSection
	Cases       []caseSummary
	Consents    []models.Consent
	OwnNotes    []models.CaseNote
	OtherNotes  []noteCount
	Generated   time.Time
}

type caseSummary struct {
	models.Case
	StatusLabel string
}

type noteCount struct {
	Service string
	Count   int
}

// maxRecordNotes bounds the notes one "my record" lists.
const maxRecordNotes = 5000

func (s *Server) ownRecordData(c *gin.Context, a policy.Actor, p *models.Person) (*ownRecord, error) {
	ctx := c.Request.Context()
	known, err := s.store.KnownToList(ctx, policy.Involvements(a), p.ID)
	if err != nil {
		return nil, err
	}
	r := &ownRecord{Person: identityOf(p, known), Record: p, KnownTo: known, Generated: s.now()}
	if w := whoOf(c); w.acting != nil && w.acting.Service != nil {
		r.ServiceName = w.acting.Service.Name
	}
	if p.LocalConnectionLAID != nil {
		if la, err := s.store.LA(ctx, *p.LocalConnectionLAID); err == nil {
			r.LAName = la.Name
		}
	}
	if plan, err := s.store.LatestSafetyPlan(ctx, policy.SafetyPlans(a), p.ID); err == nil {
		r.SafetyPlan = plan
	} else if !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	if as, err := s.store.LatestAssessment(ctx, policy.Assessments(a), p.ID); err == nil {
		form, err := s.store.FormVersionByID(ctx, as.FormVersionID)
		if err != nil {
			return nil, err
		}
		laNames, err := s.laNames(c)
		if err != nil {
			return nil, err
		}
		r.Assessment, r.Answers = as, app.ReadBack(&form.Definition, as, laNames)
	} else if !errors.Is(err, models.ErrNotFound) {
		return nil, err
	}
	cases, err := s.store.Cases(ctx, policy.Cases(a), p.ID)
	if err != nil {
		return nil, err
	}
	for _, cs := range cases {
		label := cs.Status
		if pw, err := s.store.PathwayByID(ctx, cs.PathwayID); err == nil {
			label = pw.Definition.StateLabel(cs.Status)
		}
		r.Cases = append(r.Cases, caseSummary{Case: cs, StatusLabel: label})
	}
	if r.Consents, err = s.store.Consents(ctx, policy.Consents(a), p.ID); err != nil {
		return nil, err
	}
	notes, _, err := s.store.Notes(ctx, policy.Notes(a), p.ID, maxRecordNotes, 0)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	var order []string
	for _, n := range notes {
		if n.ServiceID == a.ServiceID {
			r.OwnNotes = append(r.OwnNotes, n)
			continue
		}
		if counts[n.ServiceName] == 0 {
			order = append(order, n.ServiceName)
		}
		counts[n.ServiceName]++
	}
	for _, name := range order {
		r.OtherNotes = append(r.OtherNotes, noteCount{Service: name, Count: counts[name]})
	}
	return r, nil
}

// findOwnRecordPerson: "my record" is for workers of a service working
// with the person.
func (s *Server) findOwnRecordPerson(c *gin.Context, action string) (policy.Actor, *models.Person, bool) {
	a, _ := actorOf(c)
	if !policy.Can(a, policy.Read, policy.ResourceAssessment) {
		id, _ := idParam(c, "id")
		s.forbid(c, action, "person", id, "not permitted for this role", nil)
		return a, nil, false
	}
	p, ok := s.findPerson(c, policy.Records(a), action)
	return a, p, ok
}

// myRecord is the printable "my record" page.
func (s *Server) myRecord(c *gin.Context) {
	a, p, ok := s.findOwnRecordPerson(c, models.AuditReadMyRecord)
	if !ok {
		return
	}
	showAudited(s, c, "my_record", models.AuditReadMyRecord, "person", p.ID, func() (*ownRecord, error) {
		return s.ownRecordData(c, a, p)
	})
}

// myRecordPDF is "my record" as a PDF to print or give to the person.
func (s *Server) myRecordPDF(c *gin.Context) {
	a, p, ok := s.findOwnRecordPerson(c, models.AuditExportMyRecord)
	if !ok {
		return
	}
	r, err := s.ownRecordData(c, a, p)
	if err != nil {
		s.fail(c, err)
		return
	}
	body, ok := s.written(c, func(w io.Writer) error { return reports.RecordPDF(w, ownRecordDocument(r)) })
	if !ok {
		return
	}
	if err := s.auditRead(c, models.AuditExportMyRecord, "person", p.ID); err != nil {
		s.fail(c, err)
		return
	}
	sendFile(c, "my-record-"+strconv.FormatInt(p.ID, 10), "pdf", body)
}

func day(t time.Time) string { return t.In(london).Format("2 Jan 2006") }

func identityFacts(p *models.Person, laName string) []reports.RecordFact {
	dob := p.DOB.String()
	if !p.DOB.IsZero() {
		dob = p.DOB.Shown()
	} else if p.EstimatedBirthYear != nil {
		dob = "born about " + strconv.Itoa(*p.EstimatedBirthYear)
	} else {
		dob = "not known"
	}
	facts := []reports.RecordFact{{Label: "Name", Value: p.FullName()}, {Label: "Date of birth", Value: dob}}
	add := func(label, v string) {
		if v != "" {
			facts = append(facts, reports.RecordFact{Label: label, Value: v})
		}
	}
	for _, al := range p.Aliases {
		add("Also known as", al.GivenName+" "+al.FamilyName)
	}
	add("Gender", humanise(p.Gender))
	add("Phone", p.Phone)
	add("Email", p.Email)
	add("Nationality", p.Nationality)
	add("Immigration status", humanise(p.ImmigrationStatus))
	add("Local connection", laName)
	if p.SafetyFlag {
		add("Before visiting", "Contact "+p.SafetyContact)
	}
	return facts
}

func humanise(s string) string {
	b := []byte(s)
	for i := range b {
		if b[i] == '_' {
			b[i] = ' '
		}
	}
	return string(b)
}

func planFacts(pl *models.SafetyPlan) []reports.RecordFact {
	facts := []reports.RecordFact{{Label: "What keeps me safe", Value: pl.KeepsMeSafe}}
	if pl.WarningSigns != "" {
		facts = append(facts, reports.RecordFact{Label: "Warning signs", Value: pl.WarningSigns})
	}
	if pl.WhatHelps != "" {
		facts = append(facts, reports.RecordFact{Label: "What helps", Value: pl.WhatHelps})
	}
	if pl.PeopleToContact != "" {
		facts = append(facts, reports.RecordFact{Label: "People to contact", Value: pl.PeopleToContact})
	}
	return append(facts, reports.RecordFact{Label: "What services will do", Value: pl.AgreedActions},
		reports.RecordFact{Label: "Written", Value: pl.ServiceName + ", " + day(pl.CreatedAt) + "; review by " + pl.ReviewBy.Time().Format("2 Jan 2006")})
}

func assessmentSection(heading string, as *models.Assessment, sections []app.AnsweredSection) reports.RecordSection {
	sec := reports.RecordSection{Heading: heading}
	meta := as.ServiceName + ", form version " + strconv.Itoa(as.FormVersion)
	if as.CompletedAt != nil {
		meta += ", completed " + day(*as.CompletedAt)
	}
	sec.Intro = meta
	if as.NeedsScore != nil {
		score := strconv.Itoa(*as.NeedsScore) + " of 60 (Housing First indicative threshold 38)"
		if as.NeedsOverride {
			score += "; threshold overridden: " + as.NeedsOverrideReason
		}
		sec.Facts = append(sec.Facts, reports.RecordFact{Label: "Needs score", Value: score})
	}
	for _, s := range sections {
		for _, it := range s.Items {
			sec.Facts = append(sec.Facts, reports.RecordFact{Label: s.Title + ": " + it.Label, Value: it.Answer})
		}
	}
	return sec
}

func consentEntries(cs []models.Consent) []reports.RecordEntry {
	var out []reports.RecordEntry
	for _, k := range cs {
		state := "Agreed"
		switch {
		case !k.Given:
			state = "Did not agree"
		case k.WithdrawnAt != nil:
			state = "Agreed, then withdrew on " + day(*k.WithdrawnAt)
		}
		out = append(out, reports.RecordEntry{Meta: day(k.RecordedAt) + " · " + k.ServiceName,
			Body: state + ": " + models.PurposeLabel(k.Purpose) + " (with " + k.WithWhom + ")"})
	}
	return out
}

func ownRecordDocument(r *ownRecord) reports.RecordDocument {
	doc := reports.RecordDocument{Title: "My record: " + r.Record.FullName(), Period: "as held on " + day(r.Generated),
		Generated: r.Generated.In(london), Marking: "Personal record. Give it only to the person it is about."}
	doc.Sections = append(doc.Sections, reports.RecordSection{Heading: "About me", Facts: identityFacts(r.Record, r.LAName)})
	svc := reports.RecordSection{Heading: "Services working with me", Empty: "No services are recorded as working with you."}
	for _, k := range r.KnownTo {
		when := "since " + day(k.StartedAt.Time)
		if k.EndedAt != nil {
			when = day(k.StartedAt.Time) + " to " + day(k.EndedAt.Time)
		}
		svc.Facts = append(svc.Facts, reports.RecordFact{Label: k.ServiceName, Value: when + phoneSuffix(k.Phone)})
	}
	doc.Sections = append(doc.Sections, svc)
	plan := reports.RecordSection{Heading: "My safety plan", Empty: "There is no safety plan."}
	if r.SafetyPlan != nil {
		plan.Facts = planFacts(r.SafetyPlan)
	}
	doc.Sections = append(doc.Sections, plan)
	if r.Assessment != nil {
		doc.Sections = append(doc.Sections, assessmentSection("My assessment", r.Assessment, r.Answers))
	} else {
		doc.Sections = append(doc.Sections, reports.RecordSection{Heading: "My assessment", Empty: "No completed assessment."})
	}
	cases := reports.RecordSection{Heading: "My cases", Empty: "No cases."}
	for _, cs := range r.Cases {
		v := cs.StatusLabel + ", concern level " + cs.RAG
		if cs.PrimaryOutcome != "" {
			v += "; outcome: " + cs.PrimaryOutcome
		}
		cases.Facts = append(cases.Facts, reports.RecordFact{Label: cs.PathwayName + " (" + cs.ServiceName + ", from " + day(cs.OpenedAt) + ")", Value: v})
	}
	doc.Sections = append(doc.Sections, cases)
	doc.Sections = append(doc.Sections, reports.RecordSection{Heading: "What I agreed to share", Entries: consentEntries(r.Consents), Empty: "No consent recorded."})
	notes := reports.RecordSection{Heading: "Notes written by " + r.ServiceName, Empty: "No notes written by this service."}
	for _, n := range r.OwnNotes {
		notes.Entries = append(notes.Entries, reports.RecordEntry{Meta: n.CreatedAt.In(london).Format("2 Jan 2006 15:04") + " · " + n.AuthorName, Body: n.Body})
	}
	doc.Sections = append(doc.Sections, notes)
	if len(r.OtherNotes) > 0 {
		other := reports.RecordSection{Heading: "Notes written by other services", Intro: "To read these, ask the service that wrote them."}
		for _, o := range r.OtherNotes {
			other.Facts = append(other.Facts, reports.RecordFact{Label: o.Service, Value: strconv.Itoa(o.Count) + " notes"})
		}
		doc.Sections = append(doc.Sections, other)
	}
	return doc
}

func phoneSuffix(p string) string {
	if p == "" {
		return ""
	}
	return " · " + p
}
