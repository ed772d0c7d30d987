// The markdown page (report/render.h render_markdown): headings, well-formed pipe
// tables, the content of the text page, escaping, the empty journal.
#include "fixtures.h"

#include "report/charts.h"
#include "report/render.h"
#include "report/words.h"

#include <doctest/doctest.h>

namespace painlog::report {
namespace {

using nlohmann::json;
using test::lines_of;

// Cells in a pipe-table line: the pipes that are not escaped, less one.
std::size_t cells_in(const std::string& line) {
    std::size_t pipes = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] == '\\') {
            ++i;
        } else if (line[i] == '|') {
            ++pipes;
        }
    }
    return pipes - 1;
}

// Every table (a run of lines starting with "|") has a header, a separator row of
// ---, and rows with as many cells as the header. Returns the number of tables.
std::size_t check_tables(const std::string& page) {
    const std::vector<std::string> lines = lines_of(page);
    std::size_t tables = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (lines[i].rfind("|", 0) != 0 || (i > 0 && lines[i - 1].rfind("|", 0) == 0))
            continue;
        ++tables;
        CAPTURE(lines[i]);
        CHECK((i == 0 || lines[i - 1].empty()));  // a table starts its own block
        REQUIRE(i + 1 < lines.size());
        const std::size_t columns = cells_in(lines[i]);
        CHECK(lines[i + 1].find_first_not_of("|-: ") == std::string::npos);
        CHECK(cells_in(lines[i + 1]) == columns);
        for (std::size_t j = i + 2; j < lines.size() && lines[j].rfind("|", 0) == 0; ++j) {
            CAPTURE(lines[j]);
            CHECK(cells_in(lines[j]) == columns);
            CHECK(lines[j].back() == '|');
        }
    }
    return tables;
}

TEST_CASE("render_markdown has the headings and the week's figures") {
    const json report = test::load_report("sample_report.json");
    const std::string page = render_markdown(report);
    CHECK(page.rfind("# Weekly report, 16–22 November 2026 (2026-W47)\n", 0) == 0);
    CHECK(page.find("\n**Mean pain this week 3.5, down 1.0 from the four weeks before.**\n") !=
          std::string::npos);
    for (const char* heading :
         {"\n## Mornings\n", "\n## Routines\n", "\n## What the analysis says\n",
          "\n## How this was worked out\n"}) {
        CHECK(page.find(heading) != std::string::npos);
    }
    CHECK(page.find("- This week: 3.5 over 6 nights\n") != std::string::npos);
    CHECK(page.find("- Four weeks before: 4.5 over 25 nights\n") != std::string::npos);
    CHECK(page.find("- All time: 4.9 over 105 nights\n") != std::string::npos);
    CHECK(page.find("- Bad mornings: 1 bad morning (pain 5 or more) of 6 logged\n") !=
          std::string::npos);
    CHECK(page.find("- Routines: 8 of 14 planned routines done (57%), 2 extra\n") !=
          std::string::npos);
    CHECK(page.find("- Gear: Wed 18 Nov: new pillow Low foam\n") != std::string::npos);
    CHECK(page.find("`" + sparkline(report["weeks"]) + "`") != std::string::npos);
}

TEST_CASE("render_markdown tables are well formed with a row per morning and per day of routines") {
    const json report = test::load_report("sample_report.json");
    const std::string page = render_markdown(report);
    CHECK(check_tables(page) == 3);  // mornings, routines, effects
    for (const json& day : report["days"]) {
        const std::string start = "| " + day_label(day["date"]) + " | ";
        CAPTURE(start);
        CHECK(test::count_of(page, start) == 2);  // mornings and routines
        if (day["logged"] == true) {
            const std::string pain = std::to_string(day["pain"].get<int>());
            const std::string cell = day["bad"] == true ? "**" + pain + "** (bad)" : pain;
            CHECK(page.find(start + cell + " | " + areas_text(day) + " |") != std::string::npos);
        } else {
            CHECK(page.find(start + "- | not logged |") != std::string::npos);
        }
    }
    CHECK(page.find("| Thu 19 Nov | Cat-Cow (evening) | Open Book (morning) | - |") !=
          std::string::npos);
    CHECK(
        page.find(
            "| Mon 16 Nov | Open Book (morning), Cat-Cow (evening) | - | Head Tilt (morning) |") !=
        std::string::npos);
}

