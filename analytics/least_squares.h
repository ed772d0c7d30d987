// The numerical core of every linear fit in analytics: least squares by Householder QR
// to extended-precision accuracy, with a rank decision that reports aliased columns by
// index. OLS and the fits reported by AR(1) and logistic IRLS call it (their iterations
// step by the double QR of qr_step.h, and call it where that declines). Never the normal
// equations. Pure function; thread-safe.
#pragma once

#include <vector>

#include <Eigen/Core>

#include "analytics/result.h"

namespace painlog::analytics {

// Rank tolerance: a column is aliased when, after centring (if there is an intercept)
// and scaling to unit length, less than this much of it lies outside the span of the
// columns before it. Filip, the most ill-conditioned NIST set, has 6.1e-8 (which is why
// R's lm, at 1e-7, drops a term there); collinearity up to double rounding is ~1e-16.
inline constexpr double k_default_rank_tolerance = 1e-10;

// How solve_least_squares factors a design.
enum class Factoring {
    k_refined,      // well-conditioned: double QR refined in long double (refined_qr.h);
                    // otherwise Householder QR in long double. Same accuracy either way.
    k_double,       // well-conditioned: double QR alone, for a step of an iteration that
                    // the next step corrects; otherwise as k_refined
    k_long_double,  // always Householder QR in long double (tests compare the paths)
};

struct LeastSquaresOptions {
    Eigen::Index intercept_column = -1;  // a column of ones to centre the others on, or -1
    double tolerance = k_default_rank_tolerance;
    Factoring factoring = Factoring::k_refined;
};

struct LeastSquares {
    std::vector<Eigen::Index> kept;     // columns estimated, ascending
    std::vector<Eigen::Index> aliased;  // columns in the span of earlier ones, ascending
    Eigen::VectorXd beta;               // one per kept column
    Eigen::MatrixXd unscaled_cov;       // (Xk'Xk)^-1 over kept columns Xk
    Eigen::VectorXd fitted;
    Eigen::VectorXd residuals;
    Eigen::VectorXd rank_ratios;        // per kept column, the ratio tested against tolerance
};

// Minimises |y - X b| over the columns of x. Columns are taken in order; a column that is
// (numerically) a combination of earlier ones is listed in `aliased` and left out, as R's
// lm does with its pivoting, so the first of two identical columns is the one kept.
// Internally: columns are centred on the intercept column (when given and all ones) and
// scaled to unit length. A well-conditioned design (condition number at most
// k_refined_qr_condition_limit, no column near the rank tolerance) is factored in
// double and refined in long double to the same accuracy (refined_qr.h); any other is
// factored by Householder QR in long double, the solution refined twice against
// long-double residuals, then transformed back.
// Errors: no rows, sizes that disagree, non-finite values.
[[nodiscard]] Result<LeastSquares> solve_least_squares(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                                       const Eigen::Ref<const Eigen::VectorXd>& y,
                                                       const LeastSquaresOptions& options = {});

}  // namespace painlog::analytics
