package demo

import (
	"fmt"
	"io"
	"strings"
	"time"

	"gateway/models"
	"gateway/models/names"
	"gateway/models/names/namegen"
)

// originFact is the nationality and immigration statuses people of a
// naming tradition (namegen's origins) most often have in the demo.
type originFact struct {
	nationality string
	statuses    []string // drawn uniformly; repeats weight them
}

var originFacts = map[string]originFact{
	"English and Welsh":      {"British", []string{"british_or_irish"}},
	"Irish and Traveller":    {"Irish", []string{"british_or_irish"}},
	"Scottish":               {"British", []string{"british_or_irish"}},
	"Polish":                 {"Polish", []string{"eu_settled", "eu_settled", "eu_pre_settled", "no_recourse"}},
	"Romanian":               {"Romanian", []string{"eu_settled", "eu_pre_settled", "eu_pre_settled", "no_recourse"}},
	"Lithuanian":             {"Lithuanian", []string{"eu_settled", "eu_pre_settled", "no_recourse"}},
	"Czech and Slovak":       {"Slovak", []string{"eu_settled", "eu_settled", "eu_pre_settled", "no_recourse"}},
	"Ukrainian":              {"Ukrainian", []string{"leave_to_remain", "leave_to_remain", "asylum_seeker"}},
	"Somali":                 {"Somali", []string{"refugee", "british_or_irish", "leave_to_remain"}},
	"Eritrean and Ethiopian": {"Eritrean", []string{"refugee", "refugee", "asylum_seeker"}},
	"Sudanese":               {"Sudanese", []string{"refugee", "asylum_seeker"}},
	"Afghan":                 {"Afghan", []string{"refugee", "asylum_seeker", "leave_to_remain"}},
	"Kurdish":                {"Iraqi", []string{"refugee", "asylum_seeker", "no_recourse"}},
	"Pakistani":              {"British", []string{"british_or_irish", "british_or_irish", "leave_to_remain"}},
	"Nigerian":               {"Nigerian", []string{"british_or_irish", "leave_to_remain", "no_recourse"}},
	"Caribbean":              {"British", []string{"british_or_irish"}},
}

// A person's first contact with services, weighted.
var firstContact = []struct {
	t models.ServiceType
	w float64
}{
	{models.HousingOptions, 0.32}, {models.Outreach, 0.24}, {models.DayCentre, 0.16}, {models.Hostel, 0.16},
	{models.SupportedHousing, 0.05}, {models.TenancySustain, 0.05}, {models.HousingFirst, 0.02},
}

// Where people go next, weighted.
var nextService = []struct {
	t models.ServiceType
	w float64
}{
	{models.Hostel, 0.34}, {models.SupportedHousing, 0.28}, {models.DayCentre, 0.14}, {models.TenancySustain, 0.12},
	{models.HousingFirst, 0.05}, {models.Outreach, 0.07},
}

var noteLines = []string{
	"Met at the day centre; talked through housing options and what they want next.",
	"Seen on the street early morning. Accepted a hot drink and a sleeping bag.",
	"Phoned to confirm the appointment tomorrow. Will meet at the office at 10.",
	"Completed a benefits check; Universal Credit claim started, ID still needed.",
	"GP registration done. Follow up on the prescription next week.",
	"Did not attend today. Left a message; will try again on Thursday.",
	"Attended the hostel key-work session. Rent account up to date.",
	"Raised concern about rent arrears with the landlord; payment plan agreed.",
	"Referred to the drug and alcohol service; first appointment booked.",
	"Discussed a move-on plan. Bidding on council properties this week.",
	"Mental health worker joined the session; agreed a shared plan.",
	"Safeguarding concern discussed with the manager; no further action today.",
	"Helped apply for a birth certificate for ID.",
	"Said they feel settled and want to work on getting back into work.",
	"Accompanied to the housing options appointment.",
	"Bag of belongings stored at the service until Friday.",
	"Prison release date confirmed; meeting at the gate arranged.",
	"Hospital discharge planning call; bed needed by Monday.",
	"Tenancy visit: flat in good order, fridge needs replacing.",
	"Reconnected with family; they may offer a room for a short stay.",
}

func (b *builder) weighted(ws []struct {
	t models.ServiceType
	w float64
}) models.ServiceType {
	r := b.rng.Float64()
	for _, x := range ws {
		if r < x.w {
			return x.t
		}
		r -= x.w
	}
	return ws[len(ws)-1].t
}

// serviceFor picks a service of type t covering la (or any, if none does).
func (b *builder) serviceFor(t models.ServiceType, la int64) *serviceInfo {
	var local, all []*serviceInfo
	for _, sv := range b.servicesOf(t) {
		all = append(all, sv)
		for _, l := range sv.LAs {
			if l == la {
				local = append(local, sv)
			}
		}
	}
	if len(local) > 0 {
		return local[b.rng.IntN(len(local))]
	}
	return all[b.rng.IntN(len(all))]
}

// rows accumulates one batch of people for the loader.
type rows struct {
	people, aliases, keys, involvements, notes [][]any
}

