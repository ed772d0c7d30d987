-- painlog journal, schema version 3: the scheduler's own jobs (the weekly report),
-- with the instant up to which each has run, and the local date and time each
-- reminder last fired for (so a change of zone does not fire one twice on a day).
-- See schema/README.md.

ALTER TABLE reminders ADD COLUMN handled_wall TEXT;

CREATE TABLE scheduler_jobs (
    name          TEXT PRIMARY KEY,
    handled_until TEXT NOT NULL
) STRICT, WITHOUT ROWID;
