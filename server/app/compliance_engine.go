package app

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"slices"
	"time"

	"gateway/models"
	"gateway/policy"
	"gateway/reports"
)

// Data compliance months.
//
// A month is open until it ends (Europe/London). While open, its scores
// are computed live. Once it has ended the month is closed, and the first
// computation of it afterwards publishes each service's score: a page or
// API read by a manager, commissioner or area admin publishes the services
// that reader may see; the scheduled command (gateway report compliance,
// run from cron on the 1st) publishes every service. Whichever comes first
// wins, once: a published score never changes (the database refuses), and
// records fixed later show only in the month "re-run now", beside it.
// Published scores record the rule version they used.

// ComplianceTiming says which figures depend on the day they are
// computed: the page, the API and the reports say it alike.
const ComplianceTiming = "Every check reads the records as they stand when it runs. A month's scores are therefore published once, when the month ends, " +
	"and do not change afterwards. A correction made later (a consent recorded after the month closed, a date of birth found, a move-on " +
	"destination learnt) shows only in \"Now\", the same month re-run today, which is labelled as such. The month in progress is \"so far\" " +
	"and changes until it ends."

// Reporter computes compliance months and assembles reports for the
// server's pages and for the scheduled commands. It reads only through the
// scopes policy gives the actor.
type Reporter struct {
	// Store reads the records a report counts: the read replica's store
	// (models.Store.Replica) when the server has one.
	Store *models.Store
	// Primary is where what a report writes is read back (the rules in
	// force, scores it has just published); Store when nil.
	Primary *models.Store
	Now     func() time.Time
	Log     *slog.Logger
	// ReturnerGapMonths is the flows' returner window (Config's); 0 means
	// reports.DefaultReturnerGapMonths.
	ReturnerGapMonths int
}

func (r *Reporter) now() time.Time { return r.Now().In(Zone) }

func (r *Reporter) primary() *models.Store {
	if r.Primary != nil {
		return r.Primary
	}
	return r.Store
}

// CurrentMonth is the month it is now in the area.
func (r *Reporter) CurrentMonth() reports.Month { return reports.MonthOf(r.now()) }

// closed reports whether m has ended.
func (r *Reporter) closed(m reports.Month) bool { return m.Before(r.CurrentMonth()) }

// Rules is the rule set in force, seeded from the repo's defaults the
// first time.
func (r *Reporter) Rules(ctx context.Context) (reports.RuleSet, error) {
	v, err := r.primary().ComplianceRules(ctx)
	if errors.Is(err, models.ErrNotFound) {
		def := reports.DefaultRules()
		b, _ := json.Marshal(def)
		if _, err := r.primary().SaveComplianceRules(ctx, def.Version, string(b), "The rules Gateway ships with", 0); err != nil && !errors.Is(err, models.ErrConflict) {
			return reports.RuleSet{}, err
		}
		v, err = r.primary().ComplianceRules(ctx)
	}
	if err != nil {
		return reports.RuleSet{}, err
	}
	return reports.ParseRuleSet([]byte(v.Rules))
}

// monthQuery says which month, which services and what to compute.
type MonthQuery struct {
	Month   reports.Month
	LA      int64 // only services covering this LA; 0 for all the actor may see
	Service int64 // only this service; 0 for all
	// Named labels the records with names. The caller has checked
	// policy.Record on the service; the names scope limits it again.
	Named bool
	// Progress, if set, hears how many records have been read of how many.
	Progress func(done, total int64)
	// By is the user whose computation publishes; 0 for a scheduled run.
	By int64
}

// monthResult is a month as the actor may see it.
type MonthResult struct {
	Month        reports.Month
	Closed       bool
	RulesVersion int                    // of the rules in force, used by Current
	Services     []models.Service       // the services the actor may see, by name
	Current      []reports.ServiceScore // the month as it stands now; services without records are left out
	Published    []PublishedScore       // a closed month as published; services without records are left out
}

// publishedScore is a published score with its provenance.
type PublishedScore struct {
	reports.ServiceScore
	RulesVersion int       `json:"rules_version"`
	PublishedAt  time.Time `json:"published_at"`
}

// Names maps service ids to names, for the report renderers.
func (m *MonthResult) Names() map[int64]string {
	out := make(map[int64]string, len(m.Services))
	for _, sv := range m.Services {
		out[sv.ID] = sv.Name
	}
	return out
}

// published is the month's published scores as plain scores.
func (m *MonthResult) published() []reports.ServiceScore {
	out := make([]reports.ServiceScore, len(m.Published))
	for i, p := range m.Published {
		out[i] = p.ServiceScore
	}
	return out
}

