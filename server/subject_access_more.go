package server

import (
	"strings"

	"gateway/models"
	"gateway/reports"
)

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
