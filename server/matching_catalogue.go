package server

import (
	"context"
	"encoding/json"

	"github.com/paulmach/orb"

	"gateway/matching"
	"gateway/models"
	"gateway/policy"
)

// catalogue is every service a person can be placed in, as the matcher sees
// it, with what pages need beside the scores.
type catalogue struct {
	services []matching.Service
	info     map[int64]*serviceInfo
	weights  matching.Weights
	// weightsVersion is the version in force; 0 is the repository's defaults.
	weightsVersion int
}

// serviceInfo is what the ranking pages show of a service.
type serviceInfo struct {
	Service      models.Service
	RulesVersion int // 0: the defaults for its type
	Vacancies    int
	UpdatedAt    models.Time
	Hours        matching.Schedule
	// DistanceHidden: a confidential service's location is not the
	// reader's to know (rule 5), so no distance is computed or shown.
	DistanceHidden bool
}

// placeable reports whether a service offers places: a provider with beds.
// Outreach teams and day centres take referrals but are not placements.
func placeable(sv *models.Service) bool { return sv.Type.Provider() && sv.Capacity > 0 }

// loadCatalogue is the catalogue as the actor sees it: the services,
// rules, profiles, vacancies and weights come from memory while nothing
// they rest on has been written (catalogue_cache.go); only each service's
// location is judged per reader.
func (s *Server) loadCatalogue(ctx context.Context, a policy.Actor) (*catalogue, error) {
	base, err := s.catalogue.get(ctx, s)
	if err != nil {
		return nil, err
	}
	cat := &catalogue{info: make(map[int64]*serviceInfo, len(base.services)),
		weights: base.weights, weightsVersion: base.weightsVersion, services: make([]matching.Service, 0, len(base.services))}
	for i := range base.services {
		b := &base.services[i]
		ms, info := viewFor(a, &b.service, b.match, b.info)
		cat.services = append(cat.services, ms)
		cat.info[b.service.ID] = info
	}
	return cat, nil
}

// readCatalogue reads the services, their rules in force, vacancies,
// assessment hours and the area's weights: six statements, run when the
// cached catalogue is stale.
func (s *Server) readCatalogue(ctx context.Context) (*catalogueBase, error) {
	svs, err := s.store.Services(ctx, models.ServiceFilter{})
	if err != nil {
		return nil, err
	}
	totals, err := s.store.VacancyTotals(ctx)
	if err != nil {
		return nil, err
	}
	rules, err := s.store.CurrentEligibility(ctx)
	if err != nil {
		return nil, err
	}
	profiles, err := s.store.ServiceProfiles(ctx)
	if err != nil {
		return nil, err
	}
	base := &catalogueBase{}
	if base.weights, base.weightsVersion, err = s.currentWeights(ctx); err != nil {
		return nil, err
	}
	for i := range svs {
		sv := &svs[i]
		if !placeable(sv) {
			continue
		}
		ms, info := baseMatchService(sv, rules[sv.ID], profiles[sv.ID])
		info.Vacancies, info.UpdatedAt = totals[sv.ID].Places, totals[sv.ID].UpdatedAt
		ms.Vacancies = info.Vacancies
		base.services = append(base.services, catalogueService{service: *sv, match: ms, info: *info})
	}
	return base, nil
}

// matchService is one service as the matcher sees it, for the actor.
func matchService(a policy.Actor, sv *models.Service, rules models.EligibilityVersion, profile models.ServiceProfile) (matching.Service, *serviceInfo) {
	ms, info := baseMatchService(sv, rules, profile)
	return viewFor(a, sv, ms, *info)
}

// baseMatchService is a service as the matcher sees it, before any reader:
// what can be cached. A stored rules version that no longer parses (it was
// valid when saved) falls back to the type's defaults rather than dropping
// the service from rankings.
func baseMatchService(sv *models.Service, rules models.EligibilityVersion, profile models.ServiceProfile) (matching.Service, *serviceInfo) {
	info := &serviceInfo{Service: *sv, RulesVersion: rules.Version}
	ms := matching.Service{ServiceID: sv.ID, Name: sv.Name, Type: string(sv.Type), LAs: sv.LAIDs, Capacity: sv.Capacity}
	ms.Rules, ms.Groups = matching.DefaultEligibility(string(sv.Type))
	if rules.ID > 0 {
		r, rerr := matching.ParseEligibility([]byte(rules.Rules))
		var groups []string
		gerr := json.Unmarshal([]byte(rules.TargetGroups), &groups)
		if rerr == nil && gerr == nil {
			ms.Rules, ms.Groups = r, groups
		} else {
			info.RulesVersion = 0
		}
	}
	if profile.AssessmentHours != "" {
		json.Unmarshal([]byte(profile.AssessmentHours), &ms.AssessmentHours)
	}
	info.Hours = ms.AssessmentHours
	return ms, info
}

// viewFor narrows a service to what the actor may see (rule 5): a
// confidential service's location, and so its distance, only for its own
// users and area admins.
func viewFor(a policy.Actor, sv *models.Service, ms matching.Service, info serviceInfo) (matching.Service, *serviceInfo) {
	view := policy.ServiceView(a, *sv)
	info.Service = view
	if view.Lat != nil && view.Lon != nil {
		ms.Location, ms.HasLocation = orb.Point{*view.Lon, *view.Lat}, true
	}
	info.DistanceHidden = sv.Confidential && !policy.LocationVisible(a, sv)
	return ms, &info
}

// currentWeights are the area's weights in force and their version (0 for
// the defaults in matching/defaults/weights.json).
func (s *Server) currentWeights(ctx context.Context) (matching.Weights, int, error) {
	v, err := s.store.CurrentWeights(ctx)
	if err != nil || v == nil {
		return matching.DefaultWeights(), 0, err
	}
	w, err := matching.ParseWeights([]byte(v.Weights))
	if err != nil {
		// Saved weights were validated; if a later release reads them
		// differently, rank with the defaults and say so in the version.
		return matching.DefaultWeights(), 0, nil
	}
	return w, v.Version, nil
}
