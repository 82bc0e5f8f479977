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

-- +goose Down
-- A partial date becomes the first day of its month or year.
DROP INDEX people_dob;
ALTER TABLE people DROP CONSTRAINT people_dob_form;
ALTER TABLE people ALTER COLUMN dob TYPE DATE USING to_date(rpad(dob, 10, CASE length(dob) WHEN 4 THEN '-01-01' ELSE '-01' END), 'YYYY-MM-DD');
CREATE INDEX people_dob ON people (dob);
