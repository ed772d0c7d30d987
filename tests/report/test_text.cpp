// The terminal page (report/render.h render_text): its content over the sample, the
// width rule over the sample and over long texts, colour only when asked for, the
// empty journal and odd input.
#include "fixtures.h"

#include "report/charts.h"
#include "report/layout.h"
#include "report/render.h"
#include "report/words.h"

#include <doctest/doctest.h>

namespace painlog::report {
namespace {

using nlohmann::json;
using test::flat;
using test::lines_of;

void check_width(const std::string& page, std::size_t width) {
    for (const std::string& line : lines_of(page)) {
        CAPTURE(line);
        CHECK(display_width(line) <= width);
    }
}

TEST_CASE("render_text shows the week and its comparisons") {
    const json report = test::load_report("sample_report.json");
    const std::string page = render_text(report, {});
    const std::string words = flat(page);
    CHECK(page.rfind("Weekly report, 16–22 November 2026 (2026-W47)\n", 0) == 0);
    CHECK(words.find("Mean pain this week 3.5, down 1.0 from the four weeks before.") !=
          std::string::npos);
    CHECK(words.find("This week 3.5 over 6 nights") != std::string::npos);
    CHECK(words.find("Four weeks before 4.5 over 25 nights") != std::string::npos);
    CHECK(words.find("All time 4.9 over 105 nights") != std::string::npos);
    CHECK(words.find("1 bad morning (pain 5 or more) of 6 logged") != std::string::npos);
    CHECK(words.find("8 of 14 planned routines done (57%), 2 extra") != std::string::npos);
    CHECK(words.find("Wed 18 Nov: new pillow Low foam") != std::string::npos);
    CHECK(page.find(sparkline(report["weeks"])) != std::string::npos);
}

TEST_CASE("render_text has a row per morning with its pain and areas and factors") {
    const json report = test::load_report("sample_report.json");
    const std::vector<std::string> lines = lines_of(render_text(report, {}));
    for (const json& day : report["days"]) {
        const std::string label = day_label(day["date"]);
        CAPTURE(label);
        std::size_t rows = 0;
        for (const std::string& line : lines) {
            if (line.rfind(label, 0) != 0 || line.find("pain") != std::string::npos)
                continue;
            const std::string cells = flat(line.substr(label.size()));
            if (day["logged"] == true) {
                // The mornings table: pain first (with "bad" on a bad morning), then areas.
                const std::string pain =
                    std::to_string(day["pain"].get<int>()) + (day["bad"] == true ? " bad" : "");
                if (cells.rfind(pain + " " + areas_text(day), 0) == 0)
                    ++rows;
            } else if (cells == "- not logged") {
                ++rows;
            }
        }
        CHECK(rows == 1);
    }
    const std::string words = flat(render_text(report, {}));
    CHECK(words.find("Wed 18 Nov mattress Morgedal · pillow Low foam · alcohol yes · coffee 4 · "
                     "room warm note: "
                     "Long drive to Hamburg; new pillow tonight") != std::string::npos);
    CHECK(words.find("Sat 21 Nov ✓ Open Book (morning) · ✓ Cat-Cow (evening) · + Scapular Clocks "
                     "(evening)") != std::string::npos);
    CHECK(words.find("Tue 17 Nov ✗ Open Book (morning) · ✗ Cat-Cow (evening)") !=
          std::string::npos);
}

TEST_CASE("render_text gives every finding in rank order and a forest plot line per effect") {
    const json report = test::load_report("sample_report.json");
    const json& result = report["analysis"]["result"];
    const std::string page = render_text(report, {});
    const std::string words = flat(page);
    std::size_t previous = 0;
    for (const json* finding : ranked_findings(result)) {
        const std::size_t at = words.find(flat(finding_text(*finding)));
        CAPTURE((*finding)["text"]);
        REQUIRE(at != std::string::npos);
        CHECK(at > previous);
        previous = at;
    }
    CHECK(words.find("Not enough data yet for room=warm") != std::string::npos);
    for (const EffectRow& row : effect_rows(result)) {
        std::size_t lines = 0;
        for (const std::string& line : lines_of(page)) {
            const bool plotted =
                line.rfind(row.label, 0) == 0 &&
                (line.find("●") != std::string::npos || line.find("○") != std::string::npos);
            if (plotted && line.size() > row.figures.size() &&
                line.compare(line.size() - row.figures.size(), row.figures.size(), row.figures) ==
                    0) {
                ++lines;
            }
        }
        CAPTURE(row.label);
        CHECK(lines == 1);
    }
    CHECK(words.find("least squares on pain with AR(1) errors") != std::string::npos);
    CHECK(words.find(flat(report["method"].get<std::string>())) != std::string::npos);
    CHECK(words.find(flat(report["disclaimer"].get<std::string>())) != std::string::npos);
}

TEST_CASE("render_text keeps every line within the width") {
    const json sample = test::load_report("sample_report.json");
    const json empty = test::load_report("empty_report.json");
    const json long_texts = test::long_texts_report();
    for (const std::size_t width : {80U, 60U, 40U, 120U}) {
        CAPTURE(width);
        for (const bool colour : {false, true}) {
            check_width(render_text(sample, {colour, width}), width);
            check_width(render_text(empty, {colour, width}), width);
            check_width(render_text(long_texts, {colour, width}), width);
        }
    }
    check_width(render_text(sample, {false, 20}), 20);  // narrower than the layout: cut
}

TEST_CASE("render_text wraps long texts rather than losing them") {
    const json report = test::long_texts_report();
    const std::string words = flat(render_text(report, {}));
    // Words longer than a line are split across lines: compare without blanks.
    CHECK(test::without_blanks(words).find(test::without_blanks(
              report["analysis"]["result"]["findings"][0]["text"].get<std::string>())) !=
          std::string::npos);
    CHECK(words.find("and then some words after a very long unbroken word") != std::string::npos);
    CHECK(words.find("new mattress Tempur-ProAdapt") != std::string::npos);
}

TEST_CASE("render_text uses colour only when asked") {
    const json report = test::load_report("sample_report.json");
    CHECK(render_text(report, {false, 80}).find('\x1b') == std::string::npos);
    CHECK(render_text(test::load_report("empty_report.json"), {false, 80}).find('\x1b') ==
          std::string::npos);
    const std::string coloured = render_text(report, {true, 80});
    CHECK(coloured.find("\x1b[1m") != std::string::npos);
    CHECK(coloured.find("\x1b[31m") != std::string::npos);
    CHECK(test::count_of(coloured, "\x1b[0m") >= 10);
}

TEST_CASE("render_text builds the empty journal's page around the start hint") {
    const json report = test::load_report("empty_report.json");
    const std::string page = render_text(report, {});
    const std::string words = flat(page);
    CHECK(words.find(flat(report["start_hint"].get<std::string>())) != std::string::npos);
    CHECK(words.find("Not enough data yet.") != std::string::npos);
    CHECK(words.find("the analysis needs at least 28 nights") != std::string::npos);
    CHECK(page.find("Mornings") == std::string::npos);
    CHECK(words.find(flat(report["disclaimer"].get<std::string>())) != std::string::npos);
}

TEST_CASE("render_text tolerates missing members and nulls and any JSON") {
    json report = test::load_report("sample_report.json");
    report["unknown_member"] = {{"x", 1}};
    report["days"][0]["stiffness"] = nullptr;
    report["days"][0].erase("areas");
    report.erase("weeks");
    report["summary"].erase("all_time");
    report["analysis"]["result"]["findings"][0].erase("ci_low");
    std::string page;
    CHECK_NOTHROW(page = render_text(report, {}));
    CHECK(flat(page).find("All time no nights") != std::string::npos);
    for (const json& odd : {json(), json::array(), json(42), json("report"), json::object()}) {
        CHECK_NOTHROW(check_width(render_text(odd, {}), 80));
    }
}

TEST_CASE("colour_wanted needs a terminal without NO_COLOR and not dumb") {
    CHECK(colour_wanted(true, nullptr, "xterm-256color"));
    CHECK(colour_wanted(true, "", "xterm"));
    CHECK(colour_wanted(true, nullptr, nullptr));
    CHECK_FALSE(colour_wanted(false, nullptr, "xterm"));
    CHECK_FALSE(colour_wanted(true, "1", "xterm"));
    CHECK_FALSE(colour_wanted(true, nullptr, "dumb"));
}

}  // namespace
}  // namespace painlog::report
