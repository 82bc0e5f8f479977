-- One common assessment and the casework around it: versioned form
-- definitions, assessments, consent, safety plans, pathways as data, cases
-- with their history, and the record of person merges.
-- confidential copies the writing service's flag, as on involvements and
-- case notes, so the visibility scopes need no join (DESIGN.md §3 rule 4).

-- +goose Up
CREATE TABLE form_versions (
    id                   INTEGER PRIMARY KEY,
    version              INTEGER NOT NULL UNIQUE,
    title                TEXT NOT NULL,
    definition           TEXT NOT NULL,
    notes                TEXT NOT NULL DEFAULT '',
    published_by_user_id INTEGER REFERENCES users (id),
    published_at         DATETIME NOT NULL
);

-- A published form version is never changed: old assessments keep the
-- questions they were answered on.
-- +goose StatementBegin
CREATE TRIGGER form_versions_frozen BEFORE UPDATE ON form_versions
BEGIN
    SELECT RAISE(ABORT, 'a published form version is never changed; publish a new version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER form_versions_no_delete BEFORE DELETE ON form_versions
BEGIN
    SELECT RAISE(ABORT, 'a published form version is never deleted');
END;
-- +goose StatementEnd

CREATE TABLE assessments (
    id                    INTEGER PRIMARY KEY,
    person_id             INTEGER NOT NULL REFERENCES people (id),
    service_id            INTEGER NOT NULL REFERENCES services (id),
    confidential          BOOLEAN NOT NULL,
    form_version_id       INTEGER NOT NULL REFERENCES form_versions (id),
    for_service_type      TEXT NOT NULL DEFAULT '',
    status                TEXT NOT NULL CHECK (status IN ('draft', 'completed')),
    answers               TEXT NOT NULL DEFAULT '{}',
    needs_score           INTEGER CHECK (needs_score IS NULL OR needs_score BETWEEN 12 AND 60),
    needs_override        BOOLEAN NOT NULL DEFAULT 0,
    needs_override_reason TEXT NOT NULL DEFAULT '',
    supersedes_id         INTEGER REFERENCES assessments (id),
    created_by_user_id    INTEGER NOT NULL REFERENCES users (id),
    completed_by_user_id  INTEGER REFERENCES users (id),
    created_at            DATETIME NOT NULL,
    updated_at            DATETIME NOT NULL,
    completed_at          DATETIME,
    CHECK (needs_override = 0 OR needs_override_reason <> '')
);
CREATE INDEX assessments_person ON assessments (person_id, status, completed_at);
CREATE INDEX assessments_service ON assessments (service_id, status);
-- One draft per person per service: a second "start assessment" opens it.
CREATE UNIQUE INDEX assessments_one_draft ON assessments (person_id, service_id) WHERE status = 'draft';

-- A completed assessment is immutable: a new one supersedes it. Only a
-- merge may move it to the surviving person.
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

CREATE TABLE consents (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES people (id),
    purpose             TEXT NOT NULL,
    with_whom           TEXT NOT NULL,
    given               BOOLEAN NOT NULL,
    notes               TEXT NOT NULL DEFAULT '',
    service_id          INTEGER NOT NULL REFERENCES services (id),
    confidential        BOOLEAN NOT NULL,
    recorded_by_user_id INTEGER NOT NULL REFERENCES users (id),
    recorded_at         DATETIME NOT NULL,
    withdrawn_at        DATETIME,
    withdrawn_by        INTEGER REFERENCES users (id),
    withdrawn_reason    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consents_person ON consents (person_id, purpose, recorded_at);

CREATE TABLE safety_plans (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES people (id),
    service_id         INTEGER NOT NULL REFERENCES services (id),
    confidential       BOOLEAN NOT NULL,
    supersedes_id      INTEGER REFERENCES safety_plans (id),
    keeps_me_safe      TEXT NOT NULL DEFAULT '',
    warning_signs      TEXT NOT NULL DEFAULT '',
    what_helps         TEXT NOT NULL DEFAULT '',
    people_to_contact  TEXT NOT NULL DEFAULT '',
    agreed_actions     TEXT NOT NULL DEFAULT '',
    review_by          TEXT,
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    created_at         DATETIME NOT NULL
);
CREATE INDEX safety_plans_person ON safety_plans (person_id, created_at);

-- A safety plan is revised by writing a new version; only a merge moves it.
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

-- Pathways are state machines held as data, seeded from models/pathways/.
CREATE TABLE pathways (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    definition TEXT NOT NULL,
    updated_at DATETIME NOT NULL
);

CREATE TABLE cases (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES people (id),
    service_id         INTEGER NOT NULL REFERENCES services (id),
    confidential       BOOLEAN NOT NULL,
    pathway_id         INTEGER NOT NULL REFERENCES pathways (id),
    status             TEXT NOT NULL,
    flags              TEXT NOT NULL DEFAULT '[]',
    rag                TEXT NOT NULL CHECK (rag IN ('green', 'amber', 'red')),
    rag_reason         TEXT NOT NULL,
    primary_outcome    TEXT NOT NULL DEFAULT '',
    worker_user_id     INTEGER REFERENCES users (id),
    opened_by_user_id  INTEGER NOT NULL REFERENCES users (id),
    represents_case_id INTEGER REFERENCES cases (id),
    opened_at          DATETIME NOT NULL,
    closed_at          DATETIME,
    last_activity_at   DATETIME NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_person ON cases (person_id, opened_at);
CREATE INDEX cases_service ON cases (service_id, closed_at, last_activity_at);
-- A person re-presenting gets a new case; only one open case per pathway
-- per service at a time.
CREATE UNIQUE INDEX cases_one_open ON cases (person_id, service_id, pathway_id) WHERE closed_at IS NULL;

CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases (id),
    kind        TEXT NOT NULL,
    action      TEXT NOT NULL DEFAULT '',
    from_status TEXT NOT NULL DEFAULT '',
    to_status   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT '',
    rag         TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    user_id     INTEGER NOT NULL REFERENCES users (id),
    at          DATETIME NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, at);

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

-- Every merge of two person records, kept for inspection. moved holds counts
-- of the records moved that the area team may know about (never
-- confidential services' records).
CREATE TABLE person_merges (
    id          INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES people (id),
    merged_id   INTEGER NOT NULL REFERENCES people (id) UNIQUE,
    reason      TEXT NOT NULL,
    moved       TEXT NOT NULL DEFAULT '{}',
    by_user_id  INTEGER NOT NULL REFERENCES users (id),
    service_id  INTEGER NOT NULL REFERENCES services (id),
    merged_at   DATETIME NOT NULL
);
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_at ON person_merges (merged_at);

-- +goose Down
DROP TABLE person_merges;
DROP TRIGGER case_events_no_delete;
DROP TRIGGER case_events_no_update;
DROP TABLE case_events;
DROP TABLE cases;
DROP TABLE pathways;
DROP TRIGGER safety_plans_no_delete;
DROP TRIGGER safety_plans_append_only;
DROP TABLE safety_plans;
DROP TABLE consents;
DROP TRIGGER assessments_completed_no_delete;
DROP TRIGGER assessments_completed_immutable;
DROP TABLE assessments;
DROP TRIGGER form_versions_no_delete;
DROP TRIGGER form_versions_frozen;
DROP TABLE form_versions;
