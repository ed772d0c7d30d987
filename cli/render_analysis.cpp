#include "cli/render_analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <utility>
#include <vector>

#include "cli/render.h"
#include "report/layout.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

const json& list_field(const json& object, const char* key) {
    static const json k_empty = json::array();
    const json& value = field(object, key);
    return value.is_array() ? value : k_empty;
}

std::optional<double> finite(const json& value) {
    if (!value.is_number()) return std::nullopt;
    const double number = value.get<double>();
    if (!std::isfinite(number)) return std::nullopt;
    return number;
}

std::string fixed(double value, int digits) {
    char buffer[400];  // room for any double printed in full
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, value);
    return buffer;
}

std::string significant(double value, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, value);
    return buffer;
}

bool is_logit(const json& analysis) { return field(analysis, "model") == "logit"; }

bool is_effect(const json& finding) { return field(finding, "kind") == "effect"; }

// "Analysis of N nights (FROM to TO); M left out for missing values.", wrapped.
std::string scope_line(const json& analysis, const AnalysisSource& source) {
    const json& n = field(analysis, "n");
    const bool one = n == 1;
    std::string line = "Analysis of " + value_text(n);
    if (source.csv_file.empty()) {
        line += one ? " night" : " nights";
        const json& from = field(analysis, "from");
        const json& to = field(analysis, "to");
        if (from.is_string() && to.is_string()) {
            line += " (" + from.get<std::string>() + " to " + to.get<std::string>() + ")";
        }
    } else {
        line += (one ? " row of " : " rows of ") + source.csv_file;
    }
    const std::optional<double> dropped = finite(field(analysis, "n_dropped"));
    if (!dropped || *dropped <= 0) return wrap(line + ".", "");
    const std::string left_out = value_text(field(analysis, "n_dropped")) + " left out for missing values.";
    // One line when it fits, else broken after the semicolon rather than mid-clause.
    if (display_width(line) + 2 + display_width(left_out) <= k_wrap_width) {
        return wrap(line + "; " + left_out, "");
    }
    return wrap(line + ";", "") + wrap(left_out, "");
}

std::string findings_heading(const json& analysis, const AnalysisSource& source) {
    if (source.csv_file.empty()) return "What goes with worse or better mornings:";
    const json& outcome = field(field(analysis, "summary"), "outcome");
    const std::string name = outcome.is_string() ? outcome.get<std::string>() : "the outcome";
    if (is_logit(analysis)) return "What makes " + name + " = 1 more or less likely:";
    return "What goes with a higher or lower " + name + ":";
}

// Flagged effects first, then the rest, each group in the daemon's order.
std::vector<const json*> ordered_findings(const json& analysis) {
    std::vector<const json*> findings;
    for (const json& finding : list_field(analysis, "findings")) findings.push_back(&finding);
    std::stable_partition(findings.begin(), findings.end(), [](const json* finding) {
        return is_effect(*finding) && field(*finding, "flagged") == true;
    });
    return findings;
}

std::string fixed_or_dash(const json& value, int digits) {
    const std::optional<double> number = finite(value);
    return number ? fixed(*number, digits) : "-";
}

// "Model: DESCRIPTION." and "Fit: R² ..., adj. R² ..., residual SD ..." (OLS) or
// "Fit: deviance ..., AIC ..." (logit), each wrapped.
std::string model_lines(const json& analysis) {
    const json& description = field(analysis, "description");
    std::string model = description.is_string() ? description.get<std::string>()
                                                : value_text(field(analysis, "model"));
    std::string fit;
    if (is_logit(analysis)) {
        fit = "deviance " + fixed_or_dash(field(analysis, "deviance"), 1) + ", AIC " +
              fixed_or_dash(field(analysis, "aic"), 1);
    } else {
        fit = "R² " + fixed_or_dash(field(analysis, "r_squared"), 2) + ", adj. R² " +
              fixed_or_dash(field(analysis, "adj_r_squared"), 2) + ", residual SD " +
              fixed_or_dash(field(analysis, "residual_sd"), 2);
    }
    return wrap(model + ".", "Model: ") + wrap(fit + ".", "Fit: ");
}

