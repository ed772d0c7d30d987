// The scheduler's parsers and formats, day masks, windows and night slots. DST change
// days are in test_schedule_dst.cpp.
#include "daemon/schedule.h"

#include <doctest/doctest.h>

#include <string>

#include "schedule_helpers.h"

namespace painlog::daemon {
namespace {

using namespace std::chrono_literals;
using namespace date::literals;
using test::local;
using test::rule;
using test::utc;

bool mentions(const std::string& message, std::string_view text) {
    return message.find(text) != std::string::npos;
}

// An error about `field` and `value` whose message names the value; `allowed` if given.
template <typename T>
void check_invalid(const protocol::Result<T>& result, std::string_view field,
                   std::string_view value, std::string_view allowed = {}) {
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().code == protocol::ErrorCode::k_invalid_params);
    CHECK(result.error().field == field);
    CHECK(result.error().value == value);
    CHECK(mentions(result.error().message, "'" + std::string(value) + "'"));
    if (!allowed.empty()) CHECK(result.error().allowed == allowed);
}

TEST_CASE("parse_days reads keywords and day lists in any case") {
    struct Case {
        const char* text;
        DayMask days;
    };
    const Case cases[] = {
        {"daily", 0x7F},
        {"DAILY", 0x7F},
        {"weekdays", 0x3E},
        {"Weekends", 0x41},
        {"mon", 0x02},
        {"sun", 0x01},
        {"sat", 0x40},
        {"mon,wed,fri", 0x2A},
        {"Mon , Wed,FRI", 0x2A},
        {"monday,Tuesday", 0x06},
        {"mon,mon,monday", 0x02},
        {" mon ", 0x02},
        {"sun,sat", 0x41},
        {"mon,tue,wed,thu,fri,sat,sun", 0x7F},
        {"thursday, saturday , sunday", 0x51},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto days = parse_days("days", c.text);
        REQUIRE(days.ok());
        CHECK(int{*days} == int{c.days});
    }
}

TEST_CASE("parse_days refuses empty text - unknown words - and empty list items") {
    const std::string allowed =
        "daily, weekdays, weekends or day names such as mon,wed,fri (mon, tue, wed, thu, fri, "
        "sat, sun)";
    for (const char* text : {"", "   ", "funday", "m", "mon;tue", "mon tue", "daily,mon",
                             "everyday", "mon,,tue", "mon,", ",mon"}) {
        CAPTURE(text);
        check_invalid(parse_days("days", text), "days", text, allowed);
    }
    const auto bad_word = parse_days("days", "mon, Funday ,fri");
    REQUIRE_FALSE(bad_word.ok());
    CHECK(mentions(bad_word.error().message, "\"funday\" is not a day"));
    CHECK(mentions(bad_word.error().message, "'mon, Funday ,fri'"));
    CHECK(mentions(bad_word.error().message, allowed));
    const auto missing = parse_days("days", "mon,,tue");
    REQUIRE_FALSE(missing.ok());
    CHECK(mentions(missing.error().message, "missing"));
}

TEST_CASE("format_days writes the canonical form and parse_days reads it back") {
    CHECK(format_days(0x7F) == "daily");
    CHECK(format_days(0xFF) == "daily");
    CHECK(format_days(0x3E) == "weekdays");
    CHECK(format_days(0x41) == "weekends");
    CHECK(format_days(0x2A) == "mon,wed,fri");
    CHECK(format_days(0x43) == "mon,sat,sun");
    CHECK(format_days(0x01) == "sun");
    CHECK(format_days(0x3F) == "mon,tue,wed,thu,fri,sun");
    CHECK(format_days(0) == "");
    for (unsigned mask = 1; mask <= 0x7F; ++mask) {
        CAPTURE(mask);
        const auto days = parse_days("days", format_days(static_cast<DayMask>(mask)));
        REQUIRE(days.ok());
        CHECK(unsigned{*days} == mask);
    }
}

TEST_CASE("parse_time_of_day takes H:MM or HH:MM within a day") {
    CHECK(*parse_time_of_day("at", "07:00") == 7h);
    CHECK(*parse_time_of_day("at", "7:05") == 7h + 5min);
    CHECK(*parse_time_of_day("at", "00:00") == 0min);
    CHECK(*parse_time_of_day("at", "0:00") == 0min);
    CHECK(*parse_time_of_day("at", "23:59") == 23h + 59min);
    const std::string allowed = "a time of day from 00:00 to 23:59, as HH:MM";
    for (const char* text : {"25:00", "24:00", "7:60", "7", "07:5", "-1:00", " 07:00", "07:00 ", "",
                             "07-00", "0700", "007:00", "+7:00", "07:0a", "7:5", "07:000"}) {
        CAPTURE(text);
        check_invalid(parse_time_of_day("at", text), "at", text, allowed);
    }
}

TEST_CASE("format_time_of_day pads to HH:MM and round-trips every minute") {
    CHECK(format_time_of_day(7h + 5min) == "07:05");
    CHECK(format_time_of_day(0min) == "00:00");
    CHECK(format_time_of_day(23h + 59min) == "23:59");
    for (auto at = 0min; at < 24h; at += 1min) {
        const auto back = parse_time_of_day("at", format_time_of_day(at));
        REQUIRE(back.ok());
        CHECK(*back == at);
    }
}

TEST_CASE("parse_duration reads d h m s in order within bounds") {
    struct Case {
        const char* text;
        std::chrono::seconds expected;
    };
    const Case cases[] = {
        {"10m", 10min}, {"90s", 90s},     {"1h", 1h},           {"1h30m", 90min},
        {"2d", 48h},    {"1h30s", 3630s}, {"1d2h3m4s", 93784s}, {"05m", 5min},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto d = parse_duration("snooze", c.text, 1s, 7 * 24h);
        REQUIRE(d.ok());
        CHECK(*d == c.expected);
    }
    // Both bounds are inclusive.
    CHECK(*parse_duration("snooze", "1m", 1min, 24h) == 1min);
    CHECK(*parse_duration("snooze", "1d", 1min, 24h) == 24h);
    CHECK(*parse_duration("snooze", "24h", 1min, 24h) == 24h);
}

TEST_CASE("parse_duration refuses malformed and out-of-range durations") {
    const std::string allowed = "a duration from 1m to 1d such as 10m or 1h30m";
    for (const char* text : {"-5m",  "0m",  "10y",  "10 years", "",
                             "m",    "5",   "1m1h", "1h1h",     "1h 30m",
                             "1.5h", "h1",  "10M",  " 10m",     "10m ",
                             "1h0m", "30s", "2d",   "24h1s",    "99999999999999999999s",
                             "1d-1h"}) {
        CAPTURE(text);
        check_invalid(parse_duration("snooze", text, 1min, 24h), "snooze", text, allowed);
    }
    const auto odd_bounds = parse_duration("every", "1s", 90s, 36h);
    REQUIRE_FALSE(odd_bounds.ok());
    CHECK(odd_bounds.error().allowed == "a duration from 1m30s to 1d12h such as 10m or 1h30m");
}

TEST_CASE("format_duration writes the largest units first and round-trips") {
    struct Case {
        std::chrono::seconds d;
        const char* text;
    };
    const Case cases[] = {
        {90min, "1h30m"},     {10min, "10m"},   {45s, "45s"}, {24h, "1d"},
        {90061s, "1d1h1m1s"}, {3630s, "1h30s"}, {48h, "2d"},  {1s, "1s"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(format_duration(c.d) == c.text);
        CHECK(*parse_duration("d", c.text, 1s, 48h) == c.d);
    }
    CHECK(format_duration(0s) == "0s");
    CHECK(format_duration(-90s) == "-1m30s");
}

TEST_CASE("parse_local_datetime takes a date that exists and HH:MM - zone-less") {
    CHECK(*parse_local_datetime("from", "2027-03-28 02:30") ==
          date::local_days{2027_y / date::March / 28} + 2h + 30min);
    CHECK(*parse_local_datetime("from", "2027-03-28T02:30") ==
          date::local_days{2027_y / date::March / 28} + 2h + 30min);
    CHECK(*parse_local_datetime("from", "2024-02-29 23:59") ==
          date::local_days{2024_y / date::February / 29} + 23h + 59min);
    CHECK(*parse_local_datetime("from", "2199-12-31 23:59") ==
          date::local_days{2199_y / date::December / 31} + 23h + 59min);
    CHECK(format_utc_seconds(Seconds{date::sys_days{2199_y / date::December / 31}}) ==
          "2199-12-31T00:00:00Z");
    for (const char* text :
         {"2026-02-29 10:00", "2027-03-28 24:00", "2027-03-28 7:30", "2027-03-28",
          "2027-03-28  02:30", "2027-03-28x02:30", "2027-03-28 02:30:00", "", "2027-3-28 02:30",
          "2027-03-28 02:60", "2027-03-28t02:30", "1699-12-31 23:59", "2200-01-01 00:00",
          "4987-03-27 00:00"}) {
        CAPTURE(text);
        check_invalid(parse_local_datetime("from", text), "from", text);
    }
}

TEST_CASE("day masks: weekdays skip the weekend and a single day repeats weekly") {
    // Monday 2026-11-23 to Friday the 27th, then Monday the 30th (CET, UTC+1).
    const auto weekdays = rule("Europe/Berlin", "07:00", 0x3E);
    const auto firings = preview(weekdays, local("2026-11-23 00:00"), 6);
    REQUIRE(firings.size() == 6);
    const char* expected[] = {"2026-11-23T06:00:00Z", "2026-11-24T06:00:00Z",
                              "2026-11-25T06:00:00Z", "2026-11-26T06:00:00Z",
                              "2026-11-27T06:00:00Z", "2026-11-30T06:00:00Z"};
    for (std::size_t i = 0; i < firings.size(); ++i) {
        CAPTURE(i);
        CHECK(firings[i].instant == utc(expected[i]));
        CHECK(firings[i].kind == Firing::Kind::k_normal);
    }
    const auto after_friday = next_firing(weekdays, utc("2026-11-27T06:00:00Z"));
    REQUIRE(after_friday.has_value());
    CHECK(after_friday->wall == local("2026-11-30 07:00"));

    const auto wednesdays = rule("America/New_York", "18:30", 0x08);
    const auto weekly = preview(wednesdays, local("2026-11-23 19:00"), 4);
    REQUIRE(weekly.size() == 4);
    CHECK(weekly[0].wall == local("2026-11-25 18:30"));
    CHECK(weekly[0].instant == utc("2026-11-25T23:30:00Z"));
    for (std::size_t i = 1; i < weekly.size(); ++i) {
        CHECK(weekly[i].instant - weekly[i - 1].instant == 7 * 24h);
    }

    // Sundays across the Berlin spring-forward: 7 local days, 167 hours.
    const auto sundays = rule("Europe/Berlin", "09:00", 0x01);
    const auto spring = preview(sundays, local("2027-03-21 00:00"), 2);
    REQUIRE(spring.size() == 2);
    CHECK(spring[1].instant - spring[0].instant == 7 * 24h - 1h);
}

TEST_CASE("a rule without days never fires") {
    for (const DayMask days : {DayMask{0}, DayMask{0x80}}) {
        const auto never = rule("Europe/Berlin", "07:00", days);
        CHECK_FALSE(next_firing(never, utc("2026-11-23T12:00:00Z")).has_value());
        CHECK_FALSE(latest_firing(never, utc("2020-01-01T00:00:00Z"), utc("2026-11-23T12:00:00Z"))
                        .has_value());
        CHECK(preview(never, local("2026-11-23 00:00"), 5).empty());
    }
}

TEST_CASE("latest_firing looks back from not_after however old after is") {
    const auto daily = rule("Europe/Berlin", "07:00");
    const auto long_ago = utc("2019-06-01T00:00:00Z");
    const auto latest = latest_firing(daily, long_ago, utc("2026-11-23T12:00:00Z"));
    REQUIRE(latest.has_value());
    CHECK(latest->instant == utc("2026-11-23T06:00:00Z"));
    CHECK(latest->wall == local("2026-11-23 07:00"));

    // not_after is inclusive, after exclusive.
    CHECK(latest_firing(daily, long_ago, utc("2026-11-23T06:00:00Z"))->instant ==
          utc("2026-11-23T06:00:00Z"));
    CHECK(latest_firing(daily, long_ago, utc("2026-11-23T05:59:59Z"))->instant ==
          utc("2026-11-22T06:00:00Z"));

    // A weekly rule: Wednesday 2026-11-18 is six days before Tuesday the 24th.
    const auto wednesdays = rule("Europe/Berlin", "07:00", 0x08);
    const auto weekly = latest_firing(wednesdays, long_ago, utc("2026-11-24T20:00:00Z"));
    REQUIRE(weekly.has_value());
    CHECK(weekly->instant == utc("2026-11-18T06:00:00Z"));
    // Monday before its time: the previous Monday, seven days back.
    const auto mondays = rule("Europe/Berlin", "07:00", 0x02);
    const auto monday = latest_firing(mondays, long_ago, utc("2026-11-23T05:00:00Z"));
    REQUIRE(monday.has_value());
    CHECK(monday->instant == utc("2026-11-16T06:00:00Z"));
}

TEST_CASE("latest_firing is empty when nothing falls in the window") {
    const auto daily = rule("Europe/Berlin", "07:00");
    CHECK_FALSE(
        latest_firing(daily, utc("2026-11-23T06:00:00Z"), utc("2026-11-24T05:59:59Z")).has_value());
    CHECK_FALSE(
        latest_firing(daily, utc("2026-11-23T12:00:00Z"), utc("2026-11-23T12:00:00Z")).has_value());
    CHECK_FALSE(
        latest_firing(daily, utc("2026-11-24T12:00:00Z"), utc("2026-11-23T12:00:00Z")).has_value());
    const auto mondays = rule("Europe/Berlin", "07:00", 0x02);
    CHECK_FALSE(latest_firing(mondays, utc("2026-11-16T06:00:00Z"), utc("2026-11-23T05:59:59Z"))
                    .has_value());
}

TEST_CASE("night_slot splits the day at 04:00 and 15:00") {
    struct Case {
        const char* when;
        const char* night;
        std::string_view slot;
    };
    const Case cases[] = {
        {"2026-11-23 00:00", "2026-11-23", "evening"},
        {"2026-11-23 03:59", "2026-11-23", "evening"},
        {"2026-11-23 04:00", "2026-11-23", "morning"},
        {"2026-11-23 14:59", "2026-11-23", "morning"},
        {"2026-11-23 15:00", "2026-11-24", "evening"},
        {"2026-11-23 23:59", "2026-11-24", "evening"},
        {"2026-11-30 22:00", "2026-12-01", "evening"},
        {"2026-12-31 15:00", "2027-01-01", "evening"},
        {"2026-12-31 23:59", "2027-01-01", "evening"},
        {"2027-01-01 00:30", "2027-01-01", "evening"},
        {"2027-01-01 04:00", "2027-01-01", "morning"},
        {"2028-02-28 18:00", "2028-02-29", "evening"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.when);
        const auto slot = night_slot(local(c.when));
        CHECK(format_date(slot.night) == c.night);
        CHECK(slot.slot == c.slot);
    }
}

TEST_CASE("format_local shows the zone abbreviation and offset") {
    struct Case {
        const char* zone;
        const char* instant;
        const char* text;
    };
    const Case cases[] = {
        {"Europe/Berlin", "2027-03-28T01:00:00Z", "2027-03-28 03:00 CEST (+02:00)"},
        {"Europe/Berlin", "2027-03-28T00:59:00Z", "2027-03-28 01:59 CET (+01:00)"},
        {"Europe/Berlin", "2026-11-23T12:00:30Z", "2026-11-23 13:00:30 CET (+01:00)"},
        {"America/New_York", "2026-11-01T05:30:00Z", "2026-11-01 01:30 EDT (-04:00)"},
        {"America/New_York", "2026-11-01T06:30:00Z", "2026-11-01 01:30 EST (-05:00)"},
        {"Australia/Lord_Howe", "2026-06-01T00:00:00Z", "2026-06-01 10:30 +1030 (+10:30)"},
        {"Australia/Lord_Howe", "2026-11-23T00:00:00Z", "2026-11-23 11:00 +11 (+11:00)"},
        {"Asia/Kolkata", "2026-11-23T00:00:00Z", "2026-11-23 05:30 IST (+05:30)"},
        {"UTC", "2026-11-23T23:59:00Z", "2026-11-23 23:59 UTC (+00:00)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.zone);
        CAPTURE(c.instant);
        CHECK(format_local(test::zone(c.zone), utc(c.instant)) == c.text);
    }
}

TEST_CASE("UTC seconds round-trip and only the exact form parses") {
    for (const char* text : {"2027-03-28T01:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z",
                             "2099-12-31T12:34:56Z"}) {
        CAPTURE(text);
        const auto instant = parse_utc_seconds(text);
        REQUIRE(instant.has_value());
        CHECK(format_utc_seconds(*instant) == text);
    }
    CHECK(*parse_utc_seconds("2027-03-28T01:00:00Z") ==
          date::sys_days{2027_y / date::March / 28} + 1h);
    for (const char* text :
         {"2027-03-28T01:00:00", "2027-03-28 01:00:00Z", "2027-02-29T00:00:00Z",
          "2027-03-28T24:00:00Z", "2027-03-28T01:60:00Z", "2027-03-28T01:00:60Z",
          "2027-03-28T01:00Z", "", "2027-03-28T01:00:00.5Z", "2027-03-28t01:00:00z",
          "2027-03-28T01:00:00+00:00", " 2027-03-28T01:00:00Z"}) {
        CAPTURE(text);
        CHECK_FALSE(parse_utc_seconds(text).has_value());
    }
}

}  // namespace
}  // namespace painlog::daemon
