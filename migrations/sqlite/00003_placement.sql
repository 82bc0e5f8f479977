-- Placement (issue 6): service profiles and vacancies, eligibility rules and
-- matcher weights as versioned data, referrals carrying the assessment
-- snapshot, placements with move-on, recorded priority adjustments, and the
-- gap-in-provision events commissioners see as aggregates.

-- +goose Up
-- What a service says about itself beyond the directory entry: when it
-- takes assessments (matching.Schedule JSON).
CREATE TABLE service_profiles (
    service_id         INTEGER PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    assessment_hours   TEXT NOT NULL DEFAULT '{}',
    updated_at         DATETIME NOT NULL,
    updated_by_user_id INTEGER REFERENCES users (id)
);

-- A service's hard eligibility rules and target groups, one row per
-- version; the highest version is in force. A service with no row uses the
-- defaults for its type from matching/defaults/eligibility.json.
CREATE TABLE eligibility_versions (
    id                 INTEGER PRIMARY KEY,
    service_id         INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    version            INTEGER NOT NULL,
    rules              TEXT NOT NULL,
    target_groups      TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    created_by_user_id INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL,
    UNIQUE (service_id, version)
);

-- The area's matcher weights, one row per version; none means
-- matching/defaults/weights.json.
CREATE TABLE weights_versions (
    id                 INTEGER PRIMARY KEY,
    version            INTEGER NOT NULL UNIQUE,
    weights            TEXT NOT NULL,
    reason             TEXT NOT NULL DEFAULT '',
    created_by_user_id INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL
);

-- Free places, per line (most services have one: "beds"). Accepting a
-- referral takes a place with a conditional UPDATE, so places never go
-- below zero however many workers accept at once.
CREATE TABLE vacancies (
    id                 INTEGER PRIMARY KEY,
    service_id         INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    label              TEXT NOT NULL,
    places             INTEGER NOT NULL DEFAULT 0 CHECK (places >= 0),
    updated_at         DATETIME NOT NULL,
    updated_by_user_id INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL
);
CREATE UNIQUE INDEX vacancies_label ON vacancies (service_id, lower(label));

-- confidential is set when either side is a confidential service; such a
-- referral never reaches a report or anyone but its two services.
CREATE TABLE referrals (
    id                 INTEGER PRIMARY KEY,
    person_id          INTEGER NOT NULL REFERENCES people (id),
    from_service_id    INTEGER NOT NULL REFERENCES services (id),
    to_service_id      INTEGER NOT NULL REFERENCES services (id),
    vacancy_id         INTEGER REFERENCES vacancies (id),
    confidential       BOOLEAN NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('sent', 'accepted', 'declined', 'withdrawn', 'expired')),
    message            TEXT NOT NULL DEFAULT '',
    snapshot           TEXT NOT NULL,
    consent_at         DATETIME NOT NULL,
    decline_reason     TEXT NOT NULL DEFAULT '',
    decision_note      TEXT NOT NULL DEFAULT '',
    created_by_user_id INTEGER NOT NULL REFERENCES users (id),
    decided_by_user_id INTEGER REFERENCES users (id),
    created_at         DATETIME NOT NULL,
    expires_at         DATETIME NOT NULL,
    decided_at         DATETIME
);
CREATE INDEX referrals_to ON referrals (to_service_id, status, created_at);
CREATE INDEX referrals_from ON referrals (from_service_id, status, created_at);
CREATE INDEX referrals_person ON referrals (person_id, to_service_id, status);
CREATE INDEX referrals_expiry ON referrals (status, expires_at);
CREATE UNIQUE INDEX referrals_one_pending ON referrals (person_id, to_service_id) WHERE status = 'sent';

-- A placement is open while moved_on_at is NULL.
CREATE TABLE placements (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES people (id),
    service_id          INTEGER NOT NULL REFERENCES services (id),
    vacancy_id          INTEGER REFERENCES vacancies (id),
    referral_id         INTEGER UNIQUE REFERENCES referrals (id),
    confidential        BOOLEAN NOT NULL,
    started_at          DATETIME NOT NULL,
    created_by_user_id  INTEGER NOT NULL REFERENCES users (id),
    move_on_date        TEXT,
    move_on_reason      TEXT NOT NULL DEFAULT '',
    move_on_destination TEXT NOT NULL DEFAULT '',
    move_on_note        TEXT NOT NULL DEFAULT '',
    moved_on_at         DATETIME,
    moved_on_by_user_id INTEGER REFERENCES users (id)
);
CREATE INDEX placements_service ON placements (service_id, moved_on_at, started_at);
CREATE INDEX placements_person ON placements (person_id, service_id);
CREATE UNIQUE INDEX placements_one_open ON placements (person_id, service_id) WHERE moved_on_at IS NULL;

-- Recorded discretion (points with a reason) and needs-threshold overrides
-- that the matcher adds to a person's priority, each explained.
CREATE TABLE priority_adjustments (
    id                   INTEGER PRIMARY KEY,
    person_id            INTEGER NOT NULL REFERENCES people (id),
    service_id           INTEGER NOT NULL REFERENCES services (id),
    confidential         BOOLEAN NOT NULL,
    kind                 TEXT NOT NULL CHECK (kind IN ('discretion', 'needs_override')),
    points               INTEGER NOT NULL DEFAULT 0,
    reason               TEXT NOT NULL,
    created_by_user_id   INTEGER NOT NULL REFERENCES users (id),
    created_at           DATETIME NOT NULL,
    withdrawn_at         DATETIME,
    withdrawn_by_user_id INTEGER REFERENCES users (id)
);
CREATE INDEX priority_adjustments_person ON priority_adjustments (person_id, withdrawn_at);

-- Times the system could not place someone: a declined referral, or a
-- ranking with no eligible service that has a place. Only aggregates leave
-- this table; dedupe_key keeps one no-match a day per person and one event
-- per declined referral.
CREATE TABLE gap_events (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    reason       TEXT NOT NULL,
    need         TEXT NOT NULL DEFAULT '',
    target_group TEXT NOT NULL DEFAULT '',
    la_id        INTEGER REFERENCES local_authorities (id),
    confidential BOOLEAN NOT NULL,
    dedupe_key   TEXT NOT NULL UNIQUE,
    at           DATETIME NOT NULL
);
CREATE INDEX gap_events_la ON gap_events (la_id, at);

-- +goose Down
DROP TABLE gap_events;
DROP TABLE priority_adjustments;
DROP TABLE placements;
DROP TABLE referrals;
DROP TABLE vacancies;
DROP TABLE weights_versions;
DROP TABLE eligibility_versions;
DROP TABLE service_profiles;
