// The analysis page (cli/render_analysis.h): what was analysed, markers by flag and
// direction, 80 columns, the not-enough-data page, odds ratios for logit, "-" for nulls.
#include <sstream>

#include <doctest/doctest.h>

#include "cli/render.h"
#include "cli/render_analysis.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

json coefficient(std::string term, json estimate, json low, json high, json p, json p_adjusted,
                 json nights) {
    return {{"term", term},   {"estimate", estimate}, {"ci_low", low},      {"ci_high", high},
            {"p_value", p},   {"p_adjusted", p_adjusted}, {"odds_ratio", nullptr},
            {"or_ci_low", nullptr}, {"or_ci_high", nullptr}, {"nights", nights},
            {"separated", false}};
}

json finding(std::string kind, std::string term, json effect, bool flagged, std::string text) {
    return {{"kind", kind}, {"term", term}, {"effect", effect}, {"flagged", flagged}, {"text", text}};
}

// A journal analysis as painlogd would send it (findings already ranked).
json ols_analysis() {
    return {
        {"model", "ols"},
        {"inference", "ar1"},
        {"description", "least squares on pain with AR(1) errors (Prais-Winsten, rho = 0.47)"},
        {"n", 182},
        {"n_dropped", 2},
        {"from", "2026-05-01"},
        {"to", "2026-11-23"},
        {"coefficients",
         {coefficient("(intercept)", 3.1, 2.5, 3.7, 1e-20, nullptr, 182),
          coefficient("position=stomach", 1.9, 1.4, 2.4, 1e-12, 4e-12, 41),
          coefficient("sleep_hours", -0.43, -0.61, -0.25, 0.0002, 0.0009, 180),
          coefficient("routine:Open Book", -0.2, -0.6, 0.2, 0.31, 0.5234, 60),
          coefficient("mattress=Morgedal", 0.3, -0.4, 1.0, 0.4, 0.52, 20)}},
        {"r_squared", 0.41},
        {"adj_r_squared", 0.39},
        {"residual_sd", 1.2},
        {"deviance", nullptr},
        {"aic", nullptr},
        {"converged", true},
        {"aliased", {"pillow=Low foam"}},
        {"notes", {"coffee_cups was logged on 40 of 182 nights and is left out."}},
        {"findings",
         {finding("effect", "position=stomach", 1.9, true,
                  "Mornings after sleeping on your stomach (vs side): +1.9 pain points (95% CI 1.4 "
                  "to 2.4), adjusted p < 0.001, 41 nights"),
          finding("effect", "sleep_hours", -0.43, true,
                  "Per extra hour of sleep: -0.43 pain points (95% CI -0.61 to -0.25), adjusted p < "
                  "0.001, 180 nights"),
          finding("effect", "routine:Open Book", -0.2, false,
                  "Mornings after doing Open Book: -0.20 pain points (95% CI -0.60 to 0.20), "
                  "adjusted p = 0.52, 60 nights"),
          finding("too_early", "", nullptr, false,
                  "Too early to tell about mattress: it changed only 1 time(s) in 182 nights (2 "
                  "blocks); at least 6 blocks (5 switches) are needed to tell its effect from a "
                  "slow drift.")}}};
}

