#include "analytics/logit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "analytics/qr_step.h"

namespace painlog::analytics {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();
constexpr double k_boundary = 1e-8;
constexpr int k_max_halvings = 30;
constexpr double k_eps = std::numeric_limits<double>::epsilon();

Eigen::VectorXd probabilities(const Eigen::VectorXd& eta) {
    // Clamped as R's binomial()$linkinv, so the weights mu (1 - mu) never vanish.
    return eta.unaryExpr([](double e) { return std::clamp(1.0 / (1.0 + std::exp(-e)), k_eps, 1.0 - k_eps); });
}

double deviance(const Eigen::VectorXd& y, const Eigen::VectorXd& mu) {
    double d = 0.0;
    for (Eigen::Index i = 0; i < y.size(); ++i) {
        d -= 2.0 * (y(i) > 0.5 ? std::log(mu(i)) : std::log1p(-mu(i)));
    }
    return d;
}

Eigen::VectorXd expand(const LeastSquares& ls, Eigen::Index p) {
    Eigen::VectorXd b = Eigen::VectorXd::Zero(p);
    for (std::size_t k = 0; k < ls.kept.size(); ++k) {
        b(ls.kept[k]) = ls.beta(static_cast<Eigen::Index>(k));
    }
    return b;
}

}  // namespace

