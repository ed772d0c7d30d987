#include "report/words.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace painlog::report {
namespace {

using nlohmann::json;

std::string plural(const json& count, const char* one, const char* many) {
    return value_text(count) + " " + (count == 1 ? one : many);
}

std::string fixed(double value, int digits, bool sign = false) {
    char buffer[400];  // room for any double printed in full
    std::snprintf(buffer, sizeof buffer, sign ? "%+.*f" : "%.*f", digits, value);
    return buffer;
}

// Sorting key for an effect's size: |effect|, or |log(odds ratio)|.
double effect_size(const json& finding, bool odds_ratio) {
    const std::optional<double> effect = number(field(finding, "effect"));
    if (!effect)
        return -1.0;
    if (!odds_ratio)
        return std::fabs(*effect);
    return *effect > 0 ? std::fabs(std::log(*effect)) : -1.0;
}

}  // namespace

const json& field(const json& object, const char* key) {
    static const json k_null;
    if (!object.is_object())
        return k_null;
    const auto found = object.find(key);
    return found == object.end() ? k_null : *found;
}

const json& list_field(const json& object, const char* key) {
    static const json k_empty = json::array();
    const json& value = field(object, key);
    return value.is_array() ? value : k_empty;
}

std::optional<double> number(const json& value) {
    if (!value.is_number())
        return std::nullopt;
    const double result = value.get<double>();
    if (!std::isfinite(result))
        return std::nullopt;
    return result;
}

std::string value_text(const json& value) {
    if (value.is_null())
        return "-";
    if (value.is_string())
        return value.get<std::string>();
    if (value.is_boolean())
        return value.get<bool>() ? "yes" : "no";
    if (value.is_number_integer() || value.is_number_unsigned()) {
        // What dump() writes, without a serializer for one number.
        std::array<char, 24> buffer{};
        const auto written =
            value.is_number_unsigned()
                ? std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.get<std::uint64_t>())
                : std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.get<std::int64_t>());
        return std::string(buffer.data(), written.ptr);
    }
    if (value.is_number_float()) {
        std::array<char, 32> buffer{};
        const auto [end, error] =
            std::to_chars(buffer.data(), buffer.data() + buffer.size(), value.get<double>());
        return error == std::errc() ? std::string(buffer.data(), end) : value.dump();
    }
    if (value.is_array()) {
        std::string text;
        for (const json& item : value) text += (text.empty() ? "" : ", ") + value_text(item);
        return text.empty() ? "-" : text;
    }
    return value.dump();
}

std::string decimal_text(const json& value, bool sign) {
    const std::optional<double> figure = number(value);
    if (!figure)
        return "-";
    // -0.04 rounds to "-0.0": say 0.0 instead.
    const double rounded = std::round(*figure * 10.0) / 10.0;
    return fixed(rounded == 0.0 ? 0.0 : rounded, 1, sign);
}

std::string spaced(std::string_view name) {
    std::string text(name);
    std::replace(text.begin(), text.end(), '_', ' ');
    return text;
}

std::string title(const json& report) {
    const json& week = field(report, "week");
    std::string text = "Weekly report, " + range_label(field(week, "from"), field(week, "to"));
    if (field(week, "id").is_string())
        text += " (" + field(week, "id").get<std::string>() + ")";
    return text;
}

std::string provenance(const json& report) {
    std::vector<std::string> parts;
    const json& journal = field(report, "journal");
    if (number(field(journal, "nights"))) {
        std::string part = "Journal: " + plural(field(journal, "nights"), "night", "nights");
        if (day_number(field(journal, "first")))
            part += " since " + short_date(field(journal, "first")) + " " +
                    value_text(field(journal, "first")).substr(0, 4);
        parts.push_back(part);
    }
    if (const json& generated = field(report, "generated_at"); generated.is_string()) {
        std::string when = generated.get<std::string>();
        // "2026-11-23T08:00:00Z" -> "2026-11-23 08:00 UTC"; anything else as it is.
        if (when.size() == 20 && when[10] == 'T' && when[19] == 'Z')
            when = when.substr(0, 10) + " " + when.substr(11, 5) + " UTC";
        parts.push_back("generated " + when);
    }
    if (field(report, "zone").is_string())
        parts.push_back("time zone " + field(report, "zone").get<std::string>());
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : " · ") + part;
    return text;
}

