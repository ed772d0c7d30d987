// Journal: user routines and the routine log that `painlog did` writes.
#include <algorithm>

#include "daemon/journal.h"

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

constexpr std::size_t k_max_steps = 4000;

}  // namespace

protocol::Status check_routine_definition(const Routine& routine) {
    if (auto status = check_name(routine.name); !status) return status;
    const bool blank = std::all_of(routine.steps.begin(), routine.steps.end(),
                                   [](char c) { return c == ' ' || c == '\n' || c == '\t'; });
    if (blank || routine.steps.size() > k_max_steps) {
        return invalid_field("steps", routine.steps.size() > 80 ? routine.steps.substr(0, 80) + "..."
                                                               : routine.steps,
                             "the routine's instructions, 1 to " + std::to_string(k_max_steps) +
                                 " characters");
    }
    if (routine.suits != "evening" && routine.suits != "morning" && routine.suits != "both") {
        return invalid_field("suits", routine.suits, "evening, morning or both");
    }
    if (routine.minutes && (*routine.minutes < 1 || *routine.minutes > 120)) {
        return invalid_field("minutes", std::to_string(*routine.minutes),
                             "a whole number of minutes from 1 to 120");
    }
    return {};
}

Result<Routine> Journal::add_routine(Routine routine) {
    if (auto status = check_routine_definition(routine); !status) return std::move(status).error();
    const CacheReset reset_caches(*this);
    return m_database.write([&](SQLite::Database& db) -> Result<Routine> {
        const Catalog& catalog = load_catalog(db);
        if (const Routine* existing = catalog.find_routine(routine.name)) {
            return protocol::Error{ErrorCode::k_conflict,
                                   "name: '" + routine.name + "' is taken: '" + existing->name +
                                       "' is already a routine; choose another name",
                                   "name", routine.name, "a name not yet used by a routine", {}};
        }
        routine.id = insert_routine(db, routine);
        routine.builtin = false;
        return routine;
    });
}

std::int64_t Journal::insert_routine(SQLite::Database& db, const Routine& routine) {
    SQLite::Statement insert(db,
                             "INSERT INTO routines (name, builtin, suits, minutes, steps) "
                             "VALUES (?, 0, ?, ?, ?)");
    insert.bind(1, routine.name);
    insert.bind(2, routine.suits);
    if (routine.minutes) {
        insert.bind(3, *routine.minutes);
    } else {
        insert.bind(3);
    }
    insert.bind(4, routine.steps);
    insert.exec();
    return db.getLastInsertRowid();
}

Result<bool> Journal::log_routine(std::string_view name, Date night, std::string_view slot,
                                  std::chrono::system_clock::time_point done_at) {
    return m_database.write([&](SQLite::Database& db) -> Result<bool> {
        const Catalog& catalog = load_catalog(db);
        auto found = catalog.require_routine(name);
        if (!found) return std::move(found).error();
        const Routine* routine = *found;
        SQLite::Statement existing(db,
                                   "SELECT 1 FROM routine_log WHERE night_date = ? AND "
                                   "routine_id = ? AND slot = ?");
        existing.bind(1, format_date(night));
        existing.bind(2, routine->id);
        existing.bind(3, std::string(slot));
        const bool again = existing.executeStep();
        SQLite::Statement upsert(
            db,
            "INSERT INTO routine_log (routine_id, night_date, slot, done_at, logged_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (night_date, routine_id, slot) "
            "DO UPDATE SET done_at = excluded.done_at, logged_at = excluded.logged_at");
        upsert.bind(1, routine->id);
        upsert.bind(2, format_date(night));
        upsert.bind(3, std::string(slot));
        upsert.bind(4, format_utc(done_at));
        upsert.bind(5, format_utc(m_clock.now()));
        upsert.exec();
        return again;
    });
}

Result<bool> Journal::routines_done(Date night, std::string_view slot,
                                    const std::vector<std::int64_t>& routine_ids) {
    return m_database.read([&](SQLite::Database& db) -> Result<bool> {
        SQLite::Statement done(db,
                               "SELECT 1 FROM routine_log WHERE night_date = ? AND routine_id = ? "
                               "AND (? = '' OR slot = ?) LIMIT 1");
        for (const std::int64_t id : routine_ids) {
            done.reset();
            done.bind(1, format_date(night));
            done.bind(2, id);
            done.bind(3, std::string(slot));
            done.bind(4, std::string(slot));
            if (!done.executeStep()) return false;
        }
        return true;
    });
}

Result<std::vector<Journal::RoutineDone>> Journal::routine_log(Date from, Date to) {
    return m_database.read([&](SQLite::Database& db) -> Result<std::vector<RoutineDone>> {
        const Catalog& catalog = load_catalog(db);
        SQLite::Statement select(db,
                                 "SELECT night_date, routine_id, slot FROM routine_log "
                                 "WHERE night_date BETWEEN ? AND ? ORDER BY night_date, slot, id");
        select.bind(1, format_date(from));
        select.bind(2, format_date(to));
        std::vector<RoutineDone> done;
        while (select.executeStep()) {
            const Routine* routine = catalog.routine_by_id(select.getColumn(1).getInt64());
            const auto night = parse_iso_date(select.getColumn(0).getString());
            if (routine == nullptr || !night) continue;
            done.push_back({*night, routine->name, select.getColumn(2).getString()});
        }
        return done;
    });
}

}  // namespace painlog::daemon