json logit_analysis() {
    json analysis = ols_analysis();
    analysis["model"] = "logit";
    analysis["description"] = "logistic regression of pain >= 5, Newey-West errors (lag 4)";
    analysis["r_squared"] = analysis["adj_r_squared"] = analysis["residual_sd"] = nullptr;
    analysis["deviance"] = 201.34;
    analysis["aic"] = 215.34;
    json& stomach = analysis["coefficients"][1];
    stomach["estimate"] = 0.9163;
    stomach["odds_ratio"] = 2.5;
    stomach["or_ci_low"] = 1.2;
    stomach["or_ci_high"] = 5.1;
    // json::array: a braced list of one json is a copy for clang, an array for gcc.
    analysis["findings"] = json::array({finding("effect", "position=stomach", 2.5, true,
                                                "Mornings after sleeping on your stomach: odds of a bad "
                                                "morning x2.5 (95% CI 1.2 to 5.1), adjusted p = 0.012, 41 nights")});
    return analysis;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// The line that starts with `prefix`, or "" when none does.
std::string line_starting(const std::string& text, const std::string& prefix) {
    for (const std::string& line : lines_of(text)) {
        if (line.rfind(prefix, 0) == 0) return line;
    }
    return {};
}

TEST_CASE("analysis_text opens with what was analysed") {
    json analysis = ols_analysis();
    // 81 columns on one line: broken after the semicolon.
    const std::vector<std::string> lines = lines_of(analysis_text(analysis));
    CHECK(lines.at(0) == "Analysis of 182 nights (2026-05-01 to 2026-11-23);");
    CHECK(lines.at(1) == "2 left out for missing values.");
    CHECK(lines_of(analysis_text(analysis, {"days.csv"})).at(0) ==
          "Analysis of 182 rows of days.csv; 2 left out for missing values.");
    analysis["from"] = analysis["to"] = nullptr;  // no nights used: no dates
    CHECK(lines_of(analysis_text(analysis)).at(0) ==
          "Analysis of 182 nights; 2 left out for missing values.");
    analysis["n_dropped"] = 0;
    analysis["n"] = 1;
    analysis["from"] = analysis["to"] = "2026-05-01";
    CHECK(lines_of(analysis_text(analysis)).at(0) == "Analysis of 1 night (2026-05-01 to 2026-05-01).");
}

TEST_CASE("a CSV analysis names its outcome in the findings heading") {
    json analysis = ols_analysis();
    analysis["summary"] = {{"outcome", "headache"}};
    CHECK(line_starting(analysis_text(analysis, {"days.csv"}), "What goes with a higher or lower headache:") !=
          "");
    analysis["model"] = "logit";
    CHECK(line_starting(analysis_text(analysis, {"days.csv"}), "What makes headache = 1 more or less likely:") !=
          "");
    CHECK(line_starting(analysis_text(analysis), "What goes with worse or better mornings:") != "");
}

TEST_CASE("findings are marked by flag and direction") {
    const std::string text = analysis_text(ols_analysis());
    CHECK(line_starting(text, "What goes with worse or better mornings:") != "");
    CHECK(line_starting(text, "▲ Mornings after sleeping on your stomach") != "");
    CHECK(line_starting(text, "▼ Per extra hour of sleep") != "");
    CHECK(line_starting(text, "· Mornings after doing Open Book") != "");
    CHECK(line_starting(text, "? Too early to tell about mattress") != "");
}

TEST_CASE("finding_marker uses the term's estimate - else the effect on its scale") {
    const json ols = ols_analysis();
    const json logit = logit_analysis();
    struct Case {
        json finding;
        const json* analysis;
        std::string marker;
    };
    for (const Case& c : {
             Case{finding("effect", "position=stomach", nullptr, true, ""), &ols, "▲ "},
             Case{finding("effect", "sleep_hours", nullptr, true, ""), &ols, "▼ "},
             Case{finding("effect", "sleep_hours", -0.43, false, ""), &ols, "· "},
             Case{finding("effect", "unknown", -0.1, true, ""), &ols, "▼ "},
             Case{finding("effect", "unknown", 0.1, true, ""), &ols, "▲ "},
             Case{finding("effect", "unknown", 0.6, true, ""), &logit, "▼ "},
             Case{finding("effect", "unknown", 1.6, true, ""), &logit, "▲ "},
             Case{finding("effect", "position=stomach", 2.5, true, ""), &logit, "▲ "},
             Case{finding("effect", "unknown", nullptr, true, ""), &ols, "· "},
             Case{finding("separation", "x=1", nullptr, false, ""), &logit, "? "},
             Case{finding("not_enough_data", "", nullptr, false, ""), &ols, "? "},
             Case{finding("too_early", "", nullptr, true, ""), &ols, "? "},
         }) {
        CAPTURE(c.finding.dump());
        CHECK(finding_marker(c.finding, *c.analysis) == c.marker);
    }
}

TEST_CASE("flagged findings come first - each group in the daemon's order") {
    json analysis = ols_analysis();
    json& findings = analysis["findings"];
    std::swap(findings[0], findings[2]);  // unflagged Open Book first, stomach third
    const std::string text = analysis_text(analysis);
    const auto at = [&text](const char* part) { return text.find(part); };
    CHECK(at("▼ Per extra hour") < at("▲ Mornings after sleeping"));
    CHECK(at("▲ Mornings after sleeping") < at("· Mornings after doing"));
    CHECK(at("· Mornings after doing") < at("? Too early"));
}

TEST_CASE("every line fits 80 columns and prose wraps at 78 with a hanging indent") {
    json analysis = ols_analysis();
    analysis["coefficients"].push_back(coefficient(
        "a_custom_factor_with_a_very_long_name=and a long level name too", -12345.678, -99999.5,
        1234567.0, 0.5, 0.75, 1234567));
    analysis["notes"].push_back(std::string(120, 'x') + " and then some words after a very long one");
    analysis["findings"][0]["text"] = std::string(analysis["findings"][0]["text"]) + ", " +
                                      std::string(analysis["findings"][0]["text"]);
    const std::string text = analysis_text(analysis);
    const std::vector<std::string> lines = lines_of(text);
    bool in_table = false;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        CAPTURE(line);
        CHECK(display_width(line) <= k_table_width);
        in_table = line.rfind("term ", 0) == 0 || (in_table && !line.empty());
        if (!in_table) CHECK(display_width(line) <= k_wrap_width);
        if (line.rfind("▲ Mornings after sleeping", 0) == 0) {
            REQUIRE(i + 1 < lines.size());
            CHECK(lines[i + 1].rfind("  ", 0) == 0);  // the finding goes on, indented
            CHECK(lines[i + 1].rfind("   ", 0) != 0);
        }
    }
    CHECK(line_starting(text, "Note: " + std::string(72, 'x')) != "");
    CHECK(line_starting(text, "      " + std::string(48, 'x') + " and then") != "");
    CHECK(line_starting(text, "a_custom_factor") != "");
}

