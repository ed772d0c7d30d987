// Plain-text renderings of painlogd's results: the one-line summaries commands print
// after a change, the nights / gear / factors tables (80 columns), a night's details
// and the status and settings pages. Pure functions of JSON values; thread-safe.
// Unknown result fields are ignored (PROTOCOL.md, Versioning).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace painlog::cli {

inline constexpr std::size_t k_table_width = 80;

struct TableColumn {
    std::string_view header;
    std::size_t max_width;  // 0: whatever is left of k_table_width (last column only)
    bool right_aligned = false;
};

// A header line and one line per row (each row has one cell per column): columns
// separated by one space, each as wide as its widest cell but at most max_width (cells
// cut with "…"), trailing spaces trimmed.
[[nodiscard]] std::string table_text(const std::vector<TableColumn>& columns,
                                     const std::vector<std::vector<std::string>>& rows);

// A value for a person: "-" for null or missing, strings as they are, yes/no for
// booleans, numbers without trailing zeros (8.5, 7), lists joined with ", ".
[[nodiscard]] std::string value_text(const nlohmann::json& value);

// object[key], or null when object is not an object or lacks the key: reading a
// reply without trusting its shape.
[[nodiscard]] const nlohmann::json& field(const nlohmann::json& object, const char* key);

// "2026-11-23: pain 3 (neck, upper_back) · mattress Morgedal · pillow Low foam"
[[nodiscard]] std::string night_summary(const nlohmann::json& night);

// Every field of a night, one "name  value" per line; custom factors last.
[[nodiscard]] std::string night_details(const nlohmann::json& night);

// The nights as a table no wider than k_table_width (long names are cut with "…"),
// or a hint to log the first night when there are none.
[[nodiscard]] std::string nights_table(const nlohmann::json& nights);

// "mattress Morgedal (medium-firm, since 2026-03-01, in use)"
[[nodiscard]] std::string gear_line(const nlohmann::json& gear);

// The gear items as a table, or a hint to add the first one.
[[nodiscard]] std::string gear_table(const nlohmann::json& gear);

// "room (choice: cold, warm)", "coffee (number, 0 to 10)", "alcohol (yes/no)"
[[nodiscard]] std::string factor_line(const nlohmann::json& factor);

// The factors as a table, or a hint to define the first one.
[[nodiscard]] std::string factors_table(const nlohmann::json& factors);

// The status result, one "name  value" per line.
[[nodiscard]] std::string status_text(const nlohmann::json& status);

// A config.get "settings" list: "key = value" with the default when it is not set.
[[nodiscard]] std::string settings_text(const nlohmann::json& settings);

// Display width of UTF-8 text, counted in code points (good enough for names).
[[nodiscard]] std::size_t display_width(std::string_view text);

// `text` cut to at most `width` code points, ending in "…" when cut.
[[nodiscard]] std::string fit(std::string_view text, std::size_t width);

}  // namespace painlog::cli
