// The weekly report's renderings: a REPORT (protocol/PROTOCOL.md, section REPORT;
// the report.build method) as terminal text, markdown or one self-contained
// HTML page. The json form is the REPORT itself, printed as is. Pure functions of JSON
// values, no I/O; thread-safe. Linked by both painlog and painlogd, so it depends on
// neither cli/ nor daemon/.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>

namespace painlog::report {

// How render_text lays the page out.
struct TextStyle {
    bool colour = false;     // ANSI colours and bold; see colour_wanted()
    std::size_t width = 80;  // no line is wider, counted in code points; laid out for
                             // at least 40 (narrower lines are cut with "…")
};

// The contract shared by the three renderers below. Each takes a REPORT and returns the
// whole document, ending in a newline. Unknown members are ignored; missing optional
// members are tolerated (what is there is rendered) and nulls are shown as "-". They
// never throw on a well-formed REPORT, and on any other JSON value they still return a
// document (mostly dashes). When "start_hint" is a string (an empty journal) the
// document is a short welcome built around it, not an error.

// The terminal page: headline, the week against earlier weeks, a sparkline of weekly
// mean pain, the mornings table with each night's factors, routines done against
// planned, gear changes, the ranked findings with a forest plot of the effects, the
// method and the disclaimer. Every line fits style.width code points (longer texts are
// wrapped, names cut with "…"); ANSI escapes appear only when style.colour.
[[nodiscard]] std::string render_text(const nlohmann::json& report, const TextStyle& style);

// The same content as CommonMark with pipe tables, for notes and issues; texts from
// the REPORT are escaped so they cannot start markup. The sparkline is in a code span.
[[nodiscard]] std::string render_markdown(const nlohmann::json& report);

// One self-contained HTML5 page: inline CSS and SVG only (no script, no external font,
// image or link), every text from the REPORT escaped. Holds <svg id="pain-chart">
// (daily pain and its 7-day average), <svg id="forest-plot"> (effects with 95%
// intervals), <table id="week">, <table id="adherence"> and <ol id="findings">; prints
// on A4 and Letter (content at most 180 mm wide, charts and table rows kept whole).
[[nodiscard]] std::string render_html(const nlohmann::json& report);

// Whether the terminal page should be coloured: only on a terminal (is_tty), when
// NO_COLOR is unset or empty (no_color: its value, or nullptr when unset) and TERM is
// not "dumb" (term: its value, or nullptr when unset; unset allows colour).
[[nodiscard]] bool colour_wanted(bool is_tty, const char* no_color, const char* term);

}  // namespace painlog::report