func (b *builder) buildPeople(n int) error {
	open := n / 3
	bar := newProgress(b.out, n)
	var r rows
	for i := 0; i < n; i++ {
		b.person(&r, i < open)
		if len(r.people) == 2000 || i == n-1 {
			if err := b.flush(&r); err != nil {
				return err
			}
			bar.set(i + 1)
		}
	}
	bar.done()
	b.sum.People, b.sum.Open = n, open
	return nil
}

func (b *builder) flush(r *rows) error {
	steps := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"people", []string{"id", "given_name", "family_name", "dob", "estimated_birth_year", "gender", "phone", "email",
			"nationality", "immigration_status", "local_connection_la_id", "safety_flag", "safety_contact",
			"created_by_service_id", "created_by_user_id", "version", "created_at", "updated_at"}, r.people},
		{"person_aliases", []string{"id", "person_id", "given_name", "family_name", "created_at"}, r.aliases},
		{"person_name_keys", []string{"key", "person_id"}, r.keys},
		{"involvements", []string{"id", "person_id", "service_id", "confidential", "source", "reason", "started_at",
			"ended_at", "end_reason", "opened_by_user_id", "closed_by_user_id"}, r.involvements},
		{"case_notes", []string{"id", "person_id", "service_id", "author_user_id", "confidential", "body", "amends_id", "created_at"}, r.notes},
	}
	for _, s := range steps {
		if err := b.load.Load(b.ctx, s.table, s.cols, s.rows); err != nil {
			return err
		}
	}
	b.sum.Involvements += len(r.involvements)
	b.sum.Notes += len(r.notes)
	*r = rows{}
	return nil
}

// person generates one person with their involvements and notes. open
// people have at least one open involvement.
func (b *builder) person(r *rows, open bool) {
	drawn := b.names.Draw()
	given, family, gender := drawn.Given, drawn.Family, drawn.Gender
	o := factsOf(drawn.Origin)
	if b.chance(0.03) {
		gender = b.pick([]string{"non_binary", "other", "prefer_not_to_say"})
	}
	home := b.las[b.rng.IntN(len(b.las))]
	created := b.ago(days(b.rng.Float64() * 3 * 365))
	age := 18 + int(b.rng.ExpFloat64()*14)
	if b.chance(0.07) {
		age = 16 + b.rng.IntN(3)
	}
	age = min(age, 82)
	id := b.id("people")
	var dob models.Date
	var estimated any
	switch x := b.rng.Float64(); {
	case x < 0.86:
		born := b.now.AddDate(-age, 0, -b.rng.IntN(365))
		dob = models.DateOf(born)
		switch { // some know only the year, or the month and year
		case x < 0.03:
			dob = models.Date{Year: born.Year()}
		case x < 0.04:
			dob = models.Date{Year: born.Year(), Month: born.Month()}
		}
	case x < 0.96:
		estimated = b.now.Year() - age
	}
	var la any
	if b.chance(0.82) {
		la = home.ID
	}
	status := o.statuses[b.rng.IntN(len(o.statuses))]
	nationality := o.nationality
	if b.chance(0.08) {
		nationality, status = "", ""
	}
	phone := ""
	if b.chance(0.55) {
		phone = fmt.Sprintf("07700 900%03d", b.rng.IntN(1000))
	}

	invs := b.pathway(gender, home.ID, created, open)
	first := invs[0]
	safetyFlag, safetyContact := false, ""
	if b.chance(0.04) {
		safetyFlag, safetyContact = true, first.sv.Name+" ("+fmt.Sprintf("01632 960%03d", first.sv.ID%1000)+")"
		if first.sv.Confidential {
			// The contact shows to everyone who can see the person, so it
			// must never name a confidential service.
			safetyContact = "the Gateway area team"
		}
	}
	creator := b.staffOf(first.sv.ID)
	r.people = append(r.people, []any{id, given, family, dob, estimated, gender, phone, "",
		nationality, status, la, safetyFlag, safetyContact, first.sv.ID, creator, 1, created, created})
	p := &models.Person{GivenName: given, FamilyName: family, DOB: dob}
	if y, ok := estimated.(int); ok {
		p.EstimatedBirthYear = &y
	}
	if b.chance(0.06) {
		alias := models.Alias{GivenName: b.aliasGiven(drawn, given), FamilyName: family}
		if drawn.Gender == "female" && b.chance(0.5) {
			// A name she was known by before: her birth family's name.
			alias = models.Alias{GivenName: given, FamilyName: b.names.FamilyFor(drawn.Origin, "female")}
		}
		p.Aliases = []models.Alias{alias}
		r.aliases = append(r.aliases, []any{b.id("person_aliases"), id, alias.GivenName, alias.FamilyName, created})
	}
	for _, k := range models.PersonKeys(p) {
		r.keys = append(r.keys, []any{k, id})
	}
	for _, inv := range invs {
		b.involvement(r, id, inv)
	}
	b.work = append(b.work, personWork{id: id, gender: gender, age: age, la: la, safety: safetyFlag, involvements: invs})
}

type plannedInvolvement struct {
	sv         *serviceInfo
	source     string
	start, end time.Time
	open       bool
}

