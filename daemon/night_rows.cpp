#include "daemon/night_rows.h"

#include <algorithm>
#include <future>
#include <limits>
#include <optional>
#include <string_view>
#include <system_error>
#include <utility>

namespace painlog::daemon {
namespace {

constexpr double k_missing = std::numeric_limits<double>::quiet_NaN();

// A read of the rows of a span of nights: `select` (SELECT ... FROM ...), the rows
// whose `date_column` is from..to, in `order`.
struct SpanQuery {
    const char* select;
    const char* date_column;
    const char* order;
};

// The statement of `query` over from..to, bound and ready to step. A span from
// k_first_date to k_last_date (or wider) is read without a WHERE: testing each row
// against it was a fifth of a read of ten years.
StatementCache::Use span_rows(SQLite::Database& db, StatementCache& statements, const SpanQuery& query,
                              const std::string& from, const std::string& to) {
    const bool every_date = from <= k_first_date && to >= k_last_date;
    std::string sql = query.select;
    if (!every_date) {
        sql += " WHERE ";
        sql += query.date_column;
        sql += " BETWEEN ? AND ?";
    }
    sql += ' ';
    sql += query.order;
    auto rows = statements.use(db, sql);
    if (!every_date) {
        rows->bind(1, from);
        rows->bind(2, to);
    }
    return rows;
}

// What the analysis reads of each night (read_night_columns).
constexpr SpanQuery k_night_columns{
    "SELECT date, pain, mattress_id, pillow_id, position, stress, sitting_hours, sleep_hours, "
    "sleep_quality FROM nights",
    "date", "ORDER BY date"};
constexpr SpanQuery k_nights{
    "SELECT date, pain, areas, stiffness, mattress_id, pillow_id, position, stress, sitting_hours, "
    "sleep_hours, sleep_quality, note FROM nights",
    "date", "ORDER BY date"};
// The dates alone, for a helper thread reading the factors meanwhile.
constexpr SpanQuery k_night_dates{"SELECT date FROM nights", "date", "ORDER BY date"};
// In primary-key order, so a night's factors come together.
constexpr SpanQuery k_night_factors{"SELECT night_date, factor_id, value FROM night_factors", "night_date",
                                    "ORDER BY night_date, factor_id"};
// In the order of routine_log's unique index (night_date, routine_id, slot), so no
// sort: a routine done in several slots of a night comes in adjacent rows, and is
// taken once (cheaper than DISTINCT, which sorts).
constexpr SpanQuery k_night_routines{"SELECT night_date, routine_id FROM routine_log", "night_date",
                                     "ORDER BY night_date, routine_id"};
constexpr const char* k_insert_night =
    "INSERT INTO nights (date, pain, areas, stiffness, mattress_id, pillow_id, "
    "position, stress, sitting_hours, sleep_hours, sleep_quality, note, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)";
constexpr const char* k_update_night =
    "UPDATE nights SET pain = ?2, areas = ?3, stiffness = ?4, mattress_id = ?5, "
    "pillow_id = ?6, position = ?7, stress = ?8, sitting_hours = ?9, "
    "sleep_hours = ?10, sleep_quality = ?11, note = ?12, updated_at = ?13 "
    "WHERE date = ?1";
constexpr const char* k_clear_night_factors = "DELETE FROM night_factors WHERE night_date = ?";
constexpr const char* k_insert_night_factor =
    "INSERT INTO night_factors (night_date, factor_id, value) VALUES (?, ?, ?)";
constexpr const char* k_clear_entry_routines =
    "DELETE FROM routine_log WHERE night_date = ? AND slot = 'entry'";
// The routines `routine.done` recorded for a night (evening and morning slots).
constexpr const char* k_done_routines =
    "SELECT DISTINCT routine_id FROM routine_log WHERE night_date = ? AND slot != 'entry'";
constexpr const char* k_clear_routine =
    "DELETE FROM routine_log WHERE night_date = ? AND routine_id = ?";
constexpr const char* k_insert_entry_routine =
    "INSERT OR IGNORE INTO routine_log (routine_id, night_date, slot, logged_at) "
    "VALUES (?, ?, 'entry', ?)";

// Column access without copies of text: a text column is seen in place, valid until
// the statement steps again. Each column is taken from the statement once, on first
// use, and read through for every later row: SQLiteCpp's getColumn() makes a Column
// holding a shared_ptr to the statement, two atomic operations for every value read
// otherwise (a read of ten years reads 70,000 values). Use only while the statement
// has a row.
class Row {
public:
    explicit Row(const SQLite::Statement& statement)
        : m_statement(statement), m_columns(static_cast<std::size_t>(statement.getColumnCount())) {}

