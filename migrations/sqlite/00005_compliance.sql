-- Data compliance (issue 8): which fields are essential on each kind of
-- record, as versioned data an area admin edits, and the scores published
-- when a month closes, which never change afterwards.

-- +goose Up
-- One row per version of the rules (reports.RuleSet as JSON); the highest
-- version is in force. The first is seeded from
-- reports/defaults/compliance_rules.json.
CREATE TABLE compliance_rule_versions (
    id                 INTEGER PRIMARY KEY,
    version            INTEGER NOT NULL UNIQUE,
    rules              TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    created_by_user_id INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL
);

-- +goose StatementBegin
CREATE TRIGGER compliance_rule_versions_frozen BEFORE UPDATE ON compliance_rule_versions
BEGIN
    SELECT RAISE(ABORT, 'a compliance rule version is never changed; save a new version');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER compliance_rule_versions_kept BEFORE DELETE ON compliance_rule_versions
BEGIN
    SELECT RAISE(ABORT, 'a compliance rule version is never changed; save a new version');
END;
-- +goose StatementEnd

-- A service's score for a closed month, as first computed after the month
-- ended: counts, the per-field breakdown (JSON, no names) and the rule
-- version used. month is YYYY-MM. published_by_user_id is empty when the
-- scheduled command published it.
CREATE TABLE compliance_scores (
    id                   INTEGER PRIMARY KEY,
    service_id           INTEGER NOT NULL REFERENCES services (id),
    month                TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    rules_version        INTEGER NOT NULL,
    records              INTEGER NOT NULL CHECK (records >= 0),
    required             INTEGER NOT NULL CHECK (required >= 0),
    missing              INTEGER NOT NULL CHECK (missing >= 0 AND missing <= required),
    score                REAL NOT NULL CHECK (score >= 0 AND score <= 100),
    per_field            TEXT NOT NULL DEFAULT '[]',
    published_at         DATETIME NOT NULL,
    published_by_user_id INTEGER REFERENCES users (id),
    UNIQUE (service_id, month)
);
CREATE INDEX compliance_scores_month ON compliance_scores (month, service_id);

-- A published month is closed: its scores never change.
-- +goose StatementBegin
CREATE TRIGGER compliance_scores_no_update BEFORE UPDATE ON compliance_scores
BEGIN
    SELECT RAISE(ABORT, 'a published compliance score never changes');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER compliance_scores_no_delete BEFORE DELETE ON compliance_scores
BEGIN
    SELECT RAISE(ABORT, 'a published compliance score never changes');
END;
-- +goose StatementEnd

-- +goose Down
DROP TABLE compliance_scores;
DROP TABLE compliance_rule_versions;
