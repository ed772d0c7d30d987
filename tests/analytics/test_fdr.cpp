// Benjamini-Hochberg: agreement with R's p.adjust(method = "BH").
#include "analytics/fdr.h"

#include <cmath>

#include <doctest/doctest.h>

#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

TEST_CASE("benjamini_hochberg equals R's p.adjust BH - ties and NA included") {
    const test::Csv csv = test::read_csv(test::data_path("r/p_adjust_bh.csv"));
    const std::vector<double> p = csv.numbers("p");
    const std::vector<double> expected = csv.numbers("adjusted");
    const std::vector<double> adjusted = benjamini_hochberg(p);
    REQUIRE(adjusted.size() == expected.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        CAPTURE(i);
        if (std::isnan(expected[i])) {
            CHECK(std::isnan(adjusted[i]));
        } else {
            CHECK(test::agrees(adjusted[i], expected[i], 1e-12));
        }
    }
}

TEST_CASE("benjamini_hochberg edge cases") {
    CHECK(benjamini_hochberg({}).empty());
    CHECK(benjamini_hochberg({0.3}) == std::vector<double>{0.3});
    const std::vector<double> adjusted = benjamini_hochberg({0.01, 0.02});
    CHECK(adjusted[0] == doctest::Approx(0.02));
    CHECK(adjusted[1] == doctest::Approx(0.02));
    CHECK(benjamini_hochberg({0.9, 0.95, 0.99})[0] == doctest::Approx(0.99));
}

}  // namespace
}  // namespace painlog::analytics
