-- painlog journal, schema version 2: reminders (wall-clock times in a zone), the
-- routines each one names, and the notices that could not be delivered.
-- See schema/README.md for the meaning of every column.

CREATE TABLE reminders (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
    at_minute     INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    days          INTEGER NOT NULL CHECK (days BETWEEN 1 AND 127),
    zone          TEXT,
    message       TEXT CHECK (message IS NULL OR length(message) BETWEEN 1 AND 500),
    unless_logged INTEGER NOT NULL DEFAULT 0 CHECK (unless_logged IN (0, 1)),
    paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    snoozed_until TEXT,
    handled_until TEXT NOT NULL,
    last_at       TEXT,
    last_outcome  TEXT CHECK (last_outcome IN ('delivered', 'undelivered', 'skipped', 'missed')),
    last_detail   TEXT,
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE reminder_routines (
    reminder_id INTEGER NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    routine_id  INTEGER NOT NULL REFERENCES routines (id),
    PRIMARY KEY (reminder_id, position),
    UNIQUE (reminder_id, routine_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE undelivered (
    id            INTEGER PRIMARY KEY,
    reminder_id   INTEGER REFERENCES reminders (id) ON DELETE SET NULL,
    reminder_name TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    failed_at     TEXT NOT NULL,
    title         TEXT NOT NULL,
    body          TEXT NOT NULL,
    reason        TEXT NOT NULL,
    shown         INTEGER NOT NULL DEFAULT 0 CHECK (shown IN (0, 1))
) STRICT;
