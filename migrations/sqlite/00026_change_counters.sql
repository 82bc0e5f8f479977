-- Generations of what servers hold in memory (models/changes.go), for the
-- processes sharing one SQLite file. A command run beside the server
-- (`gateway user disable`, a directory import) raises the topic it
-- changed here after committing; the server reads this table every second
-- and drops what it cached, as PostgreSQL's instances do on NOTIFY. One
-- row a topic: 0 identity, 1 catalogue.

-- +goose Up
CREATE TABLE change_counters (
  topic INTEGER PRIMARY KEY,
  gen   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO change_counters (topic, gen) VALUES (0, 0), (1, 0);

-- +goose Down
DROP TABLE change_counters;
