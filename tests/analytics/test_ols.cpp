// fit_ols: agreement with R's lm on a journal with factors, aliased terms, bad input.
// (The NIST StRD accuracy tests are in test_nist.cpp.)
#include "analytics/ols.h"

#include <cmath>

#include <doctest/doctest.h>

#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

const FrameSpec k_journal_spec{"pain", {"stress", "alcohol", "position", "pillow"}, {}, true};

TEST_CASE("fit_ols agrees with R's lm on a journal with factors to 1e-6") {
    const auto frame = build_frame(test::journal_table(), k_journal_spec);
    REQUIRE(frame.ok());
    const auto fit = fit_ols(*frame);
    REQUIRE(fit.ok());
    const test::RReference r = test::r_reference("lm.csv");
    CHECK(static_cast<double>(fit->n) == r.get("n"));
    CHECK(static_cast<double>(fit->df_residual) == r.get("df_residual"));
    REQUIRE(fit->coefficients.size() == 7);
    for (const Coefficient& c : fit->coefficients) {
        CAPTURE(c.term);
        CHECK(test::agrees(c.estimate, r.get("estimate", c.term)));
        CHECK(test::agrees(c.std_error, r.get("std_error", c.term)));
        CHECK(test::agrees(c.statistic, r.get("statistic", c.term)));
        CHECK(test::agrees(c.p_value, r.get("p_value", c.term)));
        CHECK(test::agrees(c.ci_low, r.get("ci_low", c.term)));
        CHECK(test::agrees(c.ci_high, r.get("ci_high", c.term)));
    }
    CHECK(test::agrees(fit->r_squared, r.get("r_squared")));
    CHECK(test::agrees(fit->adj_r_squared, r.get("adj_r_squared")));
    CHECK(test::agrees(fit->residual_sd, r.get("residual_sd")));
    CHECK(test::agrees(fit->f_statistic, r.get("f_statistic")));
    CHECK(test::agrees(fit->f_p_value, r.get("f_p_value")));
}

TEST_CASE("without intercept R^2 is uncentred - as R's lm") {
    // R fitted on the rows complete for all journal columns; use the same rows.
    const auto full = build_frame(test::journal_table(), k_journal_spec);
    REQUIRE(full.ok());
    Eigen::MatrixXd x(full->x.rows(), 2);
    x.col(0) = full->x.col(1);
    x.col(1) = full->x.col(2);
    const auto fit = fit_ols(x, full->y, {"stress", "alcohol"});
    REQUIRE(fit.ok());
    const test::RReference r = test::r_reference("lm_no_intercept.csv");
    CHECK_FALSE(fit->has_intercept);
    CHECK(test::agrees(fit->coefficients[0].estimate, r.get("estimate", "stress")));
    CHECK(test::agrees(fit->coefficients[1].std_error, r.get("std_error", "alcohol")));
    CHECK(test::agrees(fit->r_squared, r.get("r_squared")));
    CHECK(test::agrees(fit->adj_r_squared, r.get("adj_r_squared")));
    CHECK(test::agrees(fit->f_statistic, r.get("f_statistic")));
}

Eigen::MatrixXd design(std::initializer_list<Eigen::VectorXd> columns) {
    Eigen::MatrixXd x(columns.begin()->size(), static_cast<Eigen::Index>(columns.size()));
    Eigen::Index j = 0;
    for (const Eigen::VectorXd& c : columns) {
        x.col(j++) = c;
    }
    return x;
}

