// render_text and colour_wanted (report/render.h): the terminal page.
#include "report/charts.h"
#include "report/layout.h"
#include "report/render.h"
#include "report/words.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace painlog::report {
namespace {

using nlohmann::json;

constexpr std::size_t k_min_width = 40;
constexpr std::size_t k_label_width = 19;  // "Four weeks before  "

// ANSI colour when asked for, plain text otherwise.
class Paint {
public:
    explicit Paint(bool on) : m_on(on) {}
    [[nodiscard]] std::string bold(std::string_view text) const { return apply("1", text); }
    [[nodiscard]] std::string dim(std::string_view text) const { return apply("2", text); }
    [[nodiscard]] std::string worse(std::string_view text) const { return apply("31", text); }
    [[nodiscard]] std::string better(std::string_view text) const { return apply("32", text); }
    [[nodiscard]] std::string accent(std::string_view text) const { return apply("36", text); }

private:
    // Each line is coloured on its own, so that a line cut or shown alone (a pager)
    // never leaves the colour on.
    [[nodiscard]] std::string apply(const char* code, std::string_view text) const {
        if (!m_on)
            return std::string(text);
        std::string out;
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            if (end > start)
                out += "\x1b[" + std::string(code) + "m" +
                       std::string(text.substr(start, end - start)) + "\x1b[0m";
            if (end < text.size())
                out += '\n';
            start = end + 1;
        }
        return out;
    }

    bool m_on;
};

struct Page {
    std::size_t width;
    Paint paint;
    std::string out;

    void heading(std::string_view text) {
        out += '\n' + paint.bold(text) + '\n' +
               paint.dim(repeat("─", std::min(display_width(text), width))) + '\n';
    }
    void labelled(std::string_view label, std::string_view text) {
        out += wrap(text, pad(label, k_label_width), std::string(k_label_width, ' '), width);
    }
    static std::string repeat(std::string_view piece, std::size_t count) {
        std::string text;
        for (std::size_t i = 0; i < count; ++i) text += piece;
        return text;
    }
};

void overview(Page& page, const json& report) {
    page.out += '\n';
    for (const Comparison& comparison : comparisons(report))
        page.labelled(comparison.label, comparison.text);
    page.labelled("Bad mornings", bad_mornings_text(report));
    page.labelled("Routines", adherence_text(report));
    const json& changes = list_field(report, "gear_changes");
    if (changes.empty())
        page.labelled("Gear", "no changes this week");
    for (std::size_t i = 0; i < changes.size(); ++i)
        page.labelled(i == 0 ? "Gear" : "", gear_change_text(changes[i]));
    const json& weeks = list_field(report, "weeks");
    if (!weeks.empty()) {
        std::string line = page.paint.accent(sparkline(weeks)) + "  " +
                           value_text(field(weeks.front(), "id")) + " to " +
                           value_text(field(weeks.back(), "id")) + " (0 to 10; " +
                           std::string(k_sparkline_gap) + " no nights)";
        page.labelled("Weekly mean pain", line);
    }
}

// Below this width the mornings table keeps day, pain, areas, stiffness and sleep;
// stress, sitting and position move to the lines under it.
constexpr std::size_t k_full_table_width = 72;

