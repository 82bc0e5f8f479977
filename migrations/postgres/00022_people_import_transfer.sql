-- Bulk import of people from a legacy system, resumable batch by batch,
-- and record transfers between areas' Gateways (issue 14).

-- +goose Up
CREATE TABLE people_imports (
    id          TEXT PRIMARY KEY,  -- sha256 of the file and the mapping: the same run resumes
    service_id  BIGINT NOT NULL REFERENCES services(id),
    total_rows  INTEGER NOT NULL,
    done_rows   INTEGER NOT NULL,  -- data rows committed, batch by batch
    created     INTEGER NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ
);

-- One row per transfer document imported: a document is imported once.
CREATE TABLE transfers_in (
    document_id TEXT PRIMARY KEY,
    from_area   TEXT NOT NULL,
    key_id      TEXT NOT NULL,
    person_id   BIGINT NOT NULL REFERENCES people(id),
    service_id  BIGINT NOT NULL REFERENCES services(id),
    imported_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE transfers_in;
DROP TABLE people_imports;
