package server

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/matching"
	"gateway/models"
)

// describeRules writes a service's hard rules as a worker reads them.
func describeRules(r matching.Eligibility) []string {
	var out []string
	terms := func(ts []matching.Term, keys []string) string {
		labels := make([]string, len(keys))
		for i, k := range keys {
			labels[i] = matching.TermLabel(ts, k)
		}
		return strings.Join(labels, ", ")
	}
	switch {
	case r.MinAge > 0 && r.MaxAge > 0:
		out = append(out, "Ages "+strconv.Itoa(r.MinAge)+" to "+strconv.Itoa(r.MaxAge))
	case r.MinAge > 0:
		out = append(out, "Aged "+strconv.Itoa(r.MinAge)+" or over")
	case r.MaxAge > 0:
		out = append(out, "Aged "+strconv.Itoa(r.MaxAge)+" or under")
	}
	if len(r.Genders) > 0 {
		out = append(out, "Takes "+terms(matching.Genders, r.Genders)+" only")
	}
	if r.LocalConnectionRequired {
		out = append(out, "Needs a local connection to an area it covers")
	}
	if len(r.NeedsAccepted) > 0 {
		out = append(out, "Supports only: "+terms(matching.Needs, r.NeedsAccepted))
	}
	if len(r.NeedsExcluded) > 0 {
		out = append(out, "Cannot take: "+terms(matching.Needs, r.NeedsExcluded))
	}
	if len(r.RisksExcluded) > 0 {
		out = append(out, "Cannot manage a risk of: "+terms(matching.Risks, r.RisksExcluded))
	}
	yesNo := func(ok bool, yes, no string) {
		if ok {
			out = append(out, yes)
		} else {
			out = append(out, no)
		}
	}
	yesNo(r.PetsAllowed, "Pets welcome", "No pets")
	yesNo(r.WheelchairAccessible, "Wheelchair accessible", "Not wheelchair accessible")
	yesNo(r.CouplesAccepted, "Couples welcome", "No couples")
	if r.MinNeedsScore > 0 {
		out = append(out, "Needs score of at least "+strconv.Itoa(r.MinNeedsScore)+" (a recorded override waives it)")
	}
	if r.MaxNeedsScore > 0 {
		out = append(out, "Needs score of at most "+strconv.Itoa(r.MaxNeedsScore))
	}
	return out
}

// rulesInput is a new version of a service's rules: the API sends rules
// as matching.Eligibility JSON; the web form sends one field per rule.
type rulesInput struct {
	BasedOn      int             `json:"based_on_version"`
	Reason       string          `json:"reason"`
	Rules        json.RawMessage `json:"rules"`
	TargetGroups []string        `json:"target_groups"`
}

type rulesPage struct {
	Service      models.Service              `json:"service"`
	Version      int                         `json:"version"`
	Rules        matching.Eligibility        `json:"rules"`
	TargetGroups []string                    `json:"target_groups"`
	Defaults     bool                        `json:"defaults"`
	History      []models.EligibilityVersion `json:"history"`
	Errors       models.FieldErrors          `json:"-"`
	Reason       string                      `json:"-"`
	Needs        []matching.Term             `json:"-"`
	Risks        []matching.Term             `json:"-"`
	Groups       []matching.Term             `json:"-"`
	Genders      []matching.Term             `json:"-"`
}

func (p rulesPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// Has reports whether list holds key, for checkboxes.
func (rulesPage) Has(list []string, key string) bool { return contains(list, key) }

func (s *Server) rulesPageOf(c *gin.Context, id int64) (*rulesPage, error) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	sv, err := s.store.Service(ctx, id)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.EligibilityHistory(ctx, id)
	if err != nil {
		return nil, err
	}
	var current models.EligibilityVersion
	if len(hist) > 0 {
		current = hist[0]
	}
	ms, info := matchService(a, sv, current, models.ServiceProfile{})
	return &rulesPage{Service: info.Service, Version: current.Version, Rules: ms.Rules, TargetGroups: ms.Groups, Defaults: current.Version == 0,
		History: hist, Needs: matching.Needs, Risks: matching.Risks, Groups: matching.Groups, Genders: matching.Genders}, nil
}