    [[nodiscard]] bool null(int column) const { return m_statement.isColumnNull(column); }
    [[nodiscard]] int integer(int column) const { return at(column).getInt(); }
    [[nodiscard]] std::int64_t id(int column) const { return at(column).getInt64(); }
    [[nodiscard]] double real(int column) const { return at(column).getDouble(); }
    [[nodiscard]] std::string_view text(int column) const {
        const SQLite::Column& value = at(column);
        const char* data = value.getText(nullptr);
        return data == nullptr ? std::string_view{}
                               : std::string_view(data, static_cast<std::size_t>(value.getBytes()));
    }
    template <typename T>
    [[nodiscard]] std::optional<T> optional(int column) const {
        if (null(column)) return std::nullopt;
        if constexpr (std::is_same_v<T, int>) return integer(column);
        if constexpr (std::is_same_v<T, double>) return real(column);
        if constexpr (std::is_same_v<T, std::string>) return std::string(text(column));
    }

private:
    // The statement's column `column` (of the current row, whichever that is).
    const SQLite::Column& at(int column) const {
        auto& taken = m_columns.at(static_cast<std::size_t>(column));
        if (!taken) taken.emplace(m_statement.getColumn(column));
        return *taken;
    }

    const SQLite::Statement& m_statement;
    mutable std::vector<std::optional<SQLite::Column>> m_columns;  // one per column of the statement
};

unsigned parse_stored_areas(std::string_view text) {
    unsigned areas = 0;
    while (!text.empty()) {
        const std::size_t comma = std::min(text.find(','), text.size());
        const std::string_view name = text.substr(0, comma);
        for (std::size_t i = 0; i < k_area_names.size(); ++i) {
            if (name == k_area_names[i]) areas |= 1U << i;
        }
        text.remove_prefix(std::min(comma + 1, text.size()));
    }
    return areas;
}

Night night_from_row(const Row& row, const Catalog& catalog) {
    Night night;
    night.date = *parse_iso_date(row.text(0));
    night.pain = row.integer(1);
    night.areas = parse_stored_areas(row.text(2));
    night.stiffness = row.optional<int>(3);
    for (const auto& [column, slot] : {std::pair{4, &night.mattress}, std::pair{5, &night.pillow}}) {
        if (row.null(column)) continue;
        if (const Gear* gear = catalog.gear_by_id(row.id(column))) *slot = gear->name;
    }
    night.position = row.optional<std::string>(6);
    night.stress = row.optional<int>(7);
    night.sitting_hours = row.optional<double>(8);
    night.sleep_hours = row.optional<double>(9);
    night.sleep_quality = row.optional<int>(10);
    night.note = row.optional<std::string>(11);
    return night;
}

FactorValue factor_value(const Row& row, int column, const Factor& factor) {
    if (factor.type == "number") return FactorValue{row.real(column)};
    if (factor.type == "yesno") return FactorValue{row.integer(column) != 0};
    return FactorValue{std::string(row.text(column))};
}

// Whether a sorts before b regardless of ASCII case, as name_key(a) < name_key(b).
bool less_nocase(std::string_view a, std::string_view b) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [&](char x, char y) { return lower(x) < lower(y); });
}

template <typename T>
void bind_optional(SQLite::Statement& statement, int index, const std::optional<T>& value) {
    if (value) {
        statement.bind(index, *value);
    } else {
        statement.bind(index);
    }
}

