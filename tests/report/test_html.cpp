// The HTML page (report/render.h render_html): valid HTML5 skeleton, self-contained,
// the charts with their marks, the tables and findings, escaping, print rules, the
// empty journal. (tests/report/chromium_check looks at it in a real browser.)
#include "fixtures.h"

#include "report/charts.h"
#include "report/render.h"
#include "report/svg.h"
#include "report/words.h"

#include <doctest/doctest.h>

#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <random>
#include <regex>
#include <vector>

namespace painlog::report {
namespace {

using nlohmann::json;
using test::count_of;

// The element that starts with `start` (e.g. "<svg id=\"pain-chart\""), up to its end tag.
std::string element(const std::string& page, const std::string& start, const std::string& end_tag) {
    const std::size_t from = page.find(start);
    if (from == std::string::npos)
        return {};
    const std::size_t to = page.find(end_tag, from);
    return to == std::string::npos ? std::string() : page.substr(from, to + end_tag.size() - from);
}

void check_balanced(const std::string& page) {
    for (const char* tag : {"svg", "table", "tbody", "section", "ol", "li", "tr", "td", "figure",
                            "g", "text", "title", "ul"}) {
        CAPTURE(tag);
        CHECK(count_of(page, std::string("<") + tag + ">") +
                  count_of(page, std::string("<") + tag + " ") ==
              count_of(page, std::string("</") + tag + ">"));
    }
}

// svg_number as to_chars writes it: the number rounded to tenths, with one decimal,
// without a trailing ".0", never "-0"; "0" for a number of over 30 digits.
std::string svg_number_by_to_chars(double value) {
    const double rounded = std::round(value * 10.0) / 10.0;
    std::array<char, 32> buffer{};
    const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(),
                                            rounded == 0.0 ? 0.0 : rounded, std::chars_format::fixed, 1);
    if (error != std::errc())
        return "0";
    std::string number(buffer.data(), end);
    if (number.size() > 2 && number.ends_with(".0"))
        number.resize(number.size() - 2);
    return number;
}

TEST_CASE("svg_number writes tenths without a trailing zero as to_chars would") {
    CHECK(svg_number(12.5) == "12.5");
    CHECK(svg_number(12.04) == "12");
    CHECK(svg_number(12.05) == "12.1");
    CHECK(svg_number(-3) == "-3");
    CHECK(svg_number(-0.04) == "0");
    CHECK(svg_number(-0.05) == "-0.1");
    CHECK(svg_number(0.96) == "1");
    CHECK(svg_number(-7.25) == "-7.3");
    CHECK(svg_number(704.65) == svg_number_by_to_chars(704.65));
    std::vector<double> values{0.0, -0.0, 0.05, 0.15, 0.25, 0.35, 1e14 + 0.25, -1e14 - 0.75, 99999999999999.95,
                               1e15, -1e15, 1e16 + 2, 1e300, -1e300, 5e-324,
                               std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::infinity()};
    std::mt19937_64 random(20261125);
    std::uniform_real_distribution<double> coordinates(-1000.0, 1000.0);
    std::uniform_int_distribution<long long> hundredths(-100000000, 100000000);
    for (int i = 0; i < 20000; ++i) {
        values.push_back(coordinates(random));
        values.push_back(static_cast<double>(hundredths(random)) / 100.0);  // at and near the halves
    }
    for (const double value : values) {
        CAPTURE(value);
        CHECK(svg_number(value) == svg_number_by_to_chars(value));
    }
}

TEST_CASE("render_html is one valid self-contained HTML5 page") {
    const std::string page = render_html(test::load_report("sample_report.json"));
    CHECK(page.rfind("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
                     0) == 0);
    CHECK(page.find("<title>Weekly report, 16–22 November 2026 (2026-W47)</title>") !=
          std::string::npos);
    CHECK(page.size() - page.rfind("</html>\n") == 8);
    CHECK(count_of(page, "<style>") == 1);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<link") == std::string::npos);
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("url(") == std::string::npos);
    CHECK(page.find("@import") == std::string::npos);
    CHECK(page.find("@font-face") == std::string::npos);
    CHECK_FALSE(std::regex_search(
        page, std::regex(R"((src|href)\s*=\s*["']?[^"'>]*http)", std::regex::icase)));
    CHECK(page.find("http") == std::string::npos);  // not even an xmlns
    check_balanced(page);
}

TEST_CASE("render_html pain chart has one point per logged day and the 7-day line") {
    const json report = test::load_report("sample_report.json");
    const std::string chart = element(render_html(report), "<svg id=\"pain-chart\"", "</svg>");
    REQUIRE_FALSE(chart.empty());
    std::size_t logged = 0;
    std::size_t bad = 0;
    for (const json& point : report["daily"]) {
        if (point["pain"].is_null())
            continue;
        ++logged;
        if (point["pain"].get<int>() >= 5)
            ++bad;
    }
    CHECK(logged == 75);
    CHECK(count_of(chart, "<circle class=\"pain-point") == logged);
    CHECK(count_of(chart, "<circle class=\"pain-point bad\"") == bad);
    CHECK(count_of(chart, "<path class=\"avg7\" d=\"M") == 1);
    CHECK(count_of(chart, "<line class=\"week-line\"") ==
          12);  // the Mondays from 2026-08-31 to 2026-11-16
    CHECK(count_of(chart, "<rect class=\"this-week\"") == 2);  // the band and its legend key
    CHECK(count_of(chart, "<line class=\"gear-change\"") == 1);
    CHECK(count_of(chart, "<line class=\"threshold\"") == 2);  // the line and its legend key
    CHECK(chart.find(">10</text>") != std::string::npos);
    CHECK(chart.find(">0</text>") != std::string::npos);
    CHECK(chart.find("<title>Mon 16 Nov: pain 3</title>") != std::string::npos);
    check_balanced(chart);
}

TEST_CASE("render_html forest plot has one row per effect with its interval and estimate") {
    const json report = test::load_report("sample_report.json");
    const json& result = report["analysis"]["result"];
    const std::string plot = element(render_html(report), "<svg id=\"forest-plot\"", "</svg>");
    REQUIRE_FALSE(plot.empty());
    const std::vector<EffectRow> rows = effect_rows(result);
    CHECK(rows.size() == 4);
    CHECK(count_of(plot, "<g class=\"effect-row") == rows.size());
    CHECK(count_of(plot, "<circle class=\"estimate\"") == rows.size());
    CHECK(count_of(plot, "<line class=\"ci\"") == 3 * rows.size());  // the line and its two caps
    CHECK(count_of(plot, "<line class=\"zero\"") == 1);
    CHECK(count_of(plot, "<g class=\"effect-row worse flagged\"") == 2);
    CHECK(count_of(plot, "<g class=\"effect-row better flagged\"") == 1);
    CHECK(count_of(plot, "<g class=\"effect-row unclear\"") == 1);
    std::size_t previous = 0;
    for (const EffectRow& row : rows) {
        const std::size_t at = plot.find(">" + row.label + "</text>");
        CAPTURE(row.label);
        REQUIRE(at != std::string::npos);
        CHECK(at > previous);
        previous = at;
        CHECK(plot.find(">" + row.figures + "</text>") != std::string::npos);
    }
}

TEST_CASE("render_html has the week and adherence tables and the findings") {
    const json report = test::load_report("sample_report.json");
    const std::string page = render_html(report);
    const std::string week = element(page, "<table id=\"week\">", "</table>");
    CHECK(count_of(week, "<tr class=\"logged") == 6);
    CHECK(count_of(week, "<tr class=\"unlogged\">") == 1);
    CHECK(count_of(week, "<tr class=\"logged bad\">") == 1);
    for (const json& day : report["days"]) {
        CHECK(week.find("<td>" + day_label(day["date"]) + "</td>") != std::string::npos);
        if (day["logged"] == true) {
            CHECK(week.find(day_label(day["date"]) + "</td><td class=\"num pain-cell") !=
                  std::string::npos);
            CHECK(week.find("<td>" + areas_text(day) + "</td>") != std::string::npos);
        }
    }
    CHECK(week.find(">6 <small>bad</small></td>") != std::string::npos);
    CHECK(week.find("Long drive to Hamburg; new pillow tonight") != std::string::npos);
    CHECK(count_of(week, "<tbody class=\"day\">") == 7);
    CHECK(count_of(week, "<tr class=\"details\">") == 6);
    CHECK(week.find("mattress Morgedal · pillow Feather · alcohol no · coffee 2 · room cold · "
                    "routines Cat-Cow, Open Book, Head Tilt") != std::string::npos);
    const std::string adherence = element(page, "<table id=\"adherence\">", "</table>");
    CHECK(count_of(adherence, "<li class=\"done\">") == 8);
    CHECK(count_of(adherence, "<li class=\"missed\">") == 6);
    CHECK(count_of(adherence, "<li class=\"extra\">") == 2);
    CHECK(count_of(adherence, "<th scope=\"col\">") == 7);
    CHECK(page.find("Wed 18 Nov: new pillow Low foam") != std::string::npos);
    const std::string findings = element(page, "<ol id=\"findings\">", "</ol>");
    CHECK(count_of(findings, "<li class=\"finding") ==
          report["analysis"]["result"]["findings"].size());
    for (const json* finding : ranked_findings(report["analysis"]["result"])) {
        const std::string text = finding_text(*finding);
        CHECK(findings.find(is_not_enough_data(*finding) ? text.substr(19) : text) !=
              std::string::npos);
    }
    CHECK(findings.find("<strong>Not enough data yet</strong> for room=warm") != std::string::npos);
    CHECK(page.find("<p class=\"headline\">Mean pain this week 3.5, down 1.0 from the four weeks "
                    "before.</p>") != std::string::npos);
    CHECK(page.find(escape_xml(report["method"].get<std::string>())) != std::string::npos);
    CHECK(page.find("<footer class=\"disclaimer\">\n<p>" +
                    report["disclaimer"].get<std::string>()) != std::string::npos);
}

TEST_CASE("render_html escapes every text from the report") {
    json report = test::load_report("sample_report.json");
    report["days"][0]["note"] = "<script>alert(\"x\")</script> & 'quotes'";
    report["days"][0]["pillow"] = "Foam & <b>Co</b>";
    report["gear_changes"][0]["name"] = "Foam & <b>Co</b>";
    report["analysis"]["result"]["findings"][0]["text"] = "<img src=x onerror=alert(1)> & co";
    report["analysis"]["result"]["findings"][0]["term"] = "routine:<i>Stretch</i>";
    report["days"][0]["custom"] = {{"<svg>", "&"}};
    report["week"]["id"] = "</title><script>";
    const std::string page = render_html(report);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("<b>") == std::string::npos);
    CHECK(page.find("<img") == std::string::npos);
    CHECK(page.find("<i>") == std::string::npos);
    CHECK(page.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;") !=
          std::string::npos);
    CHECK(page.find("Foam &amp; &lt;b&gt;Co&lt;/b&gt;") != std::string::npos);
    CHECK(page.find("&lt;img src=x onerror=alert(1)&gt; &amp; co") != std::string::npos);
    CHECK(page.find("routine: &lt;i&gt;Stretch&lt;/i&gt;") != std::string::npos);
    CHECK(page.find("&lt;svg&gt; &amp;") != std::string::npos);
    CHECK(count_of(page, "<svg") == 2);
    check_balanced(page);
}

