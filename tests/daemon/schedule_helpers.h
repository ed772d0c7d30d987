// Shorthands for the scheduler tests: instants and local times written as text, zones
// by name, rules in one line. Failing to parse a fixture fails the test (REQUIRE).
#pragma once

#include "daemon/schedule.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

namespace painlog::daemon::test {

// "2027-03-28T01:00:00Z".
inline Seconds utc(const char* text) {
    const auto instant = parse_utc_seconds(text);
    REQUIRE_MESSAGE(instant.has_value(), text);
    return *instant;
}

// "2027-03-28 02:30".
inline date::local_seconds local(const char* text) {
    const auto when = parse_local_datetime("fixture", text);
    REQUIRE_MESSAGE(when.ok(), text);
    return *when;
}

inline const date::time_zone* zone(const char* name) {
    const auto* found = find_zone(name);
    REQUIRE_MESSAGE(found != nullptr, name);
    return found;
}

// A rule at "HH:MM" on `days` in the zone `zone_name`.
inline WallClockRule rule(const char* zone_name, const char* at, DayMask days = k_every_day) {
    const auto time_of_day = parse_time_of_day("fixture", at);
    REQUIRE_MESSAGE(time_of_day.ok(), at);
    return WallClockRule{*time_of_day, days, zone(zone_name)};
}

inline const char* kind_name(Firing::Kind kind) {
    switch (kind) {
        case Firing::Kind::k_normal:
            return "normal";
        case Firing::Kind::k_after_gap:
            return "after_gap";
        case Firing::Kind::k_first_of_two:
            return "first_of_two";
    }
    return "?";
}

}  // namespace painlog::daemon::test

namespace doctest {
// Failed checks on firings print them readably.
template <>
struct StringMaker<painlog::daemon::Firing> {
    static String convert(const painlog::daemon::Firing& firing) {
        const std::string text = painlog::daemon::format_utc_seconds(firing.instant) + " for " +
                                 date::format("%F %R", firing.wall) + " (" +
                                 painlog::daemon::test::kind_name(firing.kind) + ")";
        return String(text.c_str());
    }
};
}  // namespace doctest