Result<LogitFit> fit_logit(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const std::vector<std::string>& names,
                           const LogitOptions& options) {
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    if (names.size() != static_cast<std::size_t>(p) || y.size() != n) {
        return Error{"logistic fit: design, outcome and term names disagree in size"};
    }
    if (n < p + 1) {
        return Error{"not enough rows: " + std::to_string(n) + " rows for " + std::to_string(p) +
                     " terms; at least " + std::to_string(p + 1) + " are needed"};
    }
    if (!((y.array() == 0.0) || (y.array() == 1.0)).all()) {
        return Error{"logistic fit: the outcome must be 0 or 1 on every row"};
    }
    const double ones = y.sum();
    if (ones == 0.0 || ones == static_cast<double>(n)) {
        return Error{std::string("the outcome is ") + (ones == 0.0 ? "0" : "1") +
                     " on every row; a logistic model needs both outcomes (lower or raise the threshold)"};
    }
    LeastSquaresOptions ls_options;
    ls_options.tolerance = options.rank_tolerance;
    LeastSquaresOptions step_options = ls_options;  // an iterate: the next step corrects it
    step_options.factoring = Factoring::k_double;

    LogitFit fit;
    fit.n = static_cast<std::size_t>(n);
    Eigen::VectorXd mu = (y.array() + 0.5) / 2.0;
    Eigen::VectorXd eta = (mu.array() / (1.0 - mu.array())).log();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
    double dev_old = deviance(y, mu);
    std::vector<Eigen::Index> aliased;
    std::vector<Eigen::Index> kept;
    std::vector<Eigen::Index> all_columns(static_cast<std::size_t>(p));
    for (Eigen::Index j = 0; j < p; ++j) {
        all_columns[static_cast<std::size_t>(j)] = j;
    }
    for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
        const Eigen::VectorXd w = (mu.array() * (1.0 - mu.array())).matrix();
        const Eigen::VectorXd sw = w.array().sqrt();
        const Eigen::VectorXd z = eta.array() + (y - mu).array() / w.array();
        // The weighted least squares of z on x: by QR in double where the weighted design
        // is clearly well-conditioned (solve_qr_step), else by solve_least_squares, which
        // decides which columns it can estimate.
        const RowSource source = [&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
            const auto weights = sw.segment(first, block.rows());
            for (Eigen::Index j = 0; j < p; ++j) {
                block.col(j) = x.col(j).segment(first, block.rows()).cwiseProduct(weights);
            }
            block.col(p) = z.segment(first, block.rows()).cwiseProduct(weights);
        };
        Eigen::VectorXd next;
        if (auto step = solve_qr_step(n, p + 1, source, options.rank_tolerance)) {
            next = std::move(*step);
            if (fit.iterations == 1) {
                kept = all_columns;
            }
        } else {
            Eigen::MatrixXd weighted(n, p + 1);
            source(0, weighted);
            auto ls = solve_least_squares(weighted.leftCols(p), weighted.col(p), step_options);
            if (!ls) {
                return ls.error();
            }
            next = expand(*ls, p);
            if (fit.iterations == 1) {
                aliased = ls->aliased;  // decided once, on the first weights
                kept = ls->kept;
            }
        }
        Eigen::VectorXd next_eta = x * next;
        Eigen::VectorXd next_mu = probabilities(next_eta);
        double dev = deviance(y, next_mu);
        for (int h = 0; h < k_max_halvings && (!std::isfinite(dev) || dev > dev_old + 1e-12 * std::fabs(dev_old)) &&
                        fit.iterations > 1;
             ++h) {
            next = (next + beta) / 2.0;  // step-halving
            next_eta = x * next;
            next_mu = probabilities(next_eta);
            dev = deviance(y, next_mu);
        }
        beta = next;
        eta = std::move(next_eta);  // x * beta
        mu = std::move(next_mu);
        const bool settled = std::fabs(dev - dev_old) / (std::fabs(dev) + 0.1) < options.tolerance;
        dev_old = dev;
        if (settled) {
            fit.converged = true;
            break;
        }
    }
    fit.iterations = std::min(fit.iterations, options.max_iterations);
    if (!fit.converged) {
        fit.notes.push_back("logistic fit did not converge in " + std::to_string(options.max_iterations) +
                            " iterations");
    }
    // Covariance (X'WX)^-1 at the final probabilities, over the kept columns.
    const Eigen::VectorXd sw = (mu.array() * (1.0 - mu.array())).sqrt();
    // By the triangular factor in double where the weighted design is clearly
    // well-conditioned (unscaled_covariance), else by solve_least_squares.
    const auto kept_count = static_cast<Eigen::Index>(kept.size());
    const RowSource kept_weighted = [&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
        const auto weights = sw.segment(first, block.rows());
        for (Eigen::Index c = 0; c < kept_count; ++c) {
            block.col(c) = x.col(kept[static_cast<std::size_t>(c)]).segment(first, block.rows()).cwiseProduct(weights);
        }
    };
    std::optional<Eigen::MatrixXd> cov = unscaled_covariance(n, kept_count, kept_weighted, options.rank_tolerance);
    if (!cov) {
        Eigen::MatrixXd weighted(n, kept_count);
        kept_weighted(0, weighted);
        auto final_ls = solve_least_squares(weighted, Eigen::VectorXd::Zero(n), ls_options);
        if (final_ls && final_ls->kept.size() == kept.size()) {
            cov = std::move(final_ls->unscaled_cov);
        } else {
            fit.notes.push_back("logistic fit: the weighted design lost rank at the solution (separation)");
        }
    }
    fit.cov = cov ? std::move(*cov) : Eigen::MatrixXd::Constant(kept_count, kept_count, k_nan);
    fit.beta.resize(kept_count);
    std::vector<std::string> kept_names;
    for (std::size_t k = 0; k < kept.size(); ++k) {
        fit.beta(static_cast<Eigen::Index>(k)) = beta(kept[k]);
        kept_names.push_back(names[static_cast<std::size_t>(kept[k])]);
    }
    for (Eigen::Index j : aliased) {
        fit.aliased.push_back(names[static_cast<std::size_t>(j)]);
    }
    fit.fitted = mu;
    fit.deviance = dev_old;
    const double ybar = ones / static_cast<double>(n);
    const bool intercept = options.intercept_column >= 0;
    fit.null_deviance = deviance(y, Eigen::VectorXd::Constant(n, intercept ? ybar : 0.5));
    fit.aic = fit.deviance + 2.0 * static_cast<double>(kept.size());
    fit.coefficients = make_coefficients(kept_names, fit.beta, fit.cov, Reference{0.0}, options.level);

    // Separation: rows at the boundary and terms whose effect over their range is huge.
    const bool at_boundary = (mu.array().min(1.0 - mu.array()) < k_boundary).any();
    for (std::size_t k = 0; k < kept.size(); ++k) {
        const Eigen::VectorXd col = x.col(kept[k]);
        const double range = col.maxCoeff() - col.minCoeff();
        const double spread = range > 0.0 ? range : std::fabs(col(0));
        Coefficient& c = fit.coefficients[k];
        if (at_boundary && std::fabs(c.estimate) * spread > k_separation_log_odds) {
            fit.separated.push_back(c.term);
            c.estimate = c.estimate > 0 ? std::numeric_limits<double>::infinity()
                                        : -std::numeric_limits<double>::infinity();
            c.std_error = c.statistic = c.p_value = c.ci_low = c.ci_high = k_nan;
        }
    }
    if (!fit.separated.empty()) {
        std::string list;
        for (const std::string& t : fit.separated) {
            list += (list.empty() ? "'" : ", '") + t + "'";
        }
        fit.notes.push_back("separation: the outcome is perfectly predicted on some rows, so " + list +
                            " has no finite estimate (its odds ratio is 0 or infinite)");
    }
    for (const Coefficient& c : fit.coefficients) {
        fit.odds_ratios.push_back({c.term, std::exp(c.estimate), std::exp(c.ci_low), std::exp(c.ci_high)});
    }
    return fit;
}

}  // namespace painlog::analytics
