-- Foundation: areas, organisations, services, accounts, people, involvement,
-- case notes, audit, sessions and the casbin policy rows.
-- Times are UTC text in SQLite's format; they compare correctly as text.

-- +goose Up
CREATE TABLE local_authorities (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    boundary   TEXT NOT NULL DEFAULT '',
    min_lon    REAL,
    min_lat    REAL,
    max_lon    REAL,
    max_lat    REAL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX local_authorities_code ON local_authorities (upper(code));
CREATE UNIQUE INDEX local_authorities_name ON local_authorities (lower(name));

CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX organisations_name ON organisations (lower(name));

CREATE TABLE services (
    id              INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    type            TEXT NOT NULL,
    confidential    BOOLEAN NOT NULL DEFAULT 0,
    address         TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    lat             REAL,
    lon             REAL,
    phone           TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    capacity        INTEGER NOT NULL DEFAULT 0,
    created_at      DATETIME NOT NULL,
    updated_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX services_name ON services (lower(name));
CREATE INDEX services_organisation ON services (organisation_id);

CREATE TABLE service_las (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    la_id      INTEGER NOT NULL REFERENCES local_authorities (id),
    PRIMARY KEY (service_id, la_id)
);
CREATE INDEX service_las_la ON service_las (la_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    auth_epoch    INTEGER NOT NULL DEFAULT 0,
    disabled_at   DATETIME,
    last_login_at DATETIME,
    created_at    DATETIME NOT NULL,
    updated_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE memberships (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    role       TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    UNIQUE (user_id, service_id)
);
CREATE INDEX memberships_service ON memberships (service_id);

CREATE TABLE people (
    id                     INTEGER PRIMARY KEY,
    given_name             TEXT NOT NULL,
    family_name            TEXT NOT NULL DEFAULT '',
    dob                    TEXT,
    estimated_birth_year   INTEGER,
    gender                 TEXT NOT NULL DEFAULT '',
    phone                  TEXT NOT NULL DEFAULT '',
    email                  TEXT NOT NULL DEFAULT '',
    nationality            TEXT NOT NULL DEFAULT '',
    immigration_status     TEXT NOT NULL DEFAULT '',
    local_connection_la_id INTEGER REFERENCES local_authorities (id),
    safety_flag            BOOLEAN NOT NULL DEFAULT 0,
    safety_contact         TEXT NOT NULL DEFAULT '',
    merged_into_id         INTEGER REFERENCES people (id),
    created_by_service_id  INTEGER NOT NULL REFERENCES services (id),
    created_by_user_id     INTEGER NOT NULL REFERENCES users (id),
    version                INTEGER NOT NULL DEFAULT 1,
    created_at             DATETIME NOT NULL,
    updated_at             DATETIME NOT NULL
);
CREATE INDEX people_dob ON people (dob);

CREATE TABLE person_aliases (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES people (id),
    given_name  TEXT NOT NULL DEFAULT '',
    family_name TEXT NOT NULL DEFAULT '',
    created_at  DATETIME NOT NULL
);
CREATE INDEX person_aliases_person ON person_aliases (person_id);

-- Phonetic and nickname keys of every name and alias, for typo-tolerant
-- search and duplicate detection without scanning everyone.
CREATE TABLE person_name_keys (
    key       TEXT NOT NULL,
    person_id INTEGER NOT NULL REFERENCES people (id),
    PRIMARY KEY (key, person_id)
);
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);

-- The one fact access hangs on (DESIGN.md §2). confidential copies the
-- service's flag so the visibility scopes are a single index probe.
CREATE TABLE involvements (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES people (id),
    service_id         INTEGER NOT NULL REFERENCES services (id),
    confidential       BOOLEAN NOT NULL,
    source             TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    started_at         DATETIME NOT NULL,
    ended_at           DATETIME,
    end_reason         TEXT NOT NULL DEFAULT '',
    opened_by_user_id  INTEGER REFERENCES users (id),
    closed_by_user_id  INTEGER REFERENCES users (id)
);
CREATE INDEX involvements_person ON involvements (person_id, confidential);
CREATE INDEX involvements_service ON involvements (service_id, person_id, ended_at);
CREATE UNIQUE INDEX involvements_one_open ON involvements (person_id, service_id) WHERE ended_at IS NULL;

CREATE TABLE case_notes (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES people (id),
    service_id     INTEGER NOT NULL REFERENCES services (id),
    author_user_id INTEGER NOT NULL REFERENCES users (id),
    confidential   BOOLEAN NOT NULL,
    body           TEXT NOT NULL,
    amends_id      INTEGER REFERENCES case_notes (id),
    created_at     DATETIME NOT NULL
);
CREATE INDEX case_notes_person ON case_notes (person_id, created_at);

-- A note is amended only by appending; only a merge may move it to another person.
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

CREATE TABLE audit_events (
    id                INTEGER PRIMARY KEY,
    at                DATETIME NOT NULL,
    actor_user_id     INTEGER,
    acting_service_id INTEGER,
    action            TEXT NOT NULL,
    object_type       TEXT NOT NULL DEFAULT '',
    object_id         INTEGER,
    outcome           TEXT NOT NULL,
    reason            TEXT NOT NULL DEFAULT '',
    request_id        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at);
CREATE INDEX audit_events_actor ON audit_events (actor_user_id, outcome, at);
CREATE INDEX audit_events_object ON audit_events (object_type, object_id);

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

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry DATETIME NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    token_hash   TEXT NOT NULL UNIQUE,
    service_id   INTEGER REFERENCES services (id),
    created_at   DATETIME NOT NULL,
    expires_at   DATETIME NOT NULL,
    last_used_at DATETIME,
    revoked_at   DATETIME
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- Messages to a service's dashboard. They carry ids; text is built when shown,
-- through the reader's scopes.
CREATE TABLE notifications (
    id                 INTEGER PRIMARY KEY,
    service_id         INTEGER NOT NULL REFERENCES services (id),
    kind               TEXT NOT NULL,
    person_id          INTEGER REFERENCES people (id),
    other_service_id   INTEGER REFERENCES services (id),
    actor_user_id      INTEGER REFERENCES users (id),
    ref_id             INTEGER,
    created_at         DATETIME NOT NULL,
    read_at            DATETIME
);
CREATE INDEX notifications_service ON notifications (service_id, created_at);

CREATE TABLE break_glass (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    service_id INTEGER NOT NULL REFERENCES services (id),
    person_id  INTEGER NOT NULL REFERENCES people (id),
    reason     TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    expires_at DATETIME NOT NULL
);
CREATE INDEX break_glass_user ON break_glass (user_id, person_id, expires_at);

-- One row per submitted create form, so a double submit returns the first result.
CREATE TABLE form_submissions (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    location   TEXT NOT NULL,
    created_at DATETIME NOT NULL
);

CREATE TABLE casbin_rule (
    id    INTEGER PRIMARY KEY,
    ptype TEXT NOT NULL DEFAULT '',
    v0    TEXT NOT NULL DEFAULT '',
    v1    TEXT NOT NULL DEFAULT '',
    v2    TEXT NOT NULL DEFAULT '',
    v3    TEXT NOT NULL DEFAULT '',
    v4    TEXT NOT NULL DEFAULT '',
    v5    TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX casbin_rule_unique ON casbin_rule (ptype, v0, v1, v2, v3, v4, v5);

-- Default policy rows already offered once: an area admin who removes one
-- does not see it come back on the next start.
CREATE TABLE policy_seeded (
    rule TEXT PRIMARY KEY
);

-- +goose Down
DROP TABLE policy_seeded;
DROP TABLE casbin_rule;
DROP TABLE form_submissions;
DROP TABLE break_glass;
DROP TABLE notifications;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TRIGGER audit_events_no_delete;
DROP TRIGGER audit_events_no_update;
DROP TABLE audit_events;
DROP TRIGGER case_notes_no_delete;
DROP TRIGGER case_notes_append_only;
DROP TABLE case_notes;
DROP TABLE involvements;
DROP TABLE person_name_keys;
DROP TABLE person_aliases;
DROP TABLE people;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE service_las;
DROP TABLE services;
DROP TABLE organisations;
DROP TABLE local_authorities;
