// The fast path of solve_least_squares (least_squares.h): least squares of a
// well-conditioned design by Householder QR in double, refined in long double against
// the exact data until it is as accurate as the long-double factorisation. Used by
// every fit whose design is well-conditioned (journals are); ill-conditioned designs
// (the hard NIST sets) keep the long-double factorisation. Pure function; thread-safe.
#pragma once

#include <optional>

#include <Eigen/Core>

#include "analytics/least_squares.h"

namespace painlog::analytics {

// Designs whose standardised columns (centred on the intercept column when there is
// one, scaled to unit length) have a condition number at most this are solved here.
// At 1e3 one round of refinement already reaches long-double accuracy in the
// coefficients (each round gains about 13 digits), and the covariance, which is not
// refined, is good to about 13 digits (condition number times double rounding).
inline constexpr double k_refined_qr_condition_limit = 1e3;

// Rounds of refinement for the accuracy of the long-double path: at the condition limit
// the double solution is good to about 10 digits and one round takes the error below
// long-double rounding (tests/analytics/test_refined_qr.cpp compares the two paths).
inline constexpr int k_refinement_rounds = 1;

// Minimises |y - X b| over all columns of x, as solve_least_squares does when no column
// is aliased: the columns are standardised (centred on `centre_on` when it is a column
// index, scaled to unit length), factored by Householder QR in double, and the solution
// refined `rounds` times (k_refinement_rounds for the accuracy of the long-double path,
// 0 for a double solution) with Bjorck's augmented-system iteration, residuals and
// corrections accumulated in long double from x and y themselves. Returns nullopt, without a
// result, when the design is not clearly well-conditioned: fewer rows than columns, a
// column (nearly) zero or constant beside the intercept, any column within 1e4 times
// `tolerance` of the span of the others, or a condition number over
// k_refined_qr_condition_limit. The caller then takes the long-double path, which also
// decides which columns are aliased. Without refinement (rounds 0, or y zero: a
// covariance alone) the triangular factor of [z y] by qr_step.h is all it computes.
// x and y must be finite.
[[nodiscard]] std::optional<LeastSquares> solve_refined_qr(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                                           const Eigen::Ref<const Eigen::VectorXd>& y,
                                                           Eigen::Index centre_on, double tolerance,
                                                           int rounds = k_refinement_rounds);

}  // namespace painlog::analytics
