#include "daemon/journal.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <span>

#include "daemon/night_rows.h"

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::make_error;
using protocol::Result;

template <typename T>
std::optional<T> column_optional(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    if constexpr (std::is_same_v<T, int>) return column.getInt();
    if constexpr (std::is_same_v<T, double>) return column.getDouble();
    if constexpr (std::is_same_v<T, std::string>) return column.getString();
}

constexpr const char* k_night_exists = "SELECT 1 FROM nights WHERE date = ?";
constexpr const char* k_delete_night = "DELETE FROM nights WHERE date = ?";

// What the system's zone is read from: TZ when set, else the target of the
// /etc/localtime link; empty when neither says (then nothing is kept).
std::string system_zone_key() {
    if (const char* tz = std::getenv("TZ"); tz != nullptr && *tz != '\0') return std::string("TZ=") + tz;
    std::array<char, 512> target{};
    const ssize_t n = ::readlink("/etc/localtime", target.data(), target.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= target.size()) return {};
    return "link=" + std::string(target.data(), static_cast<std::size_t>(n));
}

protocol::Error no_night(Date date) {
    return protocol::Error{ErrorCode::k_not_found,
                           "date: there is no night for " + format_date(date) +
                               "; 'painlog list' shows the logged dates",
                           "date", format_date(date), "a date with a logged night", {}};
}

}  // namespace

Journal::Journal(Database& database, const Clock& clock) : m_database(database), m_clock(clock) {}

const date::time_zone* Journal::zone() {
    if (m_zone != nullptr) return m_zone;
    std::string configured;
    if (auto stored = cached_settings(); stored.ok()) {
        if (const auto it = (*stored)->find("timezone"); it != (*stored)->end()) configured = it->second;
    }
    if (const date::time_zone* zone = find_zone(configured)) {
        m_zone = zone;
        return zone;
    }
    // TZ or /etc/localtime is looked at each time, so that a change of the system's
    // zone (travel) is seen at once; what it resolved to is kept while both read the
    // same (one readlink, not date::current_zone()'s walk of every path component).
    // When /etc is watched, not even that: the watch says when the zone changed.
    if (m_system_zone != nullptr && m_system_zone_watched) return m_system_zone;
    const std::string key = system_zone_key();
    if (m_system_zone != nullptr && !key.empty() && key == m_system_zone_key) return m_system_zone;
    m_system_zone = resolve_zone(configured);
    m_system_zone_key = key;
    return m_system_zone;
}

Date Journal::today() { return local_date(zone(), m_clock.now()); }

const Catalog& Journal::load_catalog(SQLite::Database& db) {
    if (m_catalog) return *m_catalog;
    Catalog catalog;
    SQLite::Statement gear(db,
                           "SELECT id, kind, name, firmness, since, in_use FROM gear "
                           "ORDER BY kind, since, id");
    while (gear.executeStep()) {
        Gear item;
        item.id = gear.getColumn(0).getInt64();
        item.kind = gear.getColumn(1).getString();
        item.name = gear.getColumn(2).getString();
        item.firmness = column_optional<std::string>(gear.getColumn(3));
        item.since = parse_iso_date(gear.getColumn(4).getString()).value_or(Date{});
        item.in_use = gear.getColumn(5).getInt() != 0;
        catalog.gear.push_back(std::move(item));
    }
    SQLite::Statement factors(db, "SELECT id, name, type, min, max FROM factors ORDER BY name");
    while (factors.executeStep()) {
        Factor factor;
        factor.id = factors.getColumn(0).getInt64();
        factor.name = factors.getColumn(1).getString();
        factor.type = factors.getColumn(2).getString();
        factor.min = column_optional<double>(factors.getColumn(3));
        factor.max = column_optional<double>(factors.getColumn(4));
        catalog.factors.push_back(std::move(factor));
    }
    SQLite::Statement choices(db,
                              "SELECT factor_id, value FROM factor_choices "
                              "ORDER BY factor_id, position");
    while (choices.executeStep()) {
        for (auto& factor : catalog.factors) {
            if (factor.id == choices.getColumn(0).getInt64()) {
                factor.choices.push_back(choices.getColumn(1).getString());
            }
        }
    }
    SQLite::Statement routines(db,
                               "SELECT id, name, builtin, suits, minutes, steps FROM routines "
                               "ORDER BY id");
    while (routines.executeStep()) {
        Routine routine;
        routine.id = routines.getColumn(0).getInt64();
        routine.name = routines.getColumn(1).getString();
        routine.builtin = routines.getColumn(2).getInt() != 0;
        routine.suits = routines.getColumn(3).getString();
        routine.minutes = column_optional<int>(routines.getColumn(4));
        routine.steps = routines.getColumn(5).getString();
        catalog.routines.push_back(std::move(routine));
    }
    catalog.index();
    m_catalog = std::move(catalog);
    return *m_catalog;
}

