package models

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"gorm.io/gorm/clause"
)

// Public alert fingerprints: the same words sent again
// from the same network within a day are the same alert, so a double
// submit, an impatient reporter or a script repeating itself makes one
// alert, and they are all given its reference. Only a hash is kept (of the
// sender's network and the words), and only for a day.

// AlertRepeatWindow is how long a repeat is recognised.
const AlertRepeatWindow = 24 * time.Hour

type alertSubmission struct {
	KeyHash   string `gorm:"primaryKey"`
	AlertID   int64
	CreatedAt time.Time
}

func (alertSubmission) TableName() string { return "alert_submissions" }

// AlertFingerprint hashes who sent an alert (their network) and its words,
// ignoring case and spacing.
func AlertFingerprint(network, description, location string) string {
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	sum := sha256.Sum256([]byte(network + "\x00" + norm(description) + "\x00" + norm(location)))
	return hex.EncodeToString(sum[:])
}

// AlertByFingerprint finds the alert a fingerprint was given within the
// window (ErrNotFound if none).
func (s *Store) AlertByFingerprint(ctx context.Context, key string, now time.Time) (*PublicAlert, error) {
	return takeOne[PublicAlert](s.with(ctx).Where("id = (SELECT alert_id FROM alert_submissions WHERE key_hash = ? AND created_at > ?)",
		key, now.Add(-AlertRepeatWindow)))
}

// RememberAlert records an alert's fingerprint.
func (s *Store) RememberAlert(ctx context.Context, key string, alertID int64, now time.Time) error {
	return s.with(ctx).Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "key_hash"}}, DoUpdates: clause.AssignmentColumns([]string{"alert_id", "created_at"})}).
		Create(&alertSubmission{KeyHash: key, AlertID: alertID, CreatedAt: now}).Error
}

// PurgeAlertFingerprints forgets fingerprints older than before.
func (s *Store) PurgeAlertFingerprints(ctx context.Context, before time.Time) (int64, error) {
	res := s.with(ctx).Where("created_at < ?", before).Delete(&alertSubmission{})
	return res.RowsAffected, res.Error
}

// AreaSettingOrInit reads a setting, first storing value if it was never
// set; every instance reads back the one value that won.
func (s *Store) AreaSettingOrInit(ctx context.Context, key, value string) (string, error) {
	if err := s.with(ctx).Clauses(clause.OnConflict{DoNothing: true}).
		Create(&areaSetting{Key: key, Value: value, UpdatedAt: Time{Now()}}).Error; err != nil {
		return "", err
	}
	return s.AreaSetting(ctx, key)
}

// Check validates an alert without storing it, so bad input is named
// before anything else is asked of the sender.
func (in AlertInput) Check(now time.Time) error { return in.validate(now) }
