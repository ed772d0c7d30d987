#include "analytics/ar1.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "analytics/qr_step.h"

namespace painlog::analytics {

namespace {

double lag_one_coefficient(const Eigen::VectorXd& e, double max_abs) {
    const Eigen::Index n = e.size();
    const double num = e.tail(n - 1).dot(e.head(n - 1));
    const double den = e.head(n - 1).squaredNorm();
    const double rho = den > 0.0 ? num / den : 0.0;
    return std::clamp(rho, -max_abs, max_abs);
}

// Rows first .. first + block.rows() - 1 of [x y] transformed by Prais-Winsten at rho
// (rows in time order): row 1 times sqrt(1 - rho^2), row t > 1 minus rho times row
// t - 1. At rho = 0, [x y] itself.
void transform_rows(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double rho, Eigen::Index first,
                    Eigen::Ref<Eigen::MatrixXd> block) {
    const Eigen::Index rows = block.rows();
    const Eigen::Index p = x.cols();
    for (Eigen::Index j = 0; j <= p; ++j) {
        const double* source = (j < p ? x.col(j).data() : y.data()) + first;
        auto target = block.col(j);
        Eigen::Index i = 0;
        if (first == 0) {
            target(0) = std::sqrt(1.0 - rho * rho) * source[0];
            i = 1;
        }
        target.tail(rows - i) = Eigen::Map<const Eigen::VectorXd>(source + i, rows - i) -
                                rho * Eigen::Map<const Eigen::VectorXd>(source + i - 1, rows - i);
    }
}

// [x y] transformed at rho, whole.
Eigen::MatrixXd transform(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double rho) {
    Eigen::MatrixXd out(x.rows(), x.cols() + 1);
    transform_rows(x, y, rho, 0, out);
    return out;
}

// The coefficients of a step of the iteration at rho: least squares of transformed y on
// transformed x, by QR in double (solve_qr_step), or by solve_least_squares where that
// declines (then aliased columns get 0, as they are left out).
Result<Eigen::VectorXd> step(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, double rho,
                             const LeastSquaresOptions& options) {
    const Eigen::Index p = x.cols();
    const RowSource source = [&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
        transform_rows(x, y, rho, first, block);
    };
    if (auto beta = solve_qr_step(x.rows(), p + 1, source, options.tolerance)) {
        return std::move(*beta);
    }
    const Eigen::MatrixXd design = transform(x, y, rho);
    LeastSquaresOptions step_options = options;
    step_options.factoring = Factoring::k_double;  // an iterate: the next step corrects it
    auto ls = solve_least_squares(design.leftCols(p), design.col(p), step_options);
    if (!ls) {
        return ls.error();
    }
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
    for (std::size_t k = 0; k < ls->kept.size(); ++k) {
        beta(ls->kept[k]) = ls->beta(static_cast<Eigen::Index>(k));
    }
    return beta;
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
    // The iterations need only rho: each step is a QR in double of the transformed
    // design (solve_qr_step). The fit reported is solved afresh at the settled rho by
    // solve_least_squares, to its full accuracy.
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    Ar1Fit fit;
    fit.n = static_cast<std::size_t>(n);
    if (options.ols_residuals.size() == n) {
        fit.rho = lag_one_coefficient(options.ols_residuals, options.max_abs_rho);
    } else {
        auto start = step(x, y, 0.0, ls_options);  // OLS
        if (!start) {
            return start.error();
        }
        fit.rho = lag_one_coefficient(y - x * *start, options.max_abs_rho);
    }
    for (fit.iterations = 1; fit.iterations <= options.max_iterations; ++fit.iterations) {
        auto beta = step(x, y, fit.rho, ls_options);
        if (!beta) {
            return beta.error();
        }
        const double next = lag_one_coefficient(y - x * *beta, options.max_abs_rho);
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
    const Eigen::MatrixXd design = transform(x, y, fit.rho);
    const auto gls = solve_least_squares(design.leftCols(p), design.col(p), ls_options);
    if (!gls) {
        return gls.error();
    }
    std::vector<std::string> kept_names;
    for (Eigen::Index j : gls->kept) {
        kept_names.push_back(names[static_cast<std::size_t>(j)]);
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
    if (gls->aliased.empty()) {
        fit.residuals = y - x * fit.beta;
    } else {
        Eigen::MatrixXd x_kept(n, static_cast<Eigen::Index>(k));
        for (std::size_t c = 0; c < k; ++c) {
            x_kept.col(static_cast<Eigen::Index>(c)) = x.col(gls->kept[c]);
        }
        fit.residuals = y - x_kept * fit.beta;
    }
    fit.coefficients = make_coefficients(kept_names, fit.beta, fit.cov,
                                         Reference{static_cast<double>(fit.df_residual)}, options.level);
    return fit;
}

}  // namespace painlog::analytics
