// Calendar dates for people: ISO dates ("2026-11-16") read from a REPORT, day
// numbers for charts, and labels such as "Mon 16 Nov" and "16–22 November 2026".
// English names, proleptic Gregorian calendar, no time zones (REPORT dates are local
// already). Pure functions; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace painlog::report {

// Days since 1970-01-01 of an ISO date "YYYY-MM-DD", or nullopt when it is not one.
[[nodiscard]] std::optional<long> day_number(const nlohmann::json& iso_date);

// The ISO date "YYYY-MM-DD" of a day number, and its weekday (0 Monday to 6 Sunday).
[[nodiscard]] std::string iso_date(long day);
[[nodiscard]] int weekday_index(long day);

// "Mon 16 Nov" ("-" when not a date); "16 Nov"; "16–22 November 2026" for a range.
[[nodiscard]] std::string day_label(const nlohmann::json& iso_date);
[[nodiscard]] std::string short_date(const nlohmann::json& iso_date);
[[nodiscard]] std::string range_label(const nlohmann::json& from, const nlohmann::json& to);

}  // namespace painlog::report
