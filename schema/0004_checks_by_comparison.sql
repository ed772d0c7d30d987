-- painlog journal, schema version 4: the checks on nights.position and
-- routine_log.slot compare with each allowed value instead of testing membership of a
-- list. SQLite evaluates an IN list of more than two values by building a temporary
-- table of them for every row it writes: a third of its time to insert a night
-- (bench/README.md, import). The same values are allowed as before.
--
-- A CHECK cannot be altered in place, so both tables are rebuilt as SQLite's ALTER
-- TABLE documentation describes: painlogd runs every migration with foreign keys off
-- (a DROP TABLE with them on would delete every night's factors through ON DELETE
-- CASCADE) and refuses to commit one after which PRAGMA foreign_key_check finds more
-- than it found before. No view or trigger refers to either table.

CREATE TABLE nights_rebuilt (
    date          TEXT PRIMARY KEY
                  CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    pain          INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    areas         TEXT NOT NULL DEFAULT '',
    stiffness     INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    mattress_id   INTEGER REFERENCES gear (id),
    pillow_id     INTEGER REFERENCES gear (id),
    position      TEXT CHECK (position = 'back' OR position = 'side' OR position = 'stomach'
                              OR position = 'mixed'),
    stress        INTEGER CHECK (stress BETWEEN 0 AND 10),
    sitting_hours REAL CHECK (sitting_hours BETWEEN 0 AND 24),
    sleep_hours   REAL CHECK (sleep_hours BETWEEN 0 AND 24),
    sleep_quality INTEGER CHECK (sleep_quality BETWEEN 1 AND 5),
    note          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

INSERT INTO nights_rebuilt (date, pain, areas, stiffness, mattress_id, pillow_id, position, stress,
                            sitting_hours, sleep_hours, sleep_quality, note, created_at, updated_at)
SELECT date, pain, areas, stiffness, mattress_id, pillow_id, position, stress, sitting_hours,
       sleep_hours, sleep_quality, note, created_at, updated_at
FROM nights;

DROP TABLE nights;
ALTER TABLE nights_rebuilt RENAME TO nights;
CREATE INDEX nights_by_mattress ON nights (mattress_id);
CREATE INDEX nights_by_pillow ON nights (pillow_id);

CREATE TABLE routine_log_rebuilt (
    id         INTEGER PRIMARY KEY,
    routine_id INTEGER NOT NULL REFERENCES routines (id),
    night_date TEXT NOT NULL
               CHECK (night_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    slot       TEXT NOT NULL CHECK (slot = 'evening' OR slot = 'morning' OR slot = 'entry'),
    done_at    TEXT,
    logged_at  TEXT NOT NULL,
    UNIQUE (night_date, routine_id, slot)
) STRICT;

INSERT INTO routine_log_rebuilt (id, routine_id, night_date, slot, done_at, logged_at)
SELECT id, routine_id, night_date, slot, done_at, logged_at
FROM routine_log;

DROP TABLE routine_log;
ALTER TABLE routine_log_rebuilt RENAME TO routine_log;
CREATE INDEX routine_log_by_night ON routine_log (night_date);
