package app

import (
	"context"
	"io"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// ComplianceReport builds the monthly compliance report for an LA (nil:
// every LA the actor may see): the services' published scores for a
// closed month with the month re-run now beside them, or the live scores
// of the open month, ranked, with the 12-month trend. Never a name.
func (r *Reporter) ComplianceReport(ctx context.Context, a policy.Actor, m reports.Month, la *models.LocalAuthority, progress func(done, total int64)) (reports.ComplianceReport, error) {
	q := MonthQuery{Month: m, Progress: progress, By: a.UserID}
	if la != nil {
		q.LA = la.ID
	}
	res, trend, err := r.MonthWithTrend(ctx, a, q)
	if err != nil {
		return reports.ComplianceReport{}, err
	}
	rules, err := r.Rules(ctx)
	if err != nil {
		return reports.ComplianceReport{}, err
	}
	return reports.ComplianceReport{LA: areaName(a, la), Month: m, GeneratedAt: r.now(), Services: res.Headline(),
		ServiceNames: res.Names(), Trend: trend, Current: res.Rerun(), Definitions: ruleDefinitions(rules), Timing: ComplianceTiming}, nil
}

// ruleDefinitions are the essential fields in force, each with when it
// counts as missing, for the report: the kinds of record Gateway holds and
// can check, in the rules' order, each field labelled as the rules label
// it. (The rules page lays the same rules over every kind, checked or not.)
func ruleDefinitions(rules reports.RuleSet) []reports.RuleDefinition {
	known := map[string]models.ComplianceType{}
	for _, t := range models.ComplianceTypes() {
		known[t.Type] = t
	}
	var out []reports.RuleDefinition
	for _, typ := range reports.RecordTypes {
		k, ok := known[typ]
		if !ok {
			continue
		}
		essential := map[string]string{}
		for _, f := range rules.Types[typ] {
			essential[f.Key] = f.Label
		}
		def := reports.RuleDefinition{Type: reports.RecordTypeLabel(typ), Counts: k.Counts}
		for _, f := range k.Fields {
			if label, ok := essential[f.Key]; ok {
				def.Fields = append(def.Fields, reports.FieldDefinition{Label: label, MissingWhen: f.MissingWhen})
			}
		}
		if len(def.Fields) > 0 {
			out = append(out, def)
		}
	}
	return out
}

// areaName names what a report covers.
func areaName(a policy.Actor, la *models.LocalAuthority) string {
	switch {
	case la != nil:
		return la.Name
	case a.IsScheduled() || policy.Can(a, policy.ReadAll, policy.ResourceCompliance):
		return "the whole area"
	}
	return "all your local authorities"
}

// WriteComplianceReport renders the report as "pdf" or "csv".
func WriteComplianceReport(w io.Writer, rep reports.ComplianceReport, format string) error {
	if format == "csv" {
		return reports.ComplianceReportCSV(w, rep)
	}
	return reports.ComplianceReportPDF(w, rep)
}
