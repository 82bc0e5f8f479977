-- Street contacts, public alerts and their status history (issue 7).
-- A street contact stores its web-mercator tile at zoom 16 (geo.BaseZoom) so
-- the hotspot map bins any coarser zoom with integer shifts in SQL.

-- +goose Up
CREATE TABLE public_alerts (
    id               INTEGER PRIMARY KEY,
    reference        TEXT NOT NULL,
    lat              REAL,
    lon              REAL,
    location_text    TEXT NOT NULL DEFAULT '',
    la_id            INTEGER REFERENCES local_authorities (id),
    description      TEXT NOT NULL,
    seen_at          DATETIME,
    reporter_name    TEXT NOT NULL DEFAULT '',
    reporter_contact TEXT NOT NULL DEFAULT '',
    service_id       INTEGER REFERENCES services (id),
    status           TEXT NOT NULL,
    outcome_note     TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    created_at       DATETIME NOT NULL,
    updated_at       DATETIME NOT NULL
);
CREATE UNIQUE INDEX public_alerts_reference ON public_alerts (reference);
CREATE INDEX public_alerts_service ON public_alerts (service_id, status, created_at);

CREATE TABLE public_alert_events (
    id         INTEGER PRIMARY KEY,
    alert_id   INTEGER NOT NULL REFERENCES public_alerts (id),
    status     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users (id),
    service_id INTEGER REFERENCES services (id),
    at         DATETIME NOT NULL
);
CREATE INDEX public_alert_events_alert ON public_alert_events (alert_id, at);

CREATE TABLE street_contacts (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER REFERENCES people (id),
    description  TEXT NOT NULL DEFAULT '',
    service_id   INTEGER NOT NULL REFERENCES services (id),
    user_id      INTEGER REFERENCES users (id),
    confidential BOOLEAN NOT NULL DEFAULT 0,
    seen_at      DATETIME NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    tile_x       INTEGER NOT NULL,
    tile_y       INTEGER NOT NULL,
    la_id        INTEGER REFERENCES local_authorities (id),
    site_type    TEXT NOT NULL,
    alert_id     INTEGER REFERENCES public_alerts (id),
    created_at   DATETIME NOT NULL
);
CREATE INDEX street_contacts_la_seen ON street_contacts (la_id, seen_at, tile_x, tile_y, person_id, confidential);
CREATE INDEX street_contacts_person ON street_contacts (person_id, seen_at);
CREATE INDEX street_contacts_alert ON street_contacts (alert_id) WHERE alert_id IS NOT NULL;

-- The hotspot map's monthly rollup (see the PostgreSQL file). month is the
-- first day of the month in Europe/London, as text YYYY-MM-DD.
CREATE TABLE street_contact_cells (
    month        TEXT NOT NULL,
    la_id        INTEGER NOT NULL,
    service_id   INTEGER NOT NULL REFERENCES services (id),
    tile_x       INTEGER NOT NULL,
    tile_y       INTEGER NOT NULL,
    person_id    INTEGER NOT NULL,
    confidential BOOLEAN NOT NULL,
    contacts     INTEGER NOT NULL
);
CREATE UNIQUE INDEX street_contact_cells_key ON street_contact_cells (month, la_id, service_id, tile_x, tile_y, person_id);
CREATE INDEX street_contact_cells_person ON street_contact_cells (person_id);

-- Which months each known person was met in each tile (see the PostgreSQL file).
CREATE TABLE street_contact_presence (
    epoch        INTEGER NOT NULL,
    la_id        INTEGER NOT NULL,
    service_id   INTEGER NOT NULL REFERENCES services (id),
    tile_x       INTEGER NOT NULL,
    tile_y       INTEGER NOT NULL,
    person_id    INTEGER NOT NULL,
    confidential BOOLEAN NOT NULL,
    months       INTEGER NOT NULL
);
CREATE UNIQUE INDEX street_contact_presence_key ON street_contact_presence (epoch, la_id, service_id, tile_x, tile_y, person_id);
CREATE INDEX street_contact_presence_person ON street_contact_presence (person_id);

-- +goose Down
DROP TABLE street_contact_presence;
DROP TABLE street_contact_cells;
DROP TABLE street_contacts;
DROP TABLE public_alert_events;
DROP TABLE public_alerts;