TEST_CASE("render_html prints on A4 and Letter") {
    const std::string page = render_html(test::load_report("sample_report.json"));
    CHECK(page.find("@page { margin: 15mm; }") != std::string::npos);
    CHECK(page.find("size: A4") == std::string::npos);  // the paper is the printer's: A4 or Letter
    const std::string print = page.substr(page.find("@media print"));
    CHECK(print.find("max-width: 180mm") != std::string::npos);  // A4 and Letter both hold 180 mm
    CHECK(print.find("break-inside: avoid") != std::string::npos);
    CHECK(print.find("svg.chart") != std::string::npos);
    CHECK(print.find("color: #000000") != std::string::npos);
    CHECK(print.find("display: none") == std::string::npos);  // nothing hidden on paper
    CHECK(page.find("font: 15px/1.5 system-ui") != std::string::npos);
}

TEST_CASE("render_html builds the empty journal's page around the start hint") {
    const json report = test::load_report("empty_report.json");
    const std::string page = render_html(report);
    CHECK(page.find("<p class=\"start\">" + report["start_hint"].get<std::string>() + "</p>") !=
          std::string::npos);
    CHECK(page.find("<p class=\"callout\">Not enough data yet.</p>") != std::string::npos);
    CHECK(count_of(element(page, "<ol id=\"findings\">", "</ol>"), "<li class=\"finding") == 1);
    CHECK(page.find("the analysis needs at least 28 nights") != std::string::npos);
    CHECK(page.find("<svg") == std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    check_balanced(page);
}

TEST_CASE("render_html text and markdown say when the report is of a newer version") {
    json report = test::load_report("sample_report.json");
    report["painlog_report"] = 2;
    report["a_new_section"] = {{"rows", json::array()}};
    const std::string note = version_note(report);
    CHECK(render_html(report).find("<p class=\"callout\">" + note + "</p>") != std::string::npos);
    CHECK(test::flat(render_text(report, {})).find(note) != std::string::npos);
    CHECK(render_markdown(report).find("> " + note) != std::string::npos);
    CHECK(render_html(test::load_report("sample_report.json")).find("newer kind") ==
          std::string::npos);
}

TEST_CASE("render_html tolerates missing members and any JSON") {
    for (const json& odd : {json(), json::array(), json(true), json::object()}) {
        std::string page;
        CHECK_NOTHROW(page = render_html(odd));
        CHECK(page.rfind("<!doctype html>", 0) == 0);
        check_balanced(page);
    }
    json report = test::load_report("sample_report.json");
    report.erase("daily");
    report["analysis"]["result"]["findings"] = json::array();
    report["days"][0]["sleep_hours"] = nullptr;
    const std::string page = render_html(report);
    CHECK(page.find("No mornings logged in this period yet.") != std::string::npos);
    CHECK(page.find("No factor could be analysed.") != std::string::npos);
    CHECK(count_of(element(page, "<svg id=\"pain-chart\"", "</svg>"),
                   "<circle class=\"pain-point") == 0);
}

}  // namespace
}  // namespace painlog::report
