// The journal: nights, gear, factors, routines and settings over the Database,
// with every rule of DESIGN.md that needs the stored data (gear in use, known names,
// one night per date, factor types). Each public call is one transaction: all of it
// or nothing. Not thread-safe: owned by the daemon's one I/O thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/calendar.h"
#include "daemon/catalog.h"
#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/night.h"
#include "daemon/night_rows.h"
#include "protocol/result.h"

namespace painlog::daemon {

// One night of an import, before it is checked against the journal.
struct ImportRow {
    long row = 0;           // 1-based data row, for messages
    std::string date_text;  // as written
    NightFields fields;
};

// A whole journal as read from an export (json) or nights with definitions (csv).
struct ImportData {
    std::vector<Gear> gear;        // definitions; `since` may be unknown (year 0)
    std::vector<Factor> factors;   // definitions; created when missing
    std::vector<Routine> routines; // the user's own routines; created when missing
    std::vector<ImportRow> nights;
    std::map<std::string, std::string> settings;  // applied where not set already
};

struct ImportSummary {
    long nights = 0;
    std::vector<std::string> created_gear;
    std::vector<std::string> created_factors;
    std::vector<std::string> created_routines;
};

class Journal {
public:
    // `database` and `clock` must outlive the journal.
    Journal(Database& database, const Clock& clock);

    // Today's date in the user's zone (the timezone setting, else TZ, else
    // /etc/localtime), and that zone.
    [[nodiscard]] Date today();
    [[nodiscard]] const date::time_zone* zone();
    // Without a timezone setting, zone() reads TZ and the /etc/localtime link on every
    // call, so that a change of the system's zone is seen at once; unless /etc is
    // watched for that change (ReminderRunner's inotify watch): then what they gave is
    // kept until system_zone_changed(). watch_system_zone(false) when the watch ends.
    void watch_system_zone(bool watched) {
        m_system_zone_watched = watched;
        m_system_zone = nullptr;
    }
    void system_zone_changed() { m_system_zone = nullptr; }

    // Adds the night of `date`. Mattress and pillow default to the gear in use.
    // Errors: invalid_params naming the field; conflict when a night exists for the
    // date and !replace. *replaced tells whether an entry was replaced.
    [[nodiscard]] protocol::Result<Night> add_night(Date date, const NightFields& fields,
                                                    bool replace, bool* replaced);
    // not_found when there is no night for `date`.
    [[nodiscard]] protocol::Result<Night> get_night(Date date);
    // Nights from..to inclusive (either open), in date order.
    [[nodiscard]] protocol::Result<std::vector<Night>> list_nights(std::optional<Date> from,
                                                                   std::optional<Date> to);
    // The same nights as columns (for the analysis and the report), with the catalog
    // they were read with: the analysis needs both as of the same moment.
    struct Columns {
        NightColumns nights;
        const Catalog* catalog = nullptr;  // valid as catalog() says
    };
    [[nodiscard]] protocol::Result<Columns> night_columns(std::optional<Date> from, std::optional<Date> to);
    // Changes the given fields, and clears those named in `clear` (k_clearable_fields
    // or "factor:NAME"). not_found, invalid_params.
    [[nodiscard]] protocol::Result<Night> edit_night(Date date, const NightFields& set,
                                                     const std::vector<std::string>& clear);
    // Removes the night and the routines recorded with it. not_found.
    [[nodiscard]] protocol::Status remove_night(Date date);
    [[nodiscard]] protocol::Result<std::int64_t> night_count();

