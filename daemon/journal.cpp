#include "daemon/journal.h"

#include <algorithm>
#include <span>
#include <unordered_map>

namespace painlog::daemon {
namespace {

using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::make_error;
using protocol::Result;

constexpr const char* k_night_columns =
    "date, pain, areas, stiffness, mattress_id, pillow_id, position, stress, sitting_hours, "
    "sleep_hours, sleep_quality, note";

protocol::Error no_night(Date date) {
    return protocol::Error{ErrorCode::k_not_found,
                           "date: there is no night for " + format_date(date) +
                               "; 'painlog list' shows the logged dates",
                           "date", format_date(date), "a date with a logged night", {}};
}

unsigned parse_stored_areas(const std::string& text) {
    unsigned areas = 0;
    for (std::size_t i = 0; i < k_area_names.size(); ++i) {
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t comma = std::min(text.find(',', start), text.size());
            if (text.compare(start, comma - start, k_area_names[i]) == 0) areas |= 1U << i;
            start = comma + 1;
        }
    }
    return areas;
}

template <typename T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

template <typename T>
std::optional<T> column_optional(const SQLite::Column& column) {
    if (column.isNull()) return std::nullopt;
    if constexpr (std::is_same_v<T, int>) return column.getInt();
    if constexpr (std::is_same_v<T, double>) return column.getDouble();
    if constexpr (std::is_same_v<T, std::string>) return column.getString();
}

Night night_from_row(SQLite::Statement& row, const Catalog& catalog) {
    Night night;
    night.date = *parse_iso_date(row.getColumn(0).getString());
    night.pain = row.getColumn(1).getInt();
    night.areas = parse_stored_areas(row.getColumn(2).getString());
    night.stiffness = column_optional<int>(row.getColumn(3));
    for (const auto& [column, slot] : {std::pair{4, &night.mattress}, std::pair{5, &night.pillow}}) {
        if (row.getColumn(column).isNull()) continue;
        if (const Gear* gear = catalog.gear_by_id(row.getColumn(column).getInt64())) {
            *slot = gear->name;
        }
    }
    night.position = column_optional<std::string>(row.getColumn(6));
    night.stress = column_optional<int>(row.getColumn(7));
    night.sitting_hours = column_optional<double>(row.getColumn(8));
    night.sleep_hours = column_optional<double>(row.getColumn(9));
    night.sleep_quality = column_optional<int>(row.getColumn(10));
    night.note = column_optional<std::string>(row.getColumn(11));
    return night;
}

FactorValue factor_value_from_column(const SQLite::Column& column, const Factor& factor) {
    if (factor.type == "number") return FactorValue{column.getDouble()};
    if (factor.type == "yesno") return FactorValue{column.getInt() != 0};
    return FactorValue{column.getString()};
}

}  // namespace

Journal::Journal(Database& database, const Clock& clock) : m_database(database), m_clock(clock) {}

const date::time_zone* Journal::zone() {
    if (m_zone != nullptr) return m_zone;
    std::string configured;
    if (auto stored = settings(); stored.ok()) {
        if (const auto it = stored->find("timezone"); it != stored->end()) configured = it->second;
    }
    const date::time_zone* zone = resolve_zone(configured);
    // Only a configured zone is kept: TZ or /etc/localtime is looked at each time, so
    // a change of the system's zone (travel) is seen at once.
    if (find_zone(configured) != nullptr) m_zone = zone;
    return zone;
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

void Journal::store_night(SQLite::Database& db, const Night& night, const Catalog& catalog,
                          StoreMode mode) {
    const std::string date = format_date(night.date);
    const std::string now = format_utc(m_clock.now());
    // A plain INSERT for new nights: a date that exists fails instead of being
    // overwritten, whatever a caller's checks missed.
    SQLite::Statement upsert(
        db, mode == StoreMode::k_insert
                ? "INSERT INTO nights (date, pain, areas, stiffness, mattress_id, pillow_id, "
                  "position, stress, sitting_hours, sleep_hours, sleep_quality, note, created_at, "
                  "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)"
                : "UPDATE nights SET pain = ?2, areas = ?3, stiffness = ?4, mattress_id = ?5, "
                  "pillow_id = ?6, position = ?7, stress = ?8, sitting_hours = ?9, "
                  "sleep_hours = ?10, sleep_quality = ?11, note = ?12, updated_at = ?13 "
                  "WHERE date = ?1");
    upsert.bind(1, date);
    upsert.bind(2, night.pain);
    upsert.bind(3, format_areas(night.areas));
    bind_optional(upsert, 4, night.stiffness);
    const auto gear_id = [&](const std::optional<std::string>& name) -> std::optional<std::int64_t> {
        if (!name) return std::nullopt;
        const Gear* gear = catalog.find_gear(*name);
        return gear ? std::optional<std::int64_t>(gear->id) : std::nullopt;
    };
    bind_optional(upsert, 5, gear_id(night.mattress));
    bind_optional(upsert, 6, gear_id(night.pillow));
    bind_optional(upsert, 7, night.position);
    bind_optional(upsert, 8, night.stress);
    bind_optional(upsert, 9, night.sitting_hours);
    bind_optional(upsert, 10, night.sleep_hours);
    bind_optional(upsert, 11, night.sleep_quality);
    bind_optional(upsert, 12, night.note);
    upsert.bind(13, now);
    upsert.exec();

    SQLite::Statement clear_factors(db, "DELETE FROM night_factors WHERE night_date = ?");
    clear_factors.bind(1, date);
    clear_factors.exec();
    if (!night.factors.empty()) {
        SQLite::Statement insert(
            db, "INSERT INTO night_factors (night_date, factor_id, value) VALUES (?, ?, ?)");
        for (const auto& [name, value] : night.factors) {
            insert.reset();
            insert.bind(1, date);
            insert.bind(2, catalog.find_factor(name)->id);
            std::visit(
                [&](const auto& v) {
                    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, bool>) {
                        insert.bind(3, v ? 1 : 0);
                    } else {
                        insert.bind(3, v);
                    }
                },
                value);
            insert.exec();
        }
    }

    SQLite::Statement clear_routines(
        db, "DELETE FROM routine_log WHERE night_date = ? AND slot = 'entry'");
    clear_routines.bind(1, date);
    clear_routines.exec();
    if (!night.routines.empty()) {
        SQLite::Statement insert(db,
                                 "INSERT OR IGNORE INTO routine_log (routine_id, night_date, "
                                 "slot, logged_at) VALUES (?, ?, 'entry', ?)");
        for (const auto& name : night.routines) {
            insert.reset();
            insert.bind(1, catalog.find_routine(name)->id);
            insert.bind(2, date);
            insert.bind(3, now);
            insert.exec();
        }
    }
}

