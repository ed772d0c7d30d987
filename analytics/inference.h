// Coefficient tables: estimates with standard errors, test statistics, two-sided
// p-values and confidence intervals, from an estimate vector and its covariance.
// Shared by OLS, Newey-West, AR(1) and logistic fits. Pure functions; thread-safe.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Core>

namespace painlog::analytics {

// One estimated term. statistic is t (finite df) or z (normal reference).
struct Coefficient {
    std::string term;
    double estimate = 0.0;
    double std_error = 0.0;
    double statistic = 0.0;
    double p_value = 0.0;
    double ci_low = 0.0;
    double ci_high = 0.0;
};

// Reference distribution for tests and intervals: Student t with `df` degrees of freedom,
// or the standard normal when df is 0 (or infinite).
struct Reference {
    double df = 0.0;
};

// Two-sided p-value of `statistic`: NaN for NaN, 0 for an infinite statistic.
[[nodiscard]] double two_sided_p(double statistic, Reference reference);

// The quantile q with P(|T| <= q) = level.
[[nodiscard]] double critical_value(double level, Reference reference);

// One coefficient per entry of beta: se = sqrt(diag(cov)), statistic = estimate / se,
// CI = estimate -/+ critical_value(level) * se. names.size() must equal beta.size().
[[nodiscard]] std::vector<Coefficient> make_coefficients(const std::vector<std::string>& names,
                                                         const Eigen::VectorXd& beta,
                                                         const Eigen::MatrixXd& cov,
                                                         Reference reference, double level = 0.95);

}  // namespace painlog::analytics