void mornings(Page& page, const json& report) {
    page.heading("Mornings");
    const bool narrow = page.width < k_full_table_width;
    std::vector<std::vector<std::string>> rows;
    for (const json& day : list_field(report, "days")) {
        const std::string label = day_label(field(day, "date"));
        if (field(day, "logged") == false || field(day, "pain").is_null()) {
            rows.push_back({label, "-", page.paint.dim("not logged")});
            continue;
        }
        const bool bad = field(day, "bad") == true;
        const std::string pain = value_text(field(day, "pain"));
        rows.push_back({label, bad ? page.paint.worse(pain + " bad") : pain, areas_text(day),
                        value_text(field(day, "stiffness")), value_text(field(day, "sleep_hours")),
                        value_text(field(day, "sleep_quality")), value_text(field(day, "stress")),
                        value_text(field(day, "sitting_hours")),
                        value_text(field(day, "position"))});
        if (narrow)
            rows.back().resize(6);
    }
    std::vector<TextColumn> columns{{"day", 10},         {"pain", 6, true},    {"areas", 0},
                                    {"stiff", 5, true},  {"sleep", 5, true},   {"qual", 4, true},
                                    {"stress", 6, true}, {"sitting", 7, true}, {"position", 8}};
    if (narrow)
        columns.resize(6);
    const std::size_t areas_width = column_widths(columns, rows, page.width)[2];
    page.out += text_table(columns, rows, page.width);
    page.out += page.paint.dim(
        wrap("pain and stiffness 0 to 10 on waking; sleep: hours slept, qual: its quality 1 to 5; "
             "stress (0 to 10) and sitting (hours): the day before.",
             "", page.width));
    bool first = true;
    for (const json& day : list_field(report, "days")) {
        std::vector<std::string> factors;
        if (const std::string areas = areas_text(day); display_width(areas) > areas_width) {
            factors.push_back("areas " + areas);  // cut in the table: here in full
        }
        if (narrow) {
            for (const char* key : {"stress", "sitting_hours", "position"}) {
                if (!field(day, key).is_null())
                    factors.push_back(spaced(key) + " " + value_text(field(day, key)));
            }
        }
        for (std::string& factor : night_factors(day)) factors.push_back(std::move(factor));
        const json& note = field(day, "note");
        if (factors.empty() && !note.is_string())
            continue;
        if (first)
            page.out += "\nThe nights' setup and factors:\n";
        first = false;
        std::string line;
        for (const std::string& factor : factors) line += (line.empty() ? "" : " · ") + factor;
        const std::string label = pad(day_label(field(day, "date")), 12);
        page.out += wrap(line.empty() ? "-" : line, label, std::string(12, ' '), page.width);
        if (note.is_string())
            page.out += wrap("note: " + note.get<std::string>(), std::string(12, ' '), page.width);
    }
}

void routines(Page& page, const json& report) {
    page.heading("Routines");
    page.out += wrap(adherence_text(report) + ". ✓ done, ✗ missed, + extra.", "", page.width);
    for (const json& day : list_field(field(report, "adherence"), "days")) {
        std::string line;
        const auto add = [&line](const std::string& item) {
            line += (line.empty() ? "" : " · ") + item;
        };
        for (const json& entry : list_field(day, "planned")) {
            const bool done = field(entry, "done") == true;
            add((done ? page.paint.better("✓") : page.paint.dim("✗")) + " " + routine_text(entry));
        }
        for (const json& entry : list_field(day, "extra"))
            add(page.paint.accent("+") + " " + routine_text(entry));
        page.out += wrap(line.empty() ? page.paint.dim("nothing planned") : line,
                         pad(day_label(field(day, "date")), 12), std::string(12, ' '), page.width);
    }
}

// "▲ " flagged towards worse, "▼ " flagged towards better, "· " not flagged, "? " other kinds.
std::string marker(const json& finding, const json& result, const Paint& paint) {
    if (!is_effect(finding))
        return "? ";
    if (field(finding, "flagged") != true)
        return "· ";
    const std::optional<double> effect = number(field(finding, "effect"));
    const double reference = is_odds_ratio(result) ? 1.0 : 0.0;
    if (effect && *effect > reference)
        return paint.worse("▲") + " ";
    if (effect && *effect < reference)
        return paint.better("▼") + " ";
    return "· ";
}

// The forest plot: a line per effect with the interval as a bar on a shared scale.
void forest(Page& page, const std::vector<EffectRow>& rows, bool odds_ratio) {
    if (rows.empty())
        return;
    const EffectScale scale(rows, odds_ratio);
    std::size_t label_width = 6;
    std::size_t figures_width = 0;
    for (const EffectRow& row : rows) {
        label_width = std::max(label_width, display_width(row.label));
        figures_width = std::max(figures_width, display_width(row.figures));
    }
    label_width = std::min(label_width, page.width / 4);
    const std::size_t used = label_width + figures_width + 4;
    const std::size_t plot = std::max<std::size_t>(page.width > used ? page.width - used : 0, 12);
    const auto column = [&](double value) {
        return static_cast<std::size_t>(
            std::lround(scale.position(value) * static_cast<double>(plot - 1)));
    };
    const std::string indent(label_width + 2, ' ');
    page.out += '\n' + wrap("Effects with their 95% intervals (" + scale.unit() +
                                "; │ marks no difference, ● adjusted p "
                                "below 0.05, ○ not clear):",
                            "", page.width);
    std::string axis(plot, ' ');
    std::size_t free_from = 0;
    for (const double tick : scale.ticks()) {
        const std::string label = scale.tick_label(tick);
        const std::size_t centre = column(tick);
        const std::size_t start = std::min(
            centre >= label.size() / 2 ? centre - label.size() / 2 : 0, plot - label.size());
        if (start < free_from)
            continue;
        axis.replace(start, label.size(), label);
        free_from = start + label.size() + 1;
    }
    page.out += indent + axis.substr(0, axis.find_last_not_of(' ') + 1) + '\n';
    for (const EffectRow& row : rows) {
        const std::string bar = effect_bar(row, scale, plot);
        const std::string painted = !row.flagged        ? page.paint.dim(bar)
                                    : row.direction > 0 ? page.paint.worse(bar)
                                                        : page.paint.better(bar);
        page.out += pad(fit(row.label, label_width), label_width) + "  " + painted + "  " +
                    row.figures + '\n';
    }
    const std::string left = "← better mornings";
    const std::string right = "worse mornings →";
    const std::size_t both = display_width(left) + display_width(right);
    page.out += indent +
                page.paint.dim(left + std::string(plot > both + 2 ? plot - both : 2, ' ') + right) +
                '\n';
}