// Headline is what a ranking is of: the published scores of a closed
// month, or the live scores of an open one.
func (m *MonthResult) Headline() []reports.ServiceScore {
	if m.Closed {
		return m.published()
	}
	return m.Current
}

// Rerun is the month re-run now, shown beside a closed month's published
// scores; nil for an open month.
func (m *MonthResult) Rerun() []reports.ServiceScore {
	if m.Closed {
		return m.Current
	}
	return nil
}

func (m *MonthResult) CurrentOf(id int64) *reports.ServiceScore {
	for i := range m.Current {
		if m.Current[i].ServiceID == id {
			return &m.Current[i]
		}
	}
	return nil
}

func (m *MonthResult) PublishedOf(id int64) *PublishedScore {
	for i := range m.Published {
		if m.Published[i].ServiceID == id {
			return &m.Published[i]
		}
	}
	return nil
}

// Month computes a month for the actor: always the month as it stands
// now, and for a closed month its published scores, publishing first any
// service not yet published.
func (r *Reporter) Month(ctx context.Context, a policy.Actor, q MonthQuery) (*MonthResult, error) {
	res := &MonthResult{Month: q.Month, Closed: r.closed(q.Month)}
	visible, err := r.services(ctx, policy.ComplianceServices(a), q)
	if err != nil {
		return nil, err
	}
	res.Services = visible
	compute := visible
	if res.Closed && a.IsScheduled() {
		if compute, err = r.services(ctx, policy.CompliancePublishing(a), q); err != nil {
			return nil, err
		}
	}
	rules, err := r.Rules(ctx)
	if err != nil {
		return nil, err
	}
	res.RulesVersion = rules.Version
	current, err := r.score(ctx, a, q, rules, ids(compute))
	if err != nil {
		return nil, err
	}
	if res.Closed {
		if err := r.publish(ctx, q.Month, rules.Version, ids(compute), current, q.By); err != nil {
			return nil, err
		}
		pub, err := r.primary().PublishedScores(ctx, policy.CompliancePublishing(a), []string{q.Month.String()}, ids(visible))
		if err != nil {
			return nil, err
		}
		for _, p := range pub {
			if ps, ok := fromPublished(p); ok {
				res.Published = append(res.Published, ps)
			}
		}
	}
	show := ids(visible)
	for _, s := range current {
		if slices.Contains(show, s.ServiceID) {
			res.Current = append(res.Current, s)
		}
	}
	return res, nil
}

// services lists the services a scope shows, narrowed as q asks.
func (r *Reporter) services(ctx context.Context, scope models.Scope, q MonthQuery) ([]models.Service, error) {
	svs, err := r.Store.ComplianceServices(ctx, scope, q.LA)
	if err != nil || q.Service == 0 {
		return svs, err
	}
	return slices.DeleteFunc(svs, func(sv models.Service) bool { return sv.ID != q.Service }), nil
}

func ids(svs []models.Service) []int64 {
	out := make([]int64, len(svs))
	for i, sv := range svs {
		out[i] = sv.ID
	}
	return out
}

