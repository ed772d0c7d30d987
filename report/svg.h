// The HTML report's charts as inline SVG, and the escaping every text from a REPORT
// goes through before it reaches markup. Styling is by class (the page's CSS in
// report/html_style.cpp); the charts carry a <title> and <desc> for screen readers and
// no xmlns, links or scripts. Pure functions of JSON values; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace painlog::report {

// `text` with &, <, >, " and ' replaced by character references: safe in element
// content and in quoted attribute values.
[[nodiscard]] std::string escape_xml(std::string_view text);

// A coordinate or length for SVG: at most one decimal, without a trailing ".0", in the
// C locale ("12.5", "-3", "0").
[[nodiscard]] std::string svg_number(double value);

// <svg id="pain-chart">: one circle.pain-point per day of REPORT "daily" with a pain
// (class "bad" at or above the threshold), the 7-day average as path.avg7 (broken
// where it is null), the 0-10 axis with gridlines, the bad-morning threshold, a line
// at each week's start (line.week-line), the report week as rect.this-week and gear
// changes as line.gear-change. Without daily points it says so inside the frame.
[[nodiscard]] std::string pain_chart_svg(const nlohmann::json& report);

// <svg id="forest-plot">: one g.effect-row per plotted effect finding (charts.h
// effect_rows(), in rank order) holding its label, its interval (line.ci), its
// estimate (circle.estimate) and its figures, on a shared axis with the no-difference
// line (line.zero) and tick marks. Without effects it says so.
[[nodiscard]] std::string forest_plot_svg(const nlohmann::json& result);

}  // namespace painlog::report
