// Calendar dates (report/dates.h): labels for people, day numbers and back.
#include "fixtures.h"

#include "report/dates.h"
#include "report/words.h"

#include <doctest/doctest.h>

namespace painlog::report {
namespace {

using nlohmann::json;

TEST_CASE("dates are worded for people") {
    CHECK(day_label("2026-11-16") == "Mon 16 Nov");
    CHECK(day_label("2026-11-22") == "Sun 22 Nov");
    CHECK(day_label("2024-02-29") == "Thu 29 Feb");
    CHECK(day_label("not a date") == "-");
    CHECK(day_label(nullptr) == "-");
    CHECK(range_label("2026-11-16", "2026-11-22") == "16–22 November 2026");
    CHECK(range_label("2026-11-30", "2026-12-06") == "30 November – 6 December 2026");
    CHECK(range_label("2026-12-28", "2027-01-03") == "28 December 2026 – 3 January 2027");
    CHECK(title(test::load_report("sample_report.json")) ==
          "Weekly report, 16–22 November 2026 (2026-W47)");
    for (const long day : {-1000L, 0L, 20408L, 20780L})
        CHECK(day_number(json(iso_date(day))) == day);
    CHECK(weekday_index(*day_number("2026-11-16")) == 0);
    CHECK(weekday_index(*day_number("1970-01-01")) == 3);
}

}  // namespace
}  // namespace painlog::report
