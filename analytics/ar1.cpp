#include "analytics/ar1.h"

#include <algorithm>
#include <cmath>

namespace painlog::analytics {

namespace {

double lag_one_coefficient(const Eigen::VectorXd& e, double max_abs) {
    const Eigen::Index n = e.size();
    const double num = e.tail(n - 1).dot(e.head(n - 1));
    const double den = e.head(n - 1).squaredNorm();
    const double rho = den > 0.0 ? num / den : 0.0;
    return std::clamp(rho, -max_abs, max_abs);
}

// Prais-Winsten transform of the rows of m (time order).
Eigen::MatrixXd transform(const Eigen::MatrixXd& m, double rho) {
    Eigen::MatrixXd out(m.rows(), m.cols());
    out.row(0) = std::sqrt(1.0 - rho * rho) * m.row(0);
    out.bottomRows(m.rows() - 1) = m.bottomRows(m.rows() - 1) - rho * m.topRows(m.rows() - 1);
    return out;
}

}  // namespace

Result<Ar1Fit> fit_ar1(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const std::vector<std::string>& names,
                       const Ar1Options& options) {
    if (names.size() != static_cast<std::size_t>(x.cols()) || y.size() != x.rows()) {
        return Error{"AR(1) fit: design, outcome and term names disagree in size"};
    }
    if (x.rows() < x.cols() + 2) {
        return Error{"not enough rows for an AR(1) fit: " + std::to_string(x.rows()) + " rows for " +
                     std::to_string(x.cols()) + " terms; at least " + std::to_string(x.cols() + 2) +
                     " are needed"};
    }
    LeastSquaresOptions ls_options;
    ls_options.tolerance = options.rank_tolerance;
    auto start = solve_least_squares(x, y, ls_options);
    if (!start) {
        return start.error();
    }
    Ar1Fit fit;
    fit.n = static_cast<std::size_t>(x.rows());
    fit.rho = lag_one_coefficient(start->residuals, options.max_abs_rho);
    Result<LeastSquares> gls = start;
    for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
        gls = solve_least_squares(transform(x, fit.rho), transform(y, fit.rho), ls_options);
        if (!gls) {
            return gls.error();
        }
        Eigen::VectorXd beta_full = Eigen::VectorXd::Zero(x.cols());
        for (std::size_t k = 0; k < gls->kept.size(); ++k) {
            beta_full(gls->kept[k]) = gls->beta(static_cast<Eigen::Index>(k));
        }
        const double next = lag_one_coefficient(y - x * beta_full, options.max_abs_rho);
        const bool settled = std::fabs(next - fit.rho) < options.rho_tolerance;
        fit.rho = next;
        if (settled) {
            fit.converged = true;
            break;
        }
    }
    if (!fit.converged) {
        fit.iterations = options.max_iterations;
        fit.notes.push_back("AR(1): rho did not settle in " + std::to_string(options.max_iterations) +
                            " iterations; results use the last value");
    }
    if (std::fabs(fit.rho) >= options.max_abs_rho) {
        fit.notes.push_back("AR(1): rho reached the bound " + std::to_string(options.max_abs_rho) +
                            "; the outcome may drift (trend) rather than fluctuate");
    }
    // Final fit at the settled rho.
    gls = solve_least_squares(transform(x, fit.rho), transform(y, fit.rho), ls_options);
    if (!gls) {
        return gls.error();
    }
    std::vector<std::string> kept_names;
    Eigen::MatrixXd x_kept(x.rows(), static_cast<Eigen::Index>(gls->kept.size()));
    for (std::size_t k = 0; k < gls->kept.size(); ++k) {
        kept_names.push_back(names[static_cast<std::size_t>(gls->kept[k])]);
        x_kept.col(static_cast<Eigen::Index>(k)) = x.col(gls->kept[k]);
    }
    for (Eigen::Index j : gls->aliased) {
        fit.aliased.push_back(names[static_cast<std::size_t>(j)]);
    }
    const std::size_t k = gls->kept.size();
    if (fit.n < k + 2) {
        return Error{"not enough rows for an AR(1) fit after leaving out aliased terms"};
    }
    fit.df_residual = fit.n - k - 1;
    const double sse = gls->residuals.squaredNorm();
    fit.innovation_sd = std::sqrt(sse / static_cast<double>(fit.n - k));
    fit.beta = gls->beta;
    fit.cov = (fit.innovation_sd * fit.innovation_sd) * gls->unscaled_cov;
    fit.residuals = y - x_kept * fit.beta;
    fit.coefficients = make_coefficients(kept_names, fit.beta, fit.cov,
                                         Reference{static_cast<double>(fit.df_residual)}, options.level);
    return fit;
}

}  // namespace painlog::analytics