// The index of the night a factor or routine row belongs to, by the row's date text,
// among nights' dates (as stored) in date order. Rows come in date order too, so the
// search only moves forward, and rows of the same night reuse the last answer. Dates
// are compared as text: YYYY-MM-DD sorts as the dates do.
class NightCursor {
public:
    explicit NightCursor(const std::vector<std::string>& dates) : m_dates(dates) {}

    // nullopt when no night has that date.
    std::optional<std::size_t> find(std::string_view text) {
        if (text == m_last_text) return m_last;
        m_last_text = text;
        m_last.reset();
        while (m_next < m_dates.size() && m_dates[m_next] < text) ++m_next;
        if (m_next < m_dates.size() && m_dates[m_next] == text) m_last = m_next;
        return m_last;
    }

private:
    const std::vector<std::string>& m_dates;
    std::size_t m_next = 0;
    std::string m_last_text;
    std::optional<std::size_t> m_last;
};

// Steps through the rows of `query` over from..to, whose first column is a night's
// date, and calls body(index, row) for each row of one of the nights with these dates
// (as stored, in order).
template <typename Body>
void for_each_night_row(SQLite::Database& db, StatementCache& statements, const SpanQuery& query,
                        const std::string& from, const std::string& to, const std::vector<std::string>& dates,
                        Body&& body) {
    NightCursor by_date(dates);
    auto rows = span_rows(db, statements, query, from, to);
    const Row row(*rows);
    while (rows->executeStep()) {
        if (const auto night = by_date.find(row.text(0))) body(*night, row);
    }
}

// The position of `item` in `items`, which holds it (a catalog's by_id lookup).
template <typename T>
std::size_t index_in(const std::vector<T>& items, const T* item) {
    return static_cast<std::size_t>(item - items.data());
}

}  // namespace

std::vector<Night> read_nights(SQLite::Database& db, StatementCache& statements, const Catalog& catalog,
                               const std::string& from, const std::string& to) {
    std::vector<Night> nights;
    std::vector<std::string> dates;  // as stored, for the factor and routine rows
    {
        auto rows = span_rows(db, statements, k_nights, from, to);
        const Row row(*rows);
        while (rows->executeStep()) {
            nights.push_back(night_from_row(row, catalog));
            dates.emplace_back(row.text(0));
        }
    }
    if (nights.empty()) return nights;
    for_each_night_row(db, statements, k_night_factors, from, to, dates,
                       [&](std::size_t night, const Row& row) {
                           const Factor* factor = catalog.factor_by_id(row.id(1));
                           if (factor == nullptr) return;
                           nights[night].factors.emplace_back(factor->name, factor_value(row, 2, *factor));
                       });
    const Routine* last_routine = nullptr;
    for_each_night_row(db, statements, k_night_routines, from, to, dates,
                       [&](std::size_t index, const Row& row) {
                           const Routine* routine = catalog.routine_by_id(row.id(1));
                           if (routine == nullptr) return;
                           Night& night = nights[index];
                           const bool again = !night.routines.empty() && routine == last_routine;  // another slot
                           last_routine = routine;
                           if (!again) night.routines.push_back(routine->name);
                       });
    for (auto& night : nights) {
        std::sort(night.factors.begin(), night.factors.end(),
                  [](const auto& a, const auto& b) { return less_nocase(a.first, b.first); });
    }
    return nights;
}

