// The fast paths of least squares (refined_qr.h, qr_step.h) against the long-double
// Householder QR of solve_least_squares: they agree to ~1e-12 on well-conditioned
// designs, and ill-conditioned or rank-deficient designs are left to the long-double
// path.
#include "analytics/refined_qr.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include <Eigen/QR>

#include "analytics/ar1.h"
#include "analytics/logit.h"
#include "analytics/ols.h"
#include "analytics/qr_step.h"
#include "analytics/simulate.h"
#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

// Largest difference relative to the largest entry of the reference.
double relative_difference(const Eigen::MatrixXd& a, const Eigen::MatrixXd& reference) {
    REQUIRE(a.rows() == reference.rows());
    REQUIRE(a.cols() == reference.cols());
    return (a - reference).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff();
}

// The builds of the QR kernel this processor can run.
std::vector<QrKernel> runnable_kernels() {
    std::vector<QrKernel> kernels = {QrKernel::k_portable};
    if (qr_kernel_available(QrKernel::k_avx2)) {
        kernels.push_back(QrKernel::k_avx2);
    } else {
        MESSAGE("this processor has no AVX2 with FMA: that build of the kernel is not tested here");
    }
    return kernels;
}

// Entrywise relative difference (for coefficients of very different sizes).
double entrywise_difference(const Eigen::VectorXd& a, const Eigen::VectorXd& reference) {
    REQUIRE(a.size() == reference.size());
    double worst = 0.0;
    for (Eigen::Index i = 0; i < a.size(); ++i) {
        worst = std::max(worst, std::fabs(a(i) - reference(i)) / std::max(std::fabs(reference(i)), 1e-300));
    }
    return worst;
}

// A journal-like design: intercept, dummies of a gear in blocks and of a nightly
// position, numeric stress, hours and a 0/1 routine; the outcome with AR(1) noise.
struct Design {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
};

Design journal_design(Eigen::Index n, std::uint64_t seed) {
    test::Rng rng(seed);
    Design d;
    d.x.resize(n, 9);
    d.y.resize(n);
    double u = 0.0;
    for (Eigen::Index t = 0; t < n; ++t) {
        const auto gear = (t / 40) % 3;
        const auto position = rng.below(3);
        d.x(t, 0) = 1.0;
        d.x(t, 1) = gear == 1 ? 1.0 : 0.0;
        d.x(t, 2) = gear == 2 ? 1.0 : 0.0;
        d.x(t, 3) = position == 1 ? 1.0 : 0.0;
        d.x(t, 4) = position == 2 ? 1.0 : 0.0;
        d.x(t, 5) = std::floor(11.0 * rng.uniform());
        d.x(t, 6) = 5.0 + 0.25 * std::round(16.0 * rng.uniform());
        d.x(t, 7) = rng.uniform() < 0.5 ? 1.0 : 0.0;
        d.x(t, 8) = std::round(24.0 * rng.uniform()) / 2.0;
        u = 0.5 * u + rng.normal();
        d.y(t) = 3.0 + 0.8 * d.x(t, 1) + 1.9 * d.x(t, 4) + 0.25 * d.x(t, 5) - 0.6 * d.x(t, 7) + 1.2 * u;
    }
    return d;
}

// A NIST StRD linear set, with its intercept (all of those used here have one).
Design nist(const std::string& name) {
    const test::Csv csv = test::read_csv(test::data_path("nist/" + name + ".csv"));
    Design d;
    d.y = csv.vector("y");
    if (csv.header.size() == 2) {  // a polynomial in x
        const int degree = name == "Filip" ? 10 : 5;
        const Eigen::VectorXd v = csv.vector("x");
        d.x.resize(v.size(), degree + 1);
        for (int k = 0; k <= degree; ++k) {
            d.x.col(k) = v.array().pow(k).matrix();
        }
        return d;
    }
    d.x.resize(d.y.size(), static_cast<Eigen::Index>(csv.header.size()));
    d.x.col(0).setOnes();
    Eigen::Index j = 1;
    for (const std::string& h : csv.header) {
        if (h != "y") {
            d.x.col(j++) = csv.vector(h);
        }
    }
    return d;
}

