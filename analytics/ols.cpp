#include "analytics/ols.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/fisher_f.hpp>

namespace painlog::analytics {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::string join_terms(const std::vector<std::string>& terms) {
    std::string out;
    for (const std::string& t : terms) {
        out += (out.empty() ? "'" : ", '") + t + "'";
    }
    return out;
}

}  // namespace

std::vector<std::string> term_names(const ModelFrame& frame) {
    std::vector<std::string> names;
    for (const Term& term : frame.terms) {
        names.push_back(term.name);
    }
    return names;
}

Result<OlsFit> fit_ols(const ModelFrame& frame, double level, Factoring factoring) {
    OlsOptions options;
    options.intercept_column = frame.intercept ? 0 : -1;
    options.level = level;
    options.factoring = factoring;
    return fit_ols(frame.x, frame.y, term_names(frame), options);
}

namespace {

// fit_ols, taking the design from `owned` (which x refers to) for x_kept when every
// column is kept, in order; copying the kept columns otherwise.
Result<OlsFit> fit_ols_on(const Eigen::MatrixXd& x, Eigen::MatrixXd* owned, const Eigen::VectorXd& y,
                          const std::vector<std::string>& names, const OlsOptions& options) {
    if (names.size() != static_cast<std::size_t>(x.cols())) {
        return Error{"OLS: " + std::to_string(names.size()) + " term names for " + std::to_string(x.cols()) +
                     " design columns"};
    }
    if (x.rows() < x.cols() + 1) {
        return Error{"not enough rows: " + std::to_string(x.rows()) + " rows for " + std::to_string(x.cols()) +
                     " terms; at least " + std::to_string(x.cols() + 1) + " are needed"};
    }
    LeastSquaresOptions ls_options;
    ls_options.intercept_column = options.intercept_column;
    ls_options.tolerance = options.tolerance;
    ls_options.factoring = options.factoring;
    auto solved = solve_least_squares(x, y, ls_options);
    if (!solved) {
        return solved.error();
    }
    LeastSquares& ls = solved.value();
    OlsFit fit;
    fit.has_intercept = ls_options.intercept_column >= 0 &&
                        std::find(ls.kept.begin(), ls.kept.end(), options.intercept_column) != ls.kept.end() &&
                        (x.col(options.intercept_column).array() == 1.0).all();
    fit.n = static_cast<std::size_t>(x.rows());
    const std::size_t rank = ls.kept.size();
    fit.df_residual = fit.n - rank;
    fit.df_model = rank - (fit.has_intercept ? 1 : 0);
    std::vector<std::string> kept_names;
    bool all_kept = true;
    for (std::size_t k = 0; k < rank; ++k) {
        kept_names.push_back(names[static_cast<std::size_t>(ls.kept[k])]);
        all_kept = all_kept && ls.kept[k] == static_cast<Eigen::Index>(k);
    }
    const bool take = owned != nullptr && all_kept && rank == static_cast<std::size_t>(x.cols());
    if (!take) {
        fit.x_kept.resize(x.rows(), static_cast<Eigen::Index>(rank));
        for (std::size_t k = 0; k < rank; ++k) {
            fit.x_kept.col(static_cast<Eigen::Index>(k)) = x.col(ls.kept[k]);
        }
    }
    for (Eigen::Index j : ls.aliased) {
        fit.aliased.push_back(names[static_cast<std::size_t>(j)]);
    }
    if (!fit.aliased.empty()) {
        fit.notes.push_back("aliased terms left out (each is a combination of terms before it): " +
                            join_terms(fit.aliased));
    }
    if (fit.df_residual == 0) {
        return Error{"no residual degrees of freedom: " + std::to_string(fit.n) + " rows for " +
                     std::to_string(rank) + " estimable terms; at least one more row is needed"};
    }
    // Sums of squares in long double: the residuals come from the refined solution.
    long double sse = 0.0L;
    long double sum_y = 0.0L;
    long double sum_y2 = 0.0L;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const auto residual = static_cast<long double>(ls.residuals(i));
        sse += residual * residual;
        sum_y += static_cast<long double>(y(i));
    }
    const long double mean_y = fit.has_intercept ? sum_y / static_cast<long double>(fit.n) : 0.0L;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
        const long double deviation = static_cast<long double>(y(i)) - mean_y;
        sum_y2 += deviation * deviation;
    }
    const auto df_res = static_cast<double>(fit.df_residual);
    const auto df_mod = static_cast<double>(fit.df_model);
    const auto df_res_long = static_cast<long double>(fit.df_residual);
    const auto df_mod_long = static_cast<long double>(fit.df_model);
    fit.sse = static_cast<double>(sse);
    fit.residual_sd = std::sqrt(fit.sse / df_res);
    if (sum_y2 > 0.0L) {
        fit.r_squared = static_cast<double>(1.0L - sse / sum_y2);
        const double n_eff = static_cast<double>(fit.n) - (fit.has_intercept ? 1.0 : 0.0);
        fit.adj_r_squared = 1.0 - (1.0 - fit.r_squared) * n_eff / df_res;
    } else {
        fit.r_squared = fit.adj_r_squared = k_nan;
        fit.notes.push_back("the outcome is the same on every row: R^2 is undefined");
    }
    if (fit.df_model > 0 && sum_y2 > 0.0L) {
        fit.f_statistic =
            static_cast<double>(((sum_y2 - sse) / df_mod_long) / (sse / df_res_long));
        fit.f_p_value = std::isfinite(fit.f_statistic)
                            ? boost::math::cdf(boost::math::complement(
                                  boost::math::fisher_f_distribution<>{df_mod, df_res}, fit.f_statistic))
                            : 0.0;
    } else {
        fit.f_statistic = fit.f_p_value = k_nan;
    }
    const Eigen::MatrixXd cov = (fit.residual_sd * fit.residual_sd) * ls.unscaled_cov;
    fit.coefficients = make_coefficients(kept_names, ls.beta, cov, Reference{df_res}, options.level);
    fit.kept = std::move(ls.kept);
    fit.beta = std::move(ls.beta);
    fit.unscaled_cov = std::move(ls.unscaled_cov);
    fit.fitted = std::move(ls.fitted);
    fit.residuals = std::move(ls.residuals);
    if (take) {
        fit.x_kept = std::move(*owned);  // x's last use: it is *owned
    }
    return fit;
}

}  // namespace

Result<OlsFit> fit_ols(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, const std::vector<std::string>& names,
                       const OlsOptions& options) {
    return fit_ols_on(x, nullptr, y, names, options);
}

Result<OlsFit> fit_ols(Eigen::MatrixXd&& x, const Eigen::VectorXd& y, const std::vector<std::string>& names,
                       const OlsOptions& options) {
    Result<OlsFit> fit = fit_ols_on(x, &x, y, names, options);
    x = Eigen::MatrixXd();  // taken, or copied from
    return fit;
}

}  // namespace painlog::analytics
