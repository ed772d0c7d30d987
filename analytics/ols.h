// Ordinary least squares with classic (iid) inference: coefficients, standard errors,
// t, p, confidence intervals, R^2, F, and the aliased terms by name. Accurate to the
// NIST StRD linear sets (see analytics/README.md). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analytics/frame.h"
#include "analytics/inference.h"
#include "analytics/least_squares.h"
#include "analytics/result.h"

namespace painlog::analytics {

struct OlsOptions {
    Eigen::Index intercept_column = -1;  // the column of ones, if the model has one
    double tolerance = k_default_rank_tolerance;
    double level = 0.95;                 // confidence level of the intervals
    // k_double when the fit is only a first step (before a logistic fit, which needs
    // the aliased terms and the design, not the estimates to full accuracy).
    Factoring factoring = Factoring::k_refined;
};

struct OlsFit {
    std::vector<Coefficient> coefficients;  // estimated terms, in design order
    std::vector<std::string> aliased;       // terms left out as combinations of earlier ones
    std::vector<Eigen::Index> kept;         // design columns of `coefficients`
    Eigen::VectorXd beta;                   // estimates of the kept terms
    Eigen::MatrixXd unscaled_cov;           // (Xk'Xk)^-1; classic covariance = sigma^2 times it
    Eigen::MatrixXd x_kept;                 // the design over the kept columns
    Eigen::VectorXd fitted;
    Eigen::VectorXd residuals;
    bool has_intercept = false;
    std::size_t n = 0;
    std::size_t df_model = 0;               // rank, less one for the intercept
    std::size_t df_residual = 0;            // n - rank
    double sse = 0.0;
    double residual_sd = 0.0;
    double r_squared = 0.0;                 // uncentred 1 - SSE/sum(y^2) without intercept, as R
    double adj_r_squared = 0.0;
    double f_statistic = 0.0;               // NaN without model terms
    double f_p_value = 0.0;
    std::vector<std::string> notes;
};

// Fits y on the columns of x named by `names` (one per column). Aliased columns are
// reported in `aliased` and a note, never given a number. Errors: sizes that disagree,
// non-finite data, fewer rows than terms or no residual degrees of freedom (the message
// says how many more rows are needed).
[[nodiscard]] Result<OlsFit> fit_ols(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                     const std::vector<std::string>& names,
                                     const OlsOptions& options = {});

// The same, taking the design: when every column is kept, x_kept is x itself rather
// than a copy (in an analysis, the largest matrix, not held twice while the later
// fits need room). x is left empty either way.
[[nodiscard]] Result<OlsFit> fit_ols(Eigen::MatrixXd&& x, const Eigen::VectorXd& y,
                                     const std::vector<std::string>& names,
                                     const OlsOptions& options = {});

// The same on a model frame (its intercept, if any, is column 0).
[[nodiscard]] Result<OlsFit> fit_ols(const ModelFrame& frame, double level = 0.95,
                                     Factoring factoring = Factoring::k_refined);

// Names of the columns of a frame, in order.
[[nodiscard]] std::vector<std::string> term_names(const ModelFrame& frame);

}  // namespace painlog::analytics
