// Calendar dates and time zones for the journal: strict ISO dates, the user's zone
// (setting, else TZ, else /etc/localtime, else UTC) and "today" in it, through
// Howard Hinnant's date/tz. Pure functions over a given clock reading; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include <date/date.h>
#include <date/tz.h>

#include "protocol/result.h"

namespace painlog::daemon {

using Date = date::year_month_day;

// Parses exactly "YYYY-MM-DD" naming a date that exists; nullopt otherwise.
[[nodiscard]] std::optional<Date> parse_iso_date(std::string_view text);

// "YYYY-MM-DD".
[[nodiscard]] std::string format_date(Date date);

// The zone named `name` (a leading ':' as in TZ is allowed); nullptr if unknown.
[[nodiscard]] const date::time_zone* find_zone(std::string_view name);

// The user's zone: `configured` if it names a zone, else the TZ variable, else
// /etc/localtime, else UTC. Never null.
[[nodiscard]] const date::time_zone* resolve_zone(std::string_view configured);

// The local calendar date at `now` in `zone`.
[[nodiscard]] Date local_date(const date::time_zone* zone,
                              std::chrono::system_clock::time_point now);

// The earliest night a journal holds. Before 1677-09-21 an instant no longer fits the
// nanoseconds of std::chrono::system_clock; from 1700 there is room for a century of
// history imported from elsewhere (and for benchmarks' 100,000 nights).
inline constexpr Date k_earliest_date{date::year{1700}, date::January, date::day{1}};

// A date parameter named `field`: "YYYY-MM-DD", "today" or "yesterday"; an error
// naming the field when it does not exist, lies after `today` or before
// k_earliest_date.
[[nodiscard]] protocol::Result<Date> parse_date_param(std::string_view field,
                                                      std::string_view text, Date today);

// The Monday of the ISO week "YYYY-Www" (W from 01 to the year's last week, 52 or
// 53); nullopt for anything else, e.g. 2026-W54.
[[nodiscard]] std::optional<Date> parse_iso_week(std::string_view text);

// "YYYY-Www": the ISO week `date` falls in.
[[nodiscard]] std::string format_iso_week(Date date);

// The Monday of the ISO week `date` falls in.
[[nodiscard]] Date week_monday(Date date);

// An instant as UTC "YYYY-MM-DDTHH:MM:SSZ", for created_at and similar columns.
[[nodiscard]] std::string format_utc(std::chrono::system_clock::time_point instant);

}  // namespace painlog::daemon
