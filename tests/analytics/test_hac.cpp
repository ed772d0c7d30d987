// Newey-West and classic errors: agreement with sandwich::NeweyWest, the lag rule.
#include "analytics/hac.h"

#include <algorithm>
#include <cmath>

#include <doctest/doctest.h>

#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

OlsFit journal_fit() {
    const auto frame = build_frame(test::journal_table(), {"pain", {"stress", "alcohol", "position", "pillow"}, {}, true});
    REQUIRE(frame.ok());
    auto fit = fit_ols(*frame);
    REQUIRE(fit.ok());
    return std::move(fit).value();
}

TEST_CASE("Newey-West errors agree with sandwich::NeweyWest(prewhite = FALSE - adjust = TRUE) to 1e-6") {
    const OlsFit fit = journal_fit();
    const test::RReference r = test::r_reference("newey_west.csv");
    for (std::size_t lag : {0U, 1U, 4U}) {
        CAPTURE(lag);
        const HacErrors hac = newey_west(fit, lag);
        CHECK(hac.lag == lag);
        const std::string suffix = "_lag" + std::to_string(lag);
        for (std::size_t i = 0; i < hac.coefficients.size(); ++i) {
            const std::string& term = hac.coefficients[i].term;
            CAPTURE(term);
            CHECK(test::agrees(hac.coefficients[i].std_error, r.get("std_error" + suffix, term)));
            CHECK(hac.coefficients[i].estimate == fit.coefficients[i].estimate);
            for (std::size_t j = 0; j < hac.coefficients.size(); ++j) {
                const std::string key = term + "|" + hac.coefficients[j].term;
                CHECK(test::agrees(hac.cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)),
                                   r.get("cov" + suffix, key), 1e-6, 1e-8));
            }
        }
    }
}

TEST_CASE("newey_west_cov is its definition over rows in several blocks and lags across them") {
    // 600 rows: the lags are summed a block of 256 rows at a time, so rows near 256 and
    // 512 take lags from the block before. Checked against G_0 + sum_j w_j (G_j + G_j')
    // written out, including lags longer than a block and than the series.
    const Eigen::Index n = 600;
    const Eigen::Index k = 3;
    Eigen::MatrixXd scores(n, k);
    for (Eigen::Index t = 0; t < n; ++t) {
        const auto u = static_cast<double>(t);
        scores(t, 0) = std::sin(0.37 * u) + 0.1;
        scores(t, 1) = std::cos(0.11 * u) * (t % 7 == 0 ? 3.0 : 1.0);
        scores(t, 2) = std::sin(0.05 * u + 1.0) - 0.2;
    }
    Eigen::MatrixXd bread(k, k);
    bread << 2.0, 0.3, -0.1, 0.3, 1.5, 0.2, -0.1, 0.2, 1.0;
    for (std::size_t lag : {0U, 1U, 5U, 300U, 700U}) {
        CAPTURE(lag);
        const Eigen::Index max_lag = std::min<Eigen::Index>(static_cast<Eigen::Index>(lag), n - 1);
        Eigen::MatrixXd meat = scores.transpose() * scores;
        for (Eigen::Index j = 1; j <= max_lag; ++j) {
            const double w = 1.0 - static_cast<double>(j) / (static_cast<double>(lag) + 1.0);
            const Eigen::MatrixXd g = scores.bottomRows(n - j).transpose() * scores.topRows(n - j);
            meat += w * (g + g.transpose());
        }
        const Eigen::MatrixXd expected =
            bread * (meat * (static_cast<double>(n) / static_cast<double>(n - k))) * bread;
        const Eigen::MatrixXd cov = newey_west_cov(scores, bread, lag, true);
        REQUIRE(cov.rows() == k);
        REQUIRE(cov.cols() == k);
        for (Eigen::Index i = 0; i < k; ++i) {
            for (Eigen::Index j = 0; j < k; ++j) {
                CAPTURE(i);
                CAPTURE(j);
                CHECK(cov(i, j) == doctest::Approx(expected(i, j)).epsilon(1e-12).scale(expected.norm()));
            }
        }
    }
}

TEST_CASE("the automatic lag is floor(4 (n/100)^(2/9))") {
    CHECK(newey_west_lag(100) == 4);
    CHECK(newey_west_lag(180) == 4);
    CHECK(newey_west_lag(30) == 3);
    CHECK(newey_west_lag(1000) == 6);
    const OlsFit fit = journal_fit();
    CHECK(newey_west(fit).lag == newey_west_lag(fit.n));
}

TEST_CASE("classic covariance is what the OLS coefficients report") {
    const OlsFit fit = journal_fit();
    const Eigen::MatrixXd cov = classic_cov(fit);
    for (std::size_t j = 0; j < fit.coefficients.size(); ++j) {
        const auto jj = static_cast<Eigen::Index>(j);
        CHECK(std::sqrt(cov(jj, jj)) == doctest::Approx(fit.coefficients[j].std_error).epsilon(1e-12));
    }
}

}  // namespace
}  // namespace painlog::analytics
