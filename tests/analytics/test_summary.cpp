// summarise: the first-layer means with and without each factor, per level.
#include "analytics/summary.h"

#include <cmath>

#include <doctest/doctest.h>

namespace painlog::analytics {
namespace {

TEST_CASE("summarise gives mean pain with and without each factor and per level") {
    const Table t = {{"pain", std::vector<double>{2, 4, 6, 8, 3, 5}},
                     {"alcohol", std::vector<double>{1, 0, 1, 0, 0, 1}},
                     {"naps", std::vector<double>{0, 2, 0, 1, 0, 3}},
                     {"hours", std::vector<double>{6, 7, 8, 5, 9, 7.5}},
                     {"pillow", std::vector<std::string>{"a", "a", "b", "b", "c", "c"}}};
    const auto frame = build_frame(t, {"pain", {"alcohol", "naps", "hours", "pillow"}, {}, true});
    REQUIRE(frame.ok());
    const Summary s = summarise(*frame);
    CHECK(s.nights == 6);
    CHECK(s.mean == doctest::Approx(28.0 / 6.0));
    REQUIRE(s.factors.size() == 4);

    const FactorSummary& alcohol = s.factors[0];
    REQUIRE(alcohol.groups.size() == 2);
    CHECK(alcohol.groups[0].label == "yes");
    CHECK(alcohol.groups[0].nights == 3);
    CHECK(alcohol.groups[0].mean == doctest::Approx((2.0 + 6.0 + 5.0) / 3.0));
    CHECK(alcohol.groups[1].mean == doctest::Approx((4.0 + 8.0 + 3.0) / 3.0));

    const FactorSummary& naps = s.factors[1];
    CHECK(naps.groups[0].label == "with");
    CHECK(naps.groups[0].mean == doctest::Approx((4.0 + 8.0 + 5.0) / 3.0));
    CHECK(naps.groups[1].label == "without");

    const FactorSummary& hours = s.factors[2];  // no zeros: median split at 7.25
    CHECK(hours.groups[0].label == "above median 7.25");
    CHECK(hours.groups[0].nights == 3);
    CHECK(hours.groups[0].mean == doctest::Approx((6.0 + 3.0 + 5.0) / 3.0));

    const FactorSummary& pillow = s.factors[3];
    REQUIRE(pillow.groups.size() == 3);
    CHECK(pillow.groups[1].label == "b");
    CHECK(pillow.groups[1].nights == 2);
    CHECK(pillow.groups[1].mean == doctest::Approx(7.0));
}

}  // namespace
}  // namespace painlog::analytics
