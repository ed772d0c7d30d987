// analyse: the entry point end to end on the R reference journal, and its refusals.
#include "analytics/analysis.h"

#include <algorithm>
#include <cmath>

#include <doctest/doctest.h>

#include "analytics/fdr.h"
#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

const FrameSpec k_spec{"pain", {"stress", "alcohol", "position", "pillow"}, {}, true};

void check_against(const AnalysisResult& result, const std::string& file, const std::string& se_key = "std_error",
                   const std::string& estimate_file = "") {
    const test::RReference r = test::r_reference(file);
    const test::RReference e = test::r_reference(estimate_file.empty() ? file : estimate_file);
    REQUIRE(result.terms.size() == 7);
    for (const TermResult& t : result.terms) {
        CAPTURE(t.term);
        CHECK(test::agrees(t.estimate, e.get("estimate", t.term)));
        CHECK(test::agrees(t.std_error, r.get(se_key, t.term)));
    }
}

TEST_CASE("the default analysis of pain uses AR(1) errors and adjusts p by BH over the factor terms") {
    const auto result = analyse(test::journal_table(), k_spec);
    REQUIRE(result.ok());
    CHECK(result->inference == Inference::k_ar1);
    CHECK(result->description.find("AR(1)") != std::string::npos);
    check_against(*result, "prais_winsten.csv");
    CHECK(test::agrees(result->stats.rho, test::r_reference("prais_winsten.csv").get("rho")));
    CHECK(result->stats.nights == 145);
    CHECK(result->stats.nights_dropped == 5);
    CHECK(result->terms[0].term == "(intercept)");
    CHECK(std::isnan(result->terms[0].p_adjusted));
    std::vector<double> p;
    for (std::size_t i = 1; i < result->terms.size(); ++i) {
        p.push_back(result->terms[i].p_value);
    }
    const std::vector<double> adjusted = benjamini_hochberg(p);
    for (std::size_t i = 1; i < result->terms.size(); ++i) {
        CHECK(result->terms[i].p_adjusted == doctest::Approx(adjusted[i - 1]));
        CHECK(result->terms[i].p_adjusted >= result->terms[i].p_value);
    }
    // Night counts per term: levels and yes/no count their nights.
    const auto stomach = std::find_if(result->terms.begin(), result->terms.end(),
                                      [](const TermResult& t) { return t.term == "position=stomach"; });
    REQUIRE(stomach != result->terms.end());
    CHECK(stomach->nights < 145);
    CHECK(stomach->nights > 10);
    // The first layer and findings are there; stress (a real effect in the data) is flagged.
    CHECK(result->summary.factors.size() == 4);
    REQUIRE_FALSE(result->findings.empty());
    CHECK(result->findings[0].flagged);
    CHECK(result->findings[0].factor == "stress");
    CHECK(std::any_of(result->notes.begin(), result->notes.end(),
                      [](const std::string& n) { return n.find("5 nights left out") != std::string::npos; }));
}

TEST_CASE("se classic and hac give R's lm and NeweyWest errors") {
    AnalysisOptions options;
    options.se = SeMethod::k_classic;
    const auto classic = analyse(test::journal_table(), k_spec, options);
    REQUIRE(classic.ok());
    CHECK(classic->inference == Inference::k_classic);
    check_against(*classic, "lm.csv");
    CHECK(test::agrees(classic->stats.r_squared, test::r_reference("lm.csv").get("r_squared")));

    options.se = SeMethod::k_hac;
    options.hac_lag = 4;
    const auto hac = analyse(test::journal_table(), k_spec, options);
    REQUIRE(hac.ok());
    CHECK(hac->inference == Inference::k_newey_west);
    CHECK(hac->stats.hac_lag == 4);
    check_against(*hac, "newey_west.csv", "std_error_lag4", "lm.csv");
}

TEST_CASE("bad mornings are fitted by logistic regression - as R's glm") {
    AnalysisOptions options;
    options.outcome = OutcomeModel::k_bad_morning;
    options.bad_morning_threshold = 6.0;
    options.se = SeMethod::k_classic;
    const auto result = analyse(test::journal_table(), k_spec, options);
    REQUIRE(result.ok());
    check_against(*result, "glm.csv");
    const test::RReference r = test::r_reference("glm.csv");
    CHECK(test::agrees(result->stats.deviance, r.get("deviance")));
    CHECK(test::agrees(result->terms[1].odds_ratio, r.get("odds_ratio", result->terms[1].term)));
    CHECK(std::isnan(result->stats.r_squared));
    REQUIRE_FALSE(result->findings.empty());
    CHECK(result->findings[0].text.find("odds of a bad morning") != std::string::npos);

    options.se = SeMethod::k_auto;
    const auto robust = analyse(test::journal_table(), k_spec, options);
    REQUIRE(robust.ok());
    CHECK(robust->inference == Inference::k_newey_west);
    CHECK(robust->terms[1].estimate == doctest::Approx(result->terms[1].estimate));
    CHECK(robust->terms[1].std_error != doctest::Approx(result->terms[1].std_error));
}