// pathway is a person's route through services, oldest first.
func (b *builder) pathway(gender string, la int64, created time.Time, open bool) []plannedInvolvement {
	var types []models.ServiceType
	confidentialOnly := false
	switch {
	case gender == "female" && b.chance(0.07):
		types = append(types, models.Refuge)
		confidentialOnly = b.chance(0.55)
	case gender == "female" && b.chance(0.02):
		types = append(types, models.SexWorkSupport)
		confidentialOnly = b.chance(0.4)
	default:
		types = append(types, b.weighted(firstContact))
	}
	if !confidentialOnly {
		if types[0].AlwaysConfidential() {
			types = append(types, b.weighted(firstContact))
		}
		for k := b.rng.IntN(3); k > 0; k-- {
			types = append(types, b.weighted(nextService))
		}
	}
	span := b.now.Sub(created)
	step := span / time.Duration(len(types)+1)
	var out []plannedInvolvement
	start := created
	used := map[int64]bool{}
	for i, t := range types {
		sv := b.serviceFor(t, la)
		if used[sv.ID] {
			// The same service twice in a row is one involvement.
			continue
		}
		used[sv.ID] = true
		last := i == len(types)-1
		inv := plannedInvolvement{sv: sv, source: models.SourceWorkingWith, start: start}
		if i == 0 {
			inv.source = models.SourceCreated
		}
		stays := open && (last || (i == len(types)-2 && b.chance(0.15)))
		if stays {
			inv.open = true
		} else {
			inv.end = start.Add(time.Duration(b.rng.Float64()*float64(step)*1.8) + 24*time.Hour)
			if inv.end.After(b.now) {
				inv.end = b.now.Add(-time.Hour)
			}
		}
		out = append(out, inv)
		start = start.Add(step + time.Duration(b.rng.IntN(72))*time.Hour)
	}
	if open && !out[len(out)-1].open {
		last := &out[len(out)-1]
		last.open, last.end = true, time.Time{}
	}
	return out
}

var endReasons = []string{"moved on to supported housing", "moved on to own tenancy", "lost contact", "moved out of area",
	"support completed", "evicted", "went to prison", "returned to family", "declined further support"}

func (b *builder) involvement(r *rows, personID int64, inv plannedInvolvement) {
	id := b.id("involvements")
	opener := b.staffOf(inv.sv.ID)
	var ended, closer any
	endReason := ""
	if !inv.open {
		ended, closer, endReason = inv.end, opener, b.pick(endReasons)
	}
	reason := ""
	if inv.source == models.SourceWorkingWith {
		reason = "referred in"
	}
	r.involvements = append(r.involvements, []any{id, personID, inv.sv.ID, inv.sv.Confidential, inv.source, reason,
		inv.start, ended, endReason, opener, closer})
	until := b.now
	if !inv.open {
		until = inv.end
	}
	if inv.sv.Type == models.Outreach {
		b.outreachSpells = append(b.outreachSpells, outreachSpell{person: personID, service: inv.sv, from: inv.start, to: until})
	}
	count := b.rng.IntN(4)
	if inv.open {
		count += 2
	}
	for k := 0; k < count; k++ {
		at := inv.start.Add(time.Duration(b.rng.Float64() * float64(until.Sub(inv.start))))
		body := b.pick(noteLines)
		if b.chance(0.4) {
			body += " " + b.pick(noteLines)
		}
		r.notes = append(r.notes, []any{b.id("case_notes"), personID, inv.sv.ID, b.staffOf(inv.sv.ID), inv.sv.Confidential, body, nil, at})
	}
}

func (b *builder) staffOf(serviceID int64) int64 {
	staff := b.staff[serviceID]
	return staff[b.rng.IntN(len(staff))]
}

// factsOf gives an origin's nationality and statuses; an origin without
// facts has an unknown status.
func factsOf(origin string) originFact {
	if f, ok := originFacts[origin]; ok {
		return f
	}
	return originFact{statuses: []string{"unknown"}}
}

// aliasGiven is a nickname or spelling variant when the name has one, else
// another given name of the person's origin.
func (b *builder) aliasGiven(d namegen.Drawn, given string) string {
	vs := names.Variants(given)
	var others []string
	for _, v := range vs {
		if !strings.EqualFold(v, given) {
			others = append(others, v)
		}
	}
	if len(others) > 0 {
		v := others[b.rng.IntN(len(others))]
		return strings.ToUpper(v[:1]) + v[1:]
	}
	return b.names.Given(d.Origin, d.Gender)
}

// progress draws a bar on a terminal-like writer.
type progress struct {
	w     io.Writer
	total int
	shown int
}

func newProgress(w io.Writer, total int) *progress { return &progress{w: w, total: total} }

func (p *progress) set(n int) {
	pct := n * 100 / p.total
	if pct/10 == p.shown/10 && n != p.total {
		return
	}
	p.shown = pct
	const width = 20
	fill := pct * width / 100
	fmt.Fprintf(p.w, "\r  %-32s [%s%s] %3d%% %d/%d", "people, involvements and notes…", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), pct, n, p.total)
}

func (p *progress) done() { fmt.Fprintf(p.w, "\r  %-32s", "people, involvements and notes…") }