namespace {

// The factor columns of `columns` for the nights with these dates (as stored, in order)
// from..to.
void read_factor_columns(SQLite::Database& db, StatementCache& statements, const Catalog& catalog,
                         const std::string& from, const std::string& to, const std::vector<std::string>& dates,
                         NightColumns& columns) {
    const std::size_t n = dates.size();
    columns.factors.resize(catalog.factors.size());
    for (std::size_t f = 0; f < catalog.factors.size(); ++f) {
        if (catalog.factors[f].type == "choice") {
            columns.factors[f].labels.resize(n);
        } else {
            columns.factors[f].numbers.assign(n, k_missing);
        }
    }
    if (n == 0) return;
    for_each_night_row(db, statements, k_night_factors, from, to, dates,
                       [&](std::size_t night, const Row& row) {
                           const Factor* factor = catalog.factor_by_id(row.id(1));
                           if (factor == nullptr) return;
                           NightColumns::FactorColumn& column = columns.factors[index_in(catalog.factors, factor)];
                           if (!column.labels.empty()) {
                               column.labels[night] = row.text(2);
                           } else if (factor->type == "yesno") {
                               column.numbers[night] = row.integer(2) != 0 ? 1.0 : 0.0;
                           } else {
                               column.numbers[night] = row.real(2);
                           }
                       });
}

// The routine columns of `columns`, likewise.
void read_routine_columns(SQLite::Database& db, StatementCache& statements, const Catalog& catalog,
                          const std::string& from, const std::string& to, const std::vector<std::string>& dates,
                          NightColumns& columns) {
    const std::size_t n = dates.size();
    columns.routines.resize(catalog.routines.size());
    if (n == 0) return;
    for_each_night_row(db, statements, k_night_routines, from, to, dates,
                       [&](std::size_t night, const Row& row) {
                           const Routine* routine = catalog.routine_by_id(row.id(1));
                           if (routine == nullptr) return;
                           std::vector<double>& done = columns.routines[index_in(catalog.routines, routine)];
                           if (done.empty()) done.assign(n, 0.0);
                           done[night] = 1.0;
                       });
}

}  // namespace

NightColumns read_night_columns(SQLite::Database& db, StatementCache& statements, const Catalog& catalog,
                                const std::string& from, const std::string& to, Database::Reader* helper) {
    // With a helper connection, the factors are read on a thread of their own while
    // this one reads the nights and then their routines (about as many rows each way):
    // the helper reads the nights' dates itself (an index alone, quick), so neither
    // waits for the other until both are done. The helper's columns are its own;
    // nothing is shared but the catalog, which neither changes. (std::async's future
    // waits for the thread when destroyed, so it never outlives what it refers to, even
    // when this thread throws.)
    std::future<std::pair<std::vector<std::string>, NightColumns>> helped;
    if (helper != nullptr) {
        try {
            helped = std::async(std::launch::async, [&] {
                std::pair<std::vector<std::string>, NightColumns> part;
                {
                    auto rows = span_rows(*helper->db, helper->statements, k_night_dates, from, to);
                    const Row row(*rows);
                    while (rows->executeStep()) part.first.emplace_back(row.text(0));
                }
                read_factor_columns(*helper->db, helper->statements, catalog, from, to, part.first, part.second);
                return part;
            });
        } catch (const std::system_error&) {
            // No thread to be had (a limit on tasks): this one reads them below.
        }
    }
    NightColumns columns;
    std::vector<std::string> dates;  // as stored, for the factor and routine rows
    {
        auto rows = span_rows(db, statements, k_night_columns, from, to);
        const Row row(*rows);
        const auto number = [&](int column) { return row.null(column) ? k_missing : row.real(column); };
        const auto gear_name = [&](int column) {
            const Gear* gear = row.null(column) ? nullptr : catalog.gear_by_id(row.id(column));
            return gear != nullptr ? gear->name : std::string();
        };
        while (rows->executeStep()) {
            dates.emplace_back(row.text(0));
            columns.dates.push_back(*parse_iso_date(dates.back()));
            columns.pain.push_back(row.real(1));
            columns.mattress.push_back(gear_name(2));
            columns.pillow.push_back(gear_name(3));
            columns.position.emplace_back(row.text(4));
            columns.stress.push_back(number(5));
            columns.sitting_hours.push_back(number(6));
            columns.sleep_hours.push_back(number(7));
            columns.sleep_quality.push_back(number(8));
        }
    }
    read_routine_columns(db, statements, catalog, from, to, dates, columns);
    if (helped.valid()) {
        try {
            auto [helper_dates, part] = helped.get();
            // The same nights, as only the I/O thread writes; were they not, this
            // thread reads them below.
            if (helper_dates == dates) {
                columns.factors = std::move(part.factors);
                return columns;
            }
        } catch (const SQLite::Exception&) {
            // The helper's connection failed: this thread reads them below.
        }
    }
    read_factor_columns(db, statements, catalog, from, to, dates, columns);
    return columns;
}

