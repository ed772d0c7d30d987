// One row of an analysis's result table: a term's estimate with its inference, BH
// adjusted p-value and night count, on the scale of the model (pain points, or log-odds
// with odds ratios beside). Shared by analysis.h and findings.h. Plain value; thread-safe.
#pragma once

#include <cstddef>
#include <string>

namespace painlog::analytics {

struct TermResult {
    std::string term;          // "(intercept)", "COL" or "COL=LEVEL"
    std::string factor;        // empty for the intercept
    std::string level;         // categorical dummies only
    double estimate = 0.0;     // pain points (OLS, AR(1)) or log-odds (logistic)
    double std_error = 0.0;
    double statistic = 0.0;    // t, or z for logistic
    double p_value = 0.0;
    double p_adjusted = 0.0;   // Benjamini-Hochberg across the factor terms; NaN for the intercept
    double ci_low = 0.0;
    double ci_high = 0.0;
    double odds_ratio = 0.0;   // logistic only (exp of estimate and CI); NaN otherwise
    double or_ci_low = 0.0;
    double or_ci_high = 0.0;
    std::size_t nights = 0;    // nights at this level / with "yes" / with a value (numeric)
    bool separated = false;    // logistic: no finite estimate
};

}  // namespace painlog::analytics