Result<const Catalog*> Journal::catalog() {
    return m_database.read([&](SQLite::Database& db) -> Result<const Catalog*> {
        return &load_catalog(db);
    });
}

Result<Night> Journal::resolve(Date date, const NightFields& fields, const Catalog& catalog,
                               std::optional<Night> base, bool gear_defaults) const {
    const bool is_new = !base.has_value();
    Night night = base ? std::move(*base) : Night{};
    night.date = date;
    if (fields.pain) {
        night.pain = *fields.pain;
    } else if (is_new) {
        return invalid_field("pain", "(missing)", "a whole number from 0 to 10; it is required");
    }
    if (fields.areas) night.areas = *fields.areas;
    if (fields.stiffness) night.stiffness = fields.stiffness;
    if (fields.position) night.position = fields.position;
    if (fields.stress) night.stress = fields.stress;
    if (fields.sitting_hours) night.sitting_hours = fields.sitting_hours;
    if (fields.sleep_hours) night.sleep_hours = fields.sleep_hours;
    if (fields.sleep_quality) night.sleep_quality = fields.sleep_quality;
    if (fields.note) night.note = fields.note;

    for (const auto& [kind, given, slot] :
         {std::tuple{"mattress", &fields.mattress, &night.mattress},
          std::tuple{"pillow", &fields.pillow, &night.pillow}}) {
        if (*given) {
            const Gear* gear = catalog.find_gear(**given);
            if (gear == nullptr || gear->kind != kind) {
                return invalid_field(kind, **given,
                                     std::string("a registered ") + kind + " (" +
                                         catalog.gear_names(kind) + "); add one with 'painlog "
                                         "gear add " + kind + " NAME'");
            }
            *slot = gear->name;
        } else if (is_new && gear_defaults) {
            if (const Gear* gear = catalog.gear_in_use(kind)) *slot = gear->name;
        }
    }

    if (fields.routines) {
        night.routines.clear();
        for (const auto& name : *fields.routines) {
            const Routine* routine = catalog.find_routine(name);
            if (routine == nullptr) {
                return invalid_field("routines", name,
                                     "a known routine (" + catalog.routine_names() + ")");
            }
            if (std::find(night.routines.begin(), night.routines.end(), routine->name) ==
                night.routines.end()) {
                night.routines.push_back(routine->name);
            }
        }
    }

    for (const auto& [name, value] : fields.factors) {
        const Factor* factor = catalog.find_factor(name);
        if (factor == nullptr) {
            return invalid_field("factors", name,
                                 "a registered factor (" + catalog.factor_names() +
                                     "); add one with 'painlog factor add'");
        }
        auto coerced = factor->coerce(value);
        if (!coerced) return std::move(coerced).error();
        const auto it = std::find_if(night.factors.begin(), night.factors.end(),
                                     [&](const auto& pair) { return pair.first == factor->name; });
        if (it != night.factors.end()) {
            it->second = std::move(*coerced);
        } else {
            night.factors.emplace_back(factor->name, std::move(*coerced));
        }
    }
    return night;
}

void Journal::store_night(SQLite::Database& db, const Night& night, const Catalog& catalog, StoreMode mode,
                          const std::string& now) {
    write_night(db, m_database.statements(), night, catalog, mode, now);
}

std::vector<Night> Journal::load_nights(SQLite::Database& db, const std::string& from,
                                        const std::string& to) {
    return read_nights(db, m_database.statements(), load_catalog(db), from, to);
}

std::optional<Night> Journal::load_night(SQLite::Database& db, Date date) {
    const std::string text = format_date(date);
    auto nights = load_nights(db, text, text);
    if (nights.empty()) return std::nullopt;
    return std::move(nights.front());
}

Result<Night> Journal::add_night(Date date, const NightFields& fields, bool replace,
                                 bool* replaced) {
    m_night_count.reset();
    return m_database.write([&](SQLite::Database& db) -> Result<Night> {
        const Catalog& catalog = load_catalog(db);
        auto night = resolve(date, fields, catalog, std::nullopt);
        if (!night) return night;
        bool existed = false;
        {
            auto exists = m_database.statements().use(db, k_night_exists);
            exists->bind(1, format_date(date));
            existed = exists->executeStep();
        }
        if (existed && !replace) {
            return protocol::Error{ErrorCode::k_conflict,
                                   "date: a night is already logged for " + format_date(date) +
                                       "; use --replace to overwrite it or 'painlog edit' to "
                                       "change it",
                                   "date", format_date(date), "a date without an entry", {}};
        }
        if (existed) {
            // Replace means replace: no field of the old entry survives.
            auto remove = m_database.statements().use(db, k_delete_night);
            remove->bind(1, format_date(date));
            remove->exec();
        }
        store_night(db, *night, catalog, StoreMode::k_insert, format_utc(m_clock.now()));
        if (replaced != nullptr) *replaced = existed;
        return *load_night(db, date);
    });
}