TEST_CASE("wrap breaks at spaces - splits overlong words - and indents continuations") {
    struct Case {
        std::string_view text, first;
        std::size_t width;
        std::string expected;
    };
    for (const Case& c : {
             Case{"aaa bbb ccc", "> ", 9, "> aaa bbb\n  ccc\n"},
             Case{"aaa  bbb", "", 3, "aaa\nbbb\n"},
             Case{"abcdefgh", "> ", 5, "> abc\n  def\n  gh\n"},
             Case{"ab ▲▲▲▲▲▲", "", 4, "ab\n▲▲▲▲\n▲▲\n"},
             Case{"", "Note: ", 78, "Note:\n"},
         }) {
        CAPTURE(c.text);
        CHECK(wrap(c.text, c.first, c.width) == c.expected);
    }
}

TEST_CASE("a not-enough-data result prints its reason and no table") {
    json analysis = ols_analysis();
    analysis["findings"] = json::array({finding("not_enough_data", "", nullptr, false,
                                                "Not enough data yet: 12 nights with complete entries; about "
                                                "16 more would help (28 needed).")});
    const std::string text = analysis_text(analysis);
    CHECK(line_starting(text, "Not enough to go on yet:") != "");
    CHECK(line_starting(text, "? Not enough data yet: 12 nights") != "");
    CHECK(line_starting(text, "term") == "");
    CHECK(text.find("position=stomach") == std::string::npos);
    CHECK(text.find("Model:") == std::string::npos);
    CHECK(line_starting(text, "Note: coffee_cups was logged") != "");
}

TEST_CASE("the OLS table shows estimates and the model line R squared") {
    const std::string text = analysis_text(ols_analysis());
    const std::string header = line_starting(text, "term");
    CHECK(header.find("estimate") != std::string::npos);
    CHECK(header.find("95% CI") != std::string::npos);
    CHECK(header.find("adj. p") != std::string::npos);
    const std::string stomach = line_starting(text, "position=stomach ");
    CHECK(stomach.find(" 1.90 ") != std::string::npos);
    CHECK(stomach.find("1.40 to 2.40") != std::string::npos);
    CHECK(stomach.find("< 0.001") != std::string::npos);
    CHECK(line_starting(text, "routine:Open Book ").find("0.310   0.523") != std::string::npos);
    CHECK(line_starting(text, "Model: least squares on pain with AR(1) errors (Prais-Winsten, rho = "
                                "0.47).") != "");
    CHECK(line_starting(text, "Fit: R² 0.41, adj. R² 0.39, residual SD 1.20.") != "");
    CHECK(line_starting(text, "Note: left out as combinations of others: pillow=Low foam.") != "");
    CHECK(lines_of(text).back() == "These are associations in your own data, not medical advice.");
}

TEST_CASE("logit shows odds ratios - deviance and AIC") {
    const std::string text = analysis_text(logit_analysis());
    const std::string header = line_starting(text, "term");
    CHECK(header.find("odds ratio") != std::string::npos);
    CHECK(header.find("estimate") == std::string::npos);
    const std::string stomach = line_starting(text, "position=stomach ");
    CHECK(stomach.find(" 2.50 ") != std::string::npos);
    CHECK(stomach.find("1.20 to 5.10") != std::string::npos);
    CHECK(stomach.find("0.92") == std::string::npos);  // not the log-odds
    CHECK(line_starting(text, "Model: logistic regression of pain >= 5") != "");
    CHECK(line_starting(text, "Fit: deviance 201.3, AIC 215.3.") != "");
    CHECK(text.find("R²") == std::string::npos);
    CHECK(line_starting(text, "▲ Mornings after sleeping on your stomach: odds") != "");
}

