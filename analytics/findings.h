// Findings: the analysis's result in plain words, ranked, with the data-sufficiency
// rules that keep painlog from over-claiming (minimum nights, minimum nights per level,
// minimum blocks for factors that change rarely, such as gear). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "analytics/frame.h"
#include "analytics/term_result.h"

namespace painlog::analytics {

// Fewer complete nights than this: no effects are reported, only "not enough data yet".
// Four weeks: every weekday four times, and at n = 28 the AR(1) fit has enough
// residual degrees of freedom for a handful of factors.
inline constexpr std::size_t k_min_nights = 28;
// A level (or "yes") seen on fewer nights than this gets no estimate in words.
inline constexpr std::size_t k_min_level_nights = 3;
// A factor with fewer blocks (runs of one value in time order) than this is "too early
// to tell": with few switches, an effect cannot be told from a slow drift in pain.
// Calibration (analytics/README.md) was measured at 12 to 13 blocks and holds there.
inline constexpr std::size_t k_min_blocks = 6;
// Findings with an adjusted p below this are flagged.
inline constexpr double k_flag_alpha = 0.05;

enum class EffectScale { k_pain_points, k_odds_ratio };

enum class FindingKind { k_effect, k_not_enough_data, k_too_early, k_separation };

struct Finding {
    FindingKind kind = FindingKind::k_effect;
    std::string factor;        // empty for the whole-journal "not enough data" finding
    std::string term;          // empty for factor-level findings
    double effect = 0.0;       // pain points or odds ratio; NaN unless kind is k_effect
    double ci_low = 0.0;
    double ci_high = 0.0;
    double p_adjusted = 0.0;
    std::size_t nights = 0;
    bool flagged = false;      // k_effect with p_adjusted < k_flag_alpha
    std::string text;          // one sentence for people
};

// Ranks and words the findings for `terms` (the model's estimates; the intercept and
// terms not in it are skipped) over the frame's rows. Order: flagged effects by adjusted
// p, then the other effects by adjusted p, then separation, too-early and not-enough
// findings. Below k_min_nights the only finding is "not enough data yet".
// `labels` words terms for people: a categorical level "COL=LEVEL" as what the
// nights had ("sleeping on your stomach"), a yes/no factor "COL" likewise ("doing
// Cat-Cow"), a numeric factor "COL" as its unit ("Per extra hour of sitting").
// Terms without a label are named as in the model.
using Labels = std::map<std::string, std::string>;

// The words and thresholds findings use for the data: a journal's by default; data
// that is not a journal (a CSV) names its own outcome and rows and drops the
// journal's sufficiency rules.
struct Wording {
    std::string subject_prefix = "Mornings after ";  // before a level or a yes/no factor
    std::string unit = "pain points";                 // the least-squares outcome's unit
    std::string event = "a bad morning";              // what the logistic model's 1 is
    std::string row = "night";                        // one observation
    std::string rows = "nights";
    std::size_t min_rows = k_min_nights;              // fewer: only "not enough data yet"
    std::size_t min_blocks = k_min_blocks;            // fewer: "too early to tell"
};

[[nodiscard]] std::vector<Finding> make_findings(const ModelFrame& frame, const std::vector<TermResult>& terms,
                                                 EffectScale scale, const Labels& labels = {},
                                                 const Wording& wording = {});

// Formats a p-value as in the findings: "< 0.001", "0.004", "0.04", "0.31".
[[nodiscard]] std::string format_p(double p);

}  // namespace painlog::analytics
