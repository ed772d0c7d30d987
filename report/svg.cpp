#include "report/svg.h"

#include "report/charts.h"
#include "report/layout.h"
#include "report/words.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <vector>

namespace painlog::report {
namespace {

using nlohmann::json;

// The pain chart's frame (viewBox units): plot area and margins.
constexpr double k_chart_width = 720;
constexpr double k_chart_height = 270;
constexpr double k_left = 44;
constexpr double k_right = 14;
constexpr double k_top = 22;
constexpr double k_bottom = 58;
constexpr long k_max_week_lines = 60;

// The forest plot's columns and rows.
constexpr double k_forest_width = 720;
constexpr double k_forest_label_end = 244;  // labels end here (text-anchor end)
constexpr double k_forest_plot_left = 256;
constexpr double k_forest_plot_right = 556;
constexpr double k_forest_figures = 568;
constexpr double k_forest_top = 34;
constexpr double k_forest_row = 30;
constexpr double k_forest_bottom = 46;
constexpr std::size_t k_forest_label_chars = 34;

// Appends the number as svg_number writes it.
void append_svg_number(std::string& out, double value) {
    const double tenths = std::round(value * 10.0);
    // A whole number of tenths under 10^15 (every coordinate) is written from its digits:
    // the same text as below, where to_chars took about half the pain chart's time. Its
    // nearest double is then within a hundredth of it, so the rounding to one decimal
    // below writes these digits too.
    if (std::abs(tenths) < 1e15) {  // false for NaN
        auto n = static_cast<long long>(tenths);
        if (n < 0) {
            out += '-';
            n = -n;
        }
        const auto last = static_cast<char>('0' + n % 10);
        n /= 10;
        std::array<char, 20> digits{};
        char* const end = digits.data() + digits.size();
        char* first = end;
        do {
            *--first = static_cast<char>('0' + n % 10);
            n /= 10;
        } while (n != 0);
        out.append(first, end);
        if (last != '0') {
            out += '.';
            out += last;
        }
        return;
    }
    const double rounded = tenths / 10.0;
    std::array<char, 32> buffer{};
    const auto [end, error] =
        std::to_chars(buffer.data(), buffer.data() + buffer.size(), rounded == 0.0 ? 0.0 : rounded,
                      std::chars_format::fixed, 1);
    if (error != std::errc()) {
        out += '0';
        return;
    }
    std::string_view number(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
    if (number.size() > 2 && number.substr(number.size() - 2) == ".0")
        number.remove_suffix(2);
    out += number;
}

// Appends ` name="number"`.
void append_attr(std::string& out, const char* name, double value) {
    out += ' ';
    out += name;
    out += "=\"";
    append_svg_number(out, value);
    out += '"';
}

std::string attr(const char* name, double value) {
    std::string out;
    append_attr(out, name, value);
    return out;
}

std::string line(const char* css_class, double x1, double y1, double x2, double y2) {
    return std::string("<line class=\"") + css_class + "\"" + attr("x1", x1) + attr("y1", y1) +
           attr("x2", x2) + attr("y2", y2) + "/>";
}

std::string text(const char* css_class, double x, double y, std::string_view content,
                 const char* anchor = "start") {
    return std::string("<text class=\"") + css_class + "\"" + attr("x", x) + attr("y", y) +
           " text-anchor=\"" + anchor + "\">" + escape_xml(content) + "</text>";
}

std::string open_svg(const char* id, double width, double height, std::string_view title_text,
                     std::string_view description) {
    return std::string("<svg id=\"") + id + "\" class=\"chart\" viewBox=\"0 0 " +
           svg_number(width) + " " + svg_number(height) + "\" role=\"img\" aria-labelledby=\"" +
           id + "-title " + id + "-desc\">\n<title id=\"" + id + "-title\">" +
           escape_xml(title_text) + "</title>\n<desc id=\"" + id + "-desc\">" +
           escape_xml(description) + "</desc>\n";
}

// Day positions on the pain chart: day numbers from the first daily date.
struct DayAxis {
    long first = 0;
    long count = 1;
    [[nodiscard]] double left(long day) const {
        return k_left + static_cast<double>(day - first) * (k_chart_width - k_left - k_right) /
                            static_cast<double>(count);
    }
    [[nodiscard]] double centre(long day) const {
        return left(day) + (left(day + 1) - left(day)) / 2.0;
    }
};

double pain_y(double pain) {
    return k_top + (k_chart_height - k_top - k_bottom) * (1.0 - std::clamp(pain, 0.0, 10.0) / 10.0);
}

std::string legend(double y, std::string_view threshold) {
    std::string out = "<g class=\"legend\">";
    double x = k_left;
    out += "<circle class=\"point-key\"" + attr("cx", x + 4) + attr("cy", y - 4) + " r=\"3.5\"/>";
    out += text("legend-text", x + 12, y, "morning pain");
    x += 110;
    out += line("avg7", x, y - 4, x + 20, y - 4) + text("legend-text", x + 26, y, "7-day average");
    x += 128;
    out += "<rect class=\"this-week\"" + attr("x", x) + attr("y", y - 10) +
           " width=\"16\" height=\"12\"/>";
    out += text("legend-text", x + 22, y, "this report's week");
    x += 150;
    if (!threshold.empty())
        out +=
            line("threshold", x, y - 4, x + 20, y - 4) + text("legend-text", x + 26, y, threshold);
    return out + "</g>\n";
}

}  // namespace

std::string escape_xml(std::string_view content) {
    std::string out;
    out.reserve(content.size());
    for (const char c : content) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string svg_number(double value) {
    std::string out;
    append_svg_number(out, value);
    return out;
}

std::string pain_chart_svg(const json& report) {
    const json& daily = list_field(report, "daily");
    // Each point's day, read once: a ten-year chart has 3,650 of them.
    std::vector<std::optional<long>> days;
    days.reserve(daily.size());
    for (const json& point : daily) days.push_back(day_number(field(point, "date")));
    DayAxis axis;
    std::optional<long> last;
    for (const std::optional<long>& day : days) {
        if (!day)
            continue;
        if (!last)
            axis.first = *day;
        axis.first = std::min(axis.first, *day);
        last = std::max(last.value_or(*day), *day);
    }
    if (last)
        axis.count = *last - axis.first + 1;
    const std::string period =
        last ? range_label(json(iso_date(axis.first)), json(iso_date(*last))) : "no days";
    std::string out = open_svg(
        "pain-chart", k_chart_width, k_chart_height, "Morning pain, " + period,
        "Each dot is one morning's pain on the 0 to 10 scale; the line is the average of the "
        "last 7 days; the shaded band is this report's week and vertical lines start each week.");
    const double bottom = pain_y(0);
    const double right = k_chart_width - k_right;
    const json& week = field(report, "week");
    const std::optional<long> week_from = day_number(field(week, "from"));
    const std::optional<long> week_to = day_number(field(week, "to"));
    if (last && week_from && week_to && *week_to >= axis.first && *week_from <= *last) {
        const double x1 = axis.left(std::max(*week_from, axis.first));
        const double x2 = axis.left(std::min(*week_to, *last) + 1);
        out += "<rect class=\"this-week\"" + attr("x", x1) + attr("y", k_top) +
               attr("width", x2 - x1) + attr("height", bottom - k_top) + "/>" +
               text("band-label", (x1 + x2) / 2, k_top - 6, "this week", "middle") + '\n';
    }
    for (int pain = 0; pain <= 10; pain += 2) {
        out += line("grid", k_left, pain_y(pain), right, pain_y(pain)) +
               text("tick", k_left - 8, pain_y(pain) + 4, std::to_string(pain), "end") + '\n';
    }
    out += "<text class=\"axis-label\" transform=\"translate(13 " + svg_number(pain_y(5)) +
           ") rotate(-90)\" text-anchor=\"middle\">pain (0 to 10)</text>\n";
    // Week starts: a line at each Monday, at most 8 of them labelled when there are many,
    // counted back from the last so that the report's week is labelled. Over more than
    // k_max_week_lines weeks the lines would be a grey wall: none then.
    std::vector<long> mondays;
    const bool weekly = last && axis.count <= 7 * k_max_week_lines;
    for (long day = axis.first; weekly && day <= *last; ++day) {
        if (weekday_index(day) == 0)
            mondays.push_back(day);
    }
    const std::size_t every =
        std::max<std::size_t>(1, (mondays.size() + 7) / 8);  // at most 8 labels
    for (std::size_t i = 0; i < mondays.size(); ++i) {
        const double x = axis.left(mondays[i]);
        out += line("week-line", x, k_top, x, bottom);
        if ((mondays.size() - 1 - i) % every == 0) {
            out += text("tick", x, bottom + 16, short_date(json(iso_date(mondays[i]))), "middle");
        }
        out += '\n';
    }
    out += line("axis", k_left, bottom, right, bottom) +
           line("axis", k_left, k_top, k_left, bottom) + '\n';
    if (const std::optional<double> threshold = number(field(report, "threshold"))) {
        out += line("threshold", k_left, pain_y(*threshold), right, pain_y(*threshold)) + '\n';
    }
    for (const json& change : list_field(report, "gear_changes")) {
        const std::optional<long> day = day_number(field(change, "date"));
        if (!day || !last || *day < axis.first || *day > *last)
            continue;
        const double x = axis.left(*day);
        out += "<g class=\"gear-change\"><title>" + escape_xml(gear_change_text(change)) +
               "</title>" + line("gear-change", x, k_top, x, bottom) +
               text("gear-label", x - 4, bottom - 6,
                    fit("new " + value_text(field(change, "kind")), 16), "end") +
               "</g>\n";
    }
    std::string path;
    bool pen_down = false;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const std::optional<long>& day = days[i];
        const std::optional<double> average = number(field(daily[i], "avg7"));
        if (!day || !average) {
            pen_down = false;
            continue;
        }
        path += pen_down ? " L" : (path.empty() ? "M" : " M");
        append_svg_number(path, axis.centre(*day));
        path += ' ';
        append_svg_number(path, pain_y(*average));
        pen_down = true;
    }
    if (!path.empty())
        out += "<path class=\"avg7\" d=\"" + path + "\"/>\n";
    const std::optional<double> threshold = number(field(report, "threshold"));
    std::size_t points = 0;
    for (std::size_t i = 0; i < days.size(); ++i) {
        const json& point = daily[i];
        const std::optional<long>& day = days[i];
        const std::optional<double> pain = number(field(point, "pain"));
        if (!day || !pain)
            continue;
        ++points;
        const bool bad = threshold && *pain >= *threshold;
        out += bad ? "<circle class=\"pain-point bad\"" : "<circle class=\"pain-point\"";
        append_attr(out, "cx", axis.centre(*day));
        append_attr(out, "cy", pain_y(*pain));
        out += " r=\"3.5\"><title>";
        out += escape_xml(day_label(field(point, "date")));
        out += ": pain ";
        out += escape_xml(value_text(field(point, "pain")));
        out += "</title></circle>\n";
    }
    if (points == 0) {
        out += text("empty", (k_left + right) / 2, pain_y(5),
                    "No mornings logged in this period yet.", "middle") +
               '\n';
    }
    out += legend(
        k_chart_height - 10,
        threshold ? "bad morning: " + value_text(field(report, "threshold")) + " or more" : "");
    return out + "</svg>\n";
}

std::string forest_plot_svg(const json& result) {
    const std::vector<EffectRow> rows = effect_rows(result);
    const EffectScale scale(rows, is_odds_ratio(result));
    const double rows_height =
        k_forest_row * static_cast<double>(std::max<std::size_t>(rows.size(), 1));
    const double height = k_forest_top + rows_height + k_forest_bottom;
    std::string out = open_svg(
        "forest-plot", k_forest_width, height, "Effects with their 95% intervals",
        "One row per factor: the dot is the estimated effect on morning pain, the line its 95% "
        "interval, the vertical line no difference. Filled dots: adjusted p below 0.05.");
    const auto x_of = [&](double value) {
        return k_forest_plot_left +
               scale.position(value) * (k_forest_plot_right - k_forest_plot_left);
    };
    const double plot_bottom = k_forest_top + rows_height;
    for (std::size_t i = 0; i < rows.size(); i += 2) {
        out += "<rect class=\"row-band\" x=\"0\"" +
               attr("y", k_forest_top + k_forest_row * static_cast<double>(i)) +
               attr("width", k_forest_width) + attr("height", k_forest_row) + "/>\n";
    }
    for (const double tick : scale.ticks()) {
        out += line("grid", x_of(tick), k_forest_top, x_of(tick), plot_bottom) +
               text("tick", x_of(tick), k_forest_top - 10, scale.tick_label(tick), "middle") + '\n';
    }
    out += line("zero", x_of(scale.reference()), k_forest_top - 4, x_of(scale.reference()),
                plot_bottom + 4) +
           '\n';
    if (rows.empty()) {
        out += text("empty", (k_forest_plot_left + k_forest_plot_right) / 2,
                    k_forest_top + k_forest_row / 2 + 4, "No effects to show yet.", "middle") +
               '\n';
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const EffectRow& row = rows[i];
        const double y = k_forest_top + k_forest_row * (static_cast<double>(i) + 0.5);
        const char* direction = !row.flagged ? "unclear" : (row.direction > 0 ? "worse" : "better");
        out +=
            std::string("<g class=\"effect-row ") + direction + (row.flagged ? " flagged" : "") +
            "\"><title>" + escape_xml(row.text) + "</title>" +
            text("label", k_forest_label_end, y + 4, fit(row.label, k_forest_label_chars), "end");
        if (row.ci_low && row.ci_high) {
            out += line("ci", x_of(*row.ci_low), y, x_of(*row.ci_high), y) +
                   line("ci", x_of(*row.ci_low), y - 5, x_of(*row.ci_low), y + 5) +
                   line("ci", x_of(*row.ci_high), y - 5, x_of(*row.ci_high), y + 5);
        }
        out += "<circle class=\"estimate\"" + attr("cx", x_of(row.effect)) + attr("cy", y) +
               " r=\"5.5\"/>" + text("figures", k_forest_figures, y + 4, row.figures) + "</g>\n";
    }
    const double caption = plot_bottom + 22;
    out += text("caption", k_forest_plot_left, caption, "← better mornings") +
           text("caption", k_forest_plot_right, caption, "worse mornings →", "end") +
           text("caption unit", (k_forest_plot_left + k_forest_plot_right) / 2, caption + 18,
                scale.unit(), "middle") +
           '\n';
    return out + "</svg>\n";
}

}  // namespace painlog::report