// Both models of one journal, as analysis.run with outcome both sends them.
json both_analyses() {
    json pain = ols_analysis();
    json bad = logit_analysis();
    const json summary = {{"outcome", "pain"},
                          {"nights", 182},
                          {"factors",
                           {{{"factor", "position"},
                             {"kind", "categorical"},
                             {"groups", {{{"label", "side"}, {"nights", 141}, {"mean", 3.1}},
                                         {{"label", "stomach"}, {"nights", 41}, {"mean", 4.86}}}}}}}};
    pain["summary"] = bad["summary"] = summary;
    bad["aliased"] = json::array();
    bad["notes"].push_back("separation: no bad morning after Open Book.");
    return {{"pain", pain}, {"bad_morning", bad}};
}

// The index of the first line starting with `prefix`, or the number of lines.
std::size_t line_index(const std::vector<std::string>& lines, const std::string& prefix) {
    std::size_t i = 0;
    while (i < lines.size() && lines[i].rfind(prefix, 0) != 0) ++i;
    return i;
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

TEST_CASE("both models on one page: each one's findings and table - what they share once") {
    const std::string text = both_analyses_text(both_analyses());
    const std::vector<std::string> lines = lines_of(text);
    REQUIRE_FALSE(lines.empty());
    CHECK(lines[0] == "Analysis of 182 nights (2026-05-01 to 2026-11-23);");
    CHECK(count_of(text, "Analysis of") == 1);
    const std::size_t pain_heading = line_index(lines, "What goes with worse or better mornings, in pain points:");
    const std::size_t bad_heading = line_index(lines, "What makes a bad morning more or less likely:");
    const std::size_t means = line_index(lines, "Mean pain by factor");
    const std::size_t pain_model = line_index(lines, "Model: least squares");
    const std::size_t bad_model = line_index(lines, "Model: logistic regression");
    CHECK(pain_heading < bad_heading);
    CHECK(bad_heading < means);
    CHECK(means < pain_model);
    CHECK(pain_model < bad_model);
    CHECK(bad_model < lines.size());
    // Each model's findings under its heading, with its own markers and scale.
    CHECK(line_index(lines, "▲ Mornings after sleeping on your stomach (vs side): +1.9 pain points") > pain_heading);
    CHECK(line_index(lines, "▲ Mornings after sleeping on your stomach: odds of a bad morning x2.5") > bad_heading);
    CHECK(count_of(text, "Mean pain by factor") == 1);
    CHECK(count_of(text, "position: side 3.1 (141 nights)") == 1);
    // The estimates' table, its model line, then the odds ratios' table and its line.
    std::vector<std::size_t> tables;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("term ", 0) == 0) tables.push_back(i);
    }
    REQUIRE(tables.size() == 2);
    CHECK(lines[tables[0]].find("estimate") != std::string::npos);
    CHECK(lines[tables[1]].find("odds ratio") != std::string::npos);
    CHECK(tables[0] < pain_model);
    CHECK(pain_model < tables[1]);
    CHECK(tables[1] < bad_model);
    // Notes: each once, after the last model's lines.
    CHECK(count_of(text, "Note: coffee_cups was logged on 40 of 182 nights") == 1);
    CHECK(line_index(lines, "Note: coffee_cups") > bad_model);
    CHECK(line_index(lines, "Note: separation: no bad morning after Open Book.") > bad_model);
    CHECK(line_index(lines, "Note: left out as combinations of others: pillow=Low foam.") < lines.size());
    CHECK(count_of(text, "Too early to tell about mattress") == 1);  // both models had it
    CHECK(lines.back() == "These are associations in your own data, not medical advice.");
    CHECK(count_of(text, "not medical advice") == 1);
    for (const std::string& line : lines) {
        CAPTURE(line);
        CHECK(display_width(line) <= 80);
    }
}