void write_night(SQLite::Database& db, StatementCache& statements, const Night& night, const Catalog& catalog,
                 StoreMode mode, const std::string& now) {
    const std::string date = format_date(night.date);
    // A plain INSERT for new nights: a date that exists fails instead of being
    // overwritten, whatever a caller's checks missed.
    {
        auto upsert = statements.use(db, mode == StoreMode::k_insert ? k_insert_night : k_update_night);
        upsert->bind(1, date);
        upsert->bind(2, night.pain);
        upsert->bind(3, format_areas(night.areas));
        bind_optional(*upsert, 4, night.stiffness);
        const auto gear_id = [&](const std::optional<std::string>& name) -> std::optional<std::int64_t> {
            if (!name) return std::nullopt;
            const Gear* gear = catalog.find_gear(*name);
            return gear ? std::optional<std::int64_t>(gear->id) : std::nullopt;
        };
        bind_optional(*upsert, 5, gear_id(night.mattress));
        bind_optional(*upsert, 6, gear_id(night.pillow));
        bind_optional(*upsert, 7, night.position);
        bind_optional(*upsert, 8, night.stress);
        bind_optional(*upsert, 9, night.sitting_hours);
        bind_optional(*upsert, 10, night.sleep_hours);
        bind_optional(*upsert, 11, night.sleep_quality);
        bind_optional(*upsert, 12, night.note);
        upsert->bind(13, now);
        upsert->exec();
    }
    // A night just inserted has no factor rows: they reference it, and deleting a
    // night deletes them (foreign key, ON DELETE CASCADE).
    if (mode == StoreMode::k_update) {
        auto clear_factors = statements.use(db, k_clear_night_factors);
        clear_factors->bind(1, date);
        clear_factors->exec();
    }
    for (const auto& [name, value] : night.factors) {
        auto insert = statements.use(db, k_insert_night_factor);
        insert->bind(1, date);
        insert->bind(2, catalog.find_factor(name)->id);
        std::visit(
            [&](const auto& v) {
                if constexpr (std::is_same_v<std::decay_t<decltype(v)>, bool>) {
                    insert->bind(3, v ? 1 : 0);
                } else {
                    insert->bind(3, v);
                }
            },
            value);
        insert->exec();
    }
    // Nor has it routines in the 'entry' slot: they go with the night it was (remove).
    // An update makes the night's routines exactly its list: a routine `routine.done`
    // recorded that the list no longer names goes too, in every slot; one it still
    // names keeps its times.
    if (mode == StoreMode::k_update) {
        auto clear_routines = statements.use(db, k_clear_entry_routines);
        clear_routines->bind(1, date);
        clear_routines->exec();
        std::vector<std::int64_t> unlisted;
        {
            auto done = statements.use(db, k_done_routines);
            done->bind(1, date);
            while (done->executeStep()) {
                const std::int64_t id = done->getColumn(0).getInt64();
                const auto named = [&](const std::string& name) { return catalog.find_routine(name)->id == id; };
                if (std::none_of(night.routines.begin(), night.routines.end(), named)) unlisted.push_back(id);
            }
        }
        for (const std::int64_t id : unlisted) {
            auto clear = statements.use(db, k_clear_routine);
            clear->bind(1, date);
            clear->bind(2, id);
            clear->exec();
        }
    }
    for (const auto& name : night.routines) {
        auto insert = statements.use(db, k_insert_entry_routine);
        insert->bind(1, catalog.find_routine(name)->id);
        insert->bind(2, date);
        insert->bind(3, now);
        insert->exec();
    }
}

}  // namespace painlog::daemon
