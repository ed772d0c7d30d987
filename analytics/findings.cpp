#include "analytics/findings.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace painlog::analytics {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::string decimals(double v, int digits, bool sign = false) {
    char buffer[64];
    if (sign) {
        std::snprintf(buffer, sizeof buffer, "%+.*f", digits, v);
    } else {
        std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    }
    return buffer;
}

std::string significant(double v, int digits) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*g", digits, v);
    return buffer;
}

// One decimal when the numbers are large enough to read that way, else two.
std::string format_effect(double v, double scale_hint, bool sign) {
    return decimals(v, std::fabs(scale_hint) >= 1.0 ? 1 : 2, sign);
}

std::string count_text(std::size_t n, const Wording& wording) {
    return std::to_string(n) + " " + (n == 1 ? wording.row : wording.rows);
}

std::string label_or(const Labels& labels, const std::string& key, std::string fallback) {
    const auto it = labels.find(key);
    return it == labels.end() ? std::move(fallback) : it->second;
}

std::string subject(const FactorInfo& factor, const TermResult& term, const Labels& labels,
                    const Wording& wording) {
    switch (factor.kind) {
        case FactorKind::k_categorical:
            return wording.subject_prefix + label_or(labels, term.term, factor.name + " = " + term.level) +
                   " (vs " + label_or(labels, factor.name + "=" + factor.reference, factor.reference) + ")";
        case FactorKind::k_yes_no:
            return wording.subject_prefix + label_or(labels, term.term, factor.name);
        case FactorKind::k_numeric:
            return label_or(labels, term.term, "Per 1 more of " + factor.name);
    }
    return factor.name;
}

Finding effect_finding(const FactorInfo& factor, const TermResult& term, EffectScale scale,
                       const Labels& labels, const Wording& wording) {
    Finding f;
    f.kind = FindingKind::k_effect;
    f.factor = factor.name;
    f.term = term.term;
    f.p_adjusted = term.p_adjusted;
    f.nights = term.nights;
    f.flagged = term.p_adjusted < k_flag_alpha;
    std::string effect;
    if (scale == EffectScale::k_pain_points) {
        f.effect = term.estimate;
        f.ci_low = term.ci_low;
        f.ci_high = term.ci_high;
        const double hint = std::max(std::fabs(f.ci_low), std::fabs(f.ci_high));
        effect = format_effect(f.effect, hint, true) + " " + wording.unit + " (95% CI " + format_effect(f.ci_low, hint, false) +
                 " to " + format_effect(f.ci_high, hint, false) + ")";
    } else {
        f.effect = term.odds_ratio;
        f.ci_low = term.or_ci_low;
        f.ci_high = term.or_ci_high;
        effect = "odds of " + wording.event + " x" + significant(f.effect, 2) + " (95% CI " + significant(f.ci_low, 2) +
                 " to " + significant(f.ci_high, 2) + ")";
    }
    f.text = subject(factor, term, labels, wording) + ": " + effect + ", adjusted p " +
             (term.p_adjusted < 0.001 ? "" : "= ") + format_p(term.p_adjusted) + ", " +
             count_text(term.nights, wording);
    return f;
}

Finding plain(FindingKind kind, std::string factor, std::string term, std::size_t nights, std::string text) {
    Finding f;
    f.kind = kind;
    f.factor = std::move(factor);
    f.term = std::move(term);
    f.effect = f.ci_low = f.ci_high = f.p_adjusted = k_nan;
    f.nights = nights;
    f.text = std::move(text);
    return f;
}

int rank_of(const Finding& f) {
    switch (f.kind) {
        case FindingKind::k_effect:
            return f.flagged ? 0 : 1;
        case FindingKind::k_separation:
            return 2;
        case FindingKind::k_too_early:
            return 3;
        case FindingKind::k_not_enough_data:
            return 4;
    }
    return 5;
}

}  // namespace

std::string format_p(double p) {
    if (std::isnan(p)) {
        return "n/a";
    }
    if (p < 0.001) {
        return "< 0.001";
    }
    if (p < 0.01) {
        return decimals(p, 3);
    }
    return decimals(p, 2);
}

std::vector<Finding> make_findings(const ModelFrame& frame, const std::vector<TermResult>& terms, EffectScale scale,
                                   const Labels& labels, const Wording& wording) {
    std::vector<Finding> out;
    const std::size_t nights = frame.rows.size();
    if (nights < wording.min_rows) {
        out.push_back(plain(FindingKind::k_not_enough_data, "", "", nights,
                            "Not enough data yet: " + count_text(nights, wording) +
                                " with complete entries; about " + std::to_string(wording.min_rows - nights) +
                                " more would help (" + std::to_string(wording.min_rows) + " needed)."));
        return out;
    }
    for (const FactorInfo& factor : frame.factors) {
        if (factor.blocks < wording.min_blocks) {
            out.push_back(plain(FindingKind::k_too_early, factor.name, "", nights,
                                "Too early to tell about " + factor.name + ": it changed only " +
                                    std::to_string(factor.blocks - 1) + " time(s) in " +
                                    count_text(nights, wording) + " (" + std::to_string(factor.blocks) +
                                    " blocks); at least " + std::to_string(wording.min_blocks) + " blocks (" +
                                    std::to_string(wording.min_blocks - 1) +
                                    " switches) are needed to tell its effect from a slow drift."));
            continue;
        }
        for (const TermResult& term : terms) {
            if (term.factor != factor.name) {
                continue;
            }
            if (factor.kind != FactorKind::k_numeric && term.nights < k_min_level_nights) {
                out.push_back(plain(FindingKind::k_not_enough_data, factor.name, term.term, term.nights,
                                    "Not enough data yet for " + term.term + ": " +
                                        count_text(term.nights, wording) +
                                        "; " + std::to_string(k_min_level_nights - term.nights) +
                                        " more would help."));
            } else if (term.separated) {
                out.push_back(plain(FindingKind::k_separation, factor.name, term.term, term.nights,
                                    subject(factor, term, labels, wording) +
                                        ": every such case went the same way (" + count_text(term.nights, wording) +
                                        "), so no odds ratio can be estimated yet."));
            } else {
                out.push_back(effect_finding(factor, term, scale, labels, wording));
            }
        }
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        if (rank_of(a) != rank_of(b)) {
            return rank_of(a) < rank_of(b);
        }
        const auto key = [](const Finding& f) { return std::isnan(f.p_adjusted) ? 2.0 : f.p_adjusted; };
        return a.kind == FindingKind::k_effect && key(a) < key(b);
    });
    return out;
}

}  // namespace painlog::analytics
