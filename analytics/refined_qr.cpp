#include "analytics/refined_qr.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "analytics/long_double_dot.h"
#include "analytics/qr_step.h"

namespace painlog::analytics {

namespace {

using VectorL = Eigen::Matrix<long double, Eigen::Dynamic, 1>;

struct Correction {
    Eigen::VectorXd gamma;     // change of the standardised coefficients
    Eigen::VectorXd residual;  // change of the residuals
};

// Solves the augmented system [I Z; Z' 0] [dr; dgamma] = [f; g] with Z = Q1 R:
// R'h = g, d = Q'f, dgamma = R^-1 (d_1 - h), dr = Q [h; d_2] (Bjorck 1967).
Correction correct(const BlockQr& qr, const Eigen::VectorXd& f, const Eigen::VectorXd& g) {
    const auto r = qr.r().triangularView<Eigen::Upper>();
    BlockQr::Transformed d = qr.transpose_times(f);
    const Eigen::VectorXd h = r.transpose().solve(g);
    Correction c;
    c.gamma = r.solve(d.head - h);
    d.head = h;
    c.residual = qr.times(std::move(d));
    return c;
}

// The residuals of the augmented system r + X beta = y, X'r = 0 at (r, beta), in long
// double from the exact x and y: f = y - r - X beta, and X'r. Four rows (for f) or four
// running sums (for X'r) at a time, so that the x87 accumulators stay in registers.
void system_residuals(const Eigen::Ref<const Eigen::MatrixXd>& x, const VectorL& y, const VectorL& r,
                      const VectorL& beta, VectorL& f, VectorL& xr) {
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    const Eigen::Index stride = x.outerStride();
    const double* data = x.data();
    f.resize(n);
    Eigen::Index i = 0;
    for (; i + 4 <= n; i += 4) {
        long double f0 = y(i) - r(i);
        long double f1 = y(i + 1) - r(i + 1);
        long double f2 = y(i + 2) - r(i + 2);
        long double f3 = y(i + 3) - r(i + 3);
        for (Eigen::Index j = 0; j < p; ++j) {
            const double* column = data + j * stride + i;
            const long double b = beta(j);
            f0 -= static_cast<long double>(column[0]) * b;
            f1 -= static_cast<long double>(column[1]) * b;
            f2 -= static_cast<long double>(column[2]) * b;
            f3 -= static_cast<long double>(column[3]) * b;
        }
        f(i) = f0;
        f(i + 1) = f1;
        f(i + 2) = f2;
        f(i + 3) = f3;
    }
    for (; i < n; ++i) {
        long double fi = y(i) - r(i);
        for (Eigen::Index j = 0; j < p; ++j) {
            fi -= static_cast<long double>(data[j * stride + i]) * beta(j);
        }
        f(i) = fi;
    }
    xr.resize(p);
    for (Eigen::Index j = 0; j < p; ++j) {
        xr(j) = long_double_dot(data + j * stride, r.data(), n);
    }
}

Eigen::MatrixXd upper_inverse(const Eigen::MatrixXd& r) {
    return r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(r.rows(), r.cols()));
}

}  // namespace

std::optional<LeastSquares> solve_refined_qr(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                             const Eigen::Ref<const Eigen::VectorXd>& y,
                                             Eigen::Index centre_on, double tolerance, int rounds) {
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    if (n < p || p == 0) {
        return std::nullopt;
    }
    // Standardise: z = x T with T undoing the scaling and the centring (into the
    // intercept), so that X beta = Z gamma for beta = T gamma. z is written a block of
    // rows at a time as the factorisation asks for it.
    Eigen::VectorXd shift = Eigen::VectorXd::Zero(p);
    Eigen::VectorXd scale(p);
    Eigen::MatrixXd t = Eigen::MatrixXd::Zero(p, p);
    for (Eigen::Index j = 0; j < p; ++j) {
        const double original = x.col(j).norm();
        if (centre_on >= 0 && j != centre_on) {
            shift(j) = x.col(j).mean();
        }
        const double norm = (x.col(j).array() - shift(j)).matrix().norm();
        if (!(norm > 1e-6 * original)) {
            return std::nullopt;  // zero, or (nearly) constant beside the intercept
        }
        scale(j) = 1.0 / norm;
        t(j, j) = 1.0 / norm;
        if (centre_on >= 0 && j != centre_on) {
            t(centre_on, j) = -shift(j) / norm;
        }
    }
    const auto z_rows = [&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
        for (Eigen::Index j = 0; j < p; ++j) {
            block.col(j) = (x.col(j).segment(first, block.rows()).array() - shift(j)) * scale(j);
        }
    };
    LeastSquares out;
    out.kept.resize(static_cast<std::size_t>(p));
    for (Eigen::Index j = 0; j < p; ++j) {
        out.kept[static_cast<std::size_t>(j)] = j;
    }

    if (rounds <= 0 || y.isZero(0.0)) {
        // Not refined (or a covariance alone, the solution 0): the triangular factor of
        // [z y] is all it needs, Q'y in its last column.
        const Eigen::MatrixXd factors =
            triangular_factor(n, p + 1, [&](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
                z_rows(first, block.leftCols(p));
                block.col(p) = y.segment(first, block.rows());
            });
        const Eigen::MatrixXd r = factors.topLeftCorner(p, p).triangularView<Eigen::Upper>();
        const Eigen::MatrixXd r_inv = upper_inverse(r);
        if (!clearly_well_conditioned(r, r_inv, tolerance)) {
            return std::nullopt;
        }
        out.beta = t * r.triangularView<Eigen::Upper>().solve(factors.col(p).head(p));
        out.unscaled_cov = t * r_inv * r_inv.transpose() * t.transpose();
        out.fitted = x * out.beta;
        out.residuals = y - out.fitted;
        out.rank_ratios = r.diagonal().cwiseAbs();
        return out;
    }

    const BlockQr qr(n, p, z_rows);
    const Eigen::MatrixXd& r = qr.r();
    const Eigen::MatrixXd r_inv = upper_inverse(r);
    if (!clearly_well_conditioned(r, r_inv, tolerance)) {
        return std::nullopt;
    }

    // The solution from the factorisation, then rounds of refinement of the
    // augmented system r + X beta = y, X'r = 0 against the exact x and y: the
    // corrections come from the double factors, the residuals of the system are
    // accumulated in long double.
    const VectorL yl = y.cast<long double>();
    Correction c = correct(qr, y, Eigen::VectorXd::Zero(p));
    VectorL beta = (t * c.gamma).cast<long double>();
    VectorL residuals = c.residual.cast<long double>();
    VectorL f;
    VectorL xr;
    for (int round = 0; round < rounds; ++round) {
        system_residuals(x, yl, residuals, beta, f, xr);
        c = correct(qr, f.cast<double>(), -(t.transpose() * xr.cast<double>()));
        beta += (t * c.gamma).cast<long double>();
        residuals += c.residual.cast<long double>();
    }

    out.beta = beta.cast<double>();
    out.unscaled_cov = t * r_inv * r_inv.transpose() * t.transpose();
    out.residuals = residuals.cast<double>();
    out.fitted = (yl - residuals).cast<double>();
    out.rank_ratios = r.diagonal().cwiseAbs();
    return out;
}

}  // namespace painlog::analytics
