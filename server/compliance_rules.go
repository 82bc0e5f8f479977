package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
	"gateway/server/app"
)

// The essential-field rules are data: every user may read the rules in
// force (GET /api/v1/compliance/rules); area admins change them on
// /admin/compliance-rules or with POST, each change a new version with a
// reason. Published scores keep the version they were computed with.

type complianceRulesPage struct {
	Version int                            `json:"version"`
	Rules   reports.RuleSet                `json:"rules"`
	History []models.ComplianceRuleVersion `json:"history"`
	Types   []complianceRuleType           `json:"measured"`
	// Timing says when a month's figures are fixed.
	Timing  string             `json:"timing"`
	Errors  models.FieldErrors `json:"-"`
	Reason  string             `json:"-"`
	CanEdit bool               `json:"-"`
}

func (p complianceRulesPage) withErrors(e models.FieldErrors) any { p.Errors = e; return p }

// complianceRuleType is one kind of record as the editor shows it.
type complianceRuleType struct {
	Type     string                `json:"type"`
	Label    string                `json:"label"`
	Counts   string                `json:"counts"`
	Measured bool                  `json:"measured"` // Gateway holds these records and can check them
	Fields   []complianceRuleField `json:"fields"`
}

type complianceRuleField struct {
	Key         string `json:"key"`
	Label       string `json:"label"`
	Essential   bool   `json:"essential"`
	MissingWhen string `json:"missing_when,omitempty"` // exactly when it counts as missing
}

// complianceTiming says which figures depend on the day they are
// computed, as the reports say it.
const complianceTiming = app.ComplianceTiming

func (s *Server) complianceRulesData(c *gin.Context) (complianceRulesPage, error) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	rules, err := s.reporter().Rules(ctx)
	if err != nil {
		return complianceRulesPage{}, err
	}
	hist, err := s.store.ComplianceRuleHistory(ctx, 50)
	if err != nil {
		return complianceRulesPage{}, err
	}
	pg := complianceRulesPage{Version: rules.Version, Rules: rules, History: hist, Types: complianceRuleTypes(rules), Timing: complianceTiming,
		CanEdit: policy.Can(a, policy.Manage, policy.ResourceComplianceRules)}
	return pg, nil
}

// complianceRuleTypes lays the rules over what Gateway can check.
func complianceRuleTypes(rules reports.RuleSet) []complianceRuleType {
	known := map[string]models.ComplianceType{}
	for _, t := range models.ComplianceTypes() {
		known[t.Type] = t
	}
	var out []complianceRuleType
	for _, typ := range reports.RecordTypes {
		rt := complianceRuleType{Type: typ, Label: reports.RecordTypeLabel(typ)}
		essential := map[string]string{}
		for _, f := range rules.Types[typ] {
			essential[f.Key] = f.Label
		}
		if k, ok := known[typ]; ok {
			rt.Measured, rt.Counts = true, k.Counts
			for _, f := range k.Fields {
				label, ok := essential[f.Key]
				if !ok {
					label = f.Label
				}
				rt.Fields = append(rt.Fields, complianceRuleField{Key: f.Key, Label: label, Essential: ok, MissingWhen: f.MissingWhen})
			}
		} else {
			rt.Counts = "Not measured yet: Gateway holds no such records. These rules apply once it does."
			for _, f := range rules.Types[typ] {
				rt.Fields = append(rt.Fields, complianceRuleField{Key: f.Key, Label: f.Label, Essential: true})
			}
		}
		out = append(out, rt)
	}
	return out
}

// complianceRules is GET /admin/compliance-rules and /api/v1/compliance/rules.
func (s *Server) complianceRules(c *gin.Context) {
	showPage(s, c, "compliance_rules", s.complianceRulesData)
}

// complianceRulesInput is a change to the rules: the version it was made from (so
// two admins editing at once cannot undo each other), a reason, and the
// essential fields of the kinds of record it changes.
type complianceRulesInput struct {
	BasedOn int                        `json:"based_on"`
	Reason  string                     `json:"reason"`
	Types   map[string][]reports.Field `json:"types"`
}