std::vector<Night> Journal::load_nights(SQLite::Database& db, const std::string& from,
                                        const std::string& to) {
    const Catalog& catalog = load_catalog(db);
    std::vector<Night> nights;
    std::unordered_map<std::string, std::size_t> by_date;
    SQLite::Statement rows(db, std::string("SELECT ") + k_night_columns +
                                   " FROM nights WHERE date BETWEEN ? AND ? ORDER BY date");
    rows.bind(1, from);
    rows.bind(2, to);
    while (rows.executeStep()) {
        by_date.emplace(rows.getColumn(0).getString(), nights.size());
        nights.push_back(night_from_row(rows, catalog));
    }
    if (nights.empty()) return nights;

    SQLite::Statement factors(db,
                              "SELECT night_date, factor_id, value FROM night_factors "
                              "WHERE night_date BETWEEN ? AND ?");
    factors.bind(1, from);
    factors.bind(2, to);
    while (factors.executeStep()) {
        const auto night = by_date.find(factors.getColumn(0).getString());
        const Factor* factor = catalog.factor_by_id(factors.getColumn(1).getInt64());
        if (night == by_date.end() || factor == nullptr) continue;
        nights[night->second].factors.emplace_back(
            factor->name, factor_value_from_column(factors.getColumn(2), *factor));
    }
    SQLite::Statement routines(db,
                               "SELECT DISTINCT night_date, routine_id FROM routine_log "
                               "WHERE night_date BETWEEN ? AND ? ORDER BY night_date, routine_id");
    routines.bind(1, from);
    routines.bind(2, to);
    while (routines.executeStep()) {
        const auto night = by_date.find(routines.getColumn(0).getString());
        const Routine* routine = catalog.routine_by_id(routines.getColumn(1).getInt64());
        if (night == by_date.end() || routine == nullptr) continue;
        nights[night->second].routines.push_back(routine->name);
    }
    for (auto& night : nights) {
        std::sort(night.factors.begin(), night.factors.end(),
                  [](const auto& a, const auto& b) { return name_key(a.first) < name_key(b.first); });
    }
    return nights;
}

std::optional<Night> Journal::load_night(SQLite::Database& db, Date date) {
    const std::string text = format_date(date);
    auto nights = load_nights(db, text, text);
    if (nights.empty()) return std::nullopt;
    return std::move(nights.front());
}

Result<Night> Journal::add_night(Date date, const NightFields& fields, bool replace,
                                 bool* replaced) {
    return m_database.write([&](SQLite::Database& db) -> Result<Night> {
        const Catalog& catalog = load_catalog(db);
        auto night = resolve(date, fields, catalog, std::nullopt);
        if (!night) return night;
        SQLite::Statement exists(db, "SELECT 1 FROM nights WHERE date = ?");
        exists.bind(1, format_date(date));
        const bool existed = exists.executeStep();
        if (existed && !replace) {
            return protocol::Error{ErrorCode::k_conflict,
                                   "date: a night is already logged for " + format_date(date) +
                                       "; use --replace to overwrite it or 'painlog edit' to "
                                       "change it",
                                   "date", format_date(date), "a date without an entry", {}};
        }
        if (existed) {
            // Replace means replace: no field of the old entry survives.
            SQLite::Statement remove(db, "DELETE FROM nights WHERE date = ?");
            remove.bind(1, format_date(date));
            remove.exec();
        }
        store_night(db, *night, catalog, StoreMode::k_insert);
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
        return load_nights(db, from ? format_date(*from) : "0000-00-00",
                           to ? format_date(*to) : "9999-99-99");
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
        store_night(db, *edited, catalog, StoreMode::k_update);
        return *load_night(db, date);
    });
}

protocol::Status Journal::remove_night(Date date) {
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
    return m_database.read([](SQLite::Database& db) -> Result<std::int64_t> {
        return db.execAndGet("SELECT count(*) FROM nights").getInt64();
    });
}

}  // namespace painlog::daemon