LeastSquaresOptions with(Factoring factoring, Eigen::Index intercept_column) {
    LeastSquaresOptions options;
    options.intercept_column = intercept_column;
    options.factoring = factoring;
    return options;
}

void check_paths_agree(const Eigen::MatrixXd& x, const Eigen::VectorXd& y, Eigen::Index intercept_column) {
    REQUIRE(solve_refined_qr(x, y, intercept_column, k_default_rank_tolerance).has_value());
    const auto exact = solve_least_squares(x, y, with(Factoring::k_long_double, intercept_column));
    const auto refined = solve_least_squares(x, y, with(Factoring::k_refined, intercept_column));
    const auto single = solve_least_squares(x, y, with(Factoring::k_double, intercept_column));
    REQUIRE(exact.ok());
    REQUIRE(refined.ok());
    REQUIRE(single.ok());
    CHECK(exact->aliased.empty());
    CHECK(refined->kept == exact->kept);
    CHECK(single->kept == exact->kept);
    CHECK(refined->aliased.empty());
    CHECK(entrywise_difference(refined->beta, exact->beta) < 1e-12);
    CHECK(relative_difference(refined->unscaled_cov, exact->unscaled_cov) < 1e-12);
    CHECK(relative_difference(refined->residuals, exact->residuals) < 1e-12);
    CHECK(relative_difference(refined->fitted, exact->fitted) < 1e-12);
    CHECK(relative_difference(refined->rank_ratios, exact->rank_ratios) < 1e-12);
    CHECK(entrywise_difference(single->beta, exact->beta) < 1e-12);
    CHECK(relative_difference(single->unscaled_cov, exact->unscaled_cov) < 1e-12);
}

TEST_CASE("the refined double QR and the long-double QR agree on well-conditioned designs") {
    SUBCASE("ten years of nights, with the intercept centred") {
        const Design d = journal_design(3650, 11);
        check_paths_agree(d.x, d.y, 0);
    }
    SUBCASE("the same without centring (as the AR(1) and logistic fits solve)") {
        const Design d = journal_design(3650, 12);
        check_paths_agree(d.x, d.y, -1);
    }
    SUBCASE("a short journal") {
        const Design d = journal_design(150, 13);
        check_paths_agree(d.x, d.y, 0);
    }
    SUBCASE("the R reference journal") {
        const auto frame =
            build_frame(test::journal_table(), {"pain", {"stress", "alcohol", "position", "pillow"}, {}, true});
        REQUIRE(frame.ok());
        check_paths_agree(frame->x, frame->y, 0);
    }
    SUBCASE("NIST's Longley, centred") {
        const Design d = nist("Longley");
        check_paths_agree(d.x, d.y, 0);
    }
    SUBCASE("a covariance alone (zero right-hand side)") {
        const Design d = journal_design(500, 14);
        const Eigen::VectorXd zero = Eigen::VectorXd::Zero(d.x.rows());
        const auto exact = solve_least_squares(d.x, zero, with(Factoring::k_long_double, -1));
        const auto refined = solve_least_squares(d.x, zero, with(Factoring::k_refined, -1));
        REQUIRE(exact.ok());
        REQUIRE(refined.ok());
        CHECK(refined->beta.isZero(0.0));
        CHECK(relative_difference(refined->unscaled_cov, exact->unscaled_cov) < 1e-12);
    }
}

// Polynomial columns x^0 .. x^degree of x = 1 .. n: ill-conditioned from degree 4 on.
Eigen::MatrixXd polynomial(Eigen::Index n, int degree) {
    Eigen::MatrixXd x(n, degree + 1);
    for (Eigen::Index i = 0; i < n; ++i) {
        for (int k = 0; k <= degree; ++k) {
            x(i, k) = std::pow(static_cast<double>(i + 1), k);
        }
    }
    return x;
}