TEST_CASE("aliased terms are reported by name and get no number") {
    Eigen::VectorXd ones = Eigen::VectorXd::Ones(8);
    Eigen::VectorXd a(8), b(8), y(8);
    a << 1, 0, 1, 0, 1, 1, 0, 0;
    b << 3, 1, 4, 1, 5, 9, 2, 6;
    y << 2.1, 1.0, 3.2, 0.8, 3.9, 6.1, 1.7, 3.8;

    SUBCASE("two identical columns: the second is aliased") {
        const auto fit = fit_ols(design({ones, a, b, a}), y, {"(intercept)", "a", "b", "a_again"}, {0});
        REQUIRE(fit.ok());
        CHECK(fit->aliased == std::vector<std::string>{"a_again"});
        REQUIRE(fit->coefficients.size() == 3);
        CHECK(fit->coefficients[1].term == "a");
        CHECK(std::isfinite(fit->coefficients[1].std_error));
        CHECK(fit->notes.front().find("'a_again'") != std::string::npos);
    }
    SUBCASE("a dummy equal to one minus another (a complete set of dummies)") {
        const Eigen::VectorXd not_a = ones - a;
        const auto fit = fit_ols(design({ones, a, not_a, b}), y, {"(intercept)", "g=x", "g=y", "b"}, {0});
        REQUIRE(fit.ok());
        CHECK(fit->aliased == std::vector<std::string>{"g=y"});
        CHECK(fit->coefficients.back().term == "b");
    }
    SUBCASE("a combination of two columns, in floating point") {
        const Eigen::VectorXd c = 0.1 * a + 0.7 * b;
        const auto fit = fit_ols(design({ones, a, b, c}), y, {"(intercept)", "a", "b", "c"}, {0});
        REQUIRE(fit.ok());
        CHECK(fit->aliased == std::vector<std::string>{"c"});
    }
    SUBCASE("a constant column beside the intercept") {
        const Eigen::VectorXd seven = 7.3 * ones;
        const auto fit = fit_ols(design({ones, seven, b}), y, {"(intercept)", "seven", "b"}, {0});
        REQUIRE(fit.ok());
        CHECK(fit->aliased == std::vector<std::string>{"seven"});
    }
    SUBCASE("the kept fit equals the fit without the aliased column") {
        const auto with = fit_ols(design({ones, a, b, a}), y, {"i", "a", "b", "a2"}, {0});
        const auto without = fit_ols(design({ones, a, b}), y, {"i", "a", "b"}, {0});
        REQUIRE(with.ok());
        REQUIRE(without.ok());
        for (std::size_t j = 0; j < 3; ++j) {
            CHECK(with->coefficients[j].estimate == doctest::Approx(without->coefficients[j].estimate).epsilon(1e-12));
            CHECK(with->coefficients[j].std_error == doctest::Approx(without->coefficients[j].std_error).epsilon(1e-12));
        }
    }
}

TEST_CASE("fit_ols taking its design gives the same fit and keeps the design itself") {
    const auto frame = build_frame(test::journal_table(), k_journal_spec);
    REQUIRE(frame.ok());
    const std::vector<std::string> names = term_names(*frame);
    OlsOptions options;
    options.intercept_column = 0;
    const auto copied = fit_ols(frame->x, frame->y, names, options);
    REQUIRE(copied.ok());
    Eigen::MatrixXd design = frame->x;
    const double* storage = design.data();
    const auto taken = fit_ols(std::move(design), frame->y, names, options);
    REQUIRE(taken.ok());
    CHECK(design.size() == 0);
    CHECK(taken->x_kept.data() == storage);  // no copy: the same memory
    CHECK(taken->x_kept == frame->x);
    CHECK(copied->x_kept == frame->x);
    CHECK(taken->beta == copied->beta);
    CHECK(taken->residuals == copied->residuals);
    CHECK(taken->unscaled_cov == copied->unscaled_cov);
    REQUIRE(taken->coefficients.size() == copied->coefficients.size());
    for (std::size_t j = 0; j < taken->coefficients.size(); ++j) {
        CHECK(taken->coefficients[j].std_error == copied->coefficients[j].std_error);
    }

    SUBCASE("with an aliased column it copies the kept ones and still empties the design") {
        Eigen::MatrixXd with_alias(frame->x.rows(), frame->x.cols() + 1);
        with_alias << frame->x, frame->x.col(1);
        std::vector<std::string> alias_names = names;
        alias_names.push_back("stress_again");
        const double* alias_storage = with_alias.data();
        const auto fit = fit_ols(std::move(with_alias), frame->y, alias_names, options);
        REQUIRE(fit.ok());
        CHECK(with_alias.size() == 0);
        CHECK(fit->aliased == std::vector<std::string>{"stress_again"});
        CHECK(fit->x_kept.data() != alias_storage);
        CHECK(fit->x_kept == frame->x);
        CHECK(fit->beta == copied->beta);
    }
}

TEST_CASE("bad input gives errors - a constant outcome gives a note") {
    Eigen::VectorXd ones = Eigen::VectorXd::Ones(3);
    Eigen::VectorXd a(3), y(3);
    a << 1, 2, 4;
    y << 1, 2, 3;
    const auto few = fit_ols(design({ones, a, a.array().square().matrix()}), y, {"i", "a", "a2"}, {0});
    REQUIRE_FALSE(few.ok());
    CHECK(few.error().message.find("not enough rows: 3 rows for 3 terms") == 0);
    CHECK_FALSE(fit_ols(design({ones, a}), y, {"only one name"}).ok());
    Eigen::VectorXd missing = y;
    missing(1) = std::nan("");
    CHECK_FALSE(fit_ols(design({ones, a}), missing, {"i", "a"}, {0}).ok());

    Eigen::VectorXd flat = Eigen::VectorXd::Constant(3, 4.0);
    const auto constant = fit_ols(design({ones, a}), flat, {"i", "a"}, {0});
    REQUIRE(constant.ok());
    CHECK(std::isnan(constant->r_squared));
    CHECK(constant->coefficients[1].estimate == doctest::Approx(0.0));
    CHECK(constant->notes.back().find("same on every row") != std::string::npos);
}

}  // namespace
}  // namespace painlog::analytics
