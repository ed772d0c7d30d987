// Newey-West and classic errors: agreement with sandwich::NeweyWest, the lag rule.
#include "analytics/hac.h"

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
