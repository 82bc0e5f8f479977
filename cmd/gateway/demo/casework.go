package demo

import (
	"encoding/json"
	"slices"
	"time"

	"gateway/models"
)

// personWork is what the casework phase needs to know of a person the
// people phase made.
type personWork struct {
	id           int64
	gender       string
	age          int
	la           any // LA id or nil
	safety       bool
	involvements []plannedInvolvement
}

// Which pathway a service of each type runs its cases on.
var pathwayFor = map[models.ServiceType]string{
	models.HousingOptions: "prevention_relief", models.Outreach: "rough_sleeper_outreach",
	models.TenancySustain: "tenancy_sustainment", models.HousingFirst: "housing_first",
	models.Hostel: "prevention_relief", models.SupportedHousing: "tenancy_sustainment",
	models.DayCentre: "rough_sleeper_outreach", models.Refuge: "prevention_relief",
}

var ownWords = []string{
	"I want a place of my own where I can keep my dog.",
	"I just want somewhere safe and quiet. Shared places make my anxiety worse.",
	"I'm ready to stop drinking if I have somewhere to live.",
	"Please don't make me tell my story again. I have done it five times.",
	"I want to get back into work. I used to be a chef.",
	"I need to be near my kids' school.",
	"I don't trust hostels after what happened last time.",
	"I'd like help with my benefits and getting ID.",
}

// buildCasework gives open people the casework a real area would hold:
// completed assessments (with needs scores, some over the Housing First
// threshold, some overridden), consent, cases on each service's pathway at
// every status and concern level (some untouched for weeks, so the review
// lists have something to show), closed prevention cases with outcomes,
// and safety plans for people with the safety flag.
func (b *builder) buildCasework() error {
	form, err := b.store.CurrentForm(b.ctx)
	if err != nil {
		return err
	}
	pws, err := b.store.Pathways(b.ctx)
	if err != nil {
		return err
	}
	pathways := map[string]models.Pathway{}
	for _, p := range pws {
		pathways[p.Key] = p
	}
	var assessments, consents, cases, events, plans [][]any
	for _, w := range b.work {
		var open []plannedInvolvement
		for _, inv := range w.involvements {
			if inv.open {
				open = append(open, inv)
			}
		}
		if len(open) == 0 {
			if len(w.involvements) > 0 && w.involvements[0].sv.Type == models.HousingOptions && b.chance(0.3) {
				inv := w.involvements[0]
				b.closedCase(&cases, &events, w, inv, pathways["prevention_relief"])
			}
			continue
		}
		lead := open[len(open)-1]
		if b.chance(0.65) {
			at := lead.start.Add(time.Duration(b.rng.Float64() * float64(b.now.Sub(lead.start)) / 2))
			ans, score := b.answers(w)
			aid := b.id("assessments")
			override, reason := false, ""
			if score < models.HousingFirstThreshold && score >= 30 && (w.gender == "female" || b.chance(0.2)) && b.chance(0.35) {
				override, reason = true, "Scores low because she avoids services; history of repeat homelessness and abuse."
			}
			author := b.staffOf(lead.sv.ID)
			assessments = append(assessments, []any{aid, w.id, lead.sv.ID, lead.sv.Confidential, form.ID, string(lead.sv.Type),
				models.AssessmentCompleted, ans, score, override, reason, author, author, at, at, at})
			if !lead.sv.Confidential {
				given := b.chance(0.85)
				cid := b.id("consents")
				var withdrawnAt, withdrawnBy any
				withdrawnReason := ""
				if given && b.chance(0.04) {
					withdrawnAt, withdrawnBy, withdrawnReason = at.Add(72*time.Hour), author, "Changed their mind after a bad experience with a referral"
				}
				consents = append(consents, []any{cid, w.id, models.ConsentShareAssessment, "Any Gateway service I am referred to", given, "",
					lead.sv.ID, false, author, at, withdrawnAt, withdrawnBy, withdrawnReason})
			}
		}
		if key, ok := pathwayFor[lead.sv.Type]; ok && b.chance(0.7) {
			b.openCase(&cases, &events, w, lead, pathways[key])
		}
		if w.safety {
			review := models.DateOf(b.now.AddDate(0, 1+b.rng.IntN(3), 0))
			author := b.staffOf(lead.sv.ID)
			plans = append(plans, []any{b.id("safety_plans"), w.id, lead.sv.ID, lead.sv.Confidential, nil,
				"Meeting workers in public places; staying with a friend in the town centre when things are bad.",
				"Not answering the phone; missing appointments; drinking more.",
				"A text before a visit. Seeing the same worker each time.",
				"My sister (number held by the service).",
				"Always text before visiting; visit in pairs; never give out where I am staying.", review, author, b.now.Add(-time.Duration(b.rng.IntN(60*24)) * time.Hour)})
		}
	}
	steps := []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"assessments", []string{"id", "person_id", "service_id", "confidential", "form_version_id", "for_service_type", "status", "answers",
			"needs_score", "needs_override", "needs_override_reason", "created_by_user_id", "completed_by_user_id", "created_at", "updated_at", "completed_at"}, assessments},
		{"consents", []string{"id", "person_id", "purpose", "with_whom", "given", "notes", "service_id", "confidential", "recorded_by_user_id",
			"recorded_at", "withdrawn_at", "withdrawn_by", "withdrawn_reason"}, consents},
		{"cases", []string{"id", "person_id", "service_id", "confidential", "pathway_id", "status", "flags", "rag", "rag_reason", "primary_outcome",
			"worker_user_id", "opened_by_user_id", "opened_at", "closed_at", "last_activity_at", "version"}, cases},
		{"case_events", []string{"id", "case_id", "kind", "action", "from_status", "to_status", "outcome", "rag", "note", "user_id", "at"}, events},
		{"safety_plans", []string{"id", "person_id", "service_id", "confidential", "supersedes_id", "keeps_me_safe", "warning_signs", "what_helps",
			"people_to_contact", "agreed_actions", "review_by", "created_by_user_id", "created_at"}, plans},
	}
	for _, st := range steps {
		for i := 0; i < len(st.rows); i += 2000 {
			if err := b.load.Load(b.ctx, st.table, st.cols, st.rows[i:min(i+2000, len(st.rows))]); err != nil {
				return err
			}
		}
	}
	b.sum.Assessments, b.sum.Cases, b.sum.SafetyPlans = len(assessments), len(cases), len(plans)
	b.work = nil
	return b.load.ResetSequences(b.ctx, "assessments", "consents", "cases", "case_events", "safety_plans")
}

