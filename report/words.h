// The wording the three renderings share, so that text, markdown and HTML say the same
// thing: reading a REPORT without trusting its shape, numbers for people, the
// headline, the comparisons with earlier weeks, routines and gear in words, and the
// findings in their report order (dates: report/dates.h). Pure functions of JSON
// values; thread-safe.
#pragma once

#include "report/dates.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace painlog::report {

// object[key], or null when object is not an object or lacks the key.
[[nodiscard]] const nlohmann::json& field(const nlohmann::json& object, const char* key);

// object[key] when it is an array, else an empty array.
[[nodiscard]] const nlohmann::json& list_field(const nlohmann::json& object, const char* key);

// The number in `value` when it is a finite JSON number, else nullopt.
[[nodiscard]] std::optional<double> number(const nlohmann::json& value);

// A value for a person: "-" for null or missing, strings as they are, yes/no for
// booleans, numbers without trailing zeros (7.5, 7), lists joined with ", ".
[[nodiscard]] std::string value_text(const nlohmann::json& value);

// A figure with one decimal ("3.5"; "-" unless a finite number); with `sign`, "+0.6".
[[nodiscard]] std::string decimal_text(const nlohmann::json& value, bool sign = false);

// "upper_back" -> "upper back", "sitting_hours" -> "sitting hours".
[[nodiscard]] std::string spaced(std::string_view name);

// The report's title: "Weekly report, 16–22 November 2026 (2026-W47)".
[[nodiscard]] std::string title(const nlohmann::json& report);

// "Journal: 105 nights since 26 Jul 2026 · generated 2026-11-23 08:00 UTC · time zone
// Europe/Berlin", leaving out what the REPORT lacks.
[[nodiscard]] std::string provenance(const nlohmann::json& report);

// The REPORT version these renderers know; a newer one is rendered as far as it goes.
inline constexpr int k_report_version = 1;

// "" for a REPORT of a version the renderers know; otherwise a sentence saying the
// report comes from a newer painlog and parts of it may not be shown.
[[nodiscard]] std::string version_note(const nlohmann::json& report);

// Whether the REPORT is for an empty journal: "start_hint" is a non-empty string.
[[nodiscard]] bool is_empty_journal(const nlohmann::json& report);

// One sentence: "Mean pain this week 3.5, down 0.6 from the four weeks before." (or
// up, or the same; without a comparison when the four weeks before had no nights; "No
// mornings logged this week." when none was).
[[nodiscard]] std::string headline(const nlohmann::json& report);

// A line of the comparison: a label ("This week", "Four weeks before", "All time") and
// "3.5 over 6 nights" ("no nights" when there were none).
struct Comparison {
    std::string label;
    std::string text;
};
[[nodiscard]] std::vector<Comparison> comparisons(const nlohmann::json& report);

// "1 bad morning (pain 5 or more) of 6 logged" / "No bad mornings (pain 5 or more)".
[[nodiscard]] std::string bad_mornings_text(const nlohmann::json& report);

// "8 of 14 planned routines done (57%), 2 extra" or "No routines planned this week".
[[nodiscard]] std::string adherence_text(const nlohmann::json& report);

// "Wed 18 Nov: new pillow Low foam".
[[nodiscard]] std::string gear_change_text(const nlohmann::json& change);

// A day's areas ("neck, upper back"; "-" when none).
[[nodiscard]] std::string areas_text(const nlohmann::json& day);

// The night's other factors in words, present ones only: "mattress Morgedal",
// "pillow Low foam", "coffee 2", "alcohol no", "routines Cat-Cow, Open Book".
[[nodiscard]] std::vector<std::string> night_factors(const nlohmann::json& day);

// A planned or extra routine: "Cat-Cow (evening)".
[[nodiscard]] std::string routine_text(const nlohmann::json& entry);

// The findings in report order: effect findings ranked by adjusted p (missing last),
// then by the size of the effect (largest first; for odds ratios, distance from 1 on
// the log scale); then the other findings in the order given. Pointers into `result`.
[[nodiscard]] std::vector<const nlohmann::json*> ranked_findings(const nlohmann::json& result);

[[nodiscard]] bool is_effect(const nlohmann::json& finding);
[[nodiscard]] bool is_not_enough_data(const nlohmann::json& finding);

// The finding's text, beginning "Not enough data yet: " for a not_enough_data finding
// whose text does not already say so.
[[nodiscard]] std::string finding_text(const nlohmann::json& finding);

// A short name for an effect's term: "position: stomach", "routine: Cat-Cow",
// "sleep hours"; the factor when there is no term.
[[nodiscard]] std::string term_label(const nlohmann::json& finding);

// Whether the analysis is a logistic one (effects are odds ratios).
[[nodiscard]] bool is_odds_ratio(const nlohmann::json& result);

// An effect and its interval: "+1.4 (0.5 to 2.3)" or for odds ratios "x2.5 (1.2 to 5.1)".
[[nodiscard]] std::string effect_text(const nlohmann::json& finding, bool odds_ratio);

// An adjusted p: "< 0.001", "0.008", "0.26"; "-" when missing.
[[nodiscard]] std::string p_text(const nlohmann::json& value);

// "last 90 days (2026-08-25 to 2026-11-22), 73 nights analysed".
[[nodiscard]] std::string window_text(const nlohmann::json& report);

// How the figures were worked out: the REPORT's "method", then "Model: " and the
// analysis description, then its notes; paragraphs without markup.
[[nodiscard]] std::vector<std::string> method_paragraphs(const nlohmann::json& report);

}  // namespace painlog::report
