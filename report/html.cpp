// render_html (report/render.h): one self-contained HTML5 page with inline CSS and SVG.
#include "report/charts.h"
#include "report/html_style.h"
#include "report/render.h"
#include "report/svg.h"
#include "report/words.h"

#include <algorithm>
#include <cmath>

namespace painlog::report {
namespace {

using nlohmann::json;

std::string esc(std::string_view text) {
    return escape_xml(text);
}

std::string element(std::string_view tag, std::string_view css_class, std::string_view content) {
    std::string open = "<" + std::string(tag);
    if (!css_class.empty())
        open += " class=\"" + std::string(css_class) + "\"";
    return open + ">" + std::string(content) + "</" + std::string(tag) + ">";
}

std::string card(std::string_view label, std::string_view value, std::string_view detail) {
    return "<div class=\"card\"><span class=\"label\">" + esc(label) +
           "</span><span class=\"value\">" + esc(value) + "</span><span class=\"detail\">" +
           esc(detail) + "</span></div>\n";
}

std::string nights_detail(const json& period) {
    const json& nights = field(period, "nights");
    return value_text(nights) + (nights == 1 ? " night" : " nights");
}

void cards(std::string& out, const json& report) {
    const json& summary = field(report, "summary");
    const json& adherence = field(report, "adherence");
    out += "<div class=\"cards\">\n";
    out += card("Mean pain this week", decimal_text(field(summary, "mean_pain")),
                nights_detail(summary));
    out += card("Four weeks before",
                decimal_text(field(field(summary, "previous_4_weeks"), "mean_pain")),
                nights_detail(field(summary, "previous_4_weeks")));
    out += card("All time", decimal_text(field(field(summary, "all_time"), "mean_pain")),
                nights_detail(field(summary, "all_time")));
    out += card("Bad mornings", value_text(field(summary, "bad_mornings")),
                "pain " + value_text(field(report, "threshold")) + " or more, of " +
                    nights_detail(summary));
    std::size_t extras = 0;
    for (const json& day : list_field(adherence, "days")) extras += list_field(day, "extra").size();
    std::string detail = "planned routines";
    if (const std::optional<double> rate = number(field(adherence, "rate"))) {
        detail = std::to_string(std::lround(*rate * 100.0)) + "% of planned";
    }
    if (extras > 0)
        detail += ", " + std::to_string(extras) + " extra";
    out += card(
        "Routines done",
        value_text(field(adherence, "done")) + " of " + value_text(field(adherence, "planned")),
        detail);
    out += "</div>\n";
}

void weeks_table(std::string& out, const json& report) {
    const json& weeks = list_field(report, "weeks");
    if (weeks.empty())
        return;
    const json& current = field(field(report, "week"), "id");
    std::string ids = "<th scope=\"row\">week</th>";
    std::string means = "<th scope=\"row\">mean pain</th>";
    std::string nights = "<th scope=\"row\">nights</th>";
    for (const json& week : weeks) {
        const std::string id = value_text(field(week, "id"));
        const std::size_t w = id.find('W');
        const std::string css = field(week, "id") == current ? " class=\"current\"" : "";
        ids += "<th" + css + " title=\"" + esc(id) + "\">" +
               esc(w == std::string::npos ? id : id.substr(w)) + "</th>";
        means += "<td" + css + ">" + esc(decimal_text(field(week, "mean_pain"))) + "</td>";
        nights += "<td" + css + ">" + esc(value_text(field(week, "nights"))) + "</td>";
    }
    out += "<table class=\"weeks\"><thead><tr>" + ids + "</tr></thead><tbody><tr>" + means +
           "</tr><tr>" + nights + "</tr></tbody></table>\n";
}

// One <tbody> per day (kept whole on paper): the figures, then a line with the
// night's setup and factors and the note, as in the terminal page.
void week_table(std::string& out, const json& report) {
    out +=
        "<table id=\"week\">\n<thead><tr><th>Day</th><th class=\"num\">Pain</th><th>Areas</th>"
        "<th class=\"num\">Stiffness</th><th class=\"num\">Sleep</th>"
        "<th class=\"num\">Quality</th><th class=\"num\">Stress</th>"
        "<th class=\"num\">Sitting</th><th>Position</th></tr></thead>\n";
    for (const json& day : list_field(report, "days")) {
        const std::string label = esc(day_label(field(day, "date")));
        if (field(day, "logged") == false || field(day, "pain").is_null()) {
            out += "<tbody class=\"day\"><tr class=\"unlogged\"><td>" + label +
                   "</td><td class=\"num\">-</td><td colspan=\"7\">not logged</td></tr></tbody>\n";
            continue;
        }
        const bool bad = field(day, "bad") == true;
        const auto cell = [&day](const char* key, const char* unit = "") {
            const json& value = field(day, key);
            return "<td class=\"num\">" + esc(value_text(value)) + (value.is_null() ? "" : unit) +
                   "</td>";
        };
        out += std::string("<tbody class=\"day\"><tr class=\"logged") + (bad ? " bad" : "") +
               "\"><td>" + label + "</td><td class=\"num pain-cell" + (bad ? " pain-bad" : "") +
               "\">" + esc(value_text(field(day, "pain"))) + (bad ? " <small>bad</small>" : "") +
               "</td><td>" + esc(areas_text(day)) + "</td>" + cell("stiffness") +
               cell("sleep_hours", " h") + cell("sleep_quality") + cell("stress") +
               cell("sitting_hours", " h") + "<td>" + esc(value_text(field(day, "position"))) +
               "</td></tr>\n";
        std::string details;
        for (const std::string& factor : night_factors(day)) {
            details += (details.empty() ? "" : " · ") + esc(factor);
        }
        if (field(day, "note").is_string()) {
            details += (details.empty() ? "" : "<br>") +
                       element("span", "note", esc(field(day, "note").get<std::string>()));
        }
        if (!details.empty()) {
            out += "<tr class=\"details\"><td></td><td colspan=\"8\">" + details + "</td></tr>\n";
        }
        out += "</tbody>\n";
    }
    out +=
        "</table>\n<p class=\"meta\">Pain and stiffness 0 to 10 on waking; sleep quality 1 to 5; "
        "stress (0 to 10) and sitting: the day before. Under each morning: the night's mattress "
        "and pillow, other factors, routines done and the note.</p>\n";
    std::string changes;
    for (const json& change : list_field(report, "gear_changes")) {
        changes += (changes.empty() ? "" : "; ") + esc(gear_change_text(change));
    }
    out += "<p class=\"gear\"><strong>Gear changes this week:</strong> " +
           (changes.empty() ? "none" : changes) + ".</p>\n";
}

void adherence_table(std::string& out, const json& report) {
    out += "<section>\n<h2>Routines</h2>\n<p>" + esc(adherence_text(report)) + ".</p>\n";
    std::string heads;
    std::string cells;
    for (const json& day : list_field(field(report, "adherence"), "days")) {
        heads += "<th scope=\"col\">" + esc(day_label(field(day, "date"))) + "</th>";
        std::string items;
        for (const json& entry : list_field(day, "planned")) {
            const bool done = field(entry, "done") == true;
            items += std::string("<li class=\"") + (done ? "done" : "missed") +
                     "\"><span aria-hidden=\"true\">" + (done ? "✓" : "✗") + "</span> " +
                     esc(routine_text(entry)) + (done ? "" : " <small>(missed)</small>") + "</li>";
        }
        for (const json& entry : list_field(day, "extra")) {
            items += "<li class=\"extra\"><span aria-hidden=\"true\">+</span> " +
                     esc(routine_text(entry)) + " <small>(extra)</small></li>";
        }
        cells += "<td>" +
                 (items.empty() ? std::string("<span class=\"missed\">nothing planned</span>")
                                : "<ul>" + items + "</ul>") +
                 "</td>";
    }
    out += "<table id=\"adherence\">\n<thead><tr>" + heads + "</tr></thead>\n<tbody><tr>" + cells +
           "</tr></tbody>\n</table>\n</section>\n";
}

std::string finding_item(const json& finding, const json& result, bool any_effect) {
    if (!any_effect) {  // the callout above says "Not enough data yet"
        const char* css = is_not_enough_data(finding) ? "finding not-enough-data" : "finding other";
        return "<li class=\"" + std::string(css) + "\">" + esc(value_text(field(finding, "text"))) +
               "</li>";
    }
    if (is_not_enough_data(finding)) {
        const std::string text = finding_text(finding);
        return "<li class=\"finding not-enough-data\"><strong>Not enough data yet</strong>" +
               esc(text.substr(19)) + "</li>";
    }
    if (!is_effect(finding)) {
        return "<li class=\"finding other\"><span class=\"marker\" aria-hidden=\"true\">?</span>" +
               esc(finding_text(finding)) + "</li>";
    }
    const bool flagged = field(finding, "flagged") == true;
    const std::optional<double> effect = number(field(finding, "effect"));
    const double reference = is_odds_ratio(result) ? 1.0 : 0.0;
    std::string css = "finding effect";
    std::string marker = "·";
    if (flagged && effect && *effect != reference) {
        css += *effect > reference ? " flagged worse" : " flagged better";
        marker = *effect > reference ? "▲" : "▼";
    }
    return "<li class=\"" + css + "\"><span class=\"marker\" aria-hidden=\"true\">" + marker +
           "</span>" + esc(finding_text(finding)) + "</li>";
}

void findings(std::string& out, const json& report) {
    const json& result = field(field(report, "analysis"), "result");
    out += "<section>\n<h2>What the analysis says</h2>\n<p>Over the " + esc(window_text(report)) +
           ".</p>\n";
    const std::vector<const json*> ranked = ranked_findings(result);
    const bool any_effect =
        std::any_of(ranked.begin(), ranked.end(), [](const json* f) { return is_effect(*f); });
    if (!any_effect)
        out += "<p class=\"callout\">Not enough data yet.</p>\n";
    if (!effect_rows(result).empty()) {
        out += "<figure>\n" + forest_plot_svg(result) +
               "<figcaption>Each row: the estimated change in morning pain with its 95% interval. "
               "Rows whose "
               "interval crosses the vertical line could be no difference at "
               "all.</figcaption>\n</figure>\n";
    }
    out += "<ol id=\"findings\">\n";
    for (const json* finding : ranked) out += finding_item(*finding, result, any_effect) + '\n';
    out += "</ol>\n";
    if (ranked.empty())
        out += "<p>No factor could be analysed.</p>\n";
    if (any_effect) {
        out +=
            "<p class=\"meta\">▲ worse or ▼ better mornings with an adjusted p below 0.05 (in "
            "bold); · not clear; "
            "? cannot tell yet.</p>\n";
    }
    out += "</section>\n";
}

}  // namespace

std::string render_html(const json& report) {
    const std::string heading = title(report);
    std::string out =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"painlog\">\n<title>" +
        esc(heading) + "</title>\n<style>" + std::string(html_style()) +
        "</style>\n</head>\n<body>\n<main>\n";
    out += "<header>\n<p class=\"kicker\">painlog · sleep and back pain journal</p>\n<h1>" +
           esc(heading) + "</h1>\n<p class=\"headline\">" + esc(headline(report)) +
           "</p>\n<p class=\"meta\">" + esc(provenance(report)) + "</p>\n";
    if (const std::string note = version_note(report); !note.empty()) {
        out += "<p class=\"callout\">" + esc(note) + "</p>\n";
    }
    out += "</header>\n";
    const bool empty = is_empty_journal(report);
    if (empty) {
        out += "<section>\n<h2>How to start</h2>\n<p class=\"start\">" +
               esc(field(report, "start_hint").get<std::string>()) + "</p>\n</section>\n";
        if (number(field(field(report, "adherence"), "planned")).value_or(0.0) > 0)
            adherence_table(out, report);
    } else {
        cards(out, report);
        out += "<section>\n<h2>Pain over time</h2>\n<figure>\n" + pain_chart_svg(report) +
               "<figcaption>Morning pain each day of the analysis window, with its 7-day "
               "average.</figcaption>\n"
               "</figure>\n";
        weeks_table(out, report);
        out += "</section>\n<section>\n<h2>This week, morning by morning</h2>\n";
        week_table(out, report);
        out += "</section>\n";
        adherence_table(out, report);
    }
    findings(out, report);
    if (!empty) {
        out += "<section class=\"method\">\n<h2>How this was worked out</h2>\n";
        for (const std::string& paragraph : method_paragraphs(report))
            out += "<p>" + esc(paragraph) + "</p>\n";
        out += "</section>\n";
    }
    if (field(report, "disclaimer").is_string()) {
        out += "<footer class=\"disclaimer\">\n<p>" +
               esc(field(report, "disclaimer").get<std::string>()) + "</p>\n</footer>\n";
    }
    return out + "</main>\n</body>\n</html>\n";
}

}  // namespace painlog::report