    // Registers gear; it is put in use when `use` or when none of its kind is.
    // conflict when the name is taken (by any kind).
    [[nodiscard]] protocol::Result<Gear> add_gear(Gear gear, bool use);
    // Puts the named gear in use for its kind. not_found.
    [[nodiscard]] protocol::Result<Gear> use_gear(std::string_view name);
    // Registers a custom factor. conflict when the name is taken.
    [[nodiscard]] protocol::Result<Factor> add_factor(Factor factor);
    // Registers a user routine (name, steps; suits and minutes optional). conflict
    // when the name is taken; invalid_params for an empty or overlong text.
    [[nodiscard]] protocol::Result<Routine> add_routine(Routine routine);
    // Records that the routine was done at `done_at` for `night`'s `slot` ("evening"
    // or "morning"); doing it again for the same slot updates the time. Returns
    // whether it was already recorded. not_found for an unknown routine.
    [[nodiscard]] protocol::Result<bool> log_routine(std::string_view name, Date night,
                                                     std::string_view slot,
                                                     std::chrono::system_clock::time_point done_at);
    // Whether every routine of `routine_ids` is recorded for `night` (any slot when
    // `slot` is empty, else exactly that slot: a routine reported with the morning's
    // entry may have been done the evening before).
    [[nodiscard]] protocol::Result<bool> routines_done(Date night, std::string_view slot,
                                                       const std::vector<std::int64_t>& routine_ids);
    // The routine log for nights from..to inclusive, by night, slot and routine.
    struct RoutineDone {
        Date night;
        std::string routine;  // name as registered
        std::string slot;     // "evening", "morning" or "entry"
    };
    [[nodiscard]] protocol::Result<std::vector<RoutineDone>> routine_log(Date from, Date to);
    // Gear, factors and routines; valid until the next call that changes them.
    [[nodiscard]] protocol::Result<const Catalog*> catalog();

    // Stored settings (only those set), read once and kept until a write that may
    // change them; set_setting(key, nullopt) removes one.
    // Keys and values are checked by the caller (daemon/settings.h).
    [[nodiscard]] protocol::Result<std::map<std::string, std::string>> settings();
    [[nodiscard]] protocol::Status set_setting(const std::string& key,
                                               const std::optional<std::string>& value);

    // Imports everything in one transaction: all or nothing. Errors name the row.
    [[nodiscard]] protocol::Result<ImportSummary> import(const ImportData& data, bool replace);

    // The whole journal, for export.
    [[nodiscard]] protocol::Result<ImportData> snapshot_definitions();

    Database& database() { return m_database; }

    // Forgets what the journal keeps in memory (after a restore replaced the database).
    void reload() { forget_caches(); }

private:
    // Inserts a routine of the user's (checked already); returns its id.
    static std::int64_t insert_routine(SQLite::Database& db, const Routine& routine);
    // Applies `fields` to `base` (an edit) or to a new night, which takes the gear in
    // use unless `gear_defaults` is false (imports keep exactly what the file says).
    protocol::Result<Night> resolve(Date date, const NightFields& fields, const Catalog& catalog,
                                    std::optional<Night> base, bool gear_defaults = true) const;
    // Writes a night (write_night, night_rows.h) through the connection's statements.
    void store_night(SQLite::Database& db, const Night& night, const Catalog& catalog, StoreMode mode,
                     const std::string& now);
    // Drops the cached catalog, settings and zone: after any write that may have
    // changed them, committed or not.
    void forget_caches() {
        m_catalog.reset();
        m_settings.reset();
        m_night_count.reset();
        m_zone = nullptr;
    }
    // The stored settings, read on first use; valid until forget_caches().
    protocol::Result<const std::map<std::string, std::string>*> cached_settings();
    // Forgets the caches when a write that may change them starts and when it ends,
    // however it ends (a rolled-back transaction must not leave its rows cached).
    struct CacheReset {
        explicit CacheReset(Journal& journal) : m_journal(journal) { journal.forget_caches(); }
        ~CacheReset() { m_journal.forget_caches(); }
        CacheReset(const CacheReset&) = delete;
        CacheReset& operator=(const CacheReset&) = delete;
        Journal& m_journal;
    };
    std::optional<Night> load_night(SQLite::Database& db, Date date);
    std::vector<Night> load_nights(SQLite::Database& db, const std::string& from,
                                   const std::string& to);
    const Catalog& load_catalog(SQLite::Database& db);

    Database& m_database;
    const Clock& m_clock;
    std::optional<Catalog> m_catalog;                 // cache; reset by any change to it
    std::optional<std::map<std::string, std::string>> m_settings;  // cache; reset with the catalog
    std::optional<std::int64_t> m_night_count;        // cache; reset by every write of nights
    const date::time_zone* m_zone = nullptr;          // cache of a configured zone; reset by set_setting
    const date::time_zone* m_system_zone = nullptr;   // the zone TZ or /etc/localtime gave ...
    std::string m_system_zone_key;                    // ... while this was what they read
    bool m_system_zone_watched = false;               // kept until system_zone_changed()
};

}  // namespace painlog::daemon
