package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// EligibilityVersion is one version of a service's hard eligibility rules
// and target groups, as JSON the matcher reads (matching.Eligibility and a
// list of group keys). The highest version is in force; older ones stay so
// a decision can be explained by the rules of its day.
type EligibilityVersion struct {
	ID           int64  `json:"id"`
	ServiceID    int64  `json:"service_id"`
	Version      int    `json:"version"`
	Rules        string `json:"rules"`
	TargetGroups string `json:"target_groups"`
	RuleChange
}

// WeightsVersion is one version of the area's matcher weights
// (matching.Weights JSON).
type WeightsVersion struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	Weights string `json:"weights"`
	RuleChange
}

// RuleChange is why a version of the rules or weights was saved, by whom
// and when: the last columns of each version's row.
type RuleChange struct {
	Reason          string    `json:"reason"`
	CreatedByUserID *int64    `json:"-"`
	CreatedAt       time.Time `json:"created_at"`

	CreatedByName string `json:"created_by" gorm:"->;-:migration"`
}

// RulesInput is a new version of rules or weights. Based is the version
// the editor started from: if someone saved another since, the save is a
// conflict rather than a silent overwrite. The JSON is validated by the
// server with package matching.
type RulesInput struct {
	Based  int    `json:"based_on_version"`
	Reason string `json:"reason"`
}

func (in *RulesInput) validate() error {
	c := newCheck()
	c.text("reason", &in.Reason, true, MaxReason)
	if in.Based < 0 {
		c.Add("based_on_version", "must be 0 (the defaults) or a version number")
	}
	return c.Err()
}

// EligibilityHistory lists a service's rule versions, newest first.
func (s *Store) EligibilityHistory(ctx context.Context, serviceID int64) ([]EligibilityVersion, error) {
	out := []EligibilityVersion{}
	err := s.with(ctx).Model(&EligibilityVersion{}).
		Select("eligibility_versions.*, COALESCE(u.name, '') AS created_by_name").
		Joins("LEFT JOIN users u ON u.id = eligibility_versions.created_by_user_id").
		Where("service_id = ?", serviceID).Order("version DESC").Find(&out).Error
	return out, err
}

// CurrentEligibility is the version in force for every service that has
// one, by service id.
func (s *Store) CurrentEligibility(ctx context.Context) (map[int64]EligibilityVersion, error) {
	var rows []EligibilityVersion
	err := s.with(ctx).Where("version = (SELECT MAX(e2.version) FROM eligibility_versions e2 WHERE e2.service_id = eligibility_versions.service_id)").
		Find(&rows).Error
	out := make(map[int64]EligibilityVersion, len(rows))
	for _, r := range rows {
		out[r.ServiceID] = r
	}
	return out, err
}

// AddEligibilityVersion saves a new version of a service's rules.
func (s *Store) AddEligibilityVersion(ctx context.Context, serviceID, userID int64, rulesJSON, groupsJSON string, in RulesInput) (*EligibilityVersion, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	v := &EligibilityVersion{ServiceID: serviceID, Rules: rulesJSON, TargetGroups: groupsJSON, RuleChange: RuleChange{Reason: in.Reason, CreatedByUserID: &userID}}
	err := s.Tx(ctx, func(tx *Store) error {
		if _, err := tx.Service(ctx, serviceID); err != nil {
			return err
		}
		series := tx.db.Model(&EligibilityVersion{}).Where("service_id = ?", serviceID)
		return tx.createNextVersion(series, in.Based, "rules", v, func(version int) { v.Version, v.CreatedAt = version, Now() })
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// createNextVersion saves row as the version after the highest in series
// (a service's eligibility rules, the area's weights). based is the
// version the editor opened: a save based on an older one, or racing
// another save, is a Conflict saying what changed. stamp sets the row's
// version (and time) before it is written.
func (s *Store) createNextVersion(series *gorm.DB, based int, what string, row any, stamp func(version int)) error {
	var current int
	if err := series.Select("COALESCE(MAX(version), 0)").Scan(&current).Error; err != nil {
		return err
	}
	if current != based {
		return Conflict("based_on_version", "the "+what+" were changed (now version "+itoa(current)+") since you opened them; reload and make your change again")
	}
	stamp(current + 1)
	err := s.db.Omit("CreatedByName").Create(row).Error
	return clashAs(err, "based_on_version", "someone saved the "+what+" at the same moment; reload and make your change again")
}

// WeightsHistory lists the weight versions, newest first.
func (s *Store) WeightsHistory(ctx context.Context) ([]WeightsVersion, error) {
	out := []WeightsVersion{}
	err := s.with(ctx).Model(&WeightsVersion{}).
		Select("weights_versions.*, COALESCE(u.name, '') AS created_by_name").
		Joins("LEFT JOIN users u ON u.id = weights_versions.created_by_user_id").
		Order("version DESC").Find(&out).Error
	return out, err
}

// CurrentWeights is the version in force, or nil when the area uses the
// defaults.
func (s *Store) CurrentWeights(ctx context.Context) (*WeightsVersion, error) {
	var v WeightsVersion
	err := s.with(ctx).Order("version DESC").Limit(1).Find(&v).Error
	if err != nil || v.ID == 0 {
		return nil, err
	}
	return &v, nil
}

// AddWeightsVersion saves a new version of the weights.
func (s *Store) AddWeightsVersion(ctx context.Context, userID int64, weightsJSON string, in RulesInput) (*WeightsVersion, error) {
	if err := in.validate(); err != nil {
		return nil, err
	}
	v := &WeightsVersion{Weights: weightsJSON, RuleChange: RuleChange{Reason: in.Reason, CreatedByUserID: &userID}}
	err := s.Tx(ctx, func(tx *Store) error {
		series := tx.db.Model(&WeightsVersion{})
		return tx.createNextVersion(series, in.Based, "weights", v, func(version int) { v.Version, v.CreatedAt = version, Now() })
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
