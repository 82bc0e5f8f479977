-- Gaps in provision count people, not events (DESIGN.md §3 rule 9): each
-- gap event names the person it is about, so the report can count each
-- person once and suppress cells of fewer than 5 people. Older events are
-- traced through their dedupe keys ("decline:<referral>",
-- "no_match:<person>:<day>"), to the survivor of any merge since; an event
-- that cannot be traced keeps a null person and is not counted.

-- +goose Up
ALTER TABLE gap_events ADD COLUMN person_id INTEGER REFERENCES people (id);

UPDATE gap_events SET person_id = (
    SELECT COALESCE(p.merged_into_id, p.id) FROM referrals r JOIN people p ON p.id = r.person_id
    WHERE r.id = CAST(substr(gap_events.dedupe_key, 9) AS INTEGER))
WHERE dedupe_key GLOB 'decline:[0-9]*';

UPDATE gap_events SET person_id = (
    SELECT COALESCE(p.merged_into_id, p.id) FROM people p
    WHERE p.id = CAST(substr(gap_events.dedupe_key, 10, instr(substr(gap_events.dedupe_key, 10), ':') - 1) AS INTEGER))
WHERE dedupe_key GLOB 'no_match:[0-9]*:*';

-- Merges move a person's gap events to the survivor.
CREATE INDEX gap_events_person ON gap_events (person_id);

-- +goose Down
DROP INDEX gap_events_person;
ALTER TABLE gap_events DROP COLUMN person_id;
