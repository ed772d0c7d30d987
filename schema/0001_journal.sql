-- painlog journal, schema version 1: nights, gear, custom factors, routines and
-- their log, settings. Applied in one transaction; PRAGMA user_version = 1 after it.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE gear (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('mattress', 'pillow')),
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
    firmness   TEXT,
    since      TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    in_use     INTEGER NOT NULL DEFAULT 0 CHECK (in_use IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- At most one mattress and one pillow in use.
CREATE UNIQUE INDEX gear_one_in_use ON gear (kind) WHERE in_use = 1;

CREATE TABLE nights (
    date          TEXT PRIMARY KEY
                  CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    pain          INTEGER NOT NULL CHECK (pain BETWEEN 0 AND 10),
    areas         TEXT NOT NULL DEFAULT '',
    stiffness     INTEGER CHECK (stiffness BETWEEN 0 AND 10),
    mattress_id   INTEGER REFERENCES gear (id),
    pillow_id     INTEGER REFERENCES gear (id),
    position      TEXT CHECK (position IN ('back', 'side', 'stomach', 'mixed')),
    stress        INTEGER CHECK (stress BETWEEN 0 AND 10),
    sitting_hours REAL CHECK (sitting_hours BETWEEN 0 AND 24),
    sleep_hours   REAL CHECK (sleep_hours BETWEEN 0 AND 24),
    sleep_quality INTEGER CHECK (sleep_quality BETWEEN 1 AND 5),
    note          TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;

CREATE TABLE factors (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
    type       TEXT NOT NULL CHECK (type IN ('number', 'yesno', 'choice')),
    min        REAL CHECK (min IS NULL OR type = 'number'),
    max        REAL CHECK (max IS NULL OR type = 'number'),
    created_at TEXT NOT NULL,
    CHECK (min IS NULL OR max IS NULL OR min <= max)
) STRICT;

CREATE TABLE factor_choices (
    factor_id INTEGER NOT NULL REFERENCES factors (id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    value     TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (factor_id, value)
) STRICT;

CREATE TABLE night_factors (
    night_date TEXT NOT NULL REFERENCES nights (date) ON DELETE CASCADE,
    factor_id  INTEGER NOT NULL REFERENCES factors (id),
    value      ANY NOT NULL,
    PRIMARY KEY (night_date, factor_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE routines (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 60),
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    suits   TEXT NOT NULL DEFAULT 'both' CHECK (suits IN ('evening', 'morning', 'both')),
    minutes INTEGER CHECK (minutes > 0),
    steps   TEXT NOT NULL
) STRICT;

CREATE TABLE routine_log (
    id         INTEGER PRIMARY KEY,
    routine_id INTEGER NOT NULL REFERENCES routines (id),
    night_date TEXT NOT NULL
               CHECK (night_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    slot       TEXT NOT NULL CHECK (slot IN ('evening', 'morning', 'entry')),
    done_at    TEXT,
    logged_at  TEXT NOT NULL,
    UNIQUE (night_date, routine_id, slot)
) STRICT;

INSERT INTO routines (name, builtin, suits, minutes, steps) VALUES
('Cat-Cow', 1, 'both', 2,
 '1. Kneel on all fours, hands under shoulders, knees under hips.
2. Breathing in, let your belly sink and lift your chest and gaze (cow).
3. Breathing out, round your back toward the ceiling and tuck your chin (cat).
4. Move slowly with the breath, 8 to 10 times, staying in a pain-free range.'),
('Open Book', 1, 'both', 3,
 '1. Lie on your side, knees bent to hip height, arms straight out in front, palms together.
2. Keeping your knees together, lift the top arm up and over, opening your chest toward the ceiling.
3. Let your head and eyes follow the hand; pause for two breaths where it feels a gentle stretch.
4. Return slowly. 8 times, then switch sides.'),
('Head Tilt', 1, 'both', 2,
 '1. Sit or stand tall, shoulders relaxed and down.
2. Tilt your right ear toward your right shoulder without lifting the shoulder.
3. Hold for 20 to 30 seconds, breathing slowly, then return to centre.
4. Repeat to the left. Twice each side.'),
('Scapular Clocks', 1, 'morning', 3,
 '1. Stand side-on to a wall, hand on the wall at shoulder height, arm straight.
2. Imagine a clock face on your shoulder blade.
3. Move the shoulder blade slowly up to 12, back to 3, down to 6 and forward to 9.
4. 5 slow circles each way, then switch sides.'),
('Shoulder Rows', 1, 'both', 2,
 '1. Sit or stand tall with arms by your sides (or holding a light band in front of you).
2. Squeeze your shoulder blades back and down, as if pulling elbows into your back pockets.
3. Hold for 3 seconds, then release slowly.
4. 10 to 15 times.');

CREATE INDEX routine_log_by_night ON routine_log (night_date);
CREATE INDEX nights_by_mattress ON nights (mattress_id);
CREATE INDEX nights_by_pillow ON nights (pillow_id);
CREATE INDEX night_factors_by_factor ON night_factors (factor_id);
