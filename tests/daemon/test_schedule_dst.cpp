// Reminders across DST changes, checked against the tzdata on this machine (zdump -v).
// Relative to 2026-11-23, the previous and next spring-forward and fall-back days of:
//   Europe/Berlin       gap 02:00-03:00 on 2026-03-29 and 2027-03-28 (01:00Z);
//                       repeat 02:00-03:00 on 2026-10-25 and 2027-10-31 (01:00Z)
//   America/New_York    gap 02:00-03:00 on 2026-03-08 and 2027-03-14 (07:00Z);
//                       repeat 01:00-02:00 on 2026-11-01 and 2027-11-07 (06:00Z)
//   Australia/Lord_Howe gap 02:00-02:30 on 2026-10-04 and 2027-10-03 (15:30Z the day before);
//                       repeat 01:30-02:00 on 2026-04-05 and 2027-04-04 (15:00Z the day before)
#include "daemon/schedule.h"

#include <doctest/doctest.h>

#include "schedule_helpers.h"

namespace painlog::daemon {
namespace {

using namespace std::chrono_literals;
using test::local;
using test::rule;
using test::utc;
using Kind = Firing::Kind;

constexpr auto k_normal = Kind::k_normal;
constexpr auto k_gap = Kind::k_after_gap;
constexpr auto k_first = Kind::k_first_of_two;

constexpr const char* k_berlin = "Europe/Berlin";
constexpr const char* k_new_york = "America/New_York";
constexpr const char* k_lord_howe = "Australia/Lord_Howe";

// A daily reminder at the wall time `local` on a change day: when it fires, how, and
// when it fires the next day (always a normal firing).
struct ChangeDayCase {
    const char* zone;
    const char* local;
    const char* fires;
    Kind kind;
    const char* next_day;
};

// clang-format off
constexpr ChangeDayCase k_change_day_cases[] = {
    // Berlin, spring forward: 02:00-02:59 does not exist.
    {k_berlin,    "2026-03-29 01:59", "2026-03-29T00:59:00Z", k_normal, "2026-03-29T23:59:00Z"},
    {k_berlin,    "2026-03-29 02:00", "2026-03-29T01:00:00Z", k_gap,    "2026-03-30T00:00:00Z"},
    {k_berlin,    "2026-03-29 02:30", "2026-03-29T01:00:00Z", k_gap,    "2026-03-30T00:30:00Z"},
    {k_berlin,    "2026-03-29 03:00", "2026-03-29T01:00:00Z", k_normal, "2026-03-30T01:00:00Z"},
    {k_berlin,    "2027-03-28 01:59", "2027-03-28T00:59:00Z", k_normal, "2027-03-28T23:59:00Z"},
    {k_berlin,    "2027-03-28 02:00", "2027-03-28T01:00:00Z", k_gap,    "2027-03-29T00:00:00Z"},
    {k_berlin,    "2027-03-28 02:30", "2027-03-28T01:00:00Z", k_gap,    "2027-03-29T00:30:00Z"},
    {k_berlin,    "2027-03-28 03:00", "2027-03-28T01:00:00Z", k_normal, "2027-03-29T01:00:00Z"},
    // Berlin, fall back: 02:00-02:59 happens twice, first in CEST.
    {k_berlin,    "2026-10-25 01:59", "2026-10-24T23:59:00Z", k_normal, "2026-10-26T00:59:00Z"},
    {k_berlin,    "2026-10-25 02:00", "2026-10-25T00:00:00Z", k_first,  "2026-10-26T01:00:00Z"},
    {k_berlin,    "2026-10-25 02:30", "2026-10-25T00:30:00Z", k_first,  "2026-10-26T01:30:00Z"},
    {k_berlin,    "2026-10-25 02:59", "2026-10-25T00:59:00Z", k_first,  "2026-10-26T01:59:00Z"},
    {k_berlin,    "2026-10-25 03:00", "2026-10-25T02:00:00Z", k_normal, "2026-10-26T02:00:00Z"},
    {k_berlin,    "2027-10-31 01:59", "2027-10-30T23:59:00Z", k_normal, "2027-11-01T00:59:00Z"},
    {k_berlin,    "2027-10-31 02:00", "2027-10-31T00:00:00Z", k_first,  "2027-11-01T01:00:00Z"},
    {k_berlin,    "2027-10-31 02:30", "2027-10-31T00:30:00Z", k_first,  "2027-11-01T01:30:00Z"},
    {k_berlin,    "2027-10-31 03:00", "2027-10-31T02:00:00Z", k_normal, "2027-11-01T02:00:00Z"},
    // New York, spring forward: 02:00-02:59 does not exist.
    {k_new_york,  "2026-03-08 01:59", "2026-03-08T06:59:00Z", k_normal, "2026-03-09T05:59:00Z"},
    {k_new_york,  "2026-03-08 02:00", "2026-03-08T07:00:00Z", k_gap,    "2026-03-09T06:00:00Z"},
    {k_new_york,  "2026-03-08 02:30", "2026-03-08T07:00:00Z", k_gap,    "2026-03-09T06:30:00Z"},
    {k_new_york,  "2026-03-08 03:00", "2026-03-08T07:00:00Z", k_normal, "2026-03-09T07:00:00Z"},
    {k_new_york,  "2027-03-14 01:59", "2027-03-14T06:59:00Z", k_normal, "2027-03-15T05:59:00Z"},
    {k_new_york,  "2027-03-14 02:00", "2027-03-14T07:00:00Z", k_gap,    "2027-03-15T06:00:00Z"},
    {k_new_york,  "2027-03-14 02:30", "2027-03-14T07:00:00Z", k_gap,    "2027-03-15T06:30:00Z"},
    {k_new_york,  "2027-03-14 03:00", "2027-03-14T07:00:00Z", k_normal, "2027-03-15T07:00:00Z"},
    // New York, fall back: 01:00-01:59 happens twice, first in EDT.
    {k_new_york,  "2026-11-01 00:59", "2026-11-01T04:59:00Z", k_normal, "2026-11-02T05:59:00Z"},
    {k_new_york,  "2026-11-01 01:00", "2026-11-01T05:00:00Z", k_first,  "2026-11-02T06:00:00Z"},
    {k_new_york,  "2026-11-01 01:30", "2026-11-01T05:30:00Z", k_first,  "2026-11-02T06:30:00Z"},
    {k_new_york,  "2026-11-01 02:00", "2026-11-01T07:00:00Z", k_normal, "2026-11-02T07:00:00Z"},
    {k_new_york,  "2027-11-07 00:59", "2027-11-07T04:59:00Z", k_normal, "2027-11-08T05:59:00Z"},
    {k_new_york,  "2027-11-07 01:00", "2027-11-07T05:00:00Z", k_first,  "2027-11-08T06:00:00Z"},
    {k_new_york,  "2027-11-07 01:30", "2027-11-07T05:30:00Z", k_first,  "2027-11-08T06:30:00Z"},
    {k_new_york,  "2027-11-07 02:00", "2027-11-07T07:00:00Z", k_normal, "2027-11-08T07:00:00Z"},
    // Lord Howe, spring forward by 30 minutes (+10:30 to +11): 02:00-02:29 does not exist.
    {k_lord_howe, "2026-10-04 01:59", "2026-10-03T15:29:00Z", k_normal, "2026-10-04T14:59:00Z"},
    {k_lord_howe, "2026-10-04 02:00", "2026-10-03T15:30:00Z", k_gap,    "2026-10-04T15:00:00Z"},
    {k_lord_howe, "2026-10-04 02:15", "2026-10-03T15:30:00Z", k_gap,    "2026-10-04T15:15:00Z"},
    {k_lord_howe, "2026-10-04 02:30", "2026-10-03T15:30:00Z", k_normal, "2026-10-04T15:30:00Z"},
    {k_lord_howe, "2027-10-03 01:59", "2027-10-02T15:29:00Z", k_normal, "2027-10-03T14:59:00Z"},
    {k_lord_howe, "2027-10-03 02:00", "2027-10-02T15:30:00Z", k_gap,    "2027-10-03T15:00:00Z"},
    {k_lord_howe, "2027-10-03 02:15", "2027-10-02T15:30:00Z", k_gap,    "2027-10-03T15:15:00Z"},
    {k_lord_howe, "2027-10-03 02:30", "2027-10-02T15:30:00Z", k_normal, "2027-10-03T15:30:00Z"},
    // Lord Howe, fall back by 30 minutes (+11 to +10:30): 01:30-01:59 happens twice.
    {k_lord_howe, "2026-04-05 01:29", "2026-04-04T14:29:00Z", k_normal, "2026-04-05T14:59:00Z"},
    {k_lord_howe, "2026-04-05 01:30", "2026-04-04T14:30:00Z", k_first,  "2026-04-05T15:00:00Z"},
    {k_lord_howe, "2026-04-05 01:45", "2026-04-04T14:45:00Z", k_first,  "2026-04-05T15:15:00Z"},
    {k_lord_howe, "2026-04-05 02:00", "2026-04-04T15:30:00Z", k_normal, "2026-04-05T15:30:00Z"},
    {k_lord_howe, "2027-04-04 01:29", "2027-04-03T14:29:00Z", k_normal, "2027-04-04T14:59:00Z"},
    {k_lord_howe, "2027-04-04 01:30", "2027-04-03T14:30:00Z", k_first,  "2027-04-04T15:00:00Z"},
    {k_lord_howe, "2027-04-04 01:45", "2027-04-03T14:45:00Z", k_first,  "2027-04-04T15:15:00Z"},
    {k_lord_howe, "2027-04-04 02:00", "2027-04-03T15:30:00Z", k_normal, "2027-04-04T15:30:00Z"},
};
// clang-format on

// How far the clocks move in `zone_name`.
std::chrono::seconds shift_of(std::string_view zone_name) {
    return zone_name == k_lord_howe ? 30min : 60min;
}

// The "HH:MM" part of a "YYYY-MM-DD HH:MM" fixture.
const char* time_part(const char* local_text) {
    return local_text + 11;
}

TEST_CASE("DST change days: each wall time fires once at the exact instant") {
    for (const auto& c : k_change_day_cases) {
        CAPTURE(c.zone);
        CAPTURE(c.local);
        const auto daily = rule(c.zone, time_part(c.local));
        const auto wall = local(c.local);
        const Firing expected{utc(c.fires), wall, c.kind};
        CHECK(resolve_local(daily.zone, wall) == expected);

        // Found from just before it and from the local midnight starting that day.
        const auto from_just_before = next_firing(daily, expected.instant - 1s);
        REQUIRE(from_just_before.has_value());
        CHECK(*from_just_before == expected);
        const auto midnight =
            resolve_local(daily.zone, date::local_seconds{date::floor<date::days>(wall)});
        const auto from_midnight = next_firing(daily, midnight.instant);
        REQUIRE(from_midnight.has_value());
        CHECK(*from_midnight == expected);

        // The next firing is the next day's, at the same wall time, normal.
        const auto next = next_firing(daily, expected.instant);
        REQUIRE(next.has_value());
        CHECK(*next == Firing{utc(c.next_day), wall + date::days{1}, k_normal});

        // The latest firing up to it, or up to a little later, is this one.
        const auto latest = latest_firing(daily, expected.instant - 1s, expected.instant);
        REQUIRE(latest.has_value());
        CHECK(*latest == expected);
        CHECK(latest_firing(daily, expected.instant, expected.instant + 1h) == std::nullopt);
    }
}

TEST_CASE("DST fall back: a repeated wall time never fires at its second occurrence") {
    for (const auto& c : k_change_day_cases) {
        if (c.kind != k_first) continue;
        CAPTURE(c.zone);
        CAPTURE(c.local);
        const auto daily = rule(c.zone, time_part(c.local));
        const auto first = utc(c.fires);
        const auto second = first + shift_of(c.zone);
        // The wall time really is repeated: both instants show it in the zone.
        CHECK(daily.zone->to_local(first) == local(c.local));
        CHECK(daily.zone->to_local(second) == local(c.local));
        for (const auto after : {first, first + 1s, second - 1s, second, second + 1s}) {
            CAPTURE(format_utc_seconds(after));
            const auto next = next_firing(daily, after);
            REQUIRE(next.has_value());
            CHECK(next->instant == utc(c.next_day));
            CHECK(next->kind == k_normal);
        }
        // One firing in a window holding both occurrences.
        const auto latest = latest_firing(daily, first - 1s, second + 1s);
        REQUIRE(latest.has_value());
        CHECK(latest->instant == first);
        CHECK(latest_firing(daily, first, second + 1s) == std::nullopt);
    }
}

// A daily noon reminder around each change: the local wall time steps by 24h, the UTC
// instants by 24h minus (spring) or plus (fall) the shift on the change day only.
struct ChangeCase {
    const char* zone;
    const char* day_before_noon;
    const char* noon_utc;  // the change day's noon
    bool spring;
};

// clang-format off
constexpr ChangeCase k_change_cases[] = {
    {k_berlin,    "2026-03-28 12:00", "2026-03-29T10:00:00Z", true},
    {k_berlin,    "2026-10-24 12:00", "2026-10-25T11:00:00Z", false},
    {k_berlin,    "2027-03-27 12:00", "2027-03-28T10:00:00Z", true},
    {k_berlin,    "2027-10-30 12:00", "2027-10-31T11:00:00Z", false},
    {k_new_york,  "2026-03-07 12:00", "2026-03-08T16:00:00Z", true},
    {k_new_york,  "2026-10-31 12:00", "2026-11-01T17:00:00Z", false},
    {k_new_york,  "2027-03-13 12:00", "2027-03-14T16:00:00Z", true},
    {k_new_york,  "2027-11-06 12:00", "2027-11-07T17:00:00Z", false},
    {k_lord_howe, "2026-04-04 12:00", "2026-04-05T01:30:00Z", false},
    {k_lord_howe, "2026-10-03 12:00", "2026-10-04T01:00:00Z", true},
    {k_lord_howe, "2027-04-03 12:00", "2027-04-04T01:30:00Z", false},
    {k_lord_howe, "2027-10-02 12:00", "2027-10-03T01:00:00Z", true},
};
// clang-format on

TEST_CASE("DST changes: 24h apart in local time - 23h or 25h (23.5h or 24.5h) in UTC") {
    for (const auto& c : k_change_cases) {
        CAPTURE(c.zone);
        CAPTURE(c.day_before_noon);
        const auto noon = rule(c.zone, "12:00");
        const auto day_before = local(c.day_before_noon);
        const auto firings = preview(noon, day_before, 3);
        REQUIRE(firings.size() == 3);
        for (std::size_t i = 0; i < firings.size(); ++i) {
            CHECK(firings[i].wall == day_before + date::days{i});
            CHECK(firings[i].kind == k_normal);
        }
        CHECK(firings[1].instant == utc(c.noon_utc));
        const auto change_day_step = c.spring ? 24h - shift_of(c.zone) : 24h + shift_of(c.zone);
        CHECK(firings[1].instant - firings[0].instant == change_day_step);
        CHECK(firings[2].instant - firings[1].instant == 24h);
    }
}

TEST_CASE("preview from a local start inside a gap starts at the end of the gap") {
    // Berlin 2027-03-28 02:15 does not exist; it maps to 03:00 CEST (01:00Z), which is
    // also when the 02:30 reminder fires: "at or after" includes it.
    const auto at_0230 = rule("Europe/Berlin", "02:30");
    const auto firings = preview(at_0230, local("2027-03-28 02:15"), 2);
    REQUIRE(firings.size() == 2);
    CHECK(firings[0] == Firing{utc("2027-03-28T01:00:00Z"), local("2027-03-28 02:30"), k_gap});
    CHECK(firings[1] == Firing{utc("2027-03-29T00:30:00Z"), local("2027-03-29 02:30"), k_normal});

    // A 01:30 reminder has passed by the end of the gap: the first is the next day's.
    const auto at_0130 = rule("Europe/Berlin", "01:30");
    const auto later = preview(at_0130, local("2027-03-28 02:15"), 1);
    REQUIRE(later.size() == 1);
    CHECK(later[0] == Firing{utc("2027-03-28T23:30:00Z"), local("2027-03-29 01:30"), k_normal});

    // An ambiguous start maps to its first occurrence: the repeated 02:30 is included once.
    const auto fall = preview(at_0230, local("2027-10-31 02:10"), 2);
    REQUIRE(fall.size() == 2);
    CHECK(fall[0] == Firing{utc("2027-10-31T00:30:00Z"), local("2027-10-31 02:30"), k_first});
    CHECK(fall[1] == Firing{utc("2027-11-01T01:30:00Z"), local("2027-11-01 02:30"), k_normal});
}

TEST_CASE("preview across DST changes lists the exact instants") {
    // New York 02:30 over the 2027 spring-forward Sunday.
    const auto ny = rule("America/New_York", "02:30");
    const Firing expected_ny[] = {
        {utc("2027-03-13T07:30:00Z"), local("2027-03-13 02:30"), k_normal},
        {utc("2027-03-14T07:00:00Z"), local("2027-03-14 02:30"), k_gap},
        {utc("2027-03-15T06:30:00Z"), local("2027-03-15 02:30"), k_normal},
        {utc("2027-03-16T06:30:00Z"), local("2027-03-16 02:30"), k_normal},
    };
    const auto ny_firings = preview(ny, local("2027-03-13 00:00"), 4);
    REQUIRE(ny_firings.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(ny_firings[i] == expected_ny[i]);

    // Lord Howe 01:45 over the 2027 fall-back Sunday: once on the 4th, at +11.
    const auto lh = rule("Australia/Lord_Howe", "01:45");
    const Firing expected_lh[] = {
        {utc("2027-04-02T14:45:00Z"), local("2027-04-03 01:45"), k_normal},
        {utc("2027-04-03T14:45:00Z"), local("2027-04-04 01:45"), k_first},
        {utc("2027-04-04T15:15:00Z"), local("2027-04-05 01:45"), k_normal},
    };
    const auto lh_firings = preview(lh, local("2027-04-03 00:00"), 3);
    REQUIRE(lh_firings.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) CHECK(lh_firings[i] == expected_lh[i]);
}

TEST_CASE("latest_firing across a change day picks the change day's firing") {
    // Berlin 02:30, window ending just after the 2026-03-29 gap.
    const auto berlin = rule("Europe/Berlin", "02:30");
    const auto latest =
        latest_firing(berlin, utc("2020-01-01T00:00:00Z"), utc("2026-03-29T01:05:00Z"));
    REQUIRE(latest.has_value());
    CHECK(*latest == Firing{utc("2026-03-29T01:00:00Z"), local("2026-03-29 02:30"), k_gap});
}

}  // namespace
}  // namespace painlog::daemon
