#include "daemon/calendar.h"

#include <doctest/doctest.h>

namespace painlog::daemon {
namespace {

using namespace date::literals;

TEST_CASE("strict ISO dates: only YYYY-MM-DD naming a real day") {
    struct Case {
        const char* text;
        bool ok;
    };
    const Case cases[] = {
        {"2026-11-23", true},  {"2024-02-29", true},  {"2026-02-29", false},
        {"2026-02-30", false}, {"2026-13-01", false}, {"2026-00-10", false},
        {"2026-1-5", false},   {"26-11-23", false},   {"2026/11/23", false},
        {"2026-11-23x", false}, {"", false},          {"2026-11-2a", false},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        CHECK(parse_iso_date(c.text).has_value() == c.ok);
    }
    CHECK(format_date(*parse_iso_date("2026-03-09")) == "2026-03-09");
}

TEST_CASE("date parameters: today - yesterday - and nothing after today") {
    const Date today = 2026_y / date::November / 23;
    CHECK(*parse_date_param("date", "today", today) == today);
    CHECK(*parse_date_param("date", "yesterday", today) == 2026_y / date::November / 22);
    CHECK(*parse_date_param("date", "2026-11-23", today) == today);
    const auto future = parse_date_param("date", "2026-11-24", today);
    REQUIRE_FALSE(future.ok());
    CHECK(future.error().field == "date");
    CHECK(future.error().value == "2026-11-24");
    CHECK(future.error().message.find("2026-11-23") != std::string::npos);
    const auto missing = parse_date_param("from", "2026-02-30", today);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().field == "from");
}

TEST_CASE("date parameters start in 1700 - older ones would not fit an instant") {
    const Date today = 2026_y / date::November / 23;
    CHECK(*parse_date_param("date", "1700-01-01", today) == 1700_y / date::January / 1);
    for (const char* old : {"1699-12-31", "1013-11-22", "0000-01-01"}) {
        CAPTURE(old);
        const auto refused = parse_date_param("date", old, today);
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error().value == old);
        CHECK(refused.error().message.find("from 1700-01-01 to today (2026-11-23)") != std::string::npos);
    }
}

TEST_CASE("today is the local date in the user's zone - not the UTC date") {
    // 2026-11-23 23:30 UTC is already the 24th in Berlin and still the 23rd in New York.
    const auto instant = date::sys_days{2026_y / date::November / 23} + std::chrono::hours(23) +
                         std::chrono::minutes(30);
    CHECK(local_date(find_zone("Europe/Berlin"), instant) == 2026_y / date::November / 24);
    CHECK(local_date(find_zone("America/New_York"), instant) == 2026_y / date::November / 23);
    CHECK(local_date(find_zone(":UTC"), instant) == 2026_y / date::November / 23);
}

TEST_CASE("unknown zones are not found - resolve_zone always gives one") {
    CHECK(find_zone("Mars/Olympus") == nullptr);
    CHECK(find_zone("") == nullptr);
    CHECK(resolve_zone("Mars/Olympus") != nullptr);
    CHECK(resolve_zone("Asia/Tokyo")->name() == "Asia/Tokyo");
}

}  // namespace
}  // namespace painlog::daemon
