// The schema migrations compiled into painlogd from schema/NNNN_*.sql, in order.
// The generated source defines migrations(); the database applies them by
// PRAGMA user_version. Immutable after start-up; thread-safe.
#pragma once

#include <string_view>
#include <vector>

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

}  // namespace painlog::daemon