std::string version_note(const json& report) {
    const std::optional<double> version = number(field(report, "painlog_report"));
    if (!version || *version <= k_report_version)
        return {};
    return "This report is of a newer kind (version " +
           value_text(field(report, "painlog_report")) + ") than this painlog knows (version " +
           std::to_string(k_report_version) +
           "); parts of it may not be shown. Updating painlog shows all of it.";
}

bool is_empty_journal(const json& report) {
    const json& hint = field(report, "start_hint");
    return hint.is_string() && !hint.get_ref<const std::string&>().empty();
}

std::string headline(const json& report) {
    if (is_empty_journal(report))
        return "Nothing logged yet: this report fills in from your first morning.";
    const json& summary = field(report, "summary");
    const std::optional<double> mean = number(field(summary, "mean_pain"));
    if (!mean)
        return "No mornings logged this week.";
    const std::string sentence = "Mean pain this week " + decimal_text(field(summary, "mean_pain"));
    std::optional<double> change = number(field(summary, "change_vs_previous"));
    const std::optional<double> before =
        number(field(field(summary, "previous_4_weeks"), "mean_pain"));
    if (!change && before)
        change = *mean - *before;
    if (!change || !before)
        return sentence + " (no nights in the four weeks before to compare with).";
    if (std::fabs(*change) < 0.05)
        return sentence + ", the same as the four weeks before.";
    return sentence + (*change < 0 ? ", down " : ", up ") + decimal_text(json(std::fabs(*change))) +
           " from the four weeks before.";
}

std::vector<Comparison> comparisons(const json& report) {
    const json& summary = field(report, "summary");
    const auto line = [](const json& period) {
        const json& nights = field(period, "nights");
        if (!number(field(period, "mean_pain")))
            return std::string("no nights");
        return decimal_text(field(period, "mean_pain")) + " over " +
               plural(nights, "night", "nights");
    };
    return {{"This week", line(summary)},
            {"Four weeks before", line(field(summary, "previous_4_weeks"))},
            {"All time", line(field(summary, "all_time"))}};
}

std::string bad_mornings_text(const json& report) {
    const json& summary = field(report, "summary");
    const std::string rule = "(pain " + value_text(field(report, "threshold")) + " or more)";
    const json& bad = field(summary, "bad_mornings");
    if (!number(bad) || bad == 0)
        return "No bad mornings " + rule;
    return plural(bad, "bad morning", "bad mornings") + " " + rule + " of " +
           value_text(field(summary, "nights")) + " logged";
}

std::string adherence_text(const json& report) {
    const json& adherence = field(report, "adherence");
    std::size_t extras = 0;
    for (const json& day : list_field(adherence, "days")) extras += list_field(day, "extra").size();
    const std::string extra = extras == 0 ? "" : ", " + std::to_string(extras) + " extra";
    const std::optional<double> planned = number(field(adherence, "planned"));
    if (!planned || *planned <= 0) {
        return extras == 0
                   ? "No routines planned this week"
                   : "No routines planned this week; " + std::to_string(extras) + " done anyway";
    }
    std::string text = value_text(field(adherence, "done")) + " of " +
                       value_text(field(adherence, "planned")) + " planned routines done";
    if (const std::optional<double> rate = number(field(adherence, "rate"))) {
        text += " (" + fixed(*rate * 100.0, 0) + "%)";
    }
    return text + extra;
}

std::string gear_change_text(const json& change) {
    return day_label(field(change, "date")) + ": new " + value_text(field(change, "kind")) + " " +
           value_text(field(change, "name"));
}

std::string areas_text(const json& day) {
    std::string text;
    for (const json& area : list_field(day, "areas"))
        text += (text.empty() ? "" : ", ") + spaced(value_text(area));
    return text.empty() ? "-" : text;
}

std::vector<std::string> night_factors(const json& day) {
    std::vector<std::string> out;
    for (const char* gear : {"mattress", "pillow"}) {
        if (!field(day, gear).is_null())
            out.push_back(std::string(gear) + " " + value_text(field(day, gear)));
    }
    const json& custom = field(day, "custom");
    if (custom.is_object()) {
        for (const auto& [name, value] : custom.items())
            out.push_back(spaced(name) + " " + value_text(value));
    }
    if (!list_field(day, "routines").empty())
        out.push_back("routines " + value_text(field(day, "routines")));
    return out;
}

std::string routine_text(const json& entry) {
    std::string text = value_text(field(entry, "routine"));
    if (field(entry, "slot").is_string()) {
        const std::string slot = field(entry, "slot").get<std::string>();
        text += " (" + (slot == "entry" ? std::string("with the night's entry") : slot) + ")";
    }
    return text;
}

