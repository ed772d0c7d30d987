// The journal's export and import formats (PROTOCOL.md, journal.export): a complete
// json document, and csv with one column per custom factor whose header carries
// the factor's definition. Pure conversions between text and ImportData / nights;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon/journal.h"
#include "daemon/night.h"
#include "protocol/result.h"

namespace painlog::daemon {

inline constexpr int k_journal_format_version = 1;

// The JSON forms of a gear item and a factor (PROTOCOL.md, Values).
[[nodiscard]] nlohmann::json gear_to_json(const Gear& gear);
[[nodiscard]] nlohmann::json factor_to_json(const Factor& factor);

// The json export: {"painlog_journal": 1, "gear", "factors", "nights", "settings"}.
[[nodiscard]] std::string export_json(const ImportData& definitions,
                                      const std::vector<Night>& nights);

// The csv export: fixed columns, then factor:NAME[TYPE] columns in name order.
[[nodiscard]] std::string export_csv(const std::vector<Factor>& factors,
                                     const std::vector<Night>& nights);

// Reads either form. Errors name the row (1-based data row) and the field.
[[nodiscard]] protocol::Result<ImportData> parse_json_import(std::string_view text);
[[nodiscard]] protocol::Result<ImportData> parse_csv_import(std::string_view text);

// "json" when the text starts (after white space) with '{', else "csv".
[[nodiscard]] std::string guess_format(std::string_view text);

}  // namespace painlog::daemon