TEST_CASE("both models on one page: a model that could not be fitted says why - and no reason twice") {
    json both = both_analyses();
    json& bad = both["bad_morning"];
    bad["coefficients"] = json::array();
    bad["notes"] = json::array();
    bad["findings"] = json::array({finding("not_enough_data", "", nullptr, false,
                                           "No model of bad mornings: every morning was good (pain >= 5.0); "
                                           "choose another threshold or record more nights.")});
    std::string text = both_analyses_text(both);
    std::vector<std::string> lines = lines_of(text);
    CHECK(line_index(lines, "What goes with worse or better mornings, in pain points:") <
          line_index(lines, "Not enough to go on yet:"));
    CHECK(line_index(lines, "? No model of bad mornings: every morning was good") < lines.size());
    CHECK(line_index(lines, "What makes a bad morning") == lines.size());
    CHECK(count_of(text, "\nterm ") == 1);
    CHECK(line_index(lines, "Model: logistic") == lines.size());
    // The notes follow the pain model's lines when it is the last with a table.
    const std::size_t fit = line_index(lines, "Fit: R²");
    REQUIRE(fit + 2 < lines.size());
    CHECK(lines[fit + 1] == "Note: left out as combinations of others: pillow=Low foam.");
    CHECK(lines[fit + 2].rfind("Note: coffee_cups", 0) == 0);

    // Too few nights for either: the one reason, once.
    const json few = finding("not_enough_data", "", nullptr, false,
                             "Not enough data yet: 12 nights with complete entries; about 16 more would "
                             "help (28 needed).");
    both["pain"]["findings"] = json::array({few});
    both["pain"]["coefficients"] = json::array();
    bad["findings"] = json::array({few});
    text = both_analyses_text(both);
    lines = lines_of(text);
    CHECK(count_of(text, "Not enough data yet: 12 nights") == 1);
    CHECK(count_of(text, "Not enough to go on yet:") == 1);
    CHECK(text.find("\nterm ") == std::string::npos);
    CHECK(text.find("Model:") == std::string::npos);
    CHECK(count_of(text, "Note: coffee_cups") == 1);
    CHECK(lines.back() == "These are associations in your own data, not medical advice.");
}

TEST_CASE("null and missing numbers print as -") {
    json analysis = ols_analysis();
    analysis["coefficients"] = {coefficient("x", nullptr, nullptr, 1.0, nullptr, nullptr, nullptr)};
    analysis["r_squared"] = nullptr;
    analysis.erase("residual_sd");
    const std::string text = analysis_text(analysis);
    CHECK(line_starting(text, "x ").find_first_not_of("x -") == std::string::npos);
    CHECK(line_starting(text, "Fit: R² -, adj. R² 0.39, residual SD -.") != "");
}

TEST_CASE("estimate_text and p_text choose a sensible precision") {
    struct Case {
        json value;
        std::string estimate, p;
    };
    for (const Case& c : {Case{1.9, "1.90", "-"}, Case{1, "1.00", "1.000"}, Case{-0.43, "-0.43", "-"},
                          Case{0.0012, "0.0012", "0.001"}, Case{0.0009, "0.0009", "< 0.001"},
                          Case{0, "0.00", "< 0.001"}, Case{0.0451, "0.05", "0.045"},
                          Case{123456.0, "1.23e+05", "-"}, Case{nullptr, "-", "-"},
                          Case{"x", "-", "-"}}) {
        CAPTURE(c.value.dump());
        CHECK(estimate_text(c.value) == c.estimate);
        CHECK(p_text(c.value) == c.p);
    }
}

TEST_CASE("a fit that did not converge gets a note unless painlogd wrote one") {
    json analysis = ols_analysis();
    analysis["converged"] = false;
    CHECK(analysis_text(analysis).find("Note: the model did not converge") != std::string::npos);
    analysis["notes"].push_back("IRLS did not converge in 25 iterations.");
    CHECK(analysis_text(analysis).find("Note: the model did not converge") == std::string::npos);
}

}  // namespace
}  // namespace painlog::cli

namespace painlog::cli {
namespace {

TEST_CASE("the first layer shows mean pain per level with night counts") {
    nlohmann::json analysis = {
        {"summary",
         {{"outcome", "pain"},
          {"nights", 96},
          {"mean", 3.6},
          {"factors",
           {{{"factor", "position"},
             {"kind", "categorical"},
             {"groups",
              {{{"label", "side"}, {"nights", 60}, {"mean", 3.1}},
               {{"label", "stomach"}, {"nights", 36}, {"mean", 4.86}}}}}}}}}};
    const std::string text = summary_text(analysis);
    CHECK(text.find("Mean pain by factor") != std::string::npos);
    CHECK(text.find("position: side 3.1 (60 nights) · stomach 4.9 (36)") != std::string::npos);
    CHECK(summary_text(nlohmann::json::object()).empty());
    CHECK(analysis_text(analysis, AnalysisSource{}).find("stomach 4.9 (36)") != std::string::npos);
}

}  // namespace
}  // namespace painlog::cli