void findings(Page& page, const json& report) {
    const json& result = field(field(report, "analysis"), "result");
    page.heading("What the analysis says");
    page.out += wrap("Over the " + window_text(report) + ".", "", page.width);
    const std::vector<const json*> ranked = ranked_findings(result);
    const bool any_effect =
        std::any_of(ranked.begin(), ranked.end(), [](const json* f) { return is_effect(*f); });
    if (!any_effect)
        page.out += page.paint.bold("Not enough data yet.") + '\n';
    if (ranked.empty())
        page.out += "No factor could be analysed.\n";
    std::size_t number = 0;
    for (const json* finding : ranked) {
        std::string prefix = std::to_string(++number) + ".";
        prefix = pad(prefix, ranked.size() >= 10 ? 4 : 3);
        // Without effects the heading already says "Not enough data yet".
        std::string text = value_text(field(*finding, "text"));
        if (any_effect) {
            prefix += marker(*finding, result, page.paint);
            text = finding_text(*finding);
            if (is_not_enough_data(*finding))
                text = page.paint.bold(text.substr(0, 19)) + text.substr(19);
        }
        page.out += wrap(text, prefix, std::string(display_width(prefix), ' '), page.width);
    }
    if (any_effect) {
        page.out += page.paint.dim(
            wrap("▲ worse or ▼ better mornings with adjusted p below 0.05; · not clear; ? cannot "
                 "tell yet.",
                 "", page.width));
    }
    forest(page, effect_rows(result), is_odds_ratio(result));
}

void closing(Page& page, const json& report, bool with_method) {
    if (with_method) {
        page.heading("How this was worked out");
        bool first = true;
        for (const std::string& paragraph : method_paragraphs(report)) {
            if (!first)
                page.out += '\n';
            first = false;
            page.out += wrap(paragraph, "", page.width);
        }
    }
    if (field(report, "disclaimer").is_string()) {
        page.out += '\n' + page.paint.dim(wrap(field(report, "disclaimer").get<std::string>(), "",
                                               page.width));
    }
}

}  // namespace

bool colour_wanted(bool is_tty, const char* no_color, const char* term) {
    if (!is_tty)
        return false;
    if (no_color != nullptr && no_color[0] != '\0')
        return false;
    return term == nullptr || std::strcmp(term, "dumb") != 0;
}

std::string render_text(const json& report, const TextStyle& style) {
    Page page{std::max(style.width, k_min_width), Paint(style.colour), {}};
    const std::string heading = wrap(title(report), "", page.width);
    page.out += page.paint.bold(heading.substr(0, heading.size() - 1)) + '\n';
    page.out +=
        page.paint.dim(Page::repeat("═", std::min(display_width(title(report)), page.width))) +
        '\n';
    page.out += wrap(headline(report), "", page.width);
    if (const std::string note = version_note(report); !note.empty()) {
        page.out += page.paint.bold(wrap(note, "", page.width));
    }
    if (const std::string source = provenance(report); !source.empty())
        page.out += page.paint.dim(wrap(source, "", page.width));
    const bool empty = is_empty_journal(report);
    if (empty) {
        page.heading("How to start");
        page.out += wrap(field(report, "start_hint").get<std::string>(), "", page.width);
        if (number(field(field(report, "adherence"), "planned")).value_or(0.0) > 0)
            routines(page, report);
    } else {
        overview(page, report);
        mornings(page, report);
        routines(page, report);
    }
    findings(page, report);
    closing(page, report, !empty);
    return fit_lines(page.out, style.width);
}

}  // namespace painlog::report
