// render_markdown (report/render.h): CommonMark with GitHub-style pipe tables.
#include "report/charts.h"
#include "report/layout.h"
#include "report/render.h"
#include "report/words.h"

#include <algorithm>

namespace painlog::report {
namespace {

using nlohmann::json;

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (static_cast<unsigned char>(c) & 0x80U) != 0;
}

// Inline text from the REPORT, on one line, unable to start markup: markdown's special
// characters are backslash-escaped (an underscore inside a word is left alone), "&"
// only before what could be an entity, and line breaks become spaces.
std::string escaped(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const char before = i > 0 ? text[i - 1] : ' ';
        const char after = i + 1 < text.size() ? text[i + 1] : ' ';
        switch (c) {
            case '\\':
            case '`':
            case '*':
            case '[':
            case ']':
            case '<':
            case '>':
            case '|':
            case '~':
                out += '\\';
                out += c;
                break;
            case '_':
                if (!is_alnum(before) || !is_alnum(after))
                    out += '\\';
                out += c;
                break;
            case '&':
                if (is_alnum(after) || after == '#')
                    out += '\\';
                out += c;
                break;
            case '\r':
            case '\n':
            case '\t':
                out += ' ';
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A paragraph from the REPORT: escaped(), and a first character that would start a
// heading, a list or a quote is escaped too.
std::string paragraph(std::string_view text) {
    std::string out = escaped(text);
    const std::size_t first = out.find_first_not_of(' ');
    if (first == std::string::npos)
        return out;
    out.erase(0, first);
    if (std::string_view("#+-=>").find(out[0]) != std::string_view::npos)
        return '\\' + out;
    const std::size_t digits = out.find_first_not_of("0123456789");
    if (digits > 0 && digits != std::string::npos && (out[digits] == '.' || out[digits] == ')')) {
        out.insert(digits, "\\");
    }
    return out;
}

std::string table_row(const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const std::string& cell : cells)
        line += " " + (cell.empty() ? std::string("-") : cell) + " |";
    return line + '\n';
}

std::string table(const std::vector<std::string>& headers, const std::vector<bool>& right,
                  const std::vector<std::vector<std::string>>& rows) {
    std::string out = table_row(headers) + "|";
    for (std::size_t c = 0; c < headers.size(); ++c)
        out += c < right.size() && right[c] ? "---:|" : "---|";
    out += '\n';
    for (const auto& row : rows) out += table_row(row);
    return out;
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : std::string(separator)) + item;
    return text;
}

void overview(std::string& out, const json& report) {
    for (const Comparison& comparison : comparisons(report))
        out += "- " + comparison.label + ": " + comparison.text + '\n';
    out += "- Bad mornings: " + bad_mornings_text(report) + '\n';
    out += "- Routines: " + adherence_text(report) + '\n';
    std::vector<std::string> changes;
    for (const json& change : list_field(report, "gear_changes"))
        changes.push_back(escaped(gear_change_text(change)));
    out += "- Gear: " +
           (changes.empty() ? std::string("no changes this week") : joined(changes, "; ")) + '\n';
    const json& weeks = list_field(report, "weeks");
    if (!weeks.empty()) {
        out += "- Weekly mean pain, " + escaped(value_text(field(weeks.front(), "id"))) + " to " +
               escaped(value_text(field(weeks.back(), "id"))) + " (0 to 10; " +
               std::string(k_sparkline_gap) + " no nights): `" + sparkline(weeks) + "`\n";
    }
}

void mornings(std::string& out, const json& report) {
    out += "\n## Mornings\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const json& day : list_field(report, "days")) {
        const std::string label = day_label(field(day, "date"));
        if (field(day, "logged") == false || field(day, "pain").is_null()) {
            std::vector<std::string> cells(14);
            cells[0] = label;
            cells[2] = "not logged";
            rows.push_back(std::move(cells));
            continue;
        }
        std::string pain = escaped(value_text(field(day, "pain")));
        if (field(day, "bad") == true)
            pain = "**" + pain + "** (bad)";
        std::vector<std::string> others;
        const json& custom = field(day, "custom");
        if (custom.is_object()) {
            for (const auto& [name, value] : custom.items())
                others.push_back(escaped(spaced(name) + " " + value_text(value)));
        }
        std::vector<std::string> cells{label, pain, escaped(areas_text(day))};
        for (const char* key : {"stiffness", "sleep_hours", "sleep_quality", "stress",
                                "sitting_hours", "position", "mattress", "pillow"}) {
            cells.push_back(escaped(value_text(field(day, key))));
        }
        cells.push_back(escaped(value_text(field(day, "routines"))));
        cells.push_back(joined(others, ", "));
        cells.push_back(escaped(value_text(field(day, "note"))));
        rows.push_back(std::move(cells));
    }
    out += table(
        {"Day", "Pain", "Areas", "Stiffness", "Sleep (h)", "Sleep quality", "Stress", "Sitting (h)",
         "Position", "Mattress", "Pillow", "Routines", "Other factors", "Note"},
        {false, true, false, true, true, true, true, true}, rows);
    out +=
        "\nPain and stiffness 0 to 10 on waking; sleep quality 1 to 5; stress (0 to 10) and "
        "sitting: the day "
        "before.\n";
}

