-- A date of birth may be known only to the month or the year. SQLite
-- already stores dob as text; YYYY-MM and YYYY are now allowed in it too
-- (the application checks the form). Nothing to change but the record.

-- +goose Up
SELECT 1;

-- +goose Down
UPDATE people SET dob = dob || '-01-01' WHERE length(dob) = 4;
UPDATE people SET dob = dob || '-01' WHERE length(dob) = 7;