// serviceRules is GET /admin/services/{id}/rules (GET /services/{id}/rules
// in the API): the rules in force, their history, and the form for area
// admins to change them.
func (s *Server) serviceRules(c *gin.Context) {
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	pg, err := s.rulesPageOf(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	pg.TargetGroups = nonNil(pg.TargetGroups)
	s.respond(c, http.StatusOK, "service_rules", pg)
}

// rulesFromForm reads the web form's fields into the rules' JSON form.
func rulesFromForm(c *gin.Context) (rulesInput, error) {
	errs := models.FieldErrors{}
	in := rulesInput{Reason: c.PostForm("reason"), TargetGroups: c.PostFormArray("target_groups")}
	num := func(name string) int {
		v := strings.TrimSpace(c.PostForm(name))
		if v == "" {
			return 0
		}
		n, err := strconv.Atoi(v)
		if err != nil {
			errs.Add(name, "must be a whole number")
		}
		return n
	}
	in.BasedOn = num("based_on_version")
	r := matching.Eligibility{MinAge: num("min_age"), MaxAge: num("max_age"), MinNeedsScore: num("min_needs_score"), MaxNeedsScore: num("max_needs_score"),
		Genders: c.PostFormArray("genders"), NeedsAccepted: c.PostFormArray("needs_accepted"), NeedsExcluded: c.PostFormArray("needs_excluded"),
		RisksExcluded: c.PostFormArray("risks_excluded"), LocalConnectionRequired: c.PostForm("local_connection_required") != "",
		PetsAllowed: c.PostForm("pets_allowed") != "", WheelchairAccessible: c.PostForm("wheelchair_accessible") != "", CouplesAccepted: c.PostForm("couples_accepted") != ""}
	in.Rules, _ = json.Marshal(r)
	return in, errs.Err()
}

// checkRules validates rules and groups with the matcher and against the
// vocabulary, naming fields as the web form does (the API's rules.* paths
// use the same names inside "rules").
func checkRules(in rulesInput) (matching.Eligibility, error) {
	errs := models.FieldErrors{}
	if len(in.Rules) == 0 {
		errs.Add("rules", "is required: the eligibility rules as an object (absent fields are \"no rule\")")
		return matching.Eligibility{}, errs
	}
	r, err := matching.ParseEligibility(in.Rules)
	var fes matching.FieldErrors
	if errors.As(err, &fes) {
		for _, fe := range fes {
			field := fe.Field
			if i := strings.IndexByte(field, '['); i >= 0 {
				field = field[:i]
			}
			if field == "" {
				field = "rules"
			}
			errs.Add(field, fe.Problem)
		}
		return r, errs
	} else if err != nil {
		return r, models.Invalid("rules", err.Error())
	}
	vocab := []struct {
		field string
		keys  []string
		terms []matching.Term
	}{{"genders", r.Genders, matching.Genders}, {"needs_accepted", r.NeedsAccepted, matching.Needs}, {"needs_excluded", r.NeedsExcluded, matching.Needs},
		{"risks_excluded", r.RisksExcluded, matching.Risks}, {"target_groups", in.TargetGroups, matching.Groups}}
	for _, v := range vocab {
		for _, k := range v.keys {
			if !matching.KnownTerm(v.terms, k) {
				keys := make([]string, len(v.terms))
				for i, t := range v.terms {
					keys[i] = t.Key
				}
				errs.Add(v.field, "has "+strconv.Quote(k)+"; use "+strings.Join(keys, ", "))
			}
		}
	}
	return r, errs.Err()
}

// saveServiceRules is POST /admin/services/{id}/rules (PUT
// /services/{id}/rules in the API): a new version of the rules, with a
// reason, based on the version the editor saw.
func (s *Server) saveServiceRules(c *gin.Context) {
	a, _ := actorOf(c)
	id, ok := s.pathID(c)
	if !ok {
		return
	}
	var in rulesInput
	var err error
	if isAPI(c) {
		err = bind(c, &in)
	} else {
		in, err = rulesFromForm(c)
	}
	fail := func(err error) {
		formFailReloaded(s, c, "service_rules", err, func() (*rulesPage, error) {
			pg, perr := s.rulesPageOf(c, id)
			if perr != nil {
				return nil, perr
			}
			if r, perr := matching.ParseEligibility(in.Rules); perr == nil {
				pg.Rules = r
			}
			pg.TargetGroups, pg.Reason = in.TargetGroups, in.Reason
			return pg, nil
		})
	}
	if err != nil {
		fail(err)
		return
	}
	rules, err := checkRules(in)
	if err != nil {
		fail(err)
		return
	}
	in.TargetGroups = nonNil(in.TargetGroups)
	rulesJSON, _ := json.Marshal(rules)
	groupsJSON, _ := json.Marshal(in.TargetGroups)
	v, err := writeAudited(s, c, func(tx *models.Store) (*models.EligibilityVersion, error) {
		return tx.AddEligibilityVersion(c.Request.Context(), id, a.UserID, string(rulesJSON), string(groupsJSON), models.RulesInput{Based: in.BasedOn, Reason: in.Reason})
	}, func(v *models.EligibilityVersion) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdateEligibility, ObjectType: "service", ObjectID: &id, Reason: "version " + strconv.Itoa(v.Version)}
	})
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, serviceAdminURL(id)+"/rules", "Rules saved as version "+strconv.Itoa(v.Version)+".", v)
}

