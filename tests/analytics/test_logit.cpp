// Logistic regression: agreement with R's glm(binomial), separation, bad input.
#include "analytics/logit.h"

#include <cmath>

#include <doctest/doctest.h>

#include "analytics/ols.h"
#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

TEST_CASE("fit_logit agrees with R's glm(family = binomial) to 1e-6") {
    const auto frame = build_frame(test::journal_table(), {"pain", {"stress", "alcohol", "position", "pillow"}, {}, true});
    REQUIRE(frame.ok());
    const Eigen::VectorXd bad = (frame->y.array() >= 6.0).cast<double>();
    const auto fit = fit_logit(frame->x, bad, term_names(*frame), {0});
    REQUIRE(fit.ok());
    CHECK(fit->converged);
    CHECK(fit->separated.empty());
    const test::RReference r = test::r_reference("glm.csv");
    REQUIRE(fit->coefficients.size() == 7);
    for (std::size_t j = 0; j < fit->coefficients.size(); ++j) {
        const Coefficient& c = fit->coefficients[j];
        CAPTURE(c.term);
        CHECK(test::agrees(c.estimate, r.get("estimate", c.term)));
        CHECK(test::agrees(c.std_error, r.get("std_error", c.term)));
        CHECK(test::agrees(c.statistic, r.get("statistic", c.term)));
        CHECK(test::agrees(c.p_value, r.get("p_value", c.term)));
        CHECK(test::agrees(c.ci_low, r.get("ci_low", c.term)));
        CHECK(test::agrees(c.ci_high, r.get("ci_high", c.term)));
        CHECK(test::agrees(fit->odds_ratios[j].odds_ratio, r.get("odds_ratio", c.term)));
    }
    CHECK(test::agrees(fit->deviance, r.get("deviance")));
    CHECK(test::agrees(fit->null_deviance, r.get("null_deviance")));
    CHECK(test::agrees(fit->aic, r.get("aic")));
}

Eigen::MatrixXd with_intercept(const Eigen::VectorXd& a, const Eigen::VectorXd& b) {
    Eigen::MatrixXd x(a.size(), 3);
    x.col(0).setOnes();
    x.col(1) = a;
    x.col(2) = b;
    return x;
}

TEST_CASE("quasi-complete separation is reported by term - not as a huge number") {
    // Every night with the new mattress (m = 1) was a good morning.
    Eigen::VectorXd m(12), s(12), y(12);
    m << 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1;
    s << 3, 5, 2, 8, 6, 1, 7, 4, 6, 2, 5, 3;
    y << 0, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0;
    const auto fit = fit_logit(with_intercept(m, s), y, {"(intercept)", "mattress=new", "stress"}, {0});
    REQUIRE(fit.ok());
    CHECK(fit->separated == std::vector<std::string>{"mattress=new"});
    CHECK(std::isinf(fit->coefficients[1].estimate));
    CHECK(fit->coefficients[1].estimate < 0);
    CHECK(std::isnan(fit->coefficients[1].p_value));
    CHECK(fit->odds_ratios[1].odds_ratio == 0.0);
    CHECK(std::isfinite(fit->coefficients[2].estimate));
    CHECK(fit->notes.back().find("'mattress=new'") != std::string::npos);
}

TEST_CASE("complete separation is reported") {
    Eigen::VectorXd s(8), noise(8), y(8);
    s << 1, 2, 3, 4, 6, 7, 8, 9;
    noise << 0.3, -0.1, 0.2, 0.5, -0.4, 0.1, -0.2, 0.0;
    y << 0, 0, 0, 0, 1, 1, 1, 1;
    const auto fit = fit_logit(with_intercept(s, noise), y, {"(intercept)", "stress", "noise"}, {0});
    REQUIRE(fit.ok());
    CHECK(std::find(fit->separated.begin(), fit->separated.end(), "stress") != fit->separated.end());
    CHECK(fit->deviance < 1e-6);
}

TEST_CASE("a finite - well-determined fit reports no separation") {
    Eigen::VectorXd s(10), noise(10), y(10);
    s << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
    noise << 0.3, -0.1, 0.2, 0.5, -0.4, 0.1, -0.2, 0.0, 0.7, -0.6;
    y << 0, 0, 1, 0, 0, 1, 0, 1, 1, 1;
    const auto fit = fit_logit(with_intercept(s, noise), y, {"(intercept)", "stress", "noise"}, {0});
    REQUIRE(fit.ok());
    CHECK(fit->separated.empty());
    CHECK(fit->converged);
    CHECK(fit->iterations < 15);
}

TEST_CASE("fit_logit refuses a constant or non-binary outcome") {
    Eigen::VectorXd s(5), y(5);
    s << 1, 2, 3, 4, 5;
    Eigen::MatrixXd x(5, 2);
    x.col(0).setOnes();
    x.col(1) = s;
    y.setZero();
    const auto constant = fit_logit(x, y, {"(intercept)", "s"}, {0});
    REQUIRE_FALSE(constant.ok());
    CHECK(constant.error().message.find("0 on every row") != std::string::npos);
    y << 0, 1, 2, 0, 1;
    CHECK_FALSE(fit_logit(x, y, {"(intercept)", "s"}, {0}).ok());
}

}  // namespace
}  // namespace painlog::analytics
