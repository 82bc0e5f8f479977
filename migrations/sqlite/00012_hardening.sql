-- Production hardening (issue 13, points 7-12): login throttles that hold
-- across restarts and instances, a second factor, area-wide settings,
-- idempotency keys scoped to user, method, route and body, public alert
-- de-duplication, and audit events that only a confidential service's
-- managers may see.

-- +goose Up
CREATE TABLE login_throttles (
    key        TEXT PRIMARY KEY, -- sha256 of what is counted: an account at an address, or an address
    failures   INTEGER NOT NULL,
    next_at    DATETIME,         -- no attempt before this
    updated_at DATETIME NOT NULL
);
CREATE INDEX login_throttles_updated ON login_throttles (updated_at);

ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_enabled_at DATETIME;
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;

CREATE TABLE area_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_by INTEGER,
    updated_at DATETIME NOT NULL
);

DROP TABLE form_submissions;
CREATE TABLE idempotency_keys (
    user_id    INTEGER NOT NULL,
    key        TEXT NOT NULL,
    method     TEXT NOT NULL,
    route      TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    status     INTEGER NOT NULL,
    location   TEXT NOT NULL,
    response   TEXT NOT NULL DEFAULT '',
    created_at DATETIME NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

CREATE TABLE alert_submissions (
    key_hash   TEXT PRIMARY KEY, -- sha256 of the sender's network and the alert's words
    alert_id   INTEGER NOT NULL REFERENCES public_alerts (id),
    created_at DATETIME NOT NULL
);
CREATE INDEX alert_submissions_created ON alert_submissions (created_at);

ALTER TABLE audit_events ADD COLUMN confidential_service_id INTEGER;
CREATE INDEX audit_events_confidential ON audit_events (confidential_service_id, at) WHERE confidential_service_id IS NOT NULL;
CREATE INDEX audit_events_acting_service ON audit_events (acting_service_id, at);

-- +goose Down
DROP INDEX audit_events_acting_service;
DROP INDEX audit_events_confidential;
ALTER TABLE audit_events DROP COLUMN confidential_service_id;
DROP TABLE alert_submissions;
DROP TABLE idempotency_keys;
CREATE TABLE form_submissions (
    token      TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    location   TEXT NOT NULL,
    created_at DATETIME NOT NULL
);
DROP TABLE area_settings;
ALTER TABLE users DROP COLUMN totp_last_step;
ALTER TABLE users DROP COLUMN totp_enabled_at;
ALTER TABLE users DROP COLUMN totp_secret;
DROP TABLE login_throttles;
