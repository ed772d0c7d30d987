// Prais-Winsten AR(1) regression: agreement with the iteration written out in R,
// recovery of a known rho, bad input.
#include "analytics/ar1.h"

#include <cmath>

#include <doctest/doctest.h>

#include "analytics/ols.h"
#include "analytics/simulate.h"
#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

TEST_CASE("fit_ar1 agrees with Prais-Winsten written out in R to 1e-6") {
    const auto frame = build_frame(test::journal_table(), {"pain", {"stress", "alcohol", "position", "pillow"}, {}, true});
    REQUIRE(frame.ok());
    const auto fit = fit_ar1(frame->x, frame->y, term_names(*frame));
    REQUIRE(fit.ok());
    CHECK(fit->converged);
    const test::RReference r = test::r_reference("prais_winsten.csv");
    CHECK(test::agrees(fit->rho, r.get("rho")));
    CHECK(fit->df_residual == frame->y.size() - 7 - 1);
    REQUIRE(fit->coefficients.size() == 7);
    for (const Coefficient& c : fit->coefficients) {
        CAPTURE(c.term);
        CHECK(test::agrees(c.estimate, r.get("estimate", c.term)));
        CHECK(test::agrees(c.std_error, r.get("std_error", c.term)));
        CHECK(test::agrees(c.p_value, r.get("p_value", c.term)));
        CHECK(test::agrees(c.ci_low, r.get("ci_low", c.term)));
        CHECK(test::agrees(c.ci_high, r.get("ci_high", c.term)));
    }
}

TEST_CASE("fit_ar1 recovers rho and the slope of a simulated AR(1) regression") {
    test::Rng rng(7);
    const Eigen::Index n = 2000;
    Eigen::MatrixXd x(n, 2);
    Eigen::VectorXd y(n);
    double u = 0.0;
    for (Eigen::Index t = 0; t < n; ++t) {
        u = 0.6 * u + rng.normal();
        x(t, 0) = 1.0;
        x(t, 1) = rng.normal();
        y(t) = 2.0 + 0.5 * x(t, 1) + u;
    }
    const auto fit = fit_ar1(x, y, {"(intercept)", "x"});
    REQUIRE(fit.ok());
    CHECK(fit->rho == doctest::Approx(0.6).epsilon(0.08));
    CHECK(fit->coefficients[1].estimate == doctest::Approx(0.5).epsilon(0.1));
    CHECK(fit->innovation_sd == doctest::Approx(1.0).epsilon(0.05));
    // With white-noise x, GLS is more efficient than OLS: a smaller standard error.
    const auto ols = fit_ols(x, y, {"(intercept)", "x"}, {0});
    REQUIRE(ols.ok());
    CHECK(fit->coefficients[1].std_error < ols->coefficients[1].std_error);
}

TEST_CASE("fit_ar1 started from the caller's OLS residuals settles where it would alone") {
    const auto frame = build_frame(test::journal_table(), {"pain", {"stress", "alcohol", "position", "pillow"}, {}, true});
    REQUIRE(frame.ok());
    const auto alone = fit_ar1(frame->x, frame->y, term_names(*frame));
    REQUIRE(alone.ok());
    const auto ols = fit_ols(*frame);
    REQUIRE(ols.ok());
    Ar1Options options;
    options.ols_residuals = ols->residuals;
    const auto started = fit_ar1(frame->x, frame->y, term_names(*frame), options);
    REQUIRE(started.ok());
    CHECK(started->converged);
    CHECK(started->rho == doctest::Approx(alone->rho).epsilon(1e-9));
    REQUIRE(started->coefficients.size() == alone->coefficients.size());
    for (std::size_t j = 0; j < alone->coefficients.size(); ++j) {
        CAPTURE(alone->coefficients[j].term);
        CHECK(started->coefficients[j].estimate == doctest::Approx(alone->coefficients[j].estimate).epsilon(1e-9));
        CHECK(started->coefficients[j].std_error == doctest::Approx(alone->coefficients[j].std_error).epsilon(1e-9));
    }
    // The start is taken from the residuals given: wrong ones give another first rho
    // and so another path (here, more iterations to the same place).
    options.ols_residuals = Eigen::VectorXd::Zero(frame->y.size());
    options.ols_residuals(0) = 1.0;
    options.ols_residuals(1) = 1.0;
    const auto from_elsewhere = fit_ar1(frame->x, frame->y, term_names(*frame), options);
    REQUIRE(from_elsewhere.ok());
    CHECK(from_elsewhere->iterations != started->iterations);
    CHECK(from_elsewhere->rho == doctest::Approx(alone->rho).epsilon(1e-6));
}

TEST_CASE("fit_ar1 refuses too few rows and mismatched sizes") {
    Eigen::MatrixXd x = Eigen::MatrixXd::Ones(3, 2);
    x(1, 1) = 2;
    x(2, 1) = 3;
    Eigen::VectorXd y(3);
    y << 1, 2, 4;
    const auto few = fit_ar1(x, y, {"(intercept)", "x"});
    REQUIRE_FALSE(few.ok());
    CHECK(few.error().message.find("at least 4") != std::string::npos);
    CHECK_FALSE(fit_ar1(x, y, {"(intercept)"}).ok());
}

}  // namespace
}  // namespace painlog::analytics
