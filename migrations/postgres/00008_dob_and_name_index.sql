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

-- Whole names by trigram, for names whose typos defeat every key. The
-- names live in a narrow table of their own (one row a name or alias, kept
-- by triggers from the "n:" and "a:" keys, COPY included), so a trigram probe reads
-- a small heap, not the keys'. The extension lives in public, once per
-- database, whatever schema Gateway uses (the tests give each run a schema
-- of its own); the lock keeps two schemas migrating at once from both
-- creating it.
SELECT pg_advisory_xact_lock(7412900801);
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE TABLE person_names (
    person_id BIGINT NOT NULL REFERENCES people (id),
    name      TEXT NOT NULL,
    PRIMARY KEY (person_id, name)
);
CREATE INDEX person_names_trgm ON person_names USING gin (name public.gin_trgm_ops);

-- +goose StatementBegin
CREATE FUNCTION person_names_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO person_names (person_id, name) VALUES (NEW.person_id, substr(NEW.key, 3)) ON CONFLICT DO NOTHING;
    RETURN NEW;
END
$$;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE FUNCTION person_names_drop() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM person_names WHERE person_id = OLD.person_id AND name = substr(OLD.key, 3);
    RETURN OLD;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER person_names_add AFTER INSERT ON person_name_keys
    FOR EACH ROW WHEN (NEW.key LIKE 'n:%' OR NEW.key LIKE 'a:%') EXECUTE FUNCTION person_names_add();
CREATE TRIGGER person_names_drop AFTER DELETE ON person_name_keys
    FOR EACH ROW WHEN (OLD.key LIKE 'n:%' OR OLD.key LIKE 'a:%') EXECUTE FUNCTION person_names_drop();
INSERT INTO person_names (person_id, name)
    SELECT person_id, substr(key, 3) FROM person_name_keys WHERE key LIKE 'n:%' OR key LIKE 'a:%' ON CONFLICT DO NOTHING;

-- +goose Down
DROP TRIGGER person_names_drop ON person_name_keys;
DROP TRIGGER person_names_add ON person_name_keys;
DROP FUNCTION person_names_drop();
DROP FUNCTION person_names_add();
DROP TABLE person_names;
DROP TABLE name_index_state;
-- A partial date becomes the first day of its month or year.
DROP INDEX people_dob;
ALTER TABLE people DROP CONSTRAINT people_dob_form;
ALTER TABLE people ALTER COLUMN dob TYPE DATE USING to_date(rpad(dob, 10, CASE length(dob) WHEN 4 THEN '-01-01' ELSE '-01' END), 'YYYY-MM-DD');
CREATE INDEX people_dob ON people (dob);
