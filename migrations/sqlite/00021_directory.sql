-- The area's service directory in Open Referral HSDS 3.0 (issue 14): rows
-- imported from another directory, kept as the tabular form's rows (one
-- JSON object of plain fields each) so an export gives back exactly what
-- was imported. Gateway's own organisations and services are not stored
-- here: the export derives them from the live tables.

-- +goose Up
CREATE TABLE directory_rows (
    tbl         TEXT NOT NULL,  -- HSDS object: service, location, ...
    id          TEXT NOT NULL,  -- the HSDS id (a UUID)
    body        TEXT NOT NULL,  -- the row's fields as a JSON object
    imported_at DATETIME NOT NULL,
    PRIMARY KEY (tbl, id)
);

-- +goose Down
DROP TABLE directory_rows;