// score reads the records of the services and scores them.
func (r *Reporter) score(ctx context.Context, a policy.Actor, q MonthQuery, rules reports.RuleSet, services []int64) ([]reports.ServiceScore, error) {
	if len(services) == 0 {
		return nil, nil
	}
	mq := models.ComplianceQuery{
		Start: q.Month.Start(Zone), End: q.Month.End(Zone),
		Services:   policy.CompliancePublishing(a),
		ServiceIDs: services,
	}
	if q.Named {
		mq.Names = policy.ComplianceNames(a)
	}
	if q.Progress != nil {
		counts, err := r.Store.ComplianceRecordCounts(ctx, mq)
		if err != nil {
			return nil, err
		}
		var total int64
		for _, n := range counts {
			total += n
		}
		q.Progress(0, total)
		mq.Progress = func(done int64) { q.Progress(done, total) }
		defer func() { q.Progress(total, total) }()
	}
	sc := reports.NewScorer(q.Month, rules)
	err := r.Store.ComplianceRecords(ctx, mq, func(rec *models.ComplianceRecord) error {
		sc.Add(reports.Record{Type: rec.Type, ID: rec.ID, ServiceID: rec.ServiceID, Label: rec.Label, Link: rec.Link,
			Missing: rec.Missing, NotApplicable: rec.NotApplicable})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sc.Scores(), nil
}

// fieldJSON is a per-field count as stored with a published score.
type fieldJSON struct {
	Type     string `json:"type"`
	Key      string `json:"key"`
	Label    string `json:"label"`
	Required int    `json:"required"`
	Missing  int    `json:"missing"`
}

// publish stores the month's score of every service computed, those with
// no records included (so a month is known to be settled), unless already
// published. Counts only: never a name.
func (r *Reporter) publish(ctx context.Context, m reports.Month, rulesVersion int, services []int64, current []reports.ServiceScore, by int64) error {
	byID := map[int64]reports.ServiceScore{}
	for _, s := range current {
		byID[s.ServiceID] = s
	}
	rows := make([]models.PublishedScore, 0, len(services))
	for _, id := range services {
		s, ok := byID[id]
		if !ok {
			s = reports.ServiceScore{ServiceID: id, Month: m, Score: 100}
		}
		fields := make([]fieldJSON, len(s.PerField))
		for i, f := range s.PerField {
			fields[i] = fieldJSON{f.Type, f.Key, f.Label, f.Required, f.Missing}
		}
		b, _ := json.Marshal(fields)
		row := models.PublishedScore{ServiceID: id, Month: m.String(), RulesVersion: rulesVersion,
			Records: s.Records, Required: s.Required, Missing: s.Missing, Score: s.Score, PerField: string(b)}
		if by > 0 {
			row.PublishedByUserID = &by
		}
		rows = append(rows, row)
	}
	return r.primary().PublishScores(ctx, rows)
}

// fromPublished turns a stored score back into a score; a service that had
// no records that month is left out (ok false).
func fromPublished(p models.PublishedScore) (PublishedScore, bool) {
	m, err := reports.ParseMonth(p.Month)
	if err != nil || p.Records == 0 {
		return PublishedScore{}, false
	}
	var fields []fieldJSON
	json.Unmarshal([]byte(p.PerField), &fields)
	s := reports.ServiceScore{ServiceID: p.ServiceID, Month: m, Records: p.Records, Required: p.Required, Missing: p.Missing, Score: p.Score}
	for _, f := range fields {
		s.PerField = append(s.PerField, reports.FieldCount{Type: f.Type, Key: f.Key, Label: f.Label, Required: f.Required, Missing: f.Missing})
	}
	return PublishedScore{ServiceScore: s, RulesVersion: p.RulesVersion, PublishedAt: p.PublishedAt}, true
}

// trendMonths is how far back trends go.
const trendMonths = 12

// MonthWithTrend is Month and the Trend ending at it, the pair every
// compliance view shows.
func (r *Reporter) MonthWithTrend(ctx context.Context, a policy.Actor, q MonthQuery) (*MonthResult, []reports.TrendPoint, error) {
	res, err := r.Month(ctx, a, q)
	if err != nil {
		return nil, nil, err
	}
	trend, err := r.Trend(ctx, a, q, res)
	return res, trend, err
}

// Trend is the combined score of the services shown in res, month by
// month for the 12 months ending res.Month: published scores for closed
// months (publishing any never computed), and res's own live scores when
// it is open. Months with no records have no point.
func (r *Reporter) Trend(ctx context.Context, a policy.Actor, q MonthQuery, res *MonthResult) ([]reports.TrendPoint, error) {
	show := ids(res.Services)
	if len(show) == 0 {
		return nil, nil
	}
	var months []reports.Month
	for i := trendMonths - 1; i >= 0; i-- {
		if m := res.Month.Add(-i); r.closed(m) {
			months = append(months, m)
		}
	}
	keys := make([]string, len(months))
	for i, m := range months {
		keys[i] = m.String()
	}
	pub, err := r.Store.PublishedScores(ctx, policy.CompliancePublishing(a), keys, show)
	if err != nil {
		return nil, err
	}
	have := map[string]map[int64]models.PublishedScore{}
	for _, p := range pub {
		if have[p.Month] == nil {
			have[p.Month] = map[int64]models.PublishedScore{}
		}
		have[p.Month][p.ServiceID] = p
	}
	var out []reports.TrendPoint
	for _, m := range months {
		got := have[m.String()]
		if len(got) < len(show) {
			// Never computed for some of these services: computing it now
			// publishes it, once.
			mq := q
			mq.Month, mq.Named, mq.Progress = m, false, nil
			mr, err := r.Month(ctx, a, mq)
			if err != nil {
				return nil, err
			}
			if len(mr.Published) > 0 {
				out = append(out, reports.TrendPoint{Month: m, Score: reports.Combine(m, mr.published()).Score})
			}
			continue
		}
		var scores []reports.ServiceScore
		for _, p := range got {
			if ps, ok := fromPublished(p); ok {
				scores = append(scores, ps.ServiceScore)
			}
		}
		if len(scores) > 0 {
			out = append(out, reports.TrendPoint{Month: m, Score: reports.Combine(m, scores).Score})
		}
	}
	if !res.Closed && len(res.Current) > 0 {
		out = append(out, reports.TrendPoint{Month: res.Month, Score: reports.Combine(res.Month, res.Current).Score})
	}
	return out, nil
}
