// The pure time arithmetic of the reminder scheduler (DESIGN.md, "Time"): parsing and
// formatting of days, times of day and durations, and when a wall-clock rule in an IANA
// zone fires across DST changes. No clock, no I/O: every "now" is a parameter.
// Pure functions over plain values; thread-safe (the zone database is read-only).
#pragma once

#include "daemon/calendar.h"
#include "protocol/result.h"

#include <date/date.h>
#include <date/tz.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace painlog::daemon {

using Seconds = date::sys_seconds;  // an instant, whole seconds UTC

// Days of the week a reminder fires on: bit (1u << weekday.c_encoding()), Sunday = bit 0.
// Bit 7 is never set by parse_days and is ignored everywhere.
using DayMask = std::uint8_t;
inline constexpr DayMask k_every_day = 0x7F;

// "daily", "weekdays", "weekends" (each alone), or a comma list of day names: mon tue wed
// thu fri sat sun or the full names, any case, spaces around commas allowed, duplicates
// fine. An error naming `field` and `text` otherwise; when one word of a list is bad the
// message names it (`"funday" is not a day`). Never returns an empty mask.
[[nodiscard]] protocol::Result<DayMask> parse_days(std::string_view field, std::string_view text);

// The canonical form parse_days reads back: "daily", "weekdays" (mon-fri), "weekends"
// (sat,sun), else names in Monday-first order such as "mon,wed,fri"; "" for an empty mask.
[[nodiscard]] std::string format_days(DayMask days);

// "HH:MM" or "H:MM" from 00:00 to 23:59, digits only (no sign, no spaces); an error naming
// `field` and `text` otherwise.
[[nodiscard]] protocol::Result<std::chrono::minutes> parse_time_of_day(std::string_view field,
                                                                       std::string_view text);

// "HH:MM", e.g. "07:05". Precondition: 0 <= at < 24h.
[[nodiscard]] std::string format_time_of_day(std::chrono::minutes at);

// A duration such as "10m", "90s", "1h", "1h30m" or "2d": units d h m s, each at most once
// and in that order, each with a positive integer. An error naming `field` and `text` when
// it does not read so or lies outside [min, max] (inclusive).
[[nodiscard]] protocol::Result<std::chrono::seconds> parse_duration(std::string_view field,
                                                                    std::string_view text,
                                                                    std::chrono::seconds min,
                                                                    std::chrono::seconds max);

// The form parse_duration reads: "1h30m", "10m", "45s", "1d"; "0s" for zero, a leading
// '-' for a negative duration.
[[nodiscard]] std::string format_duration(std::chrono::seconds d);

// "YYYY-MM-DD HH:MM" (or with 'T' for the space) naming a date that exists and a time from
// 00:00 to 23:59, as a zone-less local time; an error naming `field` and `text` otherwise.
[[nodiscard]] protocol::Result<date::local_seconds> parse_local_datetime(std::string_view field,
                                                                         std::string_view text);

// A reminder's wall-clock rule.
struct WallClockRule {
    std::chrono::minutes at{0};  // time of day, 0 to 23:59
    DayMask days = k_every_day;
    const date::time_zone* zone = nullptr;  // never null when used; not owned (the tzdb)
};

// One firing of a rule: when it happens, the local wall time it was scheduled for, and
// what DST did to it.
struct Firing {
    enum class Kind { k_normal, k_after_gap, k_first_of_two };
    Seconds instant;             // when it fires (UTC)
    date::local_seconds wall;    // the scheduled local date and time (e.g. 2027-03-28 02:30
                                 // even when it fires at 03:00)
    Kind kind = Kind::k_normal;  // k_after_gap: the wall time did not exist, fires at the end
                                 // of the gap; k_first_of_two: it occurs twice, fires at the first
    friend bool operator==(const Firing&, const Firing&) = default;
};

// The instant the local time `wall` in `zone` stands for: itself when unique, the end of
// the gap when it does not exist (k_after_gap), the first occurrence when it is ambiguous
// (k_first_of_two). Precondition: zone != nullptr.
[[nodiscard]] Firing resolve_local(const date::time_zone* zone, date::local_seconds wall);

// The first firing strictly after `after`; nullopt when the rule has no days.
// A time repeated on a fall-back day fires once. Precondition: rule.zone != nullptr.
[[nodiscard]] std::optional<Firing> next_firing(const WallClockRule& rule, Seconds after);

// The latest firing in (after, not_after]; nullopt if there is none. Looks at only about
// nine local dates before `not_after`, so it is cheap however old `after` is.
// Precondition: rule.zone != nullptr.
[[nodiscard]] std::optional<Firing> latest_firing(const WallClockRule& rule, Seconds after,
                                                  Seconds not_after);

// The first `count` firings at or after the local start `from`, which is mapped to an
// instant with resolve_local (inside a gap: the end of the gap; ambiguous: the first
// occurrence). Empty when the rule has no days. Callers bound `count` (one per firing).
// Precondition: rule.zone != nullptr.
[[nodiscard]] std::vector<Firing> preview(const WallClockRule& rule, date::local_seconds from,
                                          std::size_t count);

// The local time of `instant` in `zone` with its abbreviation and UTC offset, e.g.
// "2027-03-28 03:00 CEST (+02:00)"; seconds appear only when not zero.
// Precondition: zone != nullptr.
[[nodiscard]] std::string format_local(const date::time_zone* zone, Seconds instant);

// "2027-03-28T01:00:00Z".
[[nodiscard]] std::string format_utc_seconds(Seconds instant);

// Parses exactly the form format_utc_seconds writes, for stored columns; nullopt otherwise.
[[nodiscard]] std::optional<Seconds> parse_utc_seconds(std::string_view text);

// Which night, and which part of it, a routine done at local time `when` counts for
// (a night is named by the date of waking): 04:00 to before 15:00 is the "morning" of that
// date's night; 15:00 to midnight the "evening" before the next date's night; midnight to
// before 04:00 the "evening" before that same date's night (stretching late, before bed).
struct NightSlot {
    Date night;
    std::string_view slot;  // "morning" or "evening"; static storage
};
[[nodiscard]] NightSlot night_slot(date::local_seconds when);

}  // namespace painlog::daemon
