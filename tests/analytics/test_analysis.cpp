// analyse: the entry point end to end on the R reference journal, and its refusals.
#include "analytics/analysis.h"

#include <algorithm>
#include <cmath>
#include <future>

#include <doctest/doctest.h>

#include "analytics/fdr.h"
#include "analytics/ols.h"
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

// Bit for bit, NaN equal to NaN.
bool same(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void check_same(const AnalysisResult& a, const AnalysisResult& b) {
    CHECK(a.outcome == b.outcome);
    CHECK(a.inference == b.inference);
    CHECK(a.description == b.description);
    CHECK(a.aliased == b.aliased);
    CHECK(a.notes == b.notes);
    REQUIRE(a.terms.size() == b.terms.size());
    for (std::size_t i = 0; i < a.terms.size(); ++i) {
        const TermResult& s = a.terms[i];
        const TermResult& t = b.terms[i];
        CAPTURE(s.term);
        CHECK(s.term == t.term);
        for (auto field : {&TermResult::estimate, &TermResult::std_error, &TermResult::statistic,
                           &TermResult::p_value, &TermResult::p_adjusted, &TermResult::ci_low,
                           &TermResult::ci_high, &TermResult::odds_ratio}) {
            CHECK(same(s.*field, t.*field));
        }
        CHECK(s.nights == t.nights);
        CHECK(s.separated == t.separated);
    }
    for (auto field : {&FitStats::r_squared, &FitStats::adj_r_squared, &FitStats::residual_sd,
                       &FitStats::f_statistic, &FitStats::f_p_value, &FitStats::rho, &FitStats::deviance,
                       &FitStats::aic}) {
        CHECK(same(a.stats.*field, b.stats.*field));
    }
    CHECK(a.stats.df_residual == b.stats.df_residual);
    CHECK(a.stats.iterations == b.stats.iterations);
    CHECK(a.summary.factors.size() == b.summary.factors.size());
    REQUIRE(a.findings.size() == b.findings.size());
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
        CHECK(a.findings[i].text == b.findings[i].text);
        CHECK(same(a.findings[i].effect, b.findings[i].effect));
    }
}

// Every inference of both outcomes, on the R journal with an aliased factor (wine).
std::vector<AnalysisOptions> every_model() {
    std::vector<AnalysisOptions> out;
    for (OutcomeModel outcome : {OutcomeModel::k_pain, OutcomeModel::k_bad_morning}) {
        for (SeMethod se : {SeMethod::k_auto, SeMethod::k_hac, SeMethod::k_classic}) {
            AnalysisOptions options;
            options.outcome = outcome;
            options.se = se;
            options.level = se == SeMethod::k_classic ? 0.9 : 0.95;
            out.push_back(options);
        }
    }
    return out;
}

Table journal_with_wine() {
    Table table = test::journal_table();
    Column copy = table[2];  // alcohol
    copy.name = "wine";
    table.push_back(copy);
    return table;
}

TEST_CASE("every model from one groundwork equals the model fitted alone") {
    const Table table = journal_with_wine();
    FrameSpec spec = k_spec;
    spec.factors.push_back("wine");
    // The pain model's groundwork (least squares to full accuracy) and the bad-morning
    // model's (least squares only for the aliased terms) serve either model alike.
    for (Factoring factoring : {Factoring::k_refined, Factoring::k_double}) {
        const auto groundwork = lay_groundwork(table, spec, factoring);
        REQUIRE(groundwork.ok());
        CHECK(groundwork->frame.x.size() == 0);  // taken by least squares, not held twice
        for (const AnalysisOptions& options : every_model()) {
            CAPTURE(static_cast<int>(factoring));
            CAPTURE(static_cast<int>(options.outcome));
            CAPTURE(static_cast<int>(options.se));
            const auto alone = analyse(table, spec, options);
            const auto shared = analyse(*groundwork, options);
            REQUIRE(alone.ok());
            REQUIRE(shared.ok());
            CHECK(alone->aliased == std::vector<std::string>{"wine"});
            if (factoring == Factoring::k_double && options.outcome == OutcomeModel::k_pain) {
                // Least squares' own estimates differ in the last digits; the model's
                // aliased terms and frame do not.
                CHECK(alone->terms.size() == shared->terms.size());
                continue;
            }
            check_same(*alone, *shared);
        }
    }
}

