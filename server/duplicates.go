package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/server/app"
)

// duplicateMatch is a person who may be the one being recorded, as a
// worker sees them: identity only (rule 6), with why they matched.
type duplicateMatch struct {
	identity
	Score    float64  `json:"score"`
	Strength string   `json:"strength"`
	Reasons  []string `json:"reasons"`
}

type duplicatesPage struct {
	Matches []duplicateMatch `json:"matches"`
	// Limited: more people share a sound or an initial with the name than
	// the check compares in full; the best-evidenced were compared.
	Limited bool `json:"limited"`
	Checked bool `json:"-"`
}

// maxShownMatches keeps the warning readable; the best are first.
const maxShownMatches = 10

// rankDuplicates finds the people the actor may see who are likely the
// person described by in: candidates from the name-key index through the
// actor's identity scope, ranked by matching.Duplicates with its reasons.
// exclude skips one person (the record itself, when merging).
func (s *Server) rankDuplicates(c *gin.Context, a policy.Actor, in models.PersonInput, exclude int64) ([]duplicateMatch, bool, error) {
	ctx := c.Request.Context()
	cands, limited, err := s.store.DuplicateCandidates(ctx, policy.People(a), in.Identity(s.now().Year()), exclude)
	if err != nil || len(cands) == 0 {
		return nil, false, err
	}
	byID := map[int64]*models.Person{}
	for i := range cands {
		byID[cands[i].ID] = &cands[i]
	}
	holders, err := s.store.GivenNameHolders(ctx, policy.People(a), in.GivenName)
	if err != nil {
		return nil, false, err
	}
	ranked := app.RankCandidates(in, cands, holders, s.now())
	if len(ranked) > maxShownMatches {
		ranked = ranked[:maxShownMatches]
	}
	ids := make([]int64, len(ranked))
	for i, m := range ranked {
		ids[i] = m.ID
	}
	known, err := s.store.KnownToMany(ctx, policy.Involvements(a), ids)
	if err != nil {
		return nil, false, err
	}
	out := make([]duplicateMatch, len(ranked))
	for i, m := range ranked {
		out[i] = duplicateMatch{identity: identityOf(byID[m.ID], known[m.ID]), Score: m.Score, Strength: m.Strength, Reasons: m.Reasons}
	}
	return out, limited, nil
}

// duplicates is GET /people/duplicates: the likely matches for a person
// about to be recorded. The create form asks it as the names are typed
// (htmx); the API offers it so partners' systems check before they create.
func (s *Server) duplicates(c *gin.Context) {
	a, _ := actorOf(c)
	in := models.PersonInput{GivenName: strings.TrimSpace(c.Query("given_name")), FamilyName: strings.TrimSpace(c.Query("family_name")), Gender: c.Query("gender")}
	if v := c.Query("dob"); v != "" {
		d, err := models.ParseBirthDate(v)
		if err != nil {
			s.fail(c, models.Invalid("dob", err.Error()))
			return
		}
		in.DOB = d
	} else if parts := (dobParts{Day: c.Query("dob_day"), Month: c.Query("dob_month"), Year: c.Query("dob_year")}); !parts.empty() {
		// The create form asks as it is typed: boxes that do not make a
		// date yet are left out of the check, not refused.
		if d, err := parts.date(); err == nil {
			in.DOB = d
		}
	}
	if v := strings.TrimSpace(c.Query("estimated_age")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 120 {
			s.fail(c, models.Invalid("estimated_age", "must be a whole number between 0 and 120"))
			return
		}
		in.EstimatedAge = &n
	}
	if g, f := strings.TrimSpace(c.Query("alias_given")), strings.TrimSpace(c.Query("alias_family")); g != "" || f != "" {
		in.Aliases = []models.Alias{{GivenName: g, FamilyName: f}}
	}
	if len(in.GivenName)+len(in.FamilyName) > 2*models.MaxName {
		s.fail(c, models.Invalid("given_name", "is too long"))
		return
	}
	pg := duplicatesPage{Matches: []duplicateMatch{}}
	if in.GivenName == "" && in.FamilyName == "" {
		if isAPI(c) {
			s.fail(c, models.Invalid("given_name", "give a given or family name to check"))
			return
		}
	} else {
		matches, limited, err := s.rankDuplicates(c, a, in, 0)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Matches, pg.Limited, pg.Checked = append(pg.Matches, matches...), limited, true
		if err := s.auditList(c, models.AuditDuplicateCheck, strconv.Itoa(len(matches))+" likely matches", matchIDs(matches)); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.respond(c, http.StatusOK, "duplicates", pg)
}

func matchIDs(ms []duplicateMatch) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.ID
	}
	return ids
}

// duplicatesConflict is the API's answer to a create that looks like
// someone already recorded: the one error shape plus the likely matches.
type duplicatesConflict struct {
	apiError
	Matches []duplicateMatch `json:"matches"`
}

// confirmNewMessage is what both front doors say about likely matches.
const confirmNewMessage = "this person may already be recorded: open one of the likely matches, or send confirm_new to record a new person"

// warnOfDuplicates stops a create when the person looks like someone
// already recorded, through either front door: the web form comes back
// with the likely matches, ranked with their reasons, and the API answers
// 409 with them, so the worker (or the partner's system) opens the
// existing record or confirms a new person (confirm_new). The matches are
// identity only, through the creator's scope, so a hidden person is never
// among them. It reports whether it answered.
func (s *Server) warnOfDuplicates(c *gin.Context, a policy.Actor, in models.PersonInput, confirmed bool) bool {
	if confirmed || strings.TrimSpace(in.GivenName+in.FamilyName) == "" {
		return false
	}
	matches, _, err := s.rankDuplicates(c, a, in, 0)
	if err != nil {
		s.fail(c, err)
		return true
	}
	if len(matches) == 0 {
		return false
	}
	if err := s.auditList(c, models.AuditDuplicateCheck, strconv.Itoa(len(matches))+" likely matches shown before create", matchIDs(matches)); err != nil {
		s.fail(c, err)
		return true
	}
	if isAPI(c) {
		abortProblem(c, http.StatusConflict, duplicatesConflict{
			apiError: problem(http.StatusConflict, "This person may already be recorded.", map[string]string{"confirm_new": confirmNewMessage}),
			Matches:  matches})
		return true
	}
	f := s.personFormData(c, in, nil)
	f.Duplicates = matches
	s.html(c, http.StatusOK, "person_form", f)
	return true
}
