// Logistic regression (binomial, logit link) by iteratively reweighted least squares
// with step-halving: coefficients, Wald z tests, odds ratios with 95% CIs, deviance,
// AIC, and detection of complete or quasi-complete separation by term.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analytics/inference.h"
#include "analytics/least_squares.h"
#include "analytics/result.h"

namespace painlog::analytics {

// A term is separated when the fit pushes some rows' probabilities to 0 or 1 (within
// 1e-8) and the term's coefficient times its observed range exceeds this many log-odds
// units (an odds ratio beyond 3e6: no finite estimate exists, only a direction).
inline constexpr double k_separation_log_odds = 15.0;

struct LogitOptions {
    Eigen::Index intercept_column = -1;
    double level = 0.95;
    int max_iterations = 100;
    double tolerance = 1e-12;  // on |dev - dev_old| / (|dev| + 0.1), R's glm criterion
    double rank_tolerance = k_default_rank_tolerance;
};

struct OddsRatio {
    std::string term;
    double odds_ratio = 0.0;
    double ci_low = 0.0;
    double ci_high = 0.0;
};

struct LogitFit {
    std::vector<Coefficient> coefficients;  // z tests; separated terms: estimate +-inf, rest NaN
    std::vector<OddsRatio> odds_ratios;     // exp of estimate and Wald CI, same order
    std::vector<std::string> aliased;
    std::vector<std::string> separated;     // terms with no finite estimate
    Eigen::VectorXd beta;                   // finite iterates, also for separated terms
    Eigen::MatrixXd cov;                    // (X'WX)^-1 at the last iterate
    Eigen::VectorXd fitted;                 // probabilities
    std::size_t n = 0;
    double deviance = 0.0;
    double null_deviance = 0.0;
    double aic = 0.0;
    int iterations = 0;
    bool converged = false;
    std::vector<std::string> notes;
};

// Fits P(y = 1) = 1 / (1 + exp(-x'b)), y in {0, 1}. Starts as R's glm (mu = (y + 1/2)/2)
// and halves a step that does not lower the deviance. Each step's weighted least squares
// is a Householder QR in double of the weighted design (qr_step.h), or
// solve_least_squares where that design is not clearly well-conditioned (which also
// decides, on the first step, the aliased columns); the covariance reported comes from
// the triangular factor of the weighted design at the final probabilities (or
// solve_least_squares). Errors: y not 0/1, y all 0 or all 1, sizes that disagree,
// non-finite data, no more rows than terms.
[[nodiscard]] Result<LogitFit> fit_logit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                         const std::vector<std::string>& names,
                                         const LogitOptions& options = {});

}  // namespace painlog::analytics
