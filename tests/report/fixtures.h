// Test helpers for the report renderers: the committed REPORT fixtures
// (tests/report/data), a REPORT with very long texts everywhere, and small text
// utilities. Test-only; not part of painlog_report.
#pragma once

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace painlog::report::test {

// A fixture from tests/report/data, parsed; throws when it is missing or not JSON.
inline nlohmann::json load_report(const std::string& name) {
    const std::string path = std::string(PAINLOG_SOURCE_DIR) + "/tests/report/data/" + name;
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot read " + path);
    return nlohmann::json::parse(in);
}

// The sample with long, unbroken or markup-laden texts in every place a name, a factor
// or a finding can appear: gear, custom factors, routines, notes, findings, terms.
inline nlohmann::json long_texts_report() {
    nlohmann::json report = load_report("sample_report.json");
    const std::string gear =
        "Tempur-ProAdapt-Medium-Hybrid-Supreme-Deluxe-Edition-2026-with-Cooling-Gel-and-Lumbar-"
        "Zone";
    const std::string routine =
        "Very long custom routine name that goes on and on for the benefit of the test";
    for (nlohmann::json& day : report["days"]) {
        if (day["logged"] != true)
            continue;
        day["mattress"] = gear;
        day["pillow"] = "Pillow " + gear;
        day["areas"] = {"upper_back", "neck", "shoulders", "lower_back", "arms"};
        day["custom"]["minutes_spent_commuting_by_car_in_heavy_traffic_the_evening_before"] = 95;
        day["custom"]["room"] =
            "cold and draughty with the window open all night long, as usual in winter";
        day["routines"].push_back(routine);
        day["note"] =
            std::string(300, 'x') + " and then some words after a very long unbroken word";
    }
    report["adherence"]["days"][0]["extra"].push_back({{"routine", routine}, {"slot", "evening"}});
    report["gear_changes"].push_back(
        {{"date", "2026-11-19"}, {"kind", "mattress"}, {"name", gear}});
    nlohmann::json& findings = report["analysis"]["result"]["findings"];
    findings[0]["term"] = "routine:" + routine;
    findings[0]["text"] = "Mornings after doing " + routine +
                          ": +0.31 pain points (95% CI 0.12 to 0.50), adjusted p = "
                          "0.008, 73 nights, and a very long tail of words " +
                          std::string(120, 'y');
    findings[2]["term"] = "mattress=" + gear;
    report["analysis"]["result"]["notes"].push_back(std::string(200, 'n'));
    report["method"] = report["method"].get<std::string>() + " " + std::string(150, 'm');
    return report;
}

inline std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        lines.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

// `text` with every run of blanks and line breaks as one space: wrapped text compared
// with the words it came from.
inline std::string flat(std::string_view text) {
    std::string out;
    bool blank = false;
    for (const char c : text) {
        if (c == ' ' || c == '\n' || c == '\t') {
            blank = true;
            continue;
        }
        if (blank && !out.empty())
            out += ' ';
        blank = false;
        out += c;
    }
    return out;
}

inline std::string without_blanks(std::string_view text) {
    std::string out;
    for (const char c : text) {
        if (c != ' ' && c != '\n' && c != '\t')
            out += c;
    }
    return out;
}

inline std::size_t count_of(std::string_view text, std::string_view piece) {
    std::size_t count = 0;
    for (std::size_t at = text.find(piece); at != std::string_view::npos;
         at = text.find(piece, at + piece.size())) {
        ++count;
    }
    return count;
}

}  // namespace painlog::report::test
