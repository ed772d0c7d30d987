// The night fields as command-line options, shared by `painlog add` and `painlog edit`,
// and their translation into night.add / night.edit params. Values go to painlogd as
// the user wrote them wherever painlogd validates (a pain of "bad" is sent as the
// string "bad" so the daemon's message names it): the journal's rules live in one
// place, the daemon. No I/O; pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace painlog::cli {

// What the user wrote for each field; nullopt / empty when the option was not given.
struct NightOptions {
    std::optional<std::string> pain;
    std::optional<std::string> areas;  // comma-separated
    std::optional<std::string> stiffness;
    std::optional<std::string> position;
    std::optional<std::string> stress;
    std::optional<std::string> sitting;  // sitting_hours on the wire
    std::optional<std::string> sleep;    // sleep_hours
    std::optional<std::string> quality;  // sleep_quality
    std::optional<std::string> mattress;
    std::optional<std::string> pillow;
    std::vector<std::string> routines;  // one per --routine
    std::vector<std::string> factors;   // NAME=VALUE, one per --factor
    std::optional<std::string> note;
};

// Adds --pain ... --note to `command`, storing into `options` (which must outlive the
// parse). --factor rejects a value without NAME= as a usage error.
void add_night_options(CLI::App& command, NightOptions& options);

// The fields the user gave, keyed by their wire names (pain, areas, sitting_hours,
// factors ...). Integers and numbers that parse as such are sent as JSON numbers, the
// rest as the string written; factor values always as strings.
[[nodiscard]] nlohmann::json night_fields(const NightOptions& options);

// night.add params: {"night": {date?, fields...}, "replace": replace}.
[[nodiscard]] nlohmann::json add_params(const std::optional<std::string>& date,
                                        const NightOptions& options, bool replace);

// night.edit params: {"date", "set": {fields...}, "clear": [wire names...]}. Throws
// Failure(k_usage) when neither a field nor a --clear was given.
[[nodiscard]] nlohmann::json edit_params(const std::string& date, const NightOptions& options,
                                         const std::vector<std::string>& clear);

// A JSON integer when `text` is one whole integer, else the string.
[[nodiscard]] nlohmann::json integer_or_text(std::string_view text);

// A JSON number when `text` is one finite number, else the string.
[[nodiscard]] nlohmann::json number_or_text(std::string_view text);

// "upper_back, neck,," -> {"upper_back", "neck"}: split on commas, trimmed, no empties.
[[nodiscard]] std::vector<std::string> split_list(std::string_view text);

// "coffee=2" -> {"coffee", "2"}; splits at the first '='. Precondition: has a '='.
[[nodiscard]] std::pair<std::string, std::string> split_factor(std::string_view text);

// The wire name of a --clear FIELD: option spellings (sitting, sleep, quality,
// routine) become wire names (sitting_hours ...); factor:NAME and the rest pass as is.
[[nodiscard]] std::string clear_field_name(std::string_view field);

}  // namespace painlog::cli
