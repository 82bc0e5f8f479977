-- A date of birth may be known only to the month or the year. SQLite
-- already stores dob as text; YYYY-MM and YYYY are now allowed in it too
-- (the application checks the form).

-- +goose Up
-- The name index's scheme (models.nameIndexVersion): the server rebuilds
-- every person's keys once when it changes. 0 = an older scheme.
CREATE TABLE name_index_state (version INTEGER NOT NULL);
INSERT INTO name_index_state (version) VALUES (0);

-- +goose Down
DROP TABLE name_index_state;
UPDATE people SET dob = dob || '-01-01' WHERE length(dob) = 4;
UPDATE people SET dob = dob || '-01' WHERE length(dob) = 7;