// The "Note: " lines of an analysis, each wrapped: aliased terms, the notes, and that
// the model did not converge when no note says so.
std::vector<std::string> note_lines(const json& analysis) {
    std::vector<std::string> out;
    const json& aliased = list_field(analysis, "aliased");
    if (!aliased.empty()) {
        out.push_back(wrap("left out as combinations of others: " + value_text(aliased) + ".", "Note: "));
    }
    bool mentions_convergence = false;
    for (const json& note : list_field(analysis, "notes")) {
        const std::string text = value_text(note);
        mentions_convergence = mentions_convergence || text.find("converge") != std::string::npos;
        out.push_back(wrap(text, "Note: "));
    }
    if (field(analysis, "converged") == false && !mentions_convergence) {
        out.push_back(wrap("the model did not converge; treat its figures with care.", "Note: "));
    }
    return out;
}

// One model of a page, and the heading of its findings when any is an effect.
struct PagePart {
    const json* analysis;
    std::string heading;
};

// The page of one or more models of the same rows (PagePart): the first one's scope
// line, mean outcome by factor and the closing reminder once; each one's findings,
// tables and model lines in turn; a finding or note an earlier model showed is not
// shown again.
std::string page(const std::vector<PagePart>& parts, const AnalysisSource& source) {
    const json& first = *parts.front().analysis;
    std::string out = scope_line(first, source) + '\n';
    std::vector<std::string> shown;  // finding texts
    const auto seen = [&shown](const std::string& text) {
        return std::find(shown.begin(), shown.end(), text) != shown.end();
    };
    std::vector<bool> effects;
    bool any_block = false;
    for (const PagePart& part : parts) {
        std::vector<const json*> findings = ordered_findings(*part.analysis);
        effects.push_back(std::any_of(findings.begin(), findings.end(),
                                      [](const json* finding) { return is_effect(*finding); }));
        std::erase_if(findings, [&](const json* finding) { return seen(value_text(field(*finding, "text"))); });
        if (findings.empty()) {
            if (&part == &parts.front()) out += "Nothing to report: no factor could be analysed.\n";
            continue;
        }
        if (any_block) out += '\n';
        out += effects.back() ? part.heading : "Not enough to go on yet:";
        out += '\n';
        for (const json* finding : findings) {
            out += wrap(value_text(field(*finding, "text")), finding_marker(*finding, *part.analysis));
        }
        for (const json* finding : findings) shown.push_back(value_text(field(*finding, "text")));
        any_block = true;
    }
    if (const std::string means = summary_text(first); !means.empty()) out += '\n' + means;

    std::string notes;
    std::vector<std::string> noted;  // the earlier models' note lines
    for (const PagePart& part : parts) {
        std::vector<std::string> lines = note_lines(*part.analysis);
        for (const std::string& line : lines) {
            if (std::find(noted.begin(), noted.end(), line) == noted.end()) notes += line;
        }
        noted.insert(noted.end(), lines.begin(), lines.end());
    }
    // The notes follow the model lines of the last model with effects, without a gap.
    std::size_t last_fitted = parts.size();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (effects[i]) last_fitted = i;
    }
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!effects[i]) continue;
        const json& analysis = *parts[i].analysis;
        if (const std::string table = coefficient_table(analysis); !table.empty()) out += '\n' + table;
        std::string model = model_lines(analysis);
        if (i == last_fitted) model += std::exchange(notes, {});
        out += '\n' + model;
    }
    if (!notes.empty()) out += '\n' + notes;
    return out + "\nThese are associations in your own data, not medical advice.\n";
}

}  // namespace

std::string estimate_text(const json& value) {
    const std::optional<double> number = finite(value);
    if (!number) return "-";
    const double magnitude = std::fabs(*number);
    if (magnitude == 0.0) return "0.00";
    if (magnitude < 0.005) return significant(*number, 2);
    if (magnitude >= 1e5) return significant(*number, 3);
    return fixed(*number, 2);
}

