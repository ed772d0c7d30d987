#include "daemon/analysis_json.h"

#include <cmath>

namespace painlog::daemon {
namespace {

using nlohmann::json;
using namespace painlog::analytics;

json number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

std::string_view kind_name(FactorKind kind) {
    switch (kind) {
        case FactorKind::k_numeric: return "numeric";
        case FactorKind::k_yes_no: return "yesno";
        case FactorKind::k_categorical: return "categorical";
    }
    return "numeric";
}

std::string_view finding_kind(FindingKind kind) {
    switch (kind) {
        case FindingKind::k_effect: return "effect";
        case FindingKind::k_not_enough_data: return "not_enough_data";
        case FindingKind::k_too_early: return "too_early";
        case FindingKind::k_separation: return "separation";
    }
    return "effect";
}

std::string_view inference_name(Inference inference) {
    switch (inference) {
        case Inference::k_classic: return "classic";
        case Inference::k_newey_west: return "newey_west";
        case Inference::k_ar1: return "ar1";
    }
    return "classic";
}

}  // namespace

json analysis_to_json(const AnalysisResult& result) {
    const bool logit = result.outcome == OutcomeModel::k_bad_morning;
    const FitStats& stats = result.stats;
    json coefficients = json::array();
    for (const TermResult& term : result.terms) {
        coefficients.push_back({{"term", term.term},
                                {"factor", term.factor},
                                {"level", term.level},
                                {"estimate", number(term.estimate)},
                                {"std_error", number(term.std_error)},
                                {"statistic", number(term.statistic)},
                                {"p_value", number(term.p_value)},
                                {"p_adjusted", number(term.p_adjusted)},
                                {"ci_low", number(term.ci_low)},
                                {"ci_high", number(term.ci_high)},
                                {"odds_ratio", logit ? number(term.odds_ratio) : json(nullptr)},
                                {"or_ci_low", logit ? number(term.or_ci_low) : json(nullptr)},
                                {"or_ci_high", logit ? number(term.or_ci_high) : json(nullptr)},
                                {"nights", term.nights},
                                {"separated", term.separated}});
    }
    json factors = json::array();
    for (const FactorSummary& factor : result.summary.factors) {
        json groups = json::array();
        for (const GroupMean& group : factor.groups) {
            groups.push_back({{"label", group.label}, {"nights", group.nights}, {"mean", number(group.mean)}});
        }
        factors.push_back({{"factor", factor.factor}, {"kind", kind_name(factor.kind)}, {"groups", std::move(groups)}});
    }
    json findings = json::array();
    for (const Finding& finding : result.findings) {
        findings.push_back({{"kind", finding_kind(finding.kind)},
                            {"factor", finding.factor},
                            {"term", finding.term},
                            {"effect", number(finding.effect)},
                            {"ci_low", number(finding.ci_low)},
                            {"ci_high", number(finding.ci_high)},
                            {"p_adjusted", number(finding.p_adjusted)},
                            {"nights", finding.nights},
                            {"flagged", finding.flagged},
                            {"text", finding.text}});
    }
    const auto ols_only = [&](double value) { return logit ? json(nullptr) : number(value); };
    const auto logit_only = [&](double value) { return logit ? number(value) : json(nullptr); };
    return {{"model", logit ? "logit" : "ols"},
            {"inference", inference_name(result.inference)},
            {"description", result.description},
            {"n", stats.nights},
            {"n_dropped", stats.nights_dropped},
            {"df_residual", stats.df_residual},
            {"coefficients", std::move(coefficients)},
            {"r_squared", ols_only(stats.r_squared)},
            {"adj_r_squared", ols_only(stats.adj_r_squared)},
            {"residual_sd", ols_only(stats.residual_sd)},
            {"f_statistic", ols_only(stats.f_statistic)},
            {"f_p_value", ols_only(stats.f_p_value)},
            {"rho", result.inference == Inference::k_ar1 ? number(stats.rho) : json(nullptr)},
            {"hac_lag", result.inference == Inference::k_newey_west ? json(stats.hac_lag) : json(nullptr)},
            {"deviance", logit_only(stats.deviance)},
            {"null_deviance", logit_only(stats.null_deviance)},
            {"aic", logit_only(stats.aic)},
            {"iterations", stats.iterations},
            {"converged", stats.converged},
            {"aliased", result.aliased},
            {"notes", result.notes},
            {"summary",
             {{"outcome", result.summary.outcome},
              {"nights", result.summary.nights},
              {"mean", number(result.summary.mean)},
              {"factors", std::move(factors)}}},
            {"findings", std::move(findings)}};
}

}  // namespace painlog::daemon
