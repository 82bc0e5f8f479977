package models

import "context"

// StartPeopleImport begins a bulk import of people, or finds the run with
// the same id (the same file, mapping and service) and returns how many
// data rows it already committed, so the run resumes after them.
func (s *Store) StartPeopleImport(ctx context.Context, id string, serviceID int64, total int) (done int, err error) {
	var rows []struct{ DoneRows int }
	if err := s.with(ctx).Raw("SELECT done_rows FROM people_imports WHERE id = ?", id).Scan(&rows).Error; err != nil {
		return 0, err
	}
	if len(rows) > 0 {
		return rows[0].DoneRows, nil
	}
	now := Now()
	return 0, s.with(ctx).Exec("INSERT INTO people_imports (id, service_id, total_rows, done_rows, created, started_at, updated_at) VALUES (?, ?, ?, 0, 0, ?, ?)",
		id, serviceID, total, now, now).Error
}

// AdvancePeopleImport records a committed batch, inside its transaction.
func (s *Store) AdvancePeopleImport(ctx context.Context, id string, done, created int) error {
	return s.with(ctx).Exec("UPDATE people_imports SET done_rows = ?, created = created + ?, updated_at = ? WHERE id = ?", done, created, Now(), id).Error
}

// FinishPeopleImport marks a run complete.
func (s *Store) FinishPeopleImport(ctx context.Context, id string) error {
	return s.with(ctx).Exec("UPDATE people_imports SET finished_at = ? WHERE id = ? AND finished_at IS NULL", Now(), id).Error
}

// TransferImported reports whether a transfer document was imported.
func (s *Store) TransferImported(ctx context.Context, documentID string) (bool, error) {
	var n int64
	err := s.with(ctx).Table("transfers_in").Where("document_id = ?", documentID).Count(&n).Error
	return n > 0, err
}

// RecordTransferIn notes an imported transfer document, in its transaction.
func (s *Store) RecordTransferIn(ctx context.Context, documentID, fromArea, keyID string, personID, serviceID int64) error {
	return s.with(ctx).Exec("INSERT INTO transfers_in (document_id, from_area, key_id, person_id, service_id, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
		documentID, fromArea, keyID, personID, serviceID, Now()).Error
}
