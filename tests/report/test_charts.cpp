// Chart arithmetic (report/charts.h): the sparkline, effect rows, the shared effect
// scale and the text bar of a forest plot.
#include "fixtures.h"

#include "report/charts.h"
#include "report/layout.h"

#include <doctest/doctest.h>

namespace painlog::report {
namespace {

using nlohmann::json;

TEST_CASE("sparkline scales weekly means from 0 to 10 and marks weeks without nights") {
    const json weeks = {{{"mean_pain", 0}}, {{"mean_pain", 10}}, {{"mean_pain", nullptr}},
                        {{"mean_pain", 5}}, {{"mean_pain", 12}}, {{"nights", 0}},
                        {{"mean_pain", -1}}};
    CHECK(sparkline(weeks) == "▁█·▅█·▁");
    CHECK(sparkline(json::array()).empty());
    CHECK(sparkline(json()).empty());
    const json sample = test::load_report("sample_report.json");
    const std::string line = sparkline(sample["weeks"]);
    CHECK(display_width(line) == 12);
    CHECK(line.find("·") != std::string::npos);  // 2026-W42 had no nights
}

TEST_CASE("effect_rows takes the effect findings in rank order") {
    const json result = test::load_report("sample_report.json")["analysis"]["result"];
    const std::vector<EffectRow> rows = effect_rows(result);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].label == "sitting hours");
    CHECK(rows[1].label == "position: stomach");
    CHECK(rows[2].label == "routine: Cat-Cow");
    CHECK(rows[2].direction == -1);
    CHECK(rows[2].flagged);
    CHECK(rows[3].figures == "-0.25 (-0.61 to 0.11)");
    CHECK_FALSE(rows[3].flagged);
    CHECK(effect_rows(json()).empty());
}

TEST_CASE("EffectScale holds zero and every interval on round ticks") {
    const json result = test::load_report("sample_report.json")["analysis"]["result"];
    const std::vector<EffectRow> rows = effect_rows(result);
    const EffectScale scale(rows, false);
    REQUIRE(scale.ticks().size() >= 3);
    CHECK(scale.ticks().front() <= -1.5);
    CHECK(scale.ticks().back() >= 2.3);
    CHECK(scale.position(scale.ticks().front()) == doctest::Approx(0.0));
    CHECK(scale.position(scale.ticks().back()) == doctest::Approx(1.0));
    CHECK(scale.position(0.0) > 0.0);
    CHECK(scale.position(0.0) < 1.0);
    CHECK(scale.tick_label(0.0) == "0");
    CHECK(scale.tick_label(1.0) == "+1");
    CHECK(scale.tick_label(-0.5) == "-0.5");
    CHECK(scale.unit() == "pain points");
}

TEST_CASE("EffectScale puts odds ratios on a log scale around 1") {
    EffectRow row;
    row.effect = 2.0;
    row.ci_low = 1.0;
    row.ci_high = 4.0;
    const EffectScale scale({row}, true);
    CHECK(scale.reference() == 1.0);
    CHECK(scale.tick_label(scale.ticks().front()) == "x1");
    CHECK(scale.tick_label(scale.ticks().back()) == "x4");
    CHECK(scale.position(2.0) == doctest::Approx(0.5));
    CHECK(scale.unit() == "odds ratio");
}

TEST_CASE("EffectScale without rows is a unit range around zero") {
    const EffectScale scale({}, false);
    CHECK(scale.position(0.0) == doctest::Approx(0.5));
}

TEST_CASE("effect_bar marks no difference and the interval and the estimate") {
    EffectRow row;
    row.effect = 1.0;
    row.ci_low = 0.5;
    row.ci_high = 1.5;
    row.flagged = true;
    EffectRow other;
    other.effect = -2.0;
    const EffectScale scale({row, other}, false);  // -2 to +2
    CHECK(effect_bar(row, scale, 9) == "    │├●┤ ");
    row.flagged = false;
    row.ci_low.reset();
    row.ci_high.reset();
    CHECK(effect_bar(row, scale, 9) == "    │ ○  ");
    CHECK(display_width(effect_bar(other, scale, 1)) == 3);
}

}  // namespace
}  // namespace painlog::report
