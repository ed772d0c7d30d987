// Journal: gear, factors, settings and imports (nights are in journal.cpp).
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "daemon/journal.h"

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

protocol::Error name_taken(const std::string& given, std::string_view what,
                           const std::string& existing) {
    return protocol::Error{ErrorCode::k_conflict,
                           "name: '" + given + "' is taken: '" + existing + "' is already a " +
                               "registered " + std::string(what) + "; choose another name",
                           "name", given, "a name not yet registered", {}};
}

std::int64_t insert_gear(SQLite::Database& db, const Gear& gear, const std::string& now) {
    SQLite::Statement insert(db,
                             "INSERT INTO gear (kind, name, firmness, since, in_use, created_at) "
                             "VALUES (?, ?, ?, ?, 0, ?)");
    insert.bind(1, gear.kind);
    insert.bind(2, gear.name);
    if (gear.firmness) {
        insert.bind(3, *gear.firmness);
    } else {
        insert.bind(3);
    }
    insert.bind(4, format_date(gear.since));
    insert.bind(5, now);
    insert.exec();
    return db.getLastInsertRowid();
}

void put_in_use(SQLite::Database& db, const std::string& kind, std::int64_t id) {
    SQLite::Statement off(db, "UPDATE gear SET in_use = 0 WHERE kind = ? AND in_use = 1");
    off.bind(1, kind);
    off.exec();
    SQLite::Statement on(db, "UPDATE gear SET in_use = 1 WHERE id = ?");
    on.bind(1, id);
    on.exec();
}

std::int64_t insert_factor(SQLite::Database& db, const Factor& factor, const std::string& now) {
    SQLite::Statement insert(db,
                             "INSERT INTO factors (name, type, min, max, created_at) "
                             "VALUES (?, ?, ?, ?, ?)");
    insert.bind(1, factor.name);
    insert.bind(2, factor.type);
    for (const auto& [index, bound] : {std::pair{3, factor.min}, std::pair{4, factor.max}}) {
        if (bound) {
            insert.bind(index, *bound);
        } else {
            insert.bind(index);
        }
    }
    insert.bind(5, now);
    insert.exec();
    const std::int64_t id = db.getLastInsertRowid();
    SQLite::Statement choice(db,
                             "INSERT INTO factor_choices (factor_id, position, value) "
                             "VALUES (?, ?, ?)");
    for (std::size_t i = 0; i < factor.choices.size(); ++i) {
        choice.reset();
        choice.bind(1, id);
        choice.bind(2, static_cast<std::int64_t>(i));
        choice.bind(3, factor.choices[i]);
        choice.exec();
    }
    return id;
}

}  // namespace

Result<Gear> Journal::add_gear(Gear gear, bool use) {
    if (gear.kind != "mattress" && gear.kind != "pillow") {
        return invalid_field("kind", gear.kind, "mattress or pillow");
    }
    if (auto status = check_name(gear.name); !status) return std::move(status).error();
    if (gear.firmness && (gear.firmness->empty() || gear.firmness->size() > 60)) {
        return invalid_field("firmness", *gear.firmness, "1 to 60 characters");
    }
    const CacheReset reset_caches(*this);
    return m_database.write([&](SQLite::Database& db) -> Result<Gear> {
        const Catalog& catalog = load_catalog(db);
        if (const Gear* existing = catalog.find_gear(gear.name)) {
            return name_taken(gear.name, existing->kind, existing->name);
        }
        const std::int64_t id = insert_gear(db, gear, format_utc(m_clock.now()));
        if (use || catalog.gear_in_use(gear.kind) == nullptr) put_in_use(db, gear.kind, id);
        m_catalog.reset();
        return *load_catalog(db).gear_by_id(id);
    });
}

Result<Gear> Journal::use_gear(std::string_view name) {
    const CacheReset reset_caches(*this);
    return m_database.write([&](SQLite::Database& db) -> Result<Gear> {
        const Catalog& catalog = load_catalog(db);
        const Gear* gear = catalog.find_gear(name);
        if (gear == nullptr) {
            return protocol::Error{ErrorCode::k_not_found,
                                   "name: no gear is registered as '" + std::string(name) +
                                       "'; registered: " + catalog.gear_names("mattress") +
                                       " (mattresses), " + catalog.gear_names("pillow") +
                                       " (pillows)",
                                   "name", std::string(name), "a registered gear name", {}};
        }
        const std::int64_t id = gear->id;
        put_in_use(db, gear->kind, id);
        m_catalog.reset();
        return *load_catalog(db).gear_by_id(id);
    });
}

