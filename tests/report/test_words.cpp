// The shared wording (report/words.h): headline, comparisons, dates, routines and gear
// in words, findings in report order, figures.
#include "fixtures.h"

#include "report/words.h"

#include <doctest/doctest.h>

namespace painlog::report {
namespace {

using nlohmann::json;

json with_summary(json mean, json before, json change) {
    return {{"summary",
             {{"nights", 6},
              {"mean_pain", mean},
              {"previous_4_weeks", {{"nights", 27}, {"mean_pain", before}}},
              {"change_vs_previous", change}}}};
}

TEST_CASE("headline says down or up or the same against the four weeks before") {
    struct Case {
        json mean, before, change;
        const char* expected;
    };
    const Case cases[] = {
        {3.5, 4.1, -0.6, "Mean pain this week 3.5, down 0.6 from the four weeks before."},
        {4.75, 4.0, 0.75, "Mean pain this week 4.8, up 0.8 from the four weeks before."},
        {4.0, 4.02, -0.02, "Mean pain this week 4.0, the same as the four weeks before."},
        {3.5, 4.1, nullptr, "Mean pain this week 3.5, down 0.6 from the four weeks before."},
        {3.5, nullptr, nullptr,
         "Mean pain this week 3.5 (no nights in the four weeks before to compare with)."},
        {nullptr, 4.1, nullptr, "No mornings logged this week."},
    };
    for (const Case& c : cases) {
        CAPTURE(c.expected);
        CHECK(headline(with_summary(c.mean, c.before, c.change)) == c.expected);
    }
    CHECK(headline(test::load_report("sample_report.json")) ==
          "Mean pain this week 3.5, down 1.0 from the four weeks before.");
    CHECK(headline(test::load_report("empty_report.json")).rfind("Nothing logged yet", 0) == 0);
    CHECK(headline(json()) == "No mornings logged this week.");
}

TEST_CASE("comparisons and bad mornings read from the summary") {
    const json report = test::load_report("sample_report.json");
    const std::vector<Comparison> lines = comparisons(report);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].text == "3.5 over 6 nights");
    CHECK(lines[1].text == "4.5 over 25 nights");
    CHECK(lines[2].text == "4.9 over 105 nights");
    CHECK(bad_mornings_text(report) == "1 bad morning (pain 5 or more) of 6 logged");
    CHECK(comparisons(json())[0].text == "no nights");
    CHECK(bad_mornings_text(json{{"threshold", 6}}) == "No bad mornings (pain 6 or more)");
}

TEST_CASE("routines gear and areas in words") {
    const json report = test::load_report("sample_report.json");
    CHECK(adherence_text(report) == "8 of 14 planned routines done (57%), 2 extra");
    CHECK(adherence_text(json()) == "No routines planned this week");
    CHECK(gear_change_text(report["gear_changes"][0]) == "Wed 18 Nov: new pillow Low foam");
    CHECK(areas_text(report["days"][0]) == "neck, upper back");
    CHECK(areas_text(report["days"][1]) == "-");
    CHECK(routine_text({{"routine", "Cat-Cow"}, {"slot", "evening"}}) == "Cat-Cow (evening)");
    const std::vector<std::string> factors = night_factors(report["days"][0]);
    CHECK(factors == std::vector<std::string>{"mattress Morgedal", "pillow Feather", "alcohol no",
                                              "coffee 2", "room cold",
                                              "routines Cat-Cow, Open Book, Head Tilt"});
    CHECK(night_factors(report["days"][1]).empty());
}

TEST_CASE("ranked_findings ranks effects by adjusted p then size and keeps the rest after") {
    const json result = test::load_report("sample_report.json")["analysis"]["result"];
    std::vector<std::string> terms;
    for (const json* finding : ranked_findings(result))
        terms.push_back((*finding)["term"].get<std::string>());
    // routine:Cat-Cow and position=stomach share p 0.012: the larger effect (1.4) goes first.
    CHECK(terms == std::vector<std::string>{"sitting_hours", "position=stomach", "routine:Cat-Cow",
                                            "sleep_hours", "", "room=warm"});
    const json odds = {
        {"model", "logit"},
        {"findings",
         {{{"kind", "effect"}, {"term", "a"}, {"effect", 1.5}, {"p_adjusted", 0.02}},
          {{"kind", "effect"}, {"term", "b"}, {"effect", 0.4}, {"p_adjusted", 0.02}},
          {{"kind", "effect"}, {"term", "c"}, {"effect", 3.0}, {"p_adjusted", nullptr}}}}};
    terms.clear();
    for (const json* finding : ranked_findings(odds))
        terms.push_back((*finding)["term"].get<std::string>());
    CHECK(terms == std::vector<std::string>{"b", "a", "c"});  // |log 0.4| > |log 1.5|; no p last
    CHECK(ranked_findings(json()).empty());
}