bool is_effect(const json& finding) {
    return field(finding, "kind") == "effect";
}

bool is_not_enough_data(const json& finding) {
    return field(finding, "kind") == "not_enough_data";
}

std::vector<const json*> ranked_findings(const json& result) {
    std::vector<const json*> effects;
    std::vector<const json*> others;
    for (const json& finding : list_field(result, "findings"))
        (is_effect(finding) ? effects : others).push_back(&finding);
    const bool odds_ratio = is_odds_ratio(result);
    std::stable_sort(effects.begin(), effects.end(), [odds_ratio](const json* a, const json* b) {
        const double p_a = number(field(*a, "p_adjusted")).value_or(2.0);
        const double p_b = number(field(*b, "p_adjusted")).value_or(2.0);
        if (p_a != p_b)
            return p_a < p_b;
        return effect_size(*a, odds_ratio) > effect_size(*b, odds_ratio);
    });
    effects.insert(effects.end(), others.begin(), others.end());
    return effects;
}

std::string finding_text(const json& finding) {
    std::string text = value_text(field(finding, "text"));
    if (!is_not_enough_data(finding))
        return text;
    std::string lower = text.substr(0, 19);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return lower == "not enough data yet" ? text : "Not enough data yet: " + text;
}

std::string term_label(const json& finding) {
    const json& term = field(finding, "term");
    std::string text = term.is_string() && !term.get_ref<const std::string&>().empty()
                           ? term.get<std::string>()
                           : value_text(field(finding, "factor"));
    for (const char separator : {'=', ':'}) {
        if (const std::size_t at = text.find(separator); at != std::string::npos) {
            return spaced(text.substr(0, at)) + ": " + text.substr(at + 1);
        }
    }
    return spaced(text);
}

bool is_odds_ratio(const json& result) {
    return field(result, "model") == "logit";
}

std::string effect_text(const json& finding, bool odds_ratio) {
    const std::optional<double> effect = number(field(finding, "effect"));
    if (!effect)
        return "-";
    const std::optional<double> low = number(field(finding, "ci_low"));
    const std::optional<double> high = number(field(finding, "ci_high"));
    if (odds_ratio) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "x%.2g", *effect);
        std::string text = buffer;
        if (low && high) {
            std::snprintf(buffer, sizeof buffer, " (%.2g to %.2g)", *low, *high);
            text += buffer;
        }
        return text;
    }
    // One decimal when the interval reaches 1 or more, else two (as the findings do).
    const double hint =
        low && high ? std::max(std::fabs(*low), std::fabs(*high)) : std::fabs(*effect);
    const int digits = hint >= 1.0 ? 1 : 2;
    std::string text = fixed(*effect, digits, true);
    if (low && high)
        text += " (" + fixed(*low, digits) + " to " + fixed(*high, digits) + ")";
    return text;
}

std::string p_text(const json& value) {
    const std::optional<double> p = number(value);
    if (!p || *p < 0.0 || *p > 1.0)
        return "-";
    if (*p < 0.001)
        return "< 0.001";
    return fixed(*p, *p < 0.01 ? 3 : 2);
}

std::string window_text(const json& report) {
    const json& analysis = field(report, "analysis");
    const json& window = field(analysis, "window");
    std::string text = field(window, "label").is_string()
                           ? field(window, "label").get<std::string>()
                           : "the journal";
    if (field(window, "from").is_string() && field(window, "to").is_string()) {
        text += " (" + value_text(field(window, "from")) + " to " +
                value_text(field(window, "to")) + ")";
    }
    const json& n = field(field(analysis, "result"), "n");
    if (number(n))
        text += ", " + plural(n, "night", "nights") + " analysed";
    return text;
}

std::vector<std::string> method_paragraphs(const json& report) {
    std::vector<std::string> out;
    if (field(report, "method").is_string())
        out.push_back(field(report, "method").get<std::string>());
    const json& result = field(field(report, "analysis"), "result");
    if (field(result, "description").is_string()) {
        out.push_back("Model: " + field(result, "description").get<std::string>() + ".");
    }
    for (const json& note : list_field(result, "notes")) out.push_back("Note: " + value_text(note));
    for (const json& term : list_field(result, "aliased")) {
        out.push_back("Note: " + value_text(term) +
                      " was left out as a combination of other factors.");
    }
    return out;
}

}  // namespace painlog::report
