// Standard errors for a fitted OLS model: classic (iid errors) and Newey-West
// heteroscedasticity-and-autocorrelation consistent (HAC), computed exactly as R's
// sandwich::NeweyWest(fit, lag = L, prewhite = FALSE, adjust = TRUE).
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <Eigen/Core>

#include "analytics/inference.h"
#include "analytics/ols.h"

namespace painlog::analytics {

// Automatic Newey-West lag used when none is given: floor(4 (n/100)^(2/9)), the
// rule of thumb of Newey and West (1994) for the Bartlett kernel (4 at n = 180).
[[nodiscard]] std::size_t newey_west_lag(std::size_t n);

// Newey-West covariance from per-row scores (n x k; row t is observation t's
// contribution to the estimating equations, e.g. e_t x_t for OLS) and the bread
// (k x k; e.g. (X'X)^-1): B (G_0 + sum_{j=1..L} w_j (G_j + G_j')) B, with Bartlett
// weights w_j = 1 - j/(L+1), G_j = sum_t s_t s_{t-j}', times n/(n-k) when adjust.
// Rows must be in time order. lag is capped at n - 1.
[[nodiscard]] Eigen::MatrixXd newey_west_cov(const Eigen::MatrixXd& scores, const Eigen::MatrixXd& bread,
                                             std::size_t lag, bool adjust = true);

struct HacErrors {
    std::vector<Coefficient> coefficients;  // same terms as the fit; t with the fit's df
    Eigen::MatrixXd cov;
    std::size_t lag = 0;
};

// Newey-West errors for an OLS fit; lag defaults to newey_west_lag(n).
[[nodiscard]] HacErrors newey_west(const OlsFit& fit, std::optional<std::size_t> lag = std::nullopt,
                                   double level = 0.95);

// Classic covariance sigma^2 (X'X)^-1 of an OLS fit (what fit.coefficients use).
[[nodiscard]] Eigen::MatrixXd classic_cov(const OlsFit& fit);

}  // namespace painlog::analytics
