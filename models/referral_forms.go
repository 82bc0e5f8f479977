package models

import (
	"context"
	"encoding/json"
)

// SnapshotForm reads the form version an assessment was answered on, so a
// referral's snapshot can carry each answer with its question's wording.
// Form versions are never changed once published.
func (s *Store) SnapshotForm(ctx context.Context, formVersionID int64) (*FormDefinition, error) {
	var row struct{ Definition string }
	if err := s.with(ctx).Table("form_versions").Select("definition").Where("id = ?", formVersionID).Take(&row).Error; err != nil {
		return nil, notFound(err)
	}
	var d FormDefinition
	if err := json.Unmarshal([]byte(row.Definition), &d); err != nil {
		return nil, err
	}
	return &d, nil
}
