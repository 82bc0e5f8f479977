-- Single sign-on with OpenID Connect (issue 14, feature 1). The area lists
-- its identity providers; the client secret is never stored, only the name
-- of the environment variable that holds it. Each organisation says which
-- provider its people use, which email domains it vouches for, whether it
-- creates accounts just in time (for one default service and role) and
-- whether its people may still log in with a local password.

-- +goose Up
CREATE TABLE identity_providers (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,  -- in the callback URL: /login/sso/{slug}/callback
    name        TEXT NOT NULL,         -- on the button: "Sign in with {name}"
    issuer      TEXT NOT NULL,
    client_id   TEXT NOT NULL,
    secret_env  TEXT NOT NULL,         -- environment variable holding the client secret
    trust_email BOOLEAN NOT NULL DEFAULT 0, -- a token without email_verified counts as verified (Entra ID)
    created_at  DATETIME NOT NULL,
    updated_at  DATETIME NOT NULL
);

CREATE TABLE organisation_sso (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations (id),
    provider_id     INTEGER REFERENCES identity_providers (id),
    email_domains   TEXT NOT NULL DEFAULT '', -- comma separated, lower case
    passwords_off   BOOLEAN NOT NULL DEFAULT 0,
    jit_service_id  INTEGER REFERENCES services (id),
    jit_role        TEXT NOT NULL DEFAULT '',
    updated_at      DATETIME NOT NULL
);

-- +goose Down
DROP TABLE organisation_sso;
DROP TABLE identity_providers;
