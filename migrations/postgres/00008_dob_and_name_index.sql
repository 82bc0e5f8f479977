-- A date of birth may be known only to the month or the year (rough
-- sleepers often know no more). It is stored as such, as text: YYYY-MM-DD,
-- YYYY-MM or YYYY, in byte order ("C") so that a year or month is a range
-- of the index (1971 <= dob < 1971~ holds every date in 1971).

-- +goose Up
DROP INDEX people_dob;
ALTER TABLE people ALTER COLUMN dob TYPE TEXT COLLATE "C" USING to_char(dob, 'YYYY-MM-DD');
ALTER TABLE people ADD CONSTRAINT people_dob_form
    CHECK (dob ~ '^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$');
CREATE INDEX people_dob ON people (dob);

-- The name index's scheme (models.nameIndexVersion): the server rebuilds
-- every person's keys once when it changes. 0 = an older scheme.
CREATE TABLE name_index_state (version INTEGER NOT NULL);
INSERT INTO name_index_state (version) VALUES (0);

-- Whole names ("n:" keys) by trigram, for names whose typos defeat every
-- key; the candidate query asks for substr(key, 3) % name. The extension
-- lives in public, once per database, whatever schema Gateway uses (the
-- tests give each run a schema of its own); the lock keeps two schemas
-- migrating at once from both creating it.
SELECT pg_advisory_xact_lock(7412900801);
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE INDEX person_name_keys_trgm ON person_name_keys USING gin ((substr(key, 3)) public.gin_trgm_ops) WHERE key LIKE 'n:%';

-- +goose Down
DROP INDEX person_name_keys_trgm;
DROP TABLE name_index_state;
-- A partial date becomes the first day of its month or year.
DROP INDEX people_dob;
ALTER TABLE people DROP CONSTRAINT people_dob_form;
ALTER TABLE people ALTER COLUMN dob TYPE DATE USING to_date(rpad(dob, 10, CASE length(dob) WHEN 4 THEN '-01-01' ELSE '-01' END), 'YYYY-MM-DD');
CREATE INDEX people_dob ON people (dob);
