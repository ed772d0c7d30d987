#include "analytics/least_squares.h"

#include <algorithm>
#include <cmath>

#include "analytics/long_double_dot.h"
#include "analytics/refined_qr.h"

namespace painlog::analytics {

namespace {

using MatrixL = Eigen::Matrix<long double, Eigen::Dynamic, Eigen::Dynamic>;
using VectorL = Eigen::Matrix<long double, Eigen::Dynamic, 1>;

// y -= alpha x
void subtract_scaled(long double alpha, const long double* x, long double* y, Eigen::Index n) {
    for (Eigen::Index i = 0; i < n; ++i) {
        y[i] -= alpha * x[i];
    }
}

struct Reflector {
    Eigen::Index row = 0;  // the reflector acts on rows row..n-1
    VectorL v;
    long double beta = 0.0L;
};

// Applies the reflector to a column of n entries (in place).
void reflect(const Reflector& h, long double* column) {
    const Eigen::Index m = h.v.size();
    long double* tail = column + h.row;
    subtract_scaled(h.beta * long_double_dot(h.v.data(), tail, m), h.v.data(), tail, m);
}

// Householder QR of the standardised columns, keeping columns in order and setting
// aside those with too little left outside the span of the kept ones.
struct Factorisation {
    std::vector<Eigen::Index> kept;
    std::vector<Reflector> reflectors;
    MatrixL r;
    std::vector<long double> ratios;
};

// Factorises `a` in place (its columns are overwritten).
Factorisation factorise(MatrixL& a, const std::vector<Eigen::Index>& candidates, long double tolerance) {
    Factorisation f;
    const Eigen::Index n = a.rows();
    f.r = MatrixL::Zero(static_cast<Eigen::Index>(candidates.size()), static_cast<Eigen::Index>(candidates.size()));
    for (std::size_t c = 0; c < candidates.size(); ++c) {
        const Eigen::Index col = candidates[c];
        const auto rank = static_cast<Eigen::Index>(f.kept.size());
        long double* column = a.col(col).data();
        const long double rest = rank < n ? std::sqrt(long_double_dot(column + rank, column + rank, n - rank)) : 0.0L;
        if (!(rest > tolerance)) {
            continue;  // aliased; the caller reports it
        }
        Reflector h;
        h.row = rank;
        h.v = a.col(col).segment(rank, n - rank);
        const long double alpha = h.v(0) > 0 ? -rest : rest;
        h.v(0) -= alpha;
        h.beta = 2.0L / long_double_dot(h.v.data(), h.v.data(), h.v.size());
        for (std::size_t later = c; later < candidates.size(); ++later) {
            reflect(h, a.col(candidates[later]).data());
        }
        f.r.col(rank).head(rank + 1) = a.col(col).head(rank + 1);
        f.reflectors.push_back(std::move(h));
        f.kept.push_back(col);
        f.ratios.push_back(rest);
    }
    const auto rank = static_cast<Eigen::Index>(f.kept.size());
    f.r = f.r.topLeftCorner(rank, rank).eval();
    return f;
}

// Least-squares solution of the factorised system for right-hand side b.
VectorL solve(const Factorisation& f, VectorL b) {
    for (const Reflector& h : f.reflectors) {
        reflect(h, b.data());
    }
    const auto rank = static_cast<Eigen::Index>(f.kept.size());
    return f.r.triangularView<Eigen::Upper>().solve(b.head(rank));
}

// y - Z_kept gamma, column by column (no copy of the kept columns).
VectorL residual(const MatrixL& z, const std::vector<Eigen::Index>& kept, const VectorL& y, const VectorL& gamma) {
    VectorL r = y;
    for (std::size_t k = 0; k < kept.size(); ++k) {
        subtract_scaled(gamma(static_cast<Eigen::Index>(k)), z.col(kept[k]).data(), r.data(), r.size());
    }
    return r;
}

}  // namespace

Result<LeastSquares> solve_least_squares(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                         const Eigen::Ref<const Eigen::VectorXd>& y,
                                         const LeastSquaresOptions& options) {
    const Eigen::Index n = x.rows();
    const Eigen::Index p = x.cols();
    if (n == 0 || p == 0) {
        return Error{"least squares needs at least one row and one column"};
    }
    if (y.size() != n) {
        return Error{"least squares: outcome has " + std::to_string(y.size()) + " rows, design has " +
                     std::to_string(n)};
    }
    if (!x.allFinite() || !y.allFinite()) {
        return Error{"least squares: the data hold a missing or infinite value; leave those rows out"};
    }
    const Eigen::Index ic = options.intercept_column;
    const bool centre = ic >= 0 && ic < p && (x.col(ic).array() == 1.0).all();
    if (options.factoring != Factoring::k_long_double) {
        const int rounds = options.factoring == Factoring::k_refined ? k_refinement_rounds : 0;
        if (auto fast = solve_refined_qr(x, y, centre ? ic : -1, options.tolerance, rounds)) {
            return std::move(*fast);
        }
    }
    const auto tolerance = static_cast<long double>(options.tolerance);

    MatrixL z = x.cast<long double>();
    VectorL shift = VectorL::Zero(p);
    VectorL scale = VectorL::Ones(p);
    std::vector<Eigen::Index> candidates;
    LeastSquares out;
    for (Eigen::Index j = 0; j < p; ++j) {
        const long double original = z.col(j).norm();
        if (centre && j != ic) {
            shift(j) = z.col(j).mean();
            z.col(j).array() -= shift(j);
        }
        const long double norm = z.col(j).norm();
        if (!(norm > tolerance * original) || norm == 0.0L) {
            out.aliased.push_back(j);  // zero, or constant beside the intercept
            continue;
        }
        scale(j) = norm;
        z.col(j) /= norm;
        candidates.push_back(j);
    }
    MatrixL work = z;  // z itself is kept for the residuals of the refinement
    const Factorisation f = factorise(work, candidates, tolerance);
    for (Eigen::Index j : candidates) {
        if (std::find(f.kept.begin(), f.kept.end(), j) == f.kept.end()) {
            out.aliased.push_back(j);
        }
    }
    std::sort(out.aliased.begin(), out.aliased.end());
    out.kept = f.kept;
    const auto rank = static_cast<Eigen::Index>(f.kept.size());

    const VectorL yl = y.cast<long double>();
    VectorL gamma = solve(f, yl);
    for (int round = 0; round < 2; ++round) {  // iterative refinement
        gamma += solve(f, residual(z, f.kept, yl, gamma));
    }
    const VectorL residuals = residual(z, f.kept, yl, gamma);

    // beta = T gamma, with T undoing the scaling and the centring (into the intercept).
    MatrixL t = MatrixL::Zero(rank, rank);
    Eigen::Index intercept_pos = -1;
    for (Eigen::Index k = 0; k < rank; ++k) {
        const Eigen::Index j = f.kept[static_cast<std::size_t>(k)];
        t(k, k) = 1.0L / scale(j);
        intercept_pos = (centre && j == ic) ? k : intercept_pos;
    }
    if (intercept_pos >= 0) {
        for (Eigen::Index k = 0; k < rank; ++k) {
            if (k != intercept_pos) {
                t(intercept_pos, k) = -shift(f.kept[static_cast<std::size_t>(k)]) / scale(f.kept[static_cast<std::size_t>(k)]);
            }
        }
    }
    const MatrixL r_inv = f.r.triangularView<Eigen::Upper>().solve(MatrixL::Identity(rank, rank));
    out.beta = (t * gamma).cast<double>();
    out.unscaled_cov = (t * r_inv * r_inv.transpose() * t.transpose()).cast<double>();
    out.residuals = residuals.cast<double>();
    out.fitted = (yl - residuals).cast<double>();
    out.rank_ratios.resize(rank);
    for (Eigen::Index k = 0; k < rank; ++k) {
        out.rank_ratios(k) = static_cast<double>(f.ratios[static_cast<std::size_t>(k)]);
    }
    return out;
}

}  // namespace painlog::analytics
