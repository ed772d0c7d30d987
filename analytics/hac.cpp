#include "analytics/hac.h"

#include <algorithm>
#include <cmath>

namespace painlog::analytics {

std::size_t newey_west_lag(std::size_t n) {
    return static_cast<std::size_t>(std::floor(4.0 * std::pow(static_cast<double>(n) / 100.0, 2.0 / 9.0)));
}

Eigen::MatrixXd newey_west_cov(const Eigen::MatrixXd& scores, const Eigen::MatrixXd& bread, std::size_t lag,
                               bool adjust) {
    const Eigen::Index n = scores.rows();
    const Eigen::Index k = scores.cols();
    const auto max_lag = static_cast<Eigen::Index>(std::min<std::size_t>(lag, static_cast<std::size_t>(std::max<Eigen::Index>(n - 1, 0))));
    // G_0 + sum_j w_j (G_j + G_j') = B + B' with B = S'(S/2 + V), V_t = sum_j w_j s_{t-j}:
    // one product of n x k matrices instead of one per lag.
    Eigen::MatrixXd half_and_lags = 0.5 * scores;
    for (Eigen::Index c = 0; c < k; ++c) {  // column by column: contiguous segments
        auto u = half_and_lags.col(c);
        const auto s = scores.col(c);
        for (Eigen::Index j = 1; j <= max_lag; ++j) {
            const double w = 1.0 - static_cast<double>(j) / (static_cast<double>(lag) + 1.0);
            u.tail(n - j) += w * s.head(n - j);
        }
    }
    const Eigen::MatrixXd b = scores.transpose() * half_and_lags;
    Eigen::MatrixXd meat = b + b.transpose();
    if (adjust) {
        meat *= static_cast<double>(n) / static_cast<double>(n - k);
    }
    return bread * meat * bread;
}

HacErrors newey_west(const OlsFit& fit, std::optional<std::size_t> lag, double level) {
    HacErrors out;
    out.lag = lag.value_or(newey_west_lag(fit.n));
    const Eigen::MatrixXd scores = fit.x_kept.array().colwise() * fit.residuals.array();
    out.cov = newey_west_cov(scores, fit.unscaled_cov, out.lag, true);
    std::vector<std::string> names;
    for (const Coefficient& c : fit.coefficients) {
        names.push_back(c.term);
    }
    out.coefficients =
        make_coefficients(names, fit.beta, out.cov, Reference{static_cast<double>(fit.df_residual)}, level);
    return out;
}

Eigen::MatrixXd classic_cov(const OlsFit& fit) {
    return (fit.residual_sd * fit.residual_sd) * fit.unscaled_cov;
}

}  // namespace painlog::analytics