type weightsPage struct {
	Version  int                     `json:"version"`
	Weights  matching.Weights        `json:"weights"`
	Defaults bool                    `json:"defaults"`
	History  []models.WeightsVersion `json:"history"`
	Text     string                  `json:"-"`
	Reason   string                  `json:"-"`
	Errors   models.FieldErrors      `json:"-"`
}

func (p weightsPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

func (s *Server) weightsPageOf(c *gin.Context) (*weightsPage, error) {
	ctx := c.Request.Context()
	w, v, err := s.currentWeights(ctx)
	if err != nil {
		return nil, err
	}
	hist, err := s.store.WeightsHistory(ctx)
	if err != nil {
		return nil, err
	}
	text, _ := json.MarshalIndent(w, "", "  ")
	return &weightsPage{Version: v, Weights: w, Defaults: v == 0, History: hist, Text: string(text)}, nil
}

// matchingWeights is GET /admin/matching/weights (and the API's
// /matching/weights): the points every factor earns, and their history.
func (s *Server) matchingWeights(c *gin.Context) {
	showPage(s, c, "matching_weights", s.weightsPageOf)
}

type weightsInput struct {
	BasedOn int             `json:"based_on_version"`
	Reason  string          `json:"reason"`
	Weights json.RawMessage `json:"weights"`
}

// saveMatchingWeights saves a new version of the weights: every field
// present (a typo must not silently turn a factor off), each in range.
func (s *Server) saveMatchingWeights(c *gin.Context) {
	a, _ := actorOf(c)
	var in weightsInput
	var err error
	if isAPI(c) {
		err = bind(c, &in)
	} else {
		in.Reason, in.Weights = c.PostForm("reason"), json.RawMessage(c.PostForm("weights"))
		in.BasedOn, _ = strconv.Atoi(c.PostForm("based_on_version"))
	}
	fail := func(err error) {
		formFailReloaded(s, c, "matching_weights", err, func() (*weightsPage, error) {
			pg, perr := s.weightsPageOf(c)
			if perr == nil {
				pg.Text, pg.Reason = string(in.Weights), in.Reason
			}
			return pg, perr
		})
	}
	if err != nil {
		fail(err)
		return
	}
	w, err := matching.ParseWeights(in.Weights)
	if err != nil {
		// Every problem at once, so an admin fixes them in one go.
		fail(models.Invalid("weights", err.Error()))
		return
	}
	raw, _ := json.Marshal(w)
	v, err := writeAudited(s, c, func(tx *models.Store) (*models.WeightsVersion, error) {
		return tx.AddWeightsVersion(c.Request.Context(), a.UserID, string(raw), models.RulesInput{Based: in.BasedOn, Reason: in.Reason})
	}, func(v *models.WeightsVersion) models.AuditEvent {
		return models.AuditEvent{Action: models.AuditUpdateWeights, ObjectType: "weights", Reason: "version " + strconv.Itoa(v.Version)}
	})
	if err != nil {
		fail(err)
		return
	}
	s.done(c, http.StatusOK, "/admin/matching/weights", "Weights saved as version "+strconv.Itoa(v.Version)+".", v)
}