std::string p_text(const json& value) {
    const std::optional<double> p = finite(value);
    if (!p || *p < 0.0 || *p > 1.0) return "-";
    if (*p < 0.001) return "< 0.001";
    return fixed(*p, 3);
}

std::string wrap(std::string_view text, std::string_view first, std::size_t width) {
    return report::wrap(text, first, width);
}

std::string finding_marker(const json& finding, const json& analysis) {
    if (!is_effect(finding)) return "? ";
    if (field(finding, "flagged") != true) return "· ";
    std::optional<double> direction;
    for (const json& coefficient : list_field(analysis, "coefficients")) {
        if (field(coefficient, "term") == field(finding, "term")) {
            direction = finite(field(coefficient, "estimate"));
        }
    }
    if (!direction) {
        const std::optional<double> effect = finite(field(finding, "effect"));
        if (effect) direction = is_logit(analysis) ? *effect - 1.0 : *effect;
    }
    if (direction && *direction > 0) return "▲ ";
    if (direction && *direction < 0) return "▼ ";
    return "· ";
}

std::string coefficient_table(const json& analysis) {
    const json& coefficients = list_field(analysis, "coefficients");
    if (coefficients.empty()) return {};
    const bool logit = is_logit(analysis);
    std::vector<TableColumn> columns{{"term", 0},   {logit ? "odds ratio" : "estimate", 0, true},
                                     {"95% CI", 0, true}, {"p", 0, true},
                                     {"adj. p", 0, true}, {"nights", 0, true}};
    std::vector<std::vector<std::string>> rows;
    for (const json& coefficient : coefficients) {
        const json& low = field(coefficient, logit ? "or_ci_low" : "ci_low");
        const json& high = field(coefficient, logit ? "or_ci_high" : "ci_high");
        const bool has_ci = finite(low) && finite(high);
        rows.push_back({value_text(field(coefficient, "term")),
                        estimate_text(field(coefficient, logit ? "odds_ratio" : "estimate")),
                        has_ci ? estimate_text(low) + " to " + estimate_text(high) : "-",
                        p_text(field(coefficient, "p_value")),
                        p_text(field(coefficient, "p_adjusted")),
                        value_text(field(coefficient, "nights"))});
    }
    // The figures keep their full width; the term gets what is left of the 80 columns.
    std::size_t figures = 0;
    for (std::size_t c = 1; c < columns.size(); ++c) {
        std::size_t width = display_width(columns[c].header);
        for (const auto& row : rows) width = std::max(width, display_width(row[c]));
        columns[c].max_width = width;
        figures += width + 1;
    }
    constexpr std::size_t k_min_term_width = 8;
    columns[0].max_width = std::max(k_min_term_width, k_table_width > figures ? k_table_width - figures : 0);
    return table_text(columns, rows);
}

std::string summary_text(const json& analysis) {
    const json& summary = field(analysis, "summary");
    const json& factors = list_field(summary, "factors");
    if (factors.empty()) return {};
    const std::string outcome = value_text(field(summary, "outcome"));
    std::string out = "Mean " + outcome + " by factor, before adjusting for the others:\n";
    for (const json& factor : factors) {
        std::string line = value_text(field(factor, "factor")) + ":";
        bool first = true;
        for (const json& group : list_field(factor, "groups")) {
            line += (first ? " " : " · ") + value_text(field(group, "label")) + " " +
                    fixed_or_dash(field(group, "mean"), 1) + " (" +
                    value_text(field(group, "nights")) +
                    (first ? (field(group, "nights") == 1 ? " night)" : " nights)") : ")");
            first = false;
        }
        out += wrap(line, "  ");
    }
    return out;
}

std::string analysis_text(const json& analysis, const AnalysisSource& source) {
    return page({{&analysis, findings_heading(analysis, source)}}, source);
}

std::string both_analyses_text(const json& both) {
    return page({{&field(both, "pain"), "What goes with worse or better mornings, in pain points:"},
                 {&field(both, "bad_morning"), "What makes a bad morning more or less likely:"}},
                {});
}

}  // namespace painlog::cli