// saveComplianceRules is POST /admin/compliance-rules and
// /api/v1/compliance/rules (area admins).
func (s *Server) saveComplianceRules(c *gin.Context) {
	a, _ := actorOf(c)
	ctx := c.Request.Context()
	pg, err := s.complianceRulesData(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	var in complianceRulesInput
	if isAPI(c) {
		if !s.bound(c, &in) {
			return
		}
	} else if err := complianceRulesFromForm(c, &in, pg.Types); err != nil {
		s.formFail(c, "compliance_rules", pg, err)
		return
	}
	pg.Reason = in.Reason
	next, err := mergeComplianceRules(pg.Rules, in)
	if err == nil {
		var b []byte
		b, _ = json.Marshal(next)
		err = s.audited(c, func(tx *models.Store) (models.AuditEvent, error) {
			_, err := tx.SaveComplianceRules(ctx, next.Version, string(b), in.Reason, a.UserID)
			return models.AuditEvent{Action: models.AuditChangeComplianceRules, ObjectType: "compliance_rules", Reason: "version " + strconv.Itoa(next.Version)}, err
		})
	}
	if err != nil {
		if !isAPI(c) {
			pg.Types = complianceRuleTypes(next)
		}
		s.formFail(c, "compliance_rules", pg, err)
		return
	}
	pg, err = s.complianceRulesData(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.done(c, http.StatusCreated, "/admin/compliance-rules",
		"Saved as version "+strconv.Itoa(next.Version)+". Scores of open months use it now; published months keep the rules they were computed with.", pg)
}

// complianceRulesFromForm reads the editor: a checkbox (f.TYPE.KEY) and a label
// (l.TYPE.KEY) for each field Gateway can check.
func complianceRulesFromForm(c *gin.Context, in *complianceRulesInput, types []complianceRuleType) error {
	if err := c.Request.ParseForm(); err != nil {
		return models.Invalid("form", "could not read the form")
	}
	form := c.Request.PostForm
	n, err := strconv.Atoi(form.Get("based_on"))
	if err != nil {
		return models.Invalid("based_on", "is missing; reload the page")
	}
	in.BasedOn, in.Reason, in.Types = n, form.Get("reason"), map[string][]reports.Field{}
	for _, t := range types {
		if !t.Measured {
			continue
		}
		fields := []reports.Field{}
		for _, f := range t.Fields {
			if form.Get("f."+t.Type+"."+f.Key) != "" {
				fields = append(fields, reports.Field{Key: f.Key, Label: form.Get("l." + t.Type + "." + f.Key)})
			}
		}
		in.Types[t.Type] = fields
	}
	return nil
}

// mergeComplianceRules applies a change to the rules in force, checking every field
// of a measured type is one Gateway can check.
func mergeComplianceRules(cur reports.RuleSet, in complianceRulesInput) (reports.RuleSet, error) {
	next := reports.RuleSet{Version: in.BasedOn + 1, Types: map[string][]reports.Field{}}
	for t, fs := range cur.Types {
		next.Types[t] = fs
	}
	errs := models.FieldErrors{}
	if in.BasedOn < 1 {
		errs.Add("based_on", "give the version you changed (the version in force is "+strconv.Itoa(cur.Version)+")")
	}
	for t, fs := range in.Types {
		if !slices.Contains(reports.RecordTypes, t) {
			errs.Add("types."+t, "is not a kind of record compliance measures ("+strings.Join(reports.RecordTypes, ", ")+")")
			continue
		}
		measured := slices.ContainsFunc(models.ComplianceTypes(), func(k models.ComplianceType) bool { return k.Type == t })
		for i := range fs {
			fs[i].Label = strings.TrimSpace(fs[i].Label)
			where := "types." + t + "[" + strconv.Itoa(i) + "]"
			switch {
			case measured && !models.ComplianceFieldKnown(t, fs[i].Key):
				errs.Add(where+".key", "Gateway cannot check "+strconv.Quote(fs[i].Key)+" on a "+strings.ToLower(reports.RecordTypeLabel(t)))
			case fs[i].Label == "":
				errs.Add(where+".label", "give the field a label")
			case len([]rune(fs[i].Label)) > models.MaxName:
				errs.Add(where+".label", "must be at most "+strconv.Itoa(models.MaxName)+" characters")
			}
		}
		next.Types[t] = fs
	}
	if err := errs.Err(); err != nil {
		return next, err
	}
	if err := next.Validate(); err != nil {
		return next, models.Invalid("types", err.Error())
	}
	return next, nil
}
