// make_findings: wording, ranking and the data-sufficiency rules.
#include "analytics/findings.h"

#include <cmath>
#include <limits>

#include <doctest/doctest.h>

namespace painlog::analytics {
namespace {

// A frame of `nights` nights: position nightly (back/side/stomach, stomach only on the
// nights listed), pillow switched every `switch_every` nights, stress numeric.
ModelFrame make_frame(std::size_t nights, std::size_t switch_every, std::size_t stomach_nights) {
    std::vector<double> pain;
    std::vector<double> stress;
    std::vector<std::string> position;
    std::vector<std::string> pillow;
    for (std::size_t t = 0; t < nights; ++t) {
        pain.push_back(static_cast<double>(t % 7));
        stress.push_back(static_cast<double>((t * 3) % 11));
        position.emplace_back(t < stomach_nights ? "stomach" : (t % 2 == 0 ? "back" : "side"));
        pillow.emplace_back((t / switch_every) % 2 == 0 ? "flat" : "memory");
    }
    auto frame = build_frame({{"pain", pain}, {"stress", stress}, {"position", position}, {"pillow", pillow}},
                             {"pain", {"stress", "position", "pillow"}, {{"position", "back"}}, true});
    REQUIRE(frame.ok());
    return std::move(frame).value();
}

TermResult term(const std::string& name, const std::string& factor, const std::string& level, double estimate,
                double p_adjusted, std::size_t nights) {
    TermResult t;
    t.term = name;
    t.factor = factor;
    t.level = level;
    t.estimate = estimate;
    t.ci_low = estimate - 0.5;
    t.ci_high = estimate + 0.5;
    t.p_value = p_adjusted / 2;
    t.p_adjusted = p_adjusted;
    t.nights = nights;
    return t;
}

TEST_CASE("effects are worded and ranked: flagged first - by adjusted p") {
    const ModelFrame frame = make_frame(120, 10, 41);
    const std::vector<TermResult> terms = {
        term("(intercept)", "", "", 3.0, std::nan(""), 120), term("stress", "stress", "", 0.3, 0.2, 120),
        term("position=side", "position", "side", -0.2, 0.6, 40),
        term("position=stomach", "position", "stomach", 1.9, 0.0004, 41),
        term("pillow=memory", "pillow", "memory", 0.8, 0.03, 60)};
    const std::vector<Finding> findings = make_findings(frame, terms, EffectScale::k_pain_points);
    REQUIRE(findings.size() == 4);
    CHECK(findings[0].term == "position=stomach");
    CHECK(findings[0].flagged);
    CHECK(findings[0].text ==
          "Mornings after position = stomach (vs back): +1.9 pain points (95% CI 1.4 to 2.4), adjusted p < 0.001, 41 nights");
    CHECK(findings[1].term == "pillow=memory");
    CHECK(findings[1].flagged);
    CHECK(findings[2].term == "stress");
    CHECK_FALSE(findings[2].flagged);
    CHECK(findings[2].text.find("Per 1 more of stress: +0.30 pain points (95% CI -0.20 to 0.80), adjusted p = 0.20") == 0);
    CHECK(findings[3].term == "position=side");
}

TEST_CASE("below the minimum number of nights only 'not enough data yet' is said") {
    const ModelFrame frame = make_frame(20, 2, 5);
    const std::vector<Finding> findings =
        make_findings(frame, {term("stress", "stress", "", 0.3, 0.001, 20)}, EffectScale::k_pain_points);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == FindingKind::k_not_enough_data);
    CHECK(findings[0].text.find("20 nights") != std::string::npos);
    CHECK(findings[0].text.find("about 8 more") != std::string::npos);
}

TEST_CASE("gear with too few blocks is 'too early to tell' - without a p-value") {
    const ModelFrame frame = make_frame(90, 30, 10);  // pillow: 3 blocks
    REQUIRE(frame.factors[2].blocks == 3);
    const std::vector<Finding> findings = make_findings(
        frame, {term("pillow=memory", "pillow", "memory", 1.5, 0.001, 30)}, EffectScale::k_pain_points);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == FindingKind::k_too_early);
    CHECK_FALSE(findings[0].flagged);
    CHECK(findings[0].text.find("Too early to tell about pillow: it changed only 2 time(s) in 90 nights (3 blocks)") == 0);
    CHECK(findings[0].text.find(" p ") == std::string::npos);
}

TEST_CASE("a level with fewer than 3 nights is 'not enough data yet' with how many more") {
    const ModelFrame frame = make_frame(60, 5, 2);
    const std::vector<Finding> findings = make_findings(
        frame, {term("position=stomach", "position", "stomach", 2.0, 0.01, 2)}, EffectScale::k_pain_points);
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].kind == FindingKind::k_not_enough_data);
    CHECK(findings[0].text == "Not enough data yet for position=stomach: 2 nights; 1 more would help.");
}

TEST_CASE("odds ratios and separation in words") {
    const ModelFrame frame = make_frame(60, 5, 10);
    TermResult odds = term("pillow=memory", "pillow", "memory", std::log(2.0), 0.004, 30);
    odds.odds_ratio = 2.0;
    odds.or_ci_low = 1.25;
    odds.or_ci_high = 3.5;
    TermResult separated = term("position=stomach", "position", "stomach",
                                -std::numeric_limits<double>::infinity(), std::nan(""), 10);
    separated.separated = true;
    const std::vector<Finding> findings = make_findings(frame, {separated, odds}, EffectScale::k_odds_ratio);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].text ==
          "Mornings after pillow = memory (vs flat): odds of a bad morning x2 (95% CI 1.2 to 3.5), adjusted p = 0.004, 30 nights");
    CHECK(findings[1].kind == FindingKind::k_separation);
    CHECK(findings[1].text.find("no odds ratio can be estimated") != std::string::npos);
}

TEST_CASE("p-values are formatted for people") {
    CHECK(format_p(0.0002) == "< 0.001");
    CHECK(format_p(0.0042) == "0.004");
    CHECK(format_p(0.043) == "0.04");
    CHECK(format_p(0.31) == "0.31");
    CHECK(format_p(std::nan("")) == "n/a");
}

}  // namespace
}  // namespace painlog::analytics