Result<Factor> Journal::add_factor(Factor factor) {
    if (auto status = check_factor_definition(factor); !status) return std::move(status).error();
    const CacheReset reset_caches(*this);
    return m_database.write([&](SQLite::Database& db) -> Result<Factor> {
        if (const Factor* existing = load_catalog(db).find_factor(factor.name)) {
            return name_taken(factor.name, "factor", existing->name);
        }
        const std::int64_t id = insert_factor(db, factor, format_utc(m_clock.now()));
        m_catalog.reset();
        return *load_catalog(db).factor_by_id(id);
    });
}

Result<std::map<std::string, std::string>> Journal::settings() {
    auto stored = cached_settings();
    if (!stored) return std::move(stored).error();
    return **stored;
}

Result<const std::map<std::string, std::string>*> Journal::cached_settings() {
    if (m_settings) return &*m_settings;
    return m_database.read([this](SQLite::Database& db) -> Result<const std::map<std::string, std::string>*> {
        std::map<std::string, std::string> values;
        auto rows = m_database.statements().use(db, "SELECT key, value FROM settings");
        while (rows->executeStep()) {
            values.emplace(rows->getColumn(0).getString(), rows->getColumn(1).getString());
        }
        m_settings = std::move(values);
        return &*m_settings;
    });
}