TEST_CASE("ill-conditioned and rank-deficient designs take the long-double path") {
    SUBCASE("NIST's hard sets") {
        for (const std::string name : {"Filip", "Wampler3", "Wampler4", "Wampler5", "Longley"}) {
            CAPTURE(name);
            const Design d = nist(name);
            // Longley is well-conditioned once centred (see the agreement test above), not as
            // it stands.
            const Eigen::Index centre_on = name == "Longley" ? -1 : 0;
            CHECK_FALSE(solve_refined_qr(d.x, d.y, centre_on, k_default_rank_tolerance).has_value());
            Eigen::MatrixXd xy(d.x.rows(), d.x.cols() + 1);
            xy << d.x, d.y;
            CHECK_FALSE(solve_qr_step(xy, k_default_rank_tolerance).has_value());
        }
    }
    SUBCASE("a polynomial of degree 5") {
        const Eigen::MatrixXd x = polynomial(30, 5);
        const Eigen::VectorXd y = x.rowwise().sum();
        CHECK_FALSE(solve_refined_qr(x, y, 0, k_default_rank_tolerance).has_value());
    }
    SUBCASE("an aliased column: the long-double path reports it") {
        Design d = journal_design(200, 21);
        Eigen::MatrixXd x(d.x.rows(), d.x.cols() + 1);
        x << d.x, d.x.col(3) + d.x.col(5);  // a combination of earlier columns
        CHECK_FALSE(solve_refined_qr(x, d.y, 0, k_default_rank_tolerance).has_value());
        Eigen::MatrixXd xy(x.rows(), x.cols() + 1);
        xy << x, d.y;
        CHECK_FALSE(solve_qr_step(xy, k_default_rank_tolerance).has_value());
        for (Factoring factoring : {Factoring::k_refined, Factoring::k_double}) {
            const auto ls = solve_least_squares(x, d.y, with(factoring, 0));
            REQUIRE(ls.ok());
            CHECK(ls->aliased == std::vector<Eigen::Index>{9});
        }
    }
    SUBCASE("a constant column beside the intercept, and a zero column") {
        Design d = journal_design(200, 22);
        d.x.col(6).setConstant(7.0);
        CHECK_FALSE(solve_refined_qr(d.x, d.y, 0, k_default_rank_tolerance).has_value());
        d.x.col(6).setZero();
        CHECK_FALSE(solve_refined_qr(d.x, d.y, -1, k_default_rank_tolerance).has_value());
        Eigen::MatrixXd xy(d.x.rows(), d.x.cols() + 1);
        xy << d.x, d.y;
        CHECK_FALSE(solve_qr_step(xy, k_default_rank_tolerance).has_value());
    }
}

TEST_CASE("triangular_factor is the R of Householder QR, by blocks of rows, with each kernel") {
    // The kernel this machine runs, and each build of it it can run.
    std::vector<QrKernel> kernels = runnable_kernels();
    kernels.insert(kernels.begin(), QrKernel::k_auto);
    test::Rng rng(5);
    for (const Eigen::Index rows : {1, 7, 64, 65, 200, 3650}) {
        for (const Eigen::Index columns : {1, 2, 3, 4, 5, 8, 9, 23}) {
            if (columns > rows) {
                continue;
            }
            CAPTURE(rows);
            CAPTURE(columns);
            Eigen::MatrixXd a(rows, columns);
            for (Eigen::Index i = 0; i < rows; ++i) {
                for (Eigen::Index j = 0; j < columns; ++j) {
                    a(i, j) = rng.normal() + (j == 0 ? 3.0 : 0.0);
                }
            }
            if (rows > 70) {
                a.topRows(70).col(columns - 1).setZero();  // a column zero in the first blocks
            }
            const Eigen::HouseholderQR<Eigen::MatrixXd> qr(a);
            const Eigen::MatrixXd expected = qr.matrixQR().topRows(columns).triangularView<Eigen::Upper>();
            for (const QrKernel kernel : kernels) {
                CAPTURE(static_cast<int>(kernel));
                const Eigen::MatrixXd r = triangular_factor(a, kernel);
                CHECK(r.isUpperTriangular(0.0));
                // Rows of R are unique up to sign.
                Eigen::MatrixXd signed_r = r;
                for (Eigen::Index k = 0; k < columns; ++k) {
                    if ((r(k, k) < 0.0) != (expected(k, k) < 0.0)) {
                        signed_r.row(k) *= -1.0;
                    }
                }
                CHECK(relative_difference(signed_r, expected) < 1e-13);
            }
        }
    }
}