// answers fills every required question of the shipped form, consistently
// with the person, and the 12 needs domains.
func (b *builder) answers(w personWork) (string, int) {
	roughNow := b.chance(0.3)
	a := map[string]any{
		"gender": w.gender, "age": w.age, "care_leaver": b.chance(0.12), "armed_forces": b.chance(0.05),
		"has_pets": b.chance(0.08), "housed_with_partner": b.chance(0.06),
		"current_situation":  b.pick([]string{"rough_sleeping", "sofa_surfing", "hostel", "temporary_accommodation", "own_tenancy"}),
		"rough_sleeping_now": roughNow, "physical_health_concern": b.chance(0.35), "uses_wheelchair": b.chance(0.03),
		"mental_health_concern": b.chance(0.45), "self_harm_recent": b.chance(0.12), "drug_use": b.chance(0.35),
		"alcohol_concern": b.chance(0.3), "offending_history": b.chance(0.3), "left_prison_recently": b.chance(0.1),
		"learning_disability": b.chance(0.08), "feels_safe_now": b.chance(0.7), "domestic_abuse": w.gender == "female" && b.chance(0.4),
		"own_words": b.pick(ownWords), "risk_history": []string{},
	}
	if !slices.Contains([]string{"female", "male", "non_binary", "other", "prefer_not_to_say"}, w.gender) {
		delete(a, "gender")
	}
	if roughNow {
		a["current_situation"] = "rough_sleeping"
		a["rough_sleeping_nights"] = 1 + b.rng.IntN(400)
	}
	if w.la != nil {
		a["local_connection_la"] = w.la
	}
	if b.chance(0.05) {
		a["risk_history"] = []string{"arson"}
	} else if b.chance(0.08) {
		a["risk_history"] = []string{"violence_to_others"}
	}
	// The needs scores follow the answers: someone sleeping
	// rough scores high on housing, someone who self-harmed recently on
	// intentional self-harm, and so on, so an assessment never contradicts
	// itself. The three domains no question covers follow how the person
	// engages (base), with a little spread.
	yes := func(k string) bool { v, _ := a[k].(bool); return v }
	risks, _ := a["risk_history"].([]string)
	band := func(when bool, hi, lo [2]int) int {
		r := lo
		if when {
			r = hi
		}
		return r[0] + b.rng.IntN(r[1]-r[0]+1)
	}
	housing := map[string][2]int{"rough_sleeping": {4, 5}, "sofa_surfing": {3, 4}, "temporary_accommodation": {3, 3}, "hostel": {2, 3}, "own_tenancy": {2, 2}}[a["current_situation"].(string)]
	base := 1 + b.rng.IntN(3)
	spread := func() int { return min(5, max(1, base+b.rng.IntN(3)-1)) }
	domains := []struct {
		q string
		v int
	}{
		{"ndt_housing", band(true, housing, housing)},
		{"ndt_engagement", spread()},
		{"ndt_intentional_self_harm", band(yes("self_harm_recent"), [2]int{4, 5}, [2]int{1, 2})},
		{"ndt_unintentional_self_harm", band(yes("drug_use") || yes("alcohol_concern"), [2]int{3, 4}, [2]int{1, 2})},
		{"ndt_stress_anxiety", band(yes("mental_health_concern"), [2]int{3, 5}, [2]int{1, 2})},
		{"ndt_meaningful_time", spread()},
		{"ndt_social_effectiveness", spread()},
		{"ndt_risk_to_others", band(yes("offending_history") || len(risks) > 0, [2]int{3, 5}, [2]int{1, 2})},
		{"ndt_risk_from_others", band(yes("domestic_abuse") || !yes("feels_safe_now"), [2]int{4, 5}, [2]int{1, 2})},
		{"ndt_alcohol_drugs", band(yes("drug_use") || yes("alcohol_concern"), [2]int{3, 5}, [2]int{1, 1})},
		{"ndt_impulse_control", band(yes("offending_history") || yes("drug_use"), [2]int{2, 4}, [2]int{1, 2})},
		{"ndt_self_care", band(yes("physical_health_concern") || roughNow, [2]int{2, 4}, [2]int{1, 2})},
	}
	score := 0
	for _, d := range domains {
		a[d.q] = d.v
		score += d.v
	}
	j, _ := json.Marshal(a)
	return string(j), score
}