TEST_CASE("render_markdown lists every finding in rank order then the method and disclaimer") {
    const json report = test::load_report("sample_report.json");
    const std::string page = render_markdown(report);
    std::size_t number = 0;
    std::size_t previous = 0;
    for (const json* finding : ranked_findings(report["analysis"]["result"])) {
        const std::string text = finding_text(*finding);
        const std::size_t at = page.find("\n" + std::to_string(++number) + ". ", previous);
        CAPTURE(text);
        REQUIRE(at != std::string::npos);
        CHECK(at > previous);
        previous = at;
        // The text follows its number, bold when flagged, with "Not enough data yet" in bold.
        const std::string shown =
            is_not_enough_data(*finding) ? "**Not enough data yet**" + text.substr(19) : text;
        CHECK(page.find(shown, at) <= at + 7);
    }
    for (const EffectRow& row : effect_rows(report["analysis"]["result"])) {
        CHECK(page.find("| " + row.label + " | `[") != std::string::npos);
    }
    CHECK(page.find(report["method"].get<std::string>()) != std::string::npos);
    CHECK(page.find("*" + report["disclaimer"].get<std::string>() + "*") != std::string::npos);
}

TEST_CASE("render_markdown escapes texts that could start markup") {
    json report = test::load_report("sample_report.json");
    report["days"][0]["note"] =
        "pipes | and *stars* and <script>alert(1)</script> & more &amp;\nnext line";
    report["days"][0]["mattress"] = "Foam_*Deluxe*_[2]";
    report["days"][0]["custom"] = {{"coffee_cups", 2}};
    report["gear_changes"][0]["name"] = "`tick` # hash";
    report["method"] = "# not a heading";
    report["disclaimer"] = "1. not a list";
    const std::string page = render_markdown(report);
    CHECK(check_tables(page) == 3);
    CHECK(page.find("pipes \\| and \\*stars\\* and \\<script\\>alert(1)\\</script\\> & more "
                    "\\&amp; next line") != std::string::npos);
    CHECK(page.find("<script>") == std::string::npos);
    CHECK(page.find("Foam\\_\\*Deluxe\\*\\_\\[2\\]") != std::string::npos);
    CHECK(page.find("coffee cups 2") != std::string::npos);
    CHECK(page.find("\\`tick\\` # hash") != std::string::npos);
    CHECK(page.find("\n\\# not a heading\n") != std::string::npos);
    CHECK(page.find("*1\\. not a list*") != std::string::npos);
}

TEST_CASE("render_markdown builds the empty journal's page around the start hint") {
    const json report = test::load_report("empty_report.json");
    const std::string page = render_markdown(report);
    CHECK(page.find("## How to start\n\n" + report["start_hint"].get<std::string>()) !=
          std::string::npos);
    CHECK(page.find("> **Not enough data yet.**") != std::string::npos);
    CHECK(page.find("the analysis needs at least 28 nights") != std::string::npos);
    CHECK(page.find("## Mornings") == std::string::npos);
    CHECK(check_tables(page) == 0);
}

TEST_CASE("render_markdown tolerates missing members and any JSON") {
    for (const json& odd : {json(), json::array(), json(1.5), json::object()})
        CHECK_NOTHROW((void)render_markdown(odd));
    json report = test::load_report("sample_report.json");
    report.erase("adherence");
    report["days"][2]["custom"] = "not an object";
    std::string page;
    CHECK_NOTHROW(page = render_markdown(report));
    CHECK(page.find("No routines planned this week") != std::string::npos);
}

}  // namespace
}  // namespace painlog::report