TEST_CASE("a groundwork's classic errors are at the analysis's level - not at 95%") {
    const auto groundwork = lay_groundwork(test::journal_table(), k_spec);
    REQUIRE(groundwork.ok());
    AnalysisOptions options;
    options.se = SeMethod::k_classic;
    options.level = 0.9;
    const auto result = analyse(*groundwork, options);
    REQUIRE(result.ok());
    const auto frame = build_frame(test::journal_table(), k_spec);
    REQUIRE(frame.ok());
    const auto at_90 = fit_ols(*frame, 0.9);
    REQUIRE(at_90.ok());
    REQUIRE(result->terms.size() == at_90->coefficients.size());
    for (std::size_t i = 0; i < result->terms.size(); ++i) {
        CAPTURE(result->terms[i].term);
        CHECK(result->terms[i].ci_low == at_90->coefficients[i].ci_low);
        CHECK(result->terms[i].ci_high == at_90->coefficients[i].ci_high);
        CHECK(result->terms[i].ci_high - result->terms[i].ci_low <
              groundwork->ols->coefficients[i].ci_high - groundwork->ols->coefficients[i].ci_low);
    }
}

TEST_CASE("two models fitted at once from one groundwork are those fitted one after the other") {
    const auto groundwork = lay_groundwork(test::journal_table(), k_spec);
    REQUIRE(groundwork.ok());
    AnalysisOptions pain;
    AnalysisOptions bad;
    bad.outcome = OutcomeModel::k_bad_morning;
    const auto pain_alone = analyse(*groundwork, pain);
    const auto bad_alone = analyse(*groundwork, bad);
    REQUIRE(pain_alone.ok());
    REQUIRE(bad_alone.ok());
    for (int round = 0; round < 4; ++round) {
        auto other = std::async(std::launch::async, [&] { return analyse(*groundwork, bad); });
        const auto pain_now = analyse(*groundwork, pain);
        const auto bad_now = other.get();
        REQUIRE(pain_now.ok());
        REQUIRE(bad_now.ok());
        check_same(*pain_alone, *pain_now);
        check_same(*bad_alone, *bad_now);
    }
}

TEST_CASE("a groundwork without a model says why through each model") {
    Table flat = short_journal(40);
    auto& pain = std::get<std::vector<double>>(flat[0].values);
    std::fill(pain.begin(), pain.end(), 3.0);
    const FrameSpec spec{"pain", {"stress"}, {}, true};
    const auto groundwork = lay_groundwork(flat, spec);
    REQUIRE(groundwork.ok());
    CHECK_FALSE(groundwork->ols.ok());
    CHECK(groundwork->summary.nights == 40);
    AnalysisOptions bad;
    bad.outcome = OutcomeModel::k_bad_morning;
    for (const AnalysisOptions& options : {AnalysisOptions{}, bad}) {
        const auto shared = analyse(*groundwork, options);
        const auto alone = analyse(flat, spec, options);
        REQUIRE_FALSE(shared.ok());
        REQUIRE_FALSE(alone.ok());
        CHECK(shared.error().message == alone.error().message);
    }
    // Too few nights: a result with the summary, from either.
    const auto few = lay_groundwork(short_journal(2), spec);
    REQUIRE(few.ok());
    CHECK_FALSE(few->ols.ok());
    const auto result = analyse(*few, AnalysisOptions{});
    REQUIRE(result.ok());
    CHECK(result->findings.at(0).kind == FindingKind::k_not_enough_data);
    CHECK(result->notes == analyse(short_journal(2), spec)->notes);
    CHECK_FALSE(lay_groundwork({}, spec).ok());
}

}  // namespace
}  // namespace painlog::analytics
