// The schema migrations compiled into painlogd from schema/NNNN_*.sql, in order.
// The generated source defines migrations(); the database applies them by
// PRAGMA user_version. Immutable after start-up; thread-safe.
#pragma once

#include <string_view>
#include <vector>

namespace SQLite {
class Database;
}

namespace painlog::daemon {

struct Migration {
    int version;            // NNNN of the file name; the user_version after applying it
    std::string_view name;  // file name, for messages
    std::string_view sql;
};

// All migrations, ordered by version, versions 1, 2, 3 ... without gaps.
[[nodiscard]] const std::vector<Migration>& migrations();

// The schema version this binary writes: the last migration's version.
[[nodiscard]] inline int latest_schema_version() { return migrations().back().version; }

// Applies the migrations of `list` (ordered by version) newer than the database's
// user_version, each in its own transaction with foreign keys off, and commits each
// only if PRAGMA foreign_key_check finds no more dangling rows than before it; returns
// the version reached. Throws SQLite::Exception, the migration that failed rolled back
// and the ones before it kept. The journal's list is migrations(); a test gives its own.
[[nodiscard]] int apply_migrations(SQLite::Database& db, const std::vector<Migration>& list);

}  // namespace painlog::daemon