TEST_CASE("aliased factors are listed and noted - not estimated") {
    Table table = test::journal_table();
    Column copy = table[2];  // alcohol
    copy.name = "wine";
    table.push_back(copy);
    FrameSpec spec = k_spec;
    spec.factors.push_back("wine");
    const auto result = analyse(table, spec);
    REQUIRE(result.ok());
    CHECK(result->aliased == std::vector<std::string>{"wine"});
    CHECK(std::none_of(result->terms.begin(), result->terms.end(), [](const TermResult& t) { return t.term == "wine"; }));
    CHECK(std::any_of(result->notes.begin(), result->notes.end(),
                      [](const std::string& n) { return n.find("'wine'") != std::string::npos; }));
}

Table short_journal(std::size_t nights) {
    std::vector<double> pain;
    std::vector<double> stress;
    for (std::size_t t = 0; t < nights; ++t) {
        pain.push_back(static_cast<double>((t * 7) % 5));
        stress.push_back(static_cast<double>((t * 3) % 4));
    }
    return {{"pain", pain}, {"stress", stress}};
}

TEST_CASE("few nights give 'not enough data yet' - not an error - even when no model fits") {
    for (std::size_t nights : {2U, 20U}) {
        CAPTURE(nights);
        const auto result = analyse(short_journal(nights), {"pain", {"stress"}, {}, true});
        REQUIRE(result.ok());
        REQUIRE(result->findings.size() == 1);
        CHECK(result->findings[0].kind == FindingKind::k_not_enough_data);
        CHECK(result->summary.nights == nights);
    }
}

TEST_CASE("gear in three blocks over 90 nights is too early to tell") {
    std::vector<double> pain;
    std::vector<std::string> gear;
    for (std::size_t t = 0; t < 90; ++t) {
        gear.emplace_back((t / 30) % 2 == 0 ? "old" : "new");
        pain.push_back((t / 30) % 2 == 0 ? 5.0 + static_cast<double>(t % 3) : 3.0 + static_cast<double>(t % 4));
    }
    const auto result = analyse({{"pain", pain}, {"gear", gear}}, {"pain", {"gear"}, {}, true});
    REQUIRE(result.ok());
    REQUIRE(result->findings.size() == 1);
    CHECK(result->findings[0].kind == FindingKind::k_too_early);
    CHECK_FALSE(result->findings[0].flagged);
}

TEST_CASE("separation in bad mornings is reported by term") {
    std::vector<double> pain;
    std::vector<std::string> mattress;
    for (std::size_t t = 0; t < 60; ++t) {
        const bool firm = (t / 5) % 2 == 1;
        mattress.emplace_back(firm ? "firm" : "soft");
        pain.push_back(firm ? 2.0 : static_cast<double>(3 + (t * 7) % 6));  // firm: never a bad morning
    }
    AnalysisOptions options;
    options.outcome = OutcomeModel::k_bad_morning;
    const auto result = analyse({{"pain", pain}, {"mattress", mattress}}, {"pain", {"mattress"}, {{"mattress", "soft"}}, true},
                                options);
    REQUIRE(result.ok());
    REQUIRE(result->terms.size() == 2);
    CHECK(result->terms[1].separated);
    CHECK(std::isinf(result->terms[1].estimate));
    REQUIRE_FALSE(result->findings.empty());
    CHECK(result->findings[0].kind == FindingKind::k_separation);
}

TEST_CASE("refusals: empty data - constant outcome - unknown reference level") {
    CHECK_FALSE(analyse({}, {"pain", {}, {}, true}).ok());
    Table flat = short_journal(40);
    std::fill(std::get<std::vector<double>>(flat[0].values).begin(), std::get<std::vector<double>>(flat[0].values).end(), 3.0);
    const auto constant = analyse(flat, {"pain", {"stress"}, {}, true});
    REQUIRE_FALSE(constant.ok());
    CHECK(constant.error().message == "pain was 3.0 on every night; there is nothing to explain yet");
    AnalysisOptions options;
    options.outcome = OutcomeModel::k_bad_morning;
    const auto all_good = analyse(short_journal(40), {"pain", {"stress"}, {}, true}, options);
    REQUIRE_FALSE(all_good.ok());
    CHECK(all_good.error().message.find("every morning was good") == 0);
    const auto unknown = analyse(test::journal_table(), {"pain", {"position"}, {{"position", "upside-down"}}, true});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("'upside-down'") != std::string::npos);
}

}  // namespace
}  // namespace painlog::analytics