TEST_CASE("finding texts and figures") {
    CHECK(finding_text({{"kind", "not_enough_data"}, {"text", "2 nights; 1 more would help."}}) ==
          "Not enough data yet: 2 nights; 1 more would help.");
    CHECK(finding_text(
              {{"kind", "not_enough_data"}, {"text", "Not enough data yet for x: 2 nights."}}) ==
          "Not enough data yet for x: 2 nights.");
    CHECK(finding_text({{"kind", "effect"}, {"text", nullptr}}) == "-");
    CHECK(term_label({{"term", "position=stomach"}}) == "position: stomach");
    CHECK(term_label({{"term", "routine:Cat-Cow"}}) == "routine: Cat-Cow");
    CHECK(term_label({{"term", "sleep_hours"}}) == "sleep hours");
    CHECK(term_label({{"term", ""}, {"factor", "pillow"}}) == "pillow");
    CHECK(effect_text({{"effect", 1.4}, {"ci_low", 0.5}, {"ci_high", 2.3}}, false) ==
          "+1.4 (0.5 to 2.3)");
    CHECK(effect_text({{"effect", -0.25}, {"ci_low", -0.61}, {"ci_high", 0.11}}, false) ==
          "-0.25 (-0.61 to 0.11)");
    CHECK(effect_text({{"effect", 2.5}, {"ci_low", 1.2}, {"ci_high", 5.1}}, true) ==
          "x2.5 (1.2 to 5.1)");
    CHECK(effect_text({{"effect", nullptr}}, false) == "-");
    CHECK(p_text(0.0004) == "< 0.001");
    CHECK(p_text(0.008) == "0.008");
    CHECK(p_text(0.26) == "0.26");
    CHECK(p_text(nullptr) == "-");
}

TEST_CASE("values and decimals for people") {
    CHECK(value_text(nullptr) == "-");
    CHECK(value_text(true) == "yes");
    CHECK(value_text(7.5) == "7.5");
    CHECK(value_text(7.0) == "7");
    CHECK(value_text(json::array()) == "-");
    CHECK(value_text(json{"a", 2}) == "a, 2");
    CHECK(decimal_text(3.45) == "3.5");
    CHECK(decimal_text(-0.04, true) == "+0.0");
    CHECK(decimal_text(-0.6, true) == "-0.6");
    CHECK(decimal_text("3.5") == "-");
    CHECK(spaced("upper_back") == "upper back");
}

TEST_CASE("window provenance and method in words") {
    const json report = test::load_report("sample_report.json");
    CHECK(window_text(report) == "last 90 days (2026-08-25 to 2026-11-22), 73 nights analysed");
    CHECK(provenance(report) ==
          "Journal: 105 nights since 26 Jul 2026 · generated 2026-11-23 08:00 UTC · time zone "
          "Europe/Berlin");
    const std::vector<std::string> method = method_paragraphs(report);
    REQUIRE(method.size() == 4);
    CHECK(method[0] == report["method"]);
    CHECK(method[1] ==
          "Model: least squares on pain with AR(1) errors (Prais-Winsten, rho = 0.38).");
    CHECK(method[2] == "Note: alcohol was logged on 21 of 75 nights and is left out.");
    CHECK(method_paragraphs(json()).empty());
}

TEST_CASE("version_note speaks up only for a newer report") {
    CHECK(version_note(test::load_report("sample_report.json")).empty());
    CHECK(version_note(json()).empty());
    const std::string note = version_note(json{{"painlog_report", 2}});
    CHECK(note.find("newer kind (version 2)") != std::string::npos);
}

}  // namespace
}  // namespace painlog::report
