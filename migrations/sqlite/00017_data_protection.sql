-- Data protection duties (issue 18): retention periods as versioned data,
-- erasure on request, and confidential services' own parts of a subject
-- access export. The append-only triggers give way only inside a
-- data-protection transaction: it writes a row to data_protection_unlock
-- first and deletes it before it commits, so no other transaction ever
-- sees the row (SQLite serialises writers; PostgreSQL never shows another
-- transaction's uncommitted row).

-- +goose Up
CREATE TABLE data_protection_unlock (
    purpose TEXT NOT NULL
);

ALTER TABLE people ADD COLUMN erased_at DATETIME;
-- When retention took the exact place, words and recorder off a street
-- contact or a public alert (the tile, time and counts stay).
ALTER TABLE street_contacts ADD COLUMN anonymised_at DATETIME;
ALTER TABLE public_alerts ADD COLUMN anonymised_at DATETIME;

-- One row per version of the retention periods (JSON: record type → days);
-- the highest version is in force.
CREATE TABLE retention_versions (
    id                 INTEGER PRIMARY KEY,
    version            INTEGER NOT NULL UNIQUE,
    periods            TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    created_by_user_id INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL
);
-- +goose StatementBegin
CREATE TRIGGER retention_versions_frozen BEFORE UPDATE ON retention_versions
BEGIN
    SELECT RAISE(ABORT, 'a retention version is never changed; save a new version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER retention_versions_kept BEFORE DELETE ON retention_versions
BEGIN
    SELECT RAISE(ABORT, 'a retention version is never changed; save a new version');
END;
-- +goose StatementEnd

-- An erasure: which record (now a tombstone without identity), why, who
-- asked through which service, and why it went while work was open.
CREATE TABLE erasures (
    id                       INTEGER PRIMARY KEY,
    person_id                INTEGER NOT NULL REFERENCES people (id) UNIQUE,
    reason                   TEXT NOT NULL,
    requested_via_service_id INTEGER REFERENCES services (id), -- empty when the retention period ended
    open_work_reason         TEXT NOT NULL DEFAULT '',
    by_user_id               INTEGER REFERENCES users (id),
    erased_at                DATETIME NOT NULL
);

-- A confidential service's part of a subject access export, released by
-- its manager to the person directly (the area admin never sees it).
CREATE TABLE subject_access_releases (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES people (id),
    service_id          INTEGER NOT NULL REFERENCES services (id),
    released_by_user_id INTEGER NOT NULL REFERENCES users (id),
    released_at         DATETIME NOT NULL
);
CREATE INDEX subject_access_releases_person ON subject_access_releases (person_id, service_id, released_at);

DROP TRIGGER case_notes_append_only;
DROP TRIGGER case_notes_no_delete;
DROP TRIGGER audit_events_no_update;
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER assessments_completed_immutable;
DROP TRIGGER assessments_completed_no_delete;
DROP TRIGGER safety_plans_append_only;
DROP TRIGGER safety_plans_no_delete;
DROP TRIGGER case_events_no_update;
DROP TRIGGER case_events_no_delete;
-- +goose StatementBegin
CREATE TRIGGER case_notes_append_only BEFORE UPDATE OF service_id, author_user_id, confidential, body, amends_id, created_at ON case_notes
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'case notes are amended by appending, never edited');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'case notes are never deleted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER assessments_completed_immutable BEFORE UPDATE ON assessments
WHEN OLD.status = 'completed' AND NOT EXISTS (SELECT 1 FROM data_protection_unlock) AND (
    NEW.status IS NOT OLD.status OR NEW.answers IS NOT OLD.answers OR NEW.needs_score IS NOT OLD.needs_score
    OR NEW.needs_override IS NOT OLD.needs_override OR NEW.needs_override_reason IS NOT OLD.needs_override_reason
    OR NEW.service_id IS NOT OLD.service_id OR NEW.confidential IS NOT OLD.confidential
    OR NEW.form_version_id IS NOT OLD.form_version_id OR NEW.for_service_type IS NOT OLD.for_service_type
    OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.completed_at IS NOT OLD.completed_at
    OR NEW.completed_by_user_id IS NOT OLD.completed_by_user_id OR NEW.created_at IS NOT OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'a completed assessment is never changed; start a new one');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER assessments_completed_no_delete BEFORE DELETE ON assessments
WHEN OLD.status = 'completed' AND NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'a completed assessment is never deleted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER safety_plans_append_only BEFORE UPDATE OF service_id, confidential, supersedes_id, keeps_me_safe, warning_signs,
    what_helps, people_to_contact, agreed_actions, review_by, created_by_user_id, created_at ON safety_plans
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'a safety plan is revised by writing a new version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER safety_plans_no_delete BEFORE DELETE ON safety_plans
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'safety plans are never deleted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'case history is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
WHEN NOT EXISTS (SELECT 1 FROM data_protection_unlock)
BEGIN
    SELECT RAISE(ABORT, 'case history is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER case_notes_append_only;
DROP TRIGGER case_notes_no_delete;
DROP TRIGGER audit_events_no_update;
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER assessments_completed_immutable;
DROP TRIGGER assessments_completed_no_delete;
DROP TRIGGER safety_plans_append_only;
DROP TRIGGER safety_plans_no_delete;
DROP TRIGGER case_events_no_update;
DROP TRIGGER case_events_no_delete;
-- +goose StatementBegin
CREATE TRIGGER case_notes_append_only BEFORE UPDATE OF service_id, author_user_id, confidential, body, amends_id, created_at ON case_notes
BEGIN
    SELECT RAISE(ABORT, 'case notes are amended by appending, never edited');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_notes_no_delete BEFORE DELETE ON case_notes
BEGIN
    SELECT RAISE(ABORT, 'case notes are never deleted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER assessments_completed_immutable BEFORE UPDATE ON assessments
WHEN OLD.status = 'completed' AND (
    NEW.status IS NOT OLD.status OR NEW.answers IS NOT OLD.answers OR NEW.needs_score IS NOT OLD.needs_score
    OR NEW.needs_override IS NOT OLD.needs_override OR NEW.needs_override_reason IS NOT OLD.needs_override_reason
    OR NEW.service_id IS NOT OLD.service_id OR NEW.confidential IS NOT OLD.confidential
    OR NEW.form_version_id IS NOT OLD.form_version_id OR NEW.for_service_type IS NOT OLD.for_service_type
    OR NEW.supersedes_id IS NOT OLD.supersedes_id OR NEW.completed_at IS NOT OLD.completed_at
    OR NEW.completed_by_user_id IS NOT OLD.completed_by_user_id OR NEW.created_at IS NOT OLD.created_at)
BEGIN
    SELECT RAISE(ABORT, 'a completed assessment is never changed; start a new one');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER assessments_completed_no_delete BEFORE DELETE ON assessments
WHEN OLD.status = 'completed'
BEGIN
    SELECT RAISE(ABORT, 'a completed assessment is never deleted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER safety_plans_append_only BEFORE UPDATE OF service_id, confidential, supersedes_id, keeps_me_safe, warning_signs,
    what_helps, people_to_contact, agreed_actions, review_by, created_by_user_id, created_at ON safety_plans
BEGIN
    SELECT RAISE(ABORT, 'a safety plan is revised by writing a new version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER safety_plans_no_delete BEFORE DELETE ON safety_plans
BEGIN
    SELECT RAISE(ABORT, 'safety plans are never deleted');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case history is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case history is append-only');
END;
-- +goose StatementEnd
DROP TABLE subject_access_releases;
DROP TABLE erasures;
DROP TRIGGER retention_versions_kept;
DROP TRIGGER retention_versions_frozen;
DROP TABLE retention_versions;
ALTER TABLE public_alerts DROP COLUMN anonymised_at;
ALTER TABLE street_contacts DROP COLUMN anonymised_at;
ALTER TABLE people DROP COLUMN erased_at;
DROP TABLE data_protection_unlock;
