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
    // products of n x k matrices instead of one per lag, a block of rows of S/2 + V at a
    // time (not a second n x k matrix: a logistic analysis's largest after the design).
    constexpr Eigen::Index k_block_rows = 256;
    Eigen::MatrixXd b = Eigen::MatrixXd::Zero(k, k);
    Eigen::MatrixXd half_and_lags(std::min(k_block_rows, n), k);
    for (Eigen::Index first = 0; first < n; first += k_block_rows) {
        const Eigen::Index rows = std::min(k_block_rows, n - first);
        auto u_block = half_and_lags.topRows(rows);
        u_block = 0.5 * scores.middleRows(first, rows);
        for (Eigen::Index c = 0; c < k; ++c) {  // column by column: contiguous segments
            auto u = u_block.col(c);
            const auto s = scores.col(c);
            for (Eigen::Index j = 1; j <= max_lag; ++j) {
                const double w = 1.0 - static_cast<double>(j) / (static_cast<double>(lag) + 1.0);
                const Eigen::Index from = std::max(first, j);  // rows t >= j have a lag j
                if (from < first + rows) {
                    u.tail(first + rows - from) += w * s.segment(from - j, first + rows - from);
                }
            }
        }
        b.noalias() += scores.middleRows(first, rows).transpose() * u_block;
    }
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