Result<Night> Journal::get_night(Date date) {
    return m_database.read([&](SQLite::Database& db) -> Result<Night> {
        auto night = load_night(db, date);
        if (!night) return no_night(date);
        return std::move(*night);
    });
}

Result<std::vector<Night>> Journal::list_nights(std::optional<Date> from, std::optional<Date> to) {
    return m_database.read([&](SQLite::Database& db) -> Result<std::vector<Night>> {
        return load_nights(db, from ? format_date(*from) : std::string(k_first_date),
                           to ? format_date(*to) : std::string(k_last_date));
    });
}

Result<Journal::Columns> Journal::night_columns(std::optional<Date> from, std::optional<Date> to) {
    return m_database.read([&](SQLite::Database& db) -> Result<Columns> {
        const Catalog& catalog = load_catalog(db);
        // The whole journal (an analysis or a report over all of it) is long enough
        // for a second thread to pay: it reads the factors meanwhile.
        Database::Reader* helper = !from && !to ? m_database.reader() : nullptr;
        return Columns{read_night_columns(db, m_database.statements(), catalog,
                                          from ? format_date(*from) : std::string(k_first_date),
                                          to ? format_date(*to) : std::string(k_last_date), helper),
                       &catalog};
    });
}

Result<Night> Journal::edit_night(Date date, const NightFields& set,
                                  const std::vector<std::string>& clear) {
    return m_database.write([&](SQLite::Database& db) -> Result<Night> {
        const Catalog& catalog = load_catalog(db);
        auto existing = load_night(db, date);
        if (!existing) return no_night(date);
        Night& night = *existing;
        for (const auto& field : clear) {
            if (field == "areas") {
                night.areas = 0;
            } else if (field == "stiffness") {
                night.stiffness.reset();
            } else if (field == "mattress") {
                night.mattress.reset();
            } else if (field == "pillow") {
                night.pillow.reset();
            } else if (field == "position") {
                night.position.reset();
            } else if (field == "stress") {
                night.stress.reset();
            } else if (field == "sitting_hours") {
                night.sitting_hours.reset();
            } else if (field == "sleep_hours") {
                night.sleep_hours.reset();
            } else if (field == "sleep_quality") {
                night.sleep_quality.reset();
            } else if (field == "routines") {
                night.routines.clear();
            } else if (field == "note") {
                night.note.reset();
            } else if (field.starts_with("factor:")) {
                const Factor* factor = catalog.find_factor(field.substr(7));
                if (factor == nullptr) {
                    return invalid_field("clear", field,
                                         "factor:NAME of a registered factor (" +
                                             catalog.factor_names() + ")");
                }
                std::erase_if(night.factors,
                              [&](const auto& pair) { return pair.first == factor->name; });
            } else {
                return invalid_field("clear", field,
                                     join_names(std::span(k_night_fields).subspan(2)) + " or factor:NAME");
            }
        }
        auto edited = resolve(date, set, catalog, std::move(night));
        if (!edited) return edited;
        store_night(db, *edited, catalog, StoreMode::k_update, format_utc(m_clock.now()));
        return *load_night(db, date);
    });
}

protocol::Status Journal::remove_night(Date date) {
    m_night_count.reset();
    return m_database.write([&](SQLite::Database& db) -> protocol::Status {
        SQLite::Statement remove(db, "DELETE FROM nights WHERE date = ?");
        remove.bind(1, format_date(date));
        if (remove.exec() == 0) return no_night(date);
        SQLite::Statement routines(db,
                                   "DELETE FROM routine_log WHERE night_date = ? AND slot = 'entry'");
        routines.bind(1, format_date(date));
        routines.exec();
        return {};
    });
}

Result<std::int64_t> Journal::night_count() {
    // Kept: counting ten years of nights walks a whole index, and status asks often.
    if (m_night_count) return *m_night_count;
    return m_database.read([this](SQLite::Database& db) -> Result<std::int64_t> {
        auto count = m_database.statements().use(db, "SELECT count(*) FROM nights");
        count->executeStep();
        m_night_count = count->getColumn(0).getInt64();
        return *m_night_count;
    });
}

}  // namespace painlog::daemon
