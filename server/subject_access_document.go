package server

import (
	"strconv"
	"strings"

	"gateway/models"
	"gateway/reports"
	"gateway/server/app"
)

// subjectAccessDocument is the subject access export as a document to
// print: every record the export holds, section by section.
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
	doc.Sections = append(doc.Sections, dataProtectionSections(r)...)
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

// dataProtectionSections are the subject access PDF's later sections:
// times no place was found, public alerts that led outreach to
// the person, notifications, break-glass openings, duplicate checks,
// disclosures, and parts held separately.
func dataProtectionSections(r *models.SubjectAccessRecord) []reports.RecordSection {
	gaps := reports.RecordSection{Heading: "Times no place could be found", Empty: "None."}
	for _, g := range r.GapEvents {
		what := "No eligible service with a place"
		if g.Kind == models.GapDecline {
			what = "Referral declined"
		}
		if g.Reason != "" {
			what += ": " + humanise(g.Reason)
		}
		gaps.Facts = append(gaps.Facts, reports.RecordFact{Label: day(g.At), Value: what})
	}
	alerts := reports.RecordSection{Heading: "Public alerts that led outreach to the person", Empty: "None."}
	for _, a := range r.PublicAlerts {
		body := []string{a.Description}
		if a.LocationText != "" {
			body = append(body, "Where: "+a.LocationText)
		}
		for _, ev := range a.Events {
			line := day(ev.At) + ": " + humanise(ev.Status)
			if ev.Note != "" {
				line += " — " + ev.Note
			}
			body = append(body, line)
		}
		alerts.Entries = append(alerts.Entries, reports.RecordEntry{Meta: "Alert " + a.Reference + " · " + day(a.CreatedAt), Body: strings.Join(body, "\n")})
	}
	notes := reports.RecordSection{Heading: "Notifications to services about the person", Empty: "None."}
	for _, n := range r.Notifications {
		notes.Facts = append(notes.Facts, reports.RecordFact{Label: day(n.CreatedAt), Value: n.ServiceName + ": " + humanise(n.Kind)})
	}
	bg := reports.RecordSection{Heading: "Full record opened by the area team (break glass)", Empty: "None."}
	for _, b := range r.BreakGlass {
		bg.Entries = append(bg.Entries, reports.RecordEntry{Meta: b.CreatedAt.In(london).Format("2 Jan 2006 15:04") + " · " + b.ByName, Body: b.Reason})
	}
	dup := reports.RecordSection{Heading: "Checks for duplicate records", Empty: "None."}
	for _, d := range r.DuplicateReviews {
		dup.Facts = append(dup.Facts, reports.RecordFact{Label: day(d.FoundAt), Value: "Compared with another record (" + humanise(d.Strength) + "): " + humanise(d.Status)})
	}
	disc := reports.RecordSection{Heading: "Who read the record (disclosures)", Intro: "Each time a service or partner organisation read this record, from the audit log.", Empty: "None."}
	for _, d := range r.Disclosures {
		v := d.Service + " (" + d.Organisation + "): " + humanise(d.Action)
		if d.Reason != "" {
			v += " — " + d.Reason
		}
		disc.Facts = append(disc.Facts, reports.RecordFact{Label: d.At.In(london).Format("2 Jan 2006 15:04"), Value: v})
	}
	moved := reports.RecordSection{Heading: "Records brought from another area", Empty: "None."}
	for _, m := range r.TransfersIn {
		moved.Facts = append(moved.Facts, reports.RecordFact{Label: day(m.ImportedAt.Time), Value: "From " + m.FromArea + ", to " + m.ServiceName + ", with the person's consent"})
	}
	tasks := reports.RecordSection{Heading: "Tasks and appointments", Intro: "Reminders services set themselves about the person.", Empty: "None."}
	for _, t := range r.Tasks {
		v := humanise(t.Kind) + ": " + t.Title + ", due " + t.DueAt.In(london).Format("2 Jan 2006 15:04")
		if t.DoneAt != nil {
			v += " (done " + day(*t.DoneAt) + ")"
		}
		tasks.Facts = append(tasks.Facts, reports.RecordFact{Label: day(t.CreatedAt), Value: v})
	}
	parts := reports.RecordSection{Heading: "Parts held separately", Paragraphs: []string{r.Parts.Note}}
	return []reports.RecordSection{gaps, alerts, notes, bg, dup, moved, tasks, disc, parts}
}
