-- One person, one record: the area's duplicate review, and merges that
-- can be undone. See the PostgreSQL file for the why. SQLite cannot drop
-- the column's UNIQUE, so person_merges is rebuilt.

-- +goose Up
CREATE TABLE person_merges_new (
    id               INTEGER PRIMARY KEY,
    survivor_id      INTEGER NOT NULL REFERENCES people (id),
    merged_id        INTEGER NOT NULL REFERENCES people (id),
    reason           TEXT NOT NULL,
    moved            TEXT NOT NULL DEFAULT '{}',
    by_user_id       INTEGER NOT NULL REFERENCES users (id),
    service_id       INTEGER NOT NULL REFERENCES services (id),
    merged_at        DATETIME NOT NULL,
    undo             TEXT NOT NULL DEFAULT '{}',
    split_at         DATETIME,
    split_by_user_id INTEGER REFERENCES users (id),
    split_reason     TEXT NOT NULL DEFAULT ''
);
INSERT INTO person_merges_new (id, survivor_id, merged_id, reason, moved, by_user_id, service_id, merged_at)
    SELECT id, survivor_id, merged_id, reason, moved, by_user_id, service_id, merged_at FROM person_merges;
DROP TABLE person_merges;
ALTER TABLE person_merges_new RENAME TO person_merges;
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_at ON person_merges (merged_at);
CREATE INDEX person_merges_merged ON person_merges (merged_id);
CREATE UNIQUE INDEX person_merges_one_live ON person_merges (merged_id) WHERE split_at IS NULL;

CREATE TABLE person_merge_moves (
    merge_id   INTEGER NOT NULL REFERENCES person_merges (id),
    table_name TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    PRIMARY KEY (merge_id, table_name, row_id)
);

CREATE TABLE duplicate_pairs (
    id                     INTEGER PRIMARY KEY,
    person_a               INTEGER NOT NULL REFERENCES people (id),
    person_b               INTEGER NOT NULL REFERENCES people (id),
    score                  REAL NOT NULL,
    strength               TEXT NOT NULL,
    reasons                TEXT NOT NULL DEFAULT '[]',
    found_at               DATETIME NOT NULL,
    status                 TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'merged', 'not_same')),
    resolved_by_user_id    INTEGER REFERENCES users (id),
    resolved_by_service_id INTEGER REFERENCES services (id),
    resolved_at            DATETIME,
    note                   TEXT NOT NULL DEFAULT '',
    CHECK (person_a < person_b)
);
CREATE UNIQUE INDEX duplicate_pairs_pair ON duplicate_pairs (person_a, person_b);
CREATE INDEX duplicate_pairs_b ON duplicate_pairs (person_b);
CREATE INDEX duplicate_pairs_open ON duplicate_pairs (status, score DESC, id);

CREATE TABLE duplicate_review_runs (
    id             INTEGER PRIMARY KEY,
    started_at     DATETIME NOT NULL,
    finished_at    DATETIME,
    since          DATETIME,
    people_checked INTEGER NOT NULL DEFAULT 0,
    pairs_found    INTEGER NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE duplicate_review_runs;
DROP TABLE duplicate_pairs;
DROP TABLE person_merge_moves;
DELETE FROM person_merges WHERE split_at IS NOT NULL;
CREATE TABLE person_merges_old (
    id          INTEGER PRIMARY KEY,
    survivor_id INTEGER NOT NULL REFERENCES people (id),
    merged_id   INTEGER NOT NULL REFERENCES people (id) UNIQUE,
    reason      TEXT NOT NULL,
    moved       TEXT NOT NULL DEFAULT '{}',
    by_user_id  INTEGER NOT NULL REFERENCES users (id),
    service_id  INTEGER NOT NULL REFERENCES services (id),
    merged_at   DATETIME NOT NULL
);
INSERT INTO person_merges_old SELECT id, survivor_id, merged_id, reason, moved, by_user_id, service_id, merged_at FROM person_merges;
DROP TABLE person_merges;
ALTER TABLE person_merges_old RENAME TO person_merges;
CREATE INDEX person_merges_survivor ON person_merges (survivor_id);
CREATE INDEX person_merges_at ON person_merges (merged_at);
