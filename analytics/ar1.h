// Regression with AR(1) errors, y_t = x_t'b + u_t, u_t = rho u_{t-1} + e_t, by iterated
// Prais-Winsten feasible GLS. The journal's default inference (`--se auto`) for pain:
// nights are autocorrelated and gear comes in blocks. Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analytics/inference.h"
#include "analytics/least_squares.h"
#include "analytics/result.h"

namespace painlog::analytics {

struct Ar1Options {
    double level = 0.95;
    double rho_tolerance = 1e-10;  // stop when rho moves less than this
    int max_iterations = 100;
    double max_abs_rho = 0.99;     // rho is clamped to [-0.99, 0.99] to keep the transform proper
    double rank_tolerance = k_default_rank_tolerance;
    // The residuals of least squares of y on x, where the caller has fitted it already
    // (analyse() has, to its full accuracy): the first value of rho is taken from them
    // instead of from a fit of its own. Empty: fitted here.
    Eigen::VectorXd ols_residuals;
};

struct Ar1Fit {
    std::vector<Coefficient> coefficients;  // t with n - k - 1 df (one spent on rho)
    std::vector<std::string> aliased;       // terms aliased in the transformed design
    Eigen::VectorXd beta;
    Eigen::MatrixXd cov;                    // sigma_e^2 (X*'X*)^-1 of the transformed design X*
    Eigen::VectorXd residuals;              // y - X b, untransformed
    double rho = 0.0;
    double innovation_sd = 0.0;             // sd of e_t: sqrt(SSE* / (n - k))
    std::size_t n = 0;
    std::size_t df_residual = 0;            // n - k - 1
    int iterations = 0;
    bool converged = false;
    std::vector<std::string> notes;
};

// Fits by Prais-Winsten: start from OLS residuals (options.ols_residuals, or fitted); rho = sum e_t e_{t-1} / sum e_{t-1}^2
// (regression of e_t on e_{t-1}); transform row 1 by sqrt(1 - rho^2) and rows t > 1 by
// z_t - rho z_{t-1}; fit by least squares; recompute rho from the untransformed
// residuals; repeat until rho settles. The iterations need only rho: each step is a
// Householder QR in double of the transformed design (qr_step.h), or
// solve_least_squares where that design is not clearly well-conditioned; the fit
// reported is solved afresh at the settled rho by solve_least_squares, to its full
// accuracy. Rows must be in time order and are treated as consecutive (a gap of
// missing nights is ignored). Errors: too few rows (fewer than terms + 2), sizes that
// disagree, non-finite data.
[[nodiscard]] Result<Ar1Fit> fit_ar1(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                     const std::vector<std::string>& names,
                                     const Ar1Options& options = {});

}  // namespace painlog::analytics
