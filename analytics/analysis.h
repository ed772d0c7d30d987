// The one entry point of painlog::analytics: from a journal table and a model spec to
// the full result the daemon and CLI render (model, coefficients with BH-adjusted
// p-values, aliased terms, notes, the first-layer summary and ranked findings).
// Plain structs, no JSON. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analytics/findings.h"
#include "analytics/frame.h"
#include "analytics/least_squares.h"
#include "analytics/ols.h"
#include "analytics/result.h"
#include "analytics/summary.h"
#include "analytics/term_result.h"

namespace painlog::analytics {

enum class OutcomeModel {
    k_pain,         // pain as a number: least squares
    k_bad_morning,  // pain >= threshold: logistic regression
};

enum class SeMethod {
    k_auto,     // pain: AR(1) errors by Prais-Winsten; bad morning: Newey-West
    k_hac,      // Newey-West (lag given or automatic)
    k_classic,  // iid errors (OLS) or maximum-likelihood errors (logistic)
};

// What inference was actually used (k_auto resolved).
enum class Inference { k_classic, k_newey_west, k_ar1 };

struct AnalysisOptions {
    OutcomeModel outcome = OutcomeModel::k_pain;
    double bad_morning_threshold = 6.0;   // a bad morning is pain >= this
    SeMethod se = SeMethod::k_auto;
    std::optional<std::size_t> hac_lag;   // default: newey_west_lag(n)
    double level = 0.95;
    Labels labels;                        // how findings word terms (findings.h)
    Wording wording;                      // how findings word the data (findings.h)
    // Below k_min_nights a journal gets a "not enough data yet" result, and a model
    // that cannot be fitted is a note. Data that is not a journal (a CSV) sets this to
    // fit whatever the size, and to report what cannot be fitted as an error.
    bool fit_any_size = false;
};

struct FitStats {
    std::size_t nights = 0;          // rows used
    std::size_t nights_dropped = 0;  // rows left out for missing values
    std::size_t df_residual = 0;
    double r_squared = 0.0;          // OLS on pain (also reported under AR(1)); NaN for logistic
    double adj_r_squared = 0.0;
    double residual_sd = 0.0;        // OLS residual SD, or the AR(1) innovation SD
    double f_statistic = 0.0;
    double f_p_value = 0.0;
    double rho = 0.0;                // AR(1); NaN otherwise
    std::size_t hac_lag = 0;         // Newey-West only
    double deviance = 0.0;           // logistic; NaN otherwise
    double null_deviance = 0.0;
    double aic = 0.0;
    int iterations = 0;              // AR(1) or IRLS iterations
    bool converged = true;
};

struct AnalysisResult {
    OutcomeModel outcome = OutcomeModel::k_pain;
    Inference inference = Inference::k_ar1;
    std::string description;           // e.g. "least squares on pain, AR(1) errors (rho = 0.43)"
    std::vector<TermResult> terms;     // estimated terms in design order, intercept first
    std::vector<std::string> aliased;  // terms left out as combinations of others
    std::vector<std::string> notes;    // everything left out or doubtful, in words
    FitStats stats;
    Summary summary;
    std::vector<Finding> findings;
};

// Builds the frame (spec.references name reference levels), fits the model chosen by
// options, adjusts the factor terms' p-values by Benjamini-Hochberg, and words the
// findings. With fewer than k_min_nights nights, or too few to fit at all, it still
// returns the summary and a "not enough data yet" finding. Errors: those of
// build_frame, an outcome that never varies, and a model that cannot be fitted
// despite enough nights (the message says why).
[[nodiscard]] Result<AnalysisResult> analyse(const Table& table, const FrameSpec& spec,
                                             const AnalysisOptions& options = {});

// What every model of one table shares, built once: the model frame, its summary, and
// least squares on the outcome, which says which terms are aliased (and is the pain
// model's first fit). To fit both models of a journal without building these twice,
// lay the groundwork once and call analyse() on it per model; analyse() only reads it,
// so the two may run at the same time on two threads.
struct Groundwork {
    ModelFrame frame;           // x given to least squares (ols->x_kept) unless y never varies
    Summary summary;
    Result<OlsFit> ols;         // intervals at 95%; an Error where it could not be fitted,
                                // or where the outcome never varies
};

// least_squares: Factoring::k_refined (the default) where the pain model is to be
// fitted from it, which reports least squares' estimates to full accuracy;
// Factoring::k_double where only the bad-morning model is, which needs no more than
// the aliased terms (both factorings decide those alike). Errors: those of build_frame.
[[nodiscard]] Result<Groundwork> lay_groundwork(const Table& table, const FrameSpec& spec,
                                                Factoring least_squares = Factoring::k_refined);

// The same as analyse(table, spec, options) on the table and spec of the groundwork,
// whichever factoring laid it.
[[nodiscard]] Result<AnalysisResult> analyse(const Groundwork& groundwork,
                                             const AnalysisOptions& options = {});

}  // namespace painlog::analytics
