package server

import (
	"sort"
	"strings"
	"testing"

	"gateway/models"
	"gateway/policy"
)

func subjectAccessPeople(a policy.Actor) models.Scope { return policy.SubjectAccess(a).Person }

func casesOutside(scope func(policy.Actor) models.Scope) sweepKind {
	return func(w *world, role string) []int64 {
		var all []int64
		w.store.Gorm().Table("cases").Order("id").Pluck("id", &all)
		var out []int64
		for _, id := range all {
			if _, err := w.store.Case(ctx, scope(w.actor(role)), id); err != nil {
				out = append(out, id)
			}
		}
		return out
	}
}

// fillCaseworkParams fills the routes that name a second record (an
// assessment, a section, a consent, a form version) for the leak test:
// every assessment under its own person and under every other person.
func (w *world) fillCaseworkParams(path string) ([]string, bool) {
	switch {
	case strings.Contains(path, ":aid"):
		var rows []struct{ ID, PersonID int64 }
		w.store.Gorm().Table("assessments").Select("id, person_id").Order("id").Scan(&rows)
		// Each assessment under its own person (under another it is the
		// plain 404), and the sensitive section for the section form.
		var out []string
		for _, r := range rows {
			pp := strings.Replace(strings.Replace(path, ":id", itoa(r.PersonID), 1), ":aid", itoa(r.ID), 1)
			out = append(out, strings.Replace(pp, ":section", "relationships_safety", 1))
		}
		return out, true
	case strings.Contains(path, ":version"):
		return []string{strings.Replace(path, ":version", "1", 1), strings.Replace(path, ":version", "2", 1)}, true
	case strings.Contains(path, ":cid"):
		var rows []struct{ ID, PersonID int64 }
		w.store.Gorm().Table("consents").Select("id, person_id").Order("id").Scan(&rows)
		var out []string
		for _, r := range rows {
			out = append(out, strings.Replace(strings.Replace(path, ":id", itoa(r.PersonID), 1), ":cid", itoa(r.ID), 1))
		}
		return out, true
	}
	return nil, false
}

// TestCaseworkHiddenAnswersExactlyLikeMissing sweeps the routes that name
// an assessment or a consent record under a person: for every role, an
// assessment or consent the caller may not see (or not change, on the
// routes that change it) answers exactly like one that does not exist.
func TestCaseworkHiddenAnswersExactlyLikeMissing(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	var assessments []struct{ ID, PersonID int64 }
	w.store.Gorm().Table("assessments").Select("id, person_id").Order("id").Scan(&assessments)
	var consents []struct{ ID, PersonID int64 }
	w.store.Gorm().Table("consents").Select("id, person_id").Order("id").Scan(&consents)
	type route struct{ method, path string }
	web := []route{{"GET", "/people/:id/assessments/:aid"}, {"GET", "/people/:id/assessments/:aid/sections/about_you"},
		{"POST", "/people/:id/assessments/:aid/sections/about_you"}, {"POST", "/people/:id/assessments/:aid/override"},
		{"POST", "/people/:id/assessments/:aid/complete"}, {"POST", "/people/:id/assessments/:aid/discard"}}
	api := []route{{"GET", "/api/v1/people/:id/assessments/:aid"}, {"PATCH", "/api/v1/people/:id/assessments/:aid"},
		{"POST", "/api/v1/people/:id/assessments/:aid/complete"}, {"DELETE", "/api/v1/people/:id/assessments/:aid"}}
	probes := 0
	for _, role := range roles {
		a := w.actor(role)
		readable := map[int64]bool{}
		for _, as := range assessments {
			if _, err := w.store.Assessment(ctx, policy.Assessments(a), as.ID); err == nil {
				readable[as.ID] = true
			}
		}
		for _, set := range []struct {
			c      *client
			routes []route
		}{{w.web(role), web}, {w.api(role), api}} {
			for _, rt := range set.routes {
				tried := 0
				for _, as := range assessments {
					// An assessment the caller can read but not change is
					// refused naming why (TestActionsOnSettledRecordsNameTheirState);
					// only what they cannot read is hidden.
					if readable[as.ID] || tried == 3 {
						continue
					}
					tried++
					base := strings.Replace(rt.path, ":id", itoa(as.PersonID), 1)
					missing := probe(set.c, rt.method, strings.Replace(base, ":aid", ":id", 1), missingID)
					got := probe(set.c, rt.method, strings.Replace(base, ":aid", ":id", 1), as.ID)
					probes++
					if diff := sameAnswer(withoutID(missing, missingID), withoutID(got, as.ID)); diff != "" {
						t.Errorf("%s %s as %s: hidden assessment %d answers unlike a missing one: %s", rt.method, rt.path, role, as.ID, diff)
					}
				}
			}
			for _, k := range consents {
				if _, err := w.store.Consent(ctx, policy.WritableConsents(a), k.ID); err == nil {
					continue
				}
				path := "/people/" + itoa(k.PersonID) + "/consents/:id/withdraw"
				if set.c.token != "" {
					path = "/api/v1" + path
				}
				missing, got := probe(set.c, "POST", path, missingID), probe(set.c, "POST", path, k.ID)
				probes++
				if diff := sameAnswer(withoutID(missing, missingID), withoutID(got, k.ID)); diff != "" {
					t.Errorf("withdraw as %s: hidden consent %d answers unlike a missing one: %s", role, k.ID, diff)
				}
			}
		}
	}
	t.Logf("%d hidden-id probes", probes)
	if probes < 150 {
		t.Errorf("only %d probes", probes)
	}
}

// TestCaseworkListsHideWhatTheRecordHides: the lists of a person's
// assessments and cases are part of the full record, so every role gets,
// for a person outside its records scope, the same answer as for a
// missing id, and each probe is audited as a denied read (rule 11).
func TestCaseworkListsHideWhatTheRecordHides(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	probes := 0
	for _, role := range roles {
		outside := peopleOutside(policy.Records)(w, role)
		sort.Slice(outside, func(i, j int) bool { return outside[i] < outside[j] })
		for _, rt := range []struct {
			c            *client
			path, action string
		}{
			{w.api(role), "/api/v1/people/:id/assessments", "read_assessments"},
			{w.web(role), "/people/:id/assessments", "read_assessments"},
			{w.api(role), "/api/v1/people/:id/cases", "read_cases"},
		} {
			missing := probe(rt.c, "GET", rt.path, missingID)
			for _, id := range outside {
				before := deniedReads(w, role, rt.action, id)
				got := probe(rt.c, "GET", rt.path, id)
				probes++
				if diff := sameAnswer(withoutID(missing, missingID), withoutID(got, id)); diff != "" {
					t.Errorf("%s as %s: person %d answers unlike a missing one: %s", rt.path, role, id, diff)
				}
				if deniedReads(w, role, rt.action, id) != before+1 {
					t.Errorf("%s as %s: person %d is not audited as a denied %s", rt.path, role, id, rt.action)
				}
			}
		}
	}
	t.Logf("%d hidden-id probes", probes)
	if probes < 60 {
		t.Errorf("only %d probes", probes)
	}
}

// deniedReads counts the denied events the area's log holds (a
// read refused because only a confidential service knows the person also
// writes an event for that service's eyes, not counted here).
func deniedReads(w *world, role, action string, id int64) int64 {
	var n int64
	err := w.store.Gorm().Model(&models.AuditEvent{}).Where("actor_user_id = ? AND action = ? AND outcome = ? AND object_id = ? AND confidential_service_id IS NULL",
		w.users[role].ID, action, models.Denied, id).Count(&n).Error
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}