void routines(std::string& out, const json& report) {
    out += "\n## Routines\n\n" + adherence_text(report) + ".\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const json& day : list_field(field(report, "adherence"), "days")) {
        std::vector<std::string> done;
        std::vector<std::string> missed;
        std::vector<std::string> extra;
        for (const json& entry : list_field(day, "planned")) {
            (field(entry, "done") == true ? done : missed).push_back(escaped(routine_text(entry)));
        }
        for (const json& entry : list_field(day, "extra"))
            extra.push_back(escaped(routine_text(entry)));
        rows.push_back({day_label(field(day, "date")), joined(done, ", "), joined(missed, ", "),
                        joined(extra, ", ")});
    }
    out += table({"Day", "Done as planned", "Missed", "Extra"}, {}, rows);
}

void findings(std::string& out, const json& report) {
    const json& result = field(field(report, "analysis"), "result");
    out += "\n## What the analysis says\n\nOver the " + escaped(window_text(report)) + ".\n\n";
    const std::vector<const json*> ranked = ranked_findings(result);
    const bool any_effect =
        std::any_of(ranked.begin(), ranked.end(), [](const json* f) { return is_effect(*f); });
    if (!any_effect)
        out += "> **Not enough data yet.**\n\n";
    if (ranked.empty())
        out += "No factor could be analysed.\n";
    std::size_t number = 0;
    for (const json* finding : ranked) {
        // Without effects the quote above already says "Not enough data yet".
        std::string text =
            escaped(any_effect ? finding_text(*finding) : value_text(field(*finding, "text")));
        if (any_effect && is_not_enough_data(*finding))
            text = "**Not enough data yet**" + text.substr(19);
        if (is_effect(*finding) && field(*finding, "flagged") == true)
            text = "**" + text + "**";
        out += std::to_string(++number) + ". " + text + '\n';
    }
    const std::vector<EffectRow> rows = effect_rows(result);
    if (rows.empty())
        return;
    const EffectScale scale(rows, is_odds_ratio(result));
    out += "\nBold: adjusted p below 0.05. The effects with their 95% intervals, in " +
           scale.unit() +
           " (`│` no difference, `●` adjusted p below 0.05, `○` not clear; the brackets are " +
           scale.tick_label(scale.ticks().front()) + " and " +
           scale.tick_label(scale.ticks().back()) + "):\n\n";
    std::vector<std::vector<std::string>> table_rows;
    for (const EffectRow& row : rows) {
        table_rows.push_back(
            {escaped(row.label), "`[" + effect_bar(row, scale, 24) + "]`", escaped(row.figures)});
    }
    out += table({"Factor", "Effect", "Estimate (95% CI)"}, {false, false, true}, table_rows);
}

}  // namespace

std::string render_markdown(const json& report) {
    std::string out =
        "# " + escaped(title(report)) + "\n\n**" + escaped(headline(report)) + "**\n\n";
    if (const std::string note = version_note(report); !note.empty())
        out += "> " + note + "\n\n";
    if (const std::string source = provenance(report); !source.empty())
        out += escaped(source) + "\n\n";
    const bool empty = is_empty_journal(report);
    if (empty) {
        out += "## How to start\n\n" + paragraph(field(report, "start_hint").get<std::string>()) +
               '\n';
        if (number(field(field(report, "adherence"), "planned")).value_or(0.0) > 0)
            routines(out, report);
    } else {
        overview(out, report);
        mornings(out, report);
        routines(out, report);
    }
    findings(out, report);
    if (!empty) {
        out += "\n## How this was worked out\n";
        for (const std::string& text : method_paragraphs(report))
            out += '\n' + paragraph(text) + '\n';
    }
    if (field(report, "disclaimer").is_string()) {
        out += "\n---\n\n*" + paragraph(field(report, "disclaimer").get<std::string>()) + "*\n";
    }
    return out;
}

}  // namespace painlog::report
