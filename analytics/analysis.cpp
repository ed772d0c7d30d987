#include "analytics/analysis.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "analytics/ar1.h"
#include "analytics/fdr.h"
#include "analytics/hac.h"
#include "analytics/logit.h"
#include "analytics/ols.h"

namespace painlog::analytics {

namespace {

constexpr double k_nan = std::numeric_limits<double>::quiet_NaN();

std::string fixed(double v, int digits) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", digits, v);
    return buffer;
}

std::size_t nights_of(const ModelFrame& frame, const Term& term) {
    for (const FactorInfo& f : frame.factors) {
        if (f.name != term.factor) {
            continue;
        }
        if (f.kind == FactorKind::k_categorical) {
            for (const Level& level : f.levels) {
                if (level.name == term.level) {
                    return level.nights;
                }
            }
        }
        if (f.kind == FactorKind::k_yes_no) {
            return static_cast<std::size_t>(std::count(f.values.begin(), f.values.end(), 1.0));
        }
    }
    return frame.rows.size();
}

// The estimated terms as result rows, with BH across the factor (non-intercept) terms.
std::vector<TermResult> term_results(const ModelFrame& frame, const std::vector<Coefficient>& coefficients,
                                     const std::vector<std::string>& separated, bool odds) {
    std::vector<TermResult> out;
    std::vector<double> p_values;
    for (const Coefficient& c : coefficients) {
        TermResult t;
        const Eigen::Index j = term_index(frame, c.term);
        const Term& term = frame.terms[static_cast<std::size_t>(j)];
        t.term = c.term;
        t.factor = term.factor;
        t.level = term.level;
        t.estimate = c.estimate;
        t.std_error = c.std_error;
        t.statistic = c.statistic;
        t.p_value = c.p_value;
        t.ci_low = c.ci_low;
        t.ci_high = c.ci_high;
        t.odds_ratio = odds ? std::exp(c.estimate) : k_nan;
        t.or_ci_low = odds ? std::exp(c.ci_low) : k_nan;
        t.or_ci_high = odds ? std::exp(c.ci_high) : k_nan;
        t.nights = nights_of(frame, term);
        t.separated = std::find(separated.begin(), separated.end(), c.term) != separated.end();
        p_values.push_back(term.factor.empty() ? k_nan : c.p_value);
        out.push_back(std::move(t));
    }
    const std::vector<double> adjusted = benjamini_hochberg(p_values);
    for (std::size_t i = 0; i < out.size(); ++i) {
        out[i].p_adjusted = adjusted[i];
    }
    return out;
}

std::vector<std::string> names_of(const std::vector<Coefficient>& coefficients) {
    std::vector<std::string> names;
    for (const Coefficient& c : coefficients) {
        names.push_back(c.term);
    }
    return names;
}

void fit_pain(const ModelFrame& frame, const OlsFit& ols, const AnalysisOptions& options, AnalysisResult& out,
              std::vector<Coefficient>& coefficients, Result<bool>& status) {
    if (options.se == SeMethod::k_classic) {
        out.inference = Inference::k_classic;
        // As fit_ols words them, at this analysis's level (the groundwork's are at 95%).
        coefficients = make_coefficients(names_of(ols.coefficients), ols.beta,
                                         (ols.residual_sd * ols.residual_sd) * ols.unscaled_cov,
                                         Reference{static_cast<double>(ols.df_residual)}, options.level);
        out.description = "least squares on pain, classic errors";
        return;
    }
    if (options.se == SeMethod::k_hac) {
        const HacErrors hac = newey_west(ols, options.hac_lag, options.level);
        out.inference = Inference::k_newey_west;
        out.stats.hac_lag = hac.lag;
        coefficients = hac.coefficients;
        out.description = "least squares on pain, Newey-West errors (lag " + std::to_string(hac.lag) + ")";
        return;
    }
    Ar1Options ar1_options;
    ar1_options.level = options.level;
    ar1_options.ols_residuals = ols.residuals;
    auto ar1 = fit_ar1(ols.x_kept, frame.y, names_of(ols.coefficients), ar1_options);
    if (!ar1) {
        status = ar1.error();
        return;
    }
    out.inference = Inference::k_ar1;
    out.stats.rho = ar1->rho;
    out.stats.iterations = ar1->iterations;
    out.stats.converged = ar1->converged;
    out.stats.df_residual = ar1->df_residual;
    out.stats.residual_sd = ar1->innovation_sd;
    out.notes.insert(out.notes.end(), ar1->notes.begin(), ar1->notes.end());
    coefficients = ar1->coefficients;
    out.description = "least squares on pain with AR(1) errors (Prais-Winsten, rho = " + fixed(ar1->rho, 2) + ")";
}

void fit_bad_morning(const OlsFit& ols, const Eigen::VectorXd& bad, bool intercept, const AnalysisOptions& options,
                     AnalysisResult& out, std::vector<Coefficient>& coefficients, std::vector<std::string>& separated,
                     Result<bool>& status) {
    LogitOptions logit_options;
    logit_options.intercept_column = intercept ? 0 : -1;
    logit_options.level = options.level;
    auto logit = fit_logit(ols.x_kept, bad, names_of(ols.coefficients), logit_options);
    if (!logit) {
        status = logit.error();
        return;
    }
    out.stats.deviance = logit->deviance;
    out.stats.null_deviance = logit->null_deviance;
    out.stats.aic = logit->aic;
    out.stats.iterations = logit->iterations;
    out.stats.converged = logit->converged;
    out.stats.df_residual = ols.n - static_cast<std::size_t>(logit->beta.size());
    out.notes.insert(out.notes.end(), logit->notes.begin(), logit->notes.end());
    separated = logit->separated;
    const std::string what = "logistic regression on bad mornings (pain >= " + fixed(options.bad_morning_threshold, 1) + ")";
    if (options.se == SeMethod::k_classic) {
        out.inference = Inference::k_classic;
        coefficients = logit->coefficients;
        out.description = what + ", maximum-likelihood errors";
        return;
    }
    const std::size_t lag = options.hac_lag.value_or(newey_west_lag(ols.n));
    const Eigen::MatrixXd scores = ols.x_kept.array().colwise() * (bad - logit->fitted).array();
    const Eigen::MatrixXd cov = newey_west_cov(scores, logit->cov, lag, true);
    coefficients = make_coefficients(names_of(logit->coefficients), logit->beta, cov, Reference{0.0}, options.level);
    for (std::size_t j = 0; j < coefficients.size(); ++j) {
        if (std::find(separated.begin(), separated.end(), coefficients[j].term) != separated.end()) {
            coefficients[j] = logit->coefficients[j];  // +-inf and NaN, as the fit reports
        }
    }
    out.inference = Inference::k_newey_west;
    out.stats.hac_lag = lag;
    out.description = what + ", Newey-West errors (lag " + std::to_string(lag) + ")";
}

}  // namespace

