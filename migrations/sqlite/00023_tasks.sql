-- Tasks and appointments on a worker's home, with reminders (issue 15,
-- feature 4). A task belongs to the service that made it and no one else
-- sees it; its title is short and never logged.

-- +goose Up
CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    service_id   INTEGER NOT NULL REFERENCES services(id),
    confidential BOOLEAN NOT NULL DEFAULT FALSE, -- the service's, copied when made
    created_by   INTEGER NOT NULL REFERENCES users(id),
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('task', 'appointment')),
    due_at       DATETIME NOT NULL,
    done_at      DATETIME,
    created_at   DATETIME NOT NULL
);
CREATE INDEX tasks_service_open ON tasks (service_id, due_at) WHERE done_at IS NULL;
CREATE INDEX tasks_person ON tasks (person_id);

-- +goose Down
DROP TABLE tasks;