// openCase puts an open case somewhere along its pathway.
func (b *builder) openCase(cases, events *[][]any, w personWork, inv plannedInvolvement, p models.Pathway) {
	d := p.Definition
	var open []string
	for _, st := range d.States {
		if !st.Closed {
			open = append(open, st.Key)
		}
	}
	status := open[b.rng.IntN(len(open))]
	rag := "green"
	switch x := b.rng.Float64(); {
	case x < 0.12:
		rag = "red"
	case x < 0.40:
		rag = "amber"
	}
	reason := map[string]string{"green": "No immediate concerns", "amber": "Rent arrears building up", "red": "Threatened with eviction this week"}[rag]
	opened := inv.start.Add(time.Duration(b.rng.Float64() * float64(b.now.Sub(inv.start)) / 2))
	last := b.now.Add(-time.Duration(b.rng.Float64()*30*24) * time.Hour)
	if last.Before(opened) {
		last = opened
	}
	id := b.id("cases")
	worker := b.staffOf(inv.sv.ID)
	*cases = append(*cases, []any{id, w.id, inv.sv.ID, inv.sv.Confidential, p.ID, status, "[]", rag, reason, "", worker, worker, opened, nil, last, 1})
	*events = append(*events, []any{b.id("case_events"), id, models.EventOpened, "", "", d.Initial, "", rag, "", worker, opened})
	if status != d.Initial {
		*events = append(*events, []any{b.id("case_events"), id, models.EventAction, "", d.Initial, status, "", "", "Moved on after the first meeting", worker, last})
	}
}

// closedCase is a prevention case that ended with a primary outcome.
func (b *builder) closedCase(cases, events *[][]any, w personWork, inv plannedInvolvement, p models.Pathway) {
	d := p.Definition
	id := b.id("cases")
	worker := b.staffOf(inv.sv.ID)
	outcome := d.Outcomes[b.rng.IntN(len(d.Outcomes))]
	closed := inv.end
	if closed.IsZero() || closed.Before(inv.start) {
		closed = inv.start.Add(24 * time.Hour)
	}
	*cases = append(*cases, []any{id, w.id, inv.sv.ID, inv.sv.Confidential, p.ID, "closed", "[]", "green", "Closed", outcome, worker, worker, inv.start, closed, closed, 1})
	*events = append(*events,
		[]any{b.id("case_events"), id, models.EventOpened, "", "", d.Initial, "", "green", "", worker, inv.start},
		[]any{b.id("case_events"), id, models.EventAction, "confirm_closure", "closure", "closed", outcome, "", "", worker, closed})
}