protocol::Status Journal::set_setting(const std::string& key,
                                      const std::optional<std::string>& value) {
    const CacheReset reset_caches(*this);
    return m_database.write([&](SQLite::Database& db) -> protocol::Status {
        if (value) {
            SQLite::Statement set(db,
                                  "INSERT INTO settings (key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
            set.bind(1, key);
            set.bind(2, *value);
            set.exec();
        } else {
            SQLite::Statement remove(db, "DELETE FROM settings WHERE key = ?");
            remove.bind(1, key);
            remove.exec();
        }
        return {};
    });
}

Result<ImportData> Journal::snapshot_definitions() {
    auto catalog = this->catalog();
    if (!catalog) return std::move(catalog).error();
    auto stored = settings();
    if (!stored) return std::move(stored).error();
    ImportData data;
    data.gear = (*catalog)->gear;
    data.factors = (*catalog)->factors;
    for (const Routine& routine : (*catalog)->routines) {
        if (!routine.builtin) data.routines.push_back(routine);
    }
    data.settings = std::move(*stored);
    return data;
}

Result<ImportSummary> Journal::import(const ImportData& data, bool replace) {
    const Date today = this->today();
    const CacheReset reset_caches(*this);
    return m_database.write([&](SQLite::Database& db) -> Result<ImportSummary> {
        ImportSummary summary;
        const std::string now = format_utc(m_clock.now());

        for (const Factor& factor : data.factors) {
            if (auto status = check_factor_definition(factor); !status) {
                auto error = std::move(status).error();
                error.message = "factor '" + factor.name + "': " + error.message;
                return error;
            }
            if (const Factor* existing = load_catalog(db).find_factor(factor.name)) {
                if (!existing->same_definition(factor)) {
                    return protocol::Error{
                        ErrorCode::k_conflict,
                        "factor '" + factor.name + "' exists in the journal as a " +
                            existing->type + " factor with another definition; rename the "
                                             "column or change the factor",
                        "factor:" + factor.name, factor.type, existing->type, {}};
                }
                continue;
            }
            insert_factor(db, factor, now);
            summary.created_factors.push_back(factor.name);
            m_catalog.reset();
        }

        // The user's own routines, before the nights that name them. One of the same
        // name already in the journal is kept as it is.
        for (const Routine& routine : data.routines) {
            if (auto status = check_routine_definition(routine); !status) {
                auto error = std::move(status).error();
                error.message = "routine '" + routine.name + "': " + error.message;
                return error;
            }
            if (load_catalog(db).find_routine(routine.name) != nullptr) continue;
            insert_routine(db, routine);
            summary.created_routines.push_back(routine.name);
            m_catalog.reset();
        }

        // Gear named by definitions, then gear named only in rows (kind from the column),
        // each since its first night in the file. Rows name the same few items over and
        // over: each spelling is looked up once (by_spelling), not once per row.
        std::vector<Gear> wanted = data.gear;
        constexpr std::size_t k_registered = static_cast<std::size_t>(-1);  // in the journal already
        std::unordered_map<std::string, std::size_t> by_spelling;  // name as written -> wanted index
        for (const auto& row : data.nights) {
            std::optional<Date> since;  // parsed once per row, when needed
            for (const auto& [kind, name] : {std::pair{"mattress", &row.fields.mattress},
                                             std::pair{"pillow", &row.fields.pillow}}) {
                if (!*name) continue;
                auto found = by_spelling.find(**name);
                if (found == by_spelling.end()) {
                    const std::string key = name_key(**name);
                    const auto it = std::find_if(wanted.begin(), wanted.end(),
                                                 [&](const Gear& g) { return name_key(g.name) == key; });
                    std::size_t index = k_registered;
                    if (it != wanted.end()) {
                        index = static_cast<std::size_t>(it - wanted.begin());
                    } else if (load_catalog(db).find_gear(**name) == nullptr) {
                        index = wanted.size();
                        wanted.push_back(Gear{0, kind, **name, std::nullopt, Date{}, false});
                    }
                    found = by_spelling.emplace(**name, index).first;
                }
                if (found->second == k_registered) continue;
                if (!since) since = parse_iso_date(row.date_text).value_or(Date{});
                Gear& gear = wanted[found->second];
                if (gear.since == Date{} || (*since != Date{} && *since < gear.since)) gear.since = *since;
            }
        }
        for (const Gear& gear : wanted) {
            if (auto status = check_name(gear.name); !status) return std::move(status).error();
            if (const Gear* existing = load_catalog(db).find_gear(gear.name)) {
                if (existing->kind != gear.kind) {
                    return invalid_field(gear.kind, gear.name,
                                         "a " + gear.kind + "; '" + existing->name +
                                             "' is registered as a " + existing->kind);
                }
                continue;
            }
            Gear item = gear;
            if (item.since == Date{}) item.since = today;
            const std::int64_t id = insert_gear(db, item, now);
            if (gear.in_use) put_in_use(db, gear.kind, id);
            summary.created_gear.push_back(gear.name);
            m_catalog.reset();
        }
        for (const auto& [key, value] : data.settings) {
            SQLite::Statement set(db, "INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)");
            set.bind(1, key);
            set.bind(2, value);
            set.exec();
        }

        const Catalog& catalog = load_catalog(db);
        SQLite::Statement exists(db, "SELECT 1 FROM nights WHERE date = ?");
        SQLite::Statement remove(db, "DELETE FROM nights WHERE date = ?");
        std::unordered_set<int> seen;  // dates of this file, as days since 1970
        seen.reserve(data.nights.size());
        for (const auto& row : data.nights) {
            const auto with_row = [&](protocol::Error error) { return protocol::at_row(std::move(error), row.row); };
            auto date = parse_date_param("date", row.date_text, today);
            if (!date) return with_row(std::move(date).error());
            const std::string canonical = format_date(*date);
            auto night = resolve(*date, row.fields, catalog, std::nullopt, false);
            if (!night) return with_row(std::move(night).error());
            if (!seen.insert(date::sys_days{*date}.time_since_epoch().count()).second) {
                return with_row(protocol::Error{
                    ErrorCode::k_conflict,
                    "date: " + canonical + " appears twice in the file; keep one of the rows",
                    "date", row.date_text, "each date once", {}});
            }
            exists.reset();
            exists.bind(1, canonical);
            if (exists.executeStep()) {
                if (!replace) {
                    return with_row(protocol::Error{
                        ErrorCode::k_conflict,
                        "date: " + canonical +
                            " is already in the journal; import with --replace to overwrite it",
                        "date", row.date_text, "a date without an entry", {}});
                }
                remove.reset();
                remove.bind(1, canonical);
                remove.exec();
            }
            store_night(db, *night, catalog, StoreMode::k_insert, now);
            ++summary.nights;
        }
        return summary;
    });
}

}  // namespace painlog::daemon
