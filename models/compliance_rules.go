package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// ComplianceRuleVersion is one version of the data-compliance rules: which
// fields are essential on each kind of record (reports.RuleSet as JSON,
// whose "version" equals Version). The highest version is in force; none is
// ever changed, so a published score can always say which rules it used.
type ComplianceRuleVersion struct {
	ID              int64     `json:"id"`
	Version         int       `json:"version"`
	Rules           string    `json:"-"`
	Reason          string    `json:"reason"`
	CreatedByUserID *int64    `json:"created_by_user_id"`
	CreatedAt       time.Time `json:"created_at"`

	CreatedBy string `json:"created_by" gorm:"->;-:migration"`
}

// ComplianceRules is the version in force, or ErrNotFound before the first
// is saved (the caller seeds it from the repo's defaults).
func (s *Store) ComplianceRules(ctx context.Context) (*ComplianceRuleVersion, error) {
	return takeOne[ComplianceRuleVersion](s.ruleVersions(ctx).Order("compliance_rule_versions.version DESC"))
}

// ComplianceRulesVersion finds one version, e.g. the one a published score used.
func (s *Store) ComplianceRulesVersion(ctx context.Context, version int) (*ComplianceRuleVersion, error) {
	return takeOne[ComplianceRuleVersion](s.ruleVersions(ctx).Where("compliance_rule_versions.version = ?", version))
}

// ComplianceRuleHistory lists the versions, newest first.
func (s *Store) ComplianceRuleHistory(ctx context.Context, limit int) ([]ComplianceRuleVersion, error) {
	var out []ComplianceRuleVersion
	err := s.ruleVersions(ctx).Order("compliance_rule_versions.version DESC").Limit(limitOr(limit, 50)).Find(&out).Error
	return out, err
}

func (s *Store) ruleVersions(ctx context.Context) *gorm.DB {
	return s.with(ctx).Model(&ComplianceRuleVersion{}).
		Select("compliance_rule_versions.*, COALESCE(u.name, '') AS created_by").
		Joins("LEFT JOIN users u ON u.id = compliance_rule_versions.created_by_user_id")
}

// SaveComplianceRules stores rules (already checked by the caller) as
// version, which must be one more than the version in force: an admin who
// edited version 3 while someone else saved version 4 gets a conflict
// rather than silently undoing the other's change. by is 0 when the repo's
// defaults are seeded.
func (s *Store) SaveComplianceRules(ctx context.Context, version int, rules, reason string, by int64) (*ComplianceRuleVersion, error) {
	if err := textField("reason", &reason, version > 1, MaxReason); err != nil {
		return nil, err
	}
	v := &ComplianceRuleVersion{Version: version, Rules: rules, Reason: reason, CreatedAt: Now()}
	if by > 0 {
		v.CreatedByUserID = &by
	}
	err := s.Tx(ctx, func(tx *Store) error {
		var latest int
		if err := tx.db.Model(&ComplianceRuleVersion{}).Select("COALESCE(MAX(version), 0)").Scan(&latest).Error; err != nil {
			return err
		}
		if version != latest+1 {
			return Conflict("version", "the rules were changed by someone else (now version "+itoa(latest)+"); reload and make your change again")
		}
		if err := tx.db.Omit("CreatedBy").Create(v).Error; err != nil {
			return clashAs(err, "version", "the rules were changed by someone else at the same moment; reload and make your change again")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