TEST_CASE("BlockQr keeps the reflections: Q1'A = R and Q is orthogonal") {
    const std::vector<QrKernel> kernels = runnable_kernels();
    test::Rng rng(9);
    for (const Eigen::Index rows : {5, 256, 257, 3650}) {
        for (const Eigen::Index columns : {1, 4, 9, 23}) {
            if (columns > rows) {
                continue;
            }
            CAPTURE(rows);
            CAPTURE(columns);
            Eigen::MatrixXd a(rows, columns);
            Eigen::VectorXd f(rows);
            Eigen::VectorXd b(columns);
            for (Eigen::Index i = 0; i < rows; ++i) {
                for (Eigen::Index j = 0; j < columns; ++j) {
                    a(i, j) = rng.normal() + (j == 0 ? 2.0 : 0.0);
                }
                f(i) = rng.normal();
            }
            for (Eigen::Index j = 0; j < columns; ++j) {
                b(j) = rng.normal();
            }
            for (const QrKernel kernel : kernels) {
                CAPTURE(static_cast<int>(kernel));
                const BlockQr qr(a.rows(), a.cols(), [&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
                    block = a.middleRows(first, block.rows());
                }, kernel);
                // The same factor as triangular_factor's, bit for bit.
                CHECK((qr.r() - triangular_factor(a, kernel)).cwiseAbs().maxCoeff() == 0.0);
                // Q'[0; A b] = [R b; 0]: A = Q1 R, and W'A = 0.
                const Eigen::VectorXd ab = a * b;
                const BlockQr::Transformed d = qr.transpose_times(ab);
                const Eigen::VectorXd rb = qr.r().triangularView<Eigen::Upper>() * b;
                CHECK(relative_difference(d.head, rb) < 1e-13);
                CHECK(d.rest.norm() < 1e-13 * ab.norm());
                // Q' keeps lengths, and Q undoes it.
                const BlockQr::Transformed e = qr.transpose_times(f);
                CHECK(std::fabs(e.head.squaredNorm() + e.rest.squaredNorm() - f.squaredNorm()) <
                      1e-13 * f.squaredNorm());
                CHECK(relative_difference(qr.times(e), f) < 1e-13);
                // Q [h; 0] = Q1 h, so A'(Q1 h) = R'h.
                BlockQr::Transformed h = e;
                h.rest.setZero();
                const Eigen::VectorXd q1h = qr.times(h);
                const Eigen::VectorXd rth = qr.r().triangularView<Eigen::Upper>().transpose() * e.head;
                CHECK(relative_difference(a.transpose() * q1h, rth) < 1e-12);
                CHECK(std::fabs(q1h.norm() - e.head.norm()) < 1e-13 * e.head.norm());
            }
        }
    }
}

TEST_CASE("the kernel a processor runs is the one it is said to run") {
    // k_auto is k_avx2 where that can run, else k_portable: the same R bit for bit.
    test::Rng rng(8);
    Eigen::MatrixXd a(1000, 11);
    for (Eigen::Index i = 0; i < a.rows(); ++i) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            a(i, j) = rng.normal();
        }
    }
    const QrKernel expected = qr_kernel_available(QrKernel::k_avx2) ? QrKernel::k_avx2 : QrKernel::k_portable;
    CHECK((triangular_factor(a) - triangular_factor(a, expected)).cwiseAbs().maxCoeff() == 0.0);
}

