// A night's rows in the journal's tables (nights, night_factors, and routine_log's
// 'entry' slot): reading nights in date order with their factors and routines, and
// writing one. All the SQL of both, prepared once per connection (StatementCache).
// Functions over a connection the caller owns, inside its transaction; they throw
// SQLite::Exception, which the caller (Journal, through Database) converts. Not
// thread-safe: the daemon's I/O thread (read_night_columns may use a helper thread of
// its own, which ends before it returns).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>

#include "daemon/catalog.h"
#include "daemon/database.h"
#include "daemon/night.h"
#include "daemon/statement_cache.h"

namespace painlog::daemon {

// The ends of a span that holds every date a night can have (the schema's CHECKs:
// YYYY-MM-DD in digits): the from..to of a read of the whole journal, which then
// needs no WHERE.
inline constexpr std::string_view k_first_date = "0000-00-00";
inline constexpr std::string_view k_last_date = "9999-99-99";

// The nights dated from..to (YYYY-MM-DD, inclusive), in date order, each with its
// factors (sorted by name regardless of case) and the routines done for it (any slot,
// each once, by routine id). Names are the catalog's; rows naming gear, factors or
// routines the catalog does not know are left out of the night.
[[nodiscard]] std::vector<Night> read_nights(SQLite::Database& db, StatementCache& statements,
                                             const Catalog& catalog, const std::string& from,
                                             const std::string& to);

// The nights dated from..to as columns (NightColumns), with the catalog's names. With
// a `helper` connection (Database::reader()), the factors are read on a second thread
// while this one reads the nights and their routines: for long spans, where the factor
// and routine rows outnumber the nights.
[[nodiscard]] NightColumns read_night_columns(SQLite::Database& db, StatementCache& statements,
                                              const Catalog& catalog, const std::string& from,
                                              const std::string& to, Database::Reader* helper = nullptr);

// Writes a night: a new row (k_insert, which fails if the date exists) or the existing
// one (k_update), its factors, and its routines in the 'entry' slot; `now` (format_utc)
// is its created or updated time and that of its routines.
enum class StoreMode { k_insert, k_update };
void write_night(SQLite::Database& db, StatementCache& statements, const Night& night, const Catalog& catalog,
                 StoreMode mode, const std::string& now);

}  // namespace painlog::daemon