Result<Groundwork> lay_groundwork(const Table& table, const FrameSpec& spec, Factoring least_squares) {
    auto built = build_frame(table, spec);
    if (!built) {
        return built.error();
    }
    ModelFrame& frame = built.value();
    Summary summary = summarise(frame);
    if ((frame.y.array() == frame.y(0)).all()) {  // no model can explain it; analyse() says so
        return Groundwork{std::move(frame), std::move(summary), Error{"the outcome never varies"}};
    }
    // Least squares takes the frame's design: from here on the fits use the kept
    // columns (ols->x_kept), which are that design itself when none is aliased, so that
    // the later fits' matrices find room in memory already in use (a copy left a hole
    // too small for them, and new pages to fault in).
    OlsOptions ols_options;
    ols_options.intercept_column = frame.intercept ? 0 : -1;
    ols_options.factoring = least_squares;
    auto ols = fit_ols(std::move(frame.x), frame.y, term_names(frame), ols_options);
    return Groundwork{std::move(frame), std::move(summary), std::move(ols)};
}

Result<AnalysisResult> analyse(const Table& table, const FrameSpec& spec, const AnalysisOptions& options) {
    // Before a logistic fit, least squares only says which terms are aliased: no need
    // for its estimates to the last digit.
    const bool logistic = options.outcome == OutcomeModel::k_bad_morning;
    auto groundwork = lay_groundwork(table, spec, logistic ? Factoring::k_double : Factoring::k_refined);
    if (!groundwork) {
        return groundwork.error();
    }
    return analyse(*groundwork, options);
}

Result<AnalysisResult> analyse(const Groundwork& groundwork, const AnalysisOptions& options) {
    const ModelFrame& frame = groundwork.frame;
    AnalysisResult out;
    out.outcome = options.outcome;
    out.notes = frame.notes;
    out.summary = groundwork.summary;
    out.stats.nights = frame.rows.size();
    out.stats.nights_dropped = frame.rows_dropped;
    out.stats.rho = out.stats.deviance = out.stats.null_deviance = out.stats.aic = k_nan;
    const bool enough_nights = options.fit_any_size || frame.rows.size() >= k_min_nights;
    const auto too_few = [&](const std::string& why) -> Result<AnalysisResult> {
        if (enough_nights) {
            return Error{why};
        }
        out.notes.push_back(why);
        out.findings = make_findings(frame, {}, EffectScale::k_pain_points, options.labels, options.wording);
        return out;
    };

    const bool logistic = options.outcome == OutcomeModel::k_bad_morning;
    const Eigen::VectorXd bad = (frame.y.array() >= options.bad_morning_threshold).cast<double>();
    const Eigen::VectorXd& y = logistic ? bad : frame.y;
    if ((y.array() == y(0)).all()) {
        return too_few(logistic ? std::string("every morning was ") + (y(0) == 1.0 ? "bad" : "good") +
                                      " (pain >= " + fixed(options.bad_morning_threshold, 1) +
                                      "); choose another threshold or record more nights"
                                : "pain was " + fixed(y(0), 1) + " on every night; there is nothing to explain yet");
    }
    if (!groundwork.ols) {
        return too_few(groundwork.ols.error().message);
    }
    const OlsFit& ols = *groundwork.ols;
    out.aliased = ols.aliased;
    out.notes.insert(out.notes.end(), ols.notes.begin(), ols.notes.end());
    out.stats.df_residual = ols.df_residual;
    out.stats.residual_sd = ols.residual_sd;
    out.stats.r_squared = logistic ? k_nan : ols.r_squared;
    out.stats.adj_r_squared = logistic ? k_nan : ols.adj_r_squared;
    out.stats.f_statistic = logistic ? k_nan : ols.f_statistic;
    out.stats.f_p_value = logistic ? k_nan : ols.f_p_value;

    std::vector<Coefficient> coefficients;
    std::vector<std::string> separated;
    Result<bool> status = true;
    if (logistic) {
        const bool intercept = frame.intercept && !ols.kept.empty() && ols.kept.front() == 0;
        fit_bad_morning(ols, bad, intercept, options, out, coefficients, separated, status);
    } else {
        fit_pain(frame, ols, options, out, coefficients, status);
    }
    if (!status) {
        return too_few(status.error().message);
    }
    out.terms = term_results(frame, coefficients, separated, logistic);
    out.findings =
        make_findings(frame, out.terms, logistic ? EffectScale::k_odds_ratio : EffectScale::k_pain_points,
                      options.labels, options.wording);
    return out;
}

}  // namespace painlog::analytics