TEST_CASE("a step of the iterations agrees with the long-double solution") {
    const Design d = journal_design(3650, 31);
    Eigen::MatrixXd xy(d.x.rows(), d.x.cols() + 1);
    xy << d.x, d.y;
    const auto step = solve_qr_step(xy, k_default_rank_tolerance);
    const auto exact = solve_least_squares(d.x, d.y, with(Factoring::k_long_double, -1));
    REQUIRE(step.has_value());
    REQUIRE(exact.ok());
    CHECK(entrywise_difference(*step, exact->beta) < 1e-12);
    // Weighted, as in IRLS: rows scaled by sqrt(w) with w down to 1e-6.
    test::Rng rng(32);
    Eigen::VectorXd sw(d.x.rows());
    for (Eigen::Index i = 0; i < sw.size(); ++i) {
        sw(i) = std::sqrt(std::pow(10.0, -6.0 * rng.uniform()));
    }
    const Eigen::MatrixXd wx = d.x.array().colwise() * sw.array();
    const Eigen::VectorXd wy = d.y.cwiseProduct(sw);
    xy << wx, wy;
    const auto weighted = solve_qr_step(xy, k_default_rank_tolerance);
    const auto weighted_exact = solve_least_squares(wx, wy, with(Factoring::k_long_double, -1));
    REQUIRE(weighted.has_value());
    REQUIRE(weighted_exact.ok());
    CHECK(entrywise_difference(*weighted, weighted_exact->beta) < 1e-12);
}

TEST_CASE("the AR(1) iteration on double QR steps retraces it on long-double steps") {
    // fit_ar1 replayed with every step solved by the long-double QR: the same number of
    // iterations, the same rho, estimates and covariance.
    const Design d = journal_design(3650, 41);
    std::vector<std::string> names;
    for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
        names.push_back("x" + std::to_string(j));
    }
    const auto fit = fit_ar1(d.x, d.y, names);
    REQUIRE(fit.ok());
    CHECK(fit->converged);
    const auto transform = [&](double rho, Eigen::MatrixXd& tx, Eigen::VectorXd& ty) {
        const Eigen::Index n = d.x.rows();
        tx.resize(n, d.x.cols());
        ty.resize(n);
        tx.row(0) = std::sqrt(1.0 - rho * rho) * d.x.row(0);
        ty(0) = std::sqrt(1.0 - rho * rho) * d.y(0);
        tx.bottomRows(n - 1) = d.x.bottomRows(n - 1) - rho * d.x.topRows(n - 1);
        ty.tail(n - 1) = d.y.tail(n - 1) - rho * d.y.head(n - 1);
    };
    const auto lag_one = [](const Eigen::VectorXd& e) {
        const Eigen::Index n = e.size();
        return e.tail(n - 1).dot(e.head(n - 1)) / e.head(n - 1).squaredNorm();
    };
    const auto exact_start = solve_least_squares(d.x, d.y, with(Factoring::k_long_double, -1));
    REQUIRE(exact_start.ok());
    double rho = lag_one(exact_start->residuals);
    int iterations = 0;
    for (iterations = 1; iterations <= 100; ++iterations) {
        Eigen::MatrixXd tx;
        Eigen::VectorXd ty;
        transform(rho, tx, ty);
        const auto ls = solve_least_squares(tx, ty, with(Factoring::k_long_double, -1));
        REQUIRE(ls.ok());
        const double next = lag_one(d.y - d.x * ls->beta);
        const bool settled = std::fabs(next - rho) < 1e-10;
        rho = next;
        if (settled) {
            break;
        }
    }
    CHECK(fit->iterations == iterations);
    CHECK(std::fabs(fit->rho - rho) < 1e-12);
    Eigen::MatrixXd tx;
    Eigen::VectorXd ty;
    transform(rho, tx, ty);
    const auto final_exact = solve_least_squares(tx, ty, with(Factoring::k_long_double, -1));
    REQUIRE(final_exact.ok());
    CHECK(relative_difference(fit->beta, final_exact->beta) < 1e-12);
    const double sigma2 = final_exact->residuals.squaredNorm() / static_cast<double>(d.x.rows() - d.x.cols());
    CHECK(relative_difference(fit->cov, sigma2 * final_exact->unscaled_cov) < 1e-12);
}

