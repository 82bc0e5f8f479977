package models

import (
	"context"
	"errors"

	"gorm.io/gorm/clause"
)

// Area settings are switches an area admin turns for the whole area.
const (
	// SettingRequireTwoFactor: area admins and commissioners must log in
	// with a second factor ("true" or "false"; off unless turned on).
	SettingRequireTwoFactor = "require_two_factor"
)

type areaSetting struct {
	Key       string `gorm:"primaryKey"`
	Value     string
	UpdatedBy *int64
	UpdatedAt Time
}

func (areaSetting) TableName() string { return "area_settings" }

// AreaSetting reads a setting; "" when it was never set.
func (s *Store) AreaSetting(ctx context.Context, key string) (string, error) {
	var st areaSetting
	err := s.with(ctx).Where("key = ?", key).Take(&st).Error
	if errors.Is(notFound(err), ErrNotFound) {
		return "", nil
	}
	return st.Value, err
}

// SetAreaSetting writes a setting.
func (s *Store) SetAreaSetting(ctx context.Context, key, value string, by int64) error {
	return s.with(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key"}}, DoUpdates: clause.AssignmentColumns([]string{"value", "updated_by", "updated_at"})}).
		Create(&areaSetting{Key: key, Value: value, UpdatedBy: &by, UpdatedAt: Time{Now()}}).Error
}

// TwoFactorRequired reports whether the area requires a second factor of
// area admins and commissioners.
func (s *Store) TwoFactorRequired(ctx context.Context) (bool, error) {
	v, err := s.AreaSetting(ctx, SettingRequireTwoFactor)
	return v == "true", err
}
