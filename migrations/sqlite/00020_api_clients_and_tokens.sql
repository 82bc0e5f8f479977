-- Partner system credentials and people's own API tokens (issue 14,
-- feature 2). A client is a partner organisation's system: it acts through
-- its own system account (user_id) with a membership at one partner
-- service, so every use is audited under it; only the secret's SHA-256 is
-- kept. Tokens gain a name, a permission subset and the client they were
-- issued to.

-- +goose Up
CREATE TABLE api_clients (
    id                INTEGER PRIMARY KEY,
    client_key        TEXT NOT NULL UNIQUE,  -- the public client_id
    secret_hash       TEXT NOT NULL,
    name              TEXT NOT NULL,
    user_id           INTEGER NOT NULL REFERENCES users (id),
    service_id        INTEGER NOT NULL REFERENCES services (id),
    permissions       TEXT NOT NULL,          -- comma separated resource:action
    allowed_addresses TEXT NOT NULL DEFAULT '', -- comma separated IPs or CIDR ranges; empty = anywhere
    expires_at        DATETIME NOT NULL,
    created_by        INTEGER REFERENCES users (id),
    created_at        DATETIME NOT NULL,
    last_used_at      DATETIME,
    revoked_at        DATETIME
);
CREATE INDEX api_clients_service ON api_clients (service_id);

ALTER TABLE api_tokens ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN permissions TEXT NOT NULL DEFAULT '';
ALTER TABLE api_tokens ADD COLUMN client_id INTEGER REFERENCES api_clients (id);
CREATE INDEX api_tokens_client ON api_tokens (client_id) WHERE client_id IS NOT NULL;

ALTER TABLE audit_events ADD COLUMN client_id INTEGER;
CREATE INDEX audit_events_client ON audit_events (client_id, at) WHERE client_id IS NOT NULL;

-- +goose Down
DROP INDEX audit_events_client;
ALTER TABLE audit_events DROP COLUMN client_id;
DROP INDEX api_tokens_client;
ALTER TABLE api_tokens DROP COLUMN client_id;
ALTER TABLE api_tokens DROP COLUMN permissions;
ALTER TABLE api_tokens DROP COLUMN name;
DROP TABLE api_clients;