TEST_CASE("IRLS on double QR steps retraces IRLS on long-double steps") {
    // fit_logit's iteration replayed with every step solved by the long-double QR: the
    // same number of iterations, the same deviance and estimates.
    const Design d = journal_design(3650, 51);
    std::vector<std::string> names;
    for (Eigen::Index j = 0; j < d.x.cols(); ++j) {
        names.push_back("x" + std::to_string(j));
    }
    const Eigen::VectorXd y = (d.y.array() >= 5.0).cast<double>();
    const auto fit = fit_logit(d.x, y, names, {0});
    REQUIRE(fit.ok());
    REQUIRE(fit->converged);

    const double eps = std::numeric_limits<double>::epsilon();
    const auto probabilities = [&](const Eigen::VectorXd& eta) {
        return eta.unaryExpr([&](double e) { return std::clamp(1.0 / (1.0 + std::exp(-e)), eps, 1.0 - eps); }).eval();
    };
    const auto deviance = [&](const Eigen::VectorXd& mu) {
        double dev = 0.0;
        for (Eigen::Index i = 0; i < y.size(); ++i) {
            dev -= 2.0 * (y(i) > 0.5 ? std::log(mu(i)) : std::log1p(-mu(i)));
        }
        return dev;
    };
    Eigen::VectorXd mu = (y.array() + 0.5) / 2.0;
    Eigen::VectorXd eta = (mu.array() / (1.0 - mu.array())).log();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(d.x.cols());
    double dev_old = deviance(mu);
    int iterations = 0;
    for (iterations = 1; iterations <= 100; ++iterations) {
        const Eigen::VectorXd w = mu.array() * (1.0 - mu.array());
        const Eigen::VectorXd sw = w.array().sqrt();
        const Eigen::VectorXd z = eta.array() + (y - mu).array() / w.array();
        const Eigen::MatrixXd wx = d.x.array().colwise() * sw.array();
        const auto ls = solve_least_squares(wx, z.cwiseProduct(sw), with(Factoring::k_long_double, -1));
        REQUIRE(ls.ok());
        REQUIRE(ls->aliased.empty());
        Eigen::VectorXd next = ls->beta;
        Eigen::VectorXd next_mu = probabilities(d.x * next);
        double dev = deviance(next_mu);
        for (int h = 0; h < 30 && (!std::isfinite(dev) || dev > dev_old + 1e-12 * std::fabs(dev_old)) && iterations > 1;
             ++h) {
            next = (next + beta) / 2.0;
            next_mu = probabilities(d.x * next);
            dev = deviance(next_mu);
        }
        beta = next;
        eta = d.x * beta;
        mu = next_mu;
        const bool settled = std::fabs(dev - dev_old) / (std::fabs(dev) + 0.1) < 1e-12;
        dev_old = dev;
        if (settled) {
            break;
        }
    }
    CHECK(fit->iterations == iterations);
    CHECK(std::fabs(fit->deviance - dev_old) <= 1e-12 * dev_old);
    CHECK(relative_difference(fit->beta, beta) < 1e-12);
    const Eigen::MatrixXd wx = d.x.array().colwise() * (mu.array() * (1.0 - mu.array())).sqrt();
    const auto cov = solve_least_squares(wx, Eigen::VectorXd::Zero(d.x.rows()), with(Factoring::k_long_double, -1));
    REQUIRE(cov.ok());
    CHECK(relative_difference(fit->cov, cov->unscaled_cov) < 1e-12);
}

}  // namespace
}  // namespace painlog::analytics
