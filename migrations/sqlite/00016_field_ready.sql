-- Field-ready outreach and maps (issue 15, features 2 and 3): CHAIN's
-- contact detail on a street contact (with others, a dog, the outcome and
-- a short note), and the area gazetteer of named places that names
-- hotspots and contacts ("Moorhampton bus station").

-- +goose Up
ALTER TABLE street_contacts ADD COLUMN with_others BOOLEAN;
ALTER TABLE street_contacts ADD COLUMN with_dog BOOLEAN;
ALTER TABLE street_contacts ADD COLUMN outcome TEXT NOT NULL DEFAULT '';
ALTER TABLE street_contacts ADD COLUMN note TEXT NOT NULL DEFAULT '';

CREATE TABLE places (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    created_at DATETIME NOT NULL
);
CREATE UNIQUE INDEX places_name_kind ON places (name, kind);

-- +goose Down
DROP TABLE places;
ALTER TABLE street_contacts DROP COLUMN note;
ALTER TABLE street_contacts DROP COLUMN outcome;
ALTER TABLE street_contacts DROP COLUMN with_dog;
ALTER TABLE street_contacts DROP COLUMN with_others;
