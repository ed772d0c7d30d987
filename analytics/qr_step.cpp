#include "analytics/qr_step.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "analytics/refined_qr.h"

namespace painlog::analytics {

namespace {

// Margin by which a unit-length column must clear the long-double path's rank
// tolerance for a double factorisation to be trusted with it.
constexpr double k_rank_margin = 1e4;

// Rows per block: a block of a design of a few dozen columns stays in the first-level
// cache while the reflections work on it.
constexpr Eigen::Index k_block_rows = 128;

// Blocks asked of the source at a time (fewer, longer copies).
constexpr Eigen::Index k_blocks_per_fill = 4;

// Reflections applied together to each later column.
constexpr std::size_t k_group = 4;

using Packet = Eigen::internal::packet_traits<double>::type;
constexpr Eigen::Index k_lanes = Eigen::internal::packet_traits<double>::size;
static_assert(k_block_rows % (4 * k_lanes) == 0);

// Dot product of two block columns, in four running sums of packets.
double dot(const double* a, const double* b) {
    using namespace Eigen::internal;
    Packet s0 = pset1<Packet>(0.0);
    Packet s1 = s0;
    Packet s2 = s0;
    Packet s3 = s0;
    for (Eigen::Index i = 0; i < k_block_rows; i += 4 * k_lanes) {
        s0 = padd(s0, pmul(ploadu<Packet>(a + i), ploadu<Packet>(b + i)));
        s1 = padd(s1, pmul(ploadu<Packet>(a + i + k_lanes), ploadu<Packet>(b + i + k_lanes)));
        s2 = padd(s2, pmul(ploadu<Packet>(a + i + 2 * k_lanes), ploadu<Packet>(b + i + 2 * k_lanes)));
        s3 = padd(s3, pmul(ploadu<Packet>(a + i + 3 * k_lanes), ploadu<Packet>(b + i + 3 * k_lanes)));
    }
    return predux(padd(padd(s0, s1), padd(s2, s3)));
}

// The reflection H = I - 2 u u'/|u|^2, u = [v0; v] with v the block part of column k
// after the reflections before it and v0 in row k of R, that maps [R(k, k); v] to
// [alpha; 0] (alpha = -sign(R(k, k)) times its norm). It maps a column [r; c] (r in row
// k of R, c in the block) to [r; c] + w u with w = (v0 r + v'c) scale, scale =
// -2/|u|^2 = 1/(alpha v0). scale = 0 (the identity) when v is zero already.
struct Reflection {
    double v0 = 0.0;
    double scale = 0.0;
};

// The reflection of column k, whose block part has squared norm s; writes alpha into
// R(k, k).
Reflection reflection(double& r_kk, double s) {
    if (s == 0.0) {
        return {};
    }
    const double x0 = r_kk;
    const double norm = std::sqrt(x0 * x0 + s);
    const double alpha = x0 > 0.0 ? -norm : norm;
    Reflection h;
    h.v0 = x0 - alpha;  // no cancellation: x0 and -alpha have the same sign
    h.scale = 1.0 / (alpha * h.v0);
    r_kk = alpha;
    return h;
}

// Applies reflection h (block part v) to a column: r_kj its entry in the row of R,
// `column` its block part.
void reflect(const Reflection& h, const double* v, double& r_kj, double* column) {
    if (h.scale == 0.0) {
        return;
    }
    using namespace Eigen::internal;
    const double w = (h.v0 * r_kj + dot(v, column)) * h.scale;
    r_kj += w * h.v0;
    const Packet pw = pset1<Packet>(w);
    for (Eigen::Index i = 0; i < k_block_rows; i += k_lanes) {
        pstoreu(column + i, padd(ploadu<Packet>(column + i), pmul(pw, ploadu<Packet>(v + i))));
    }
}

// The reflections of columns k .. k + 3 of a block, applied to the later columns in
// one pass over each.
struct Group {
    std::array<Reflection, k_group> h;
    std::array<const double*, k_group> v{};
    std::array<std::array<double, k_group>, k_group> cross{};  // cross[q][l] = v_q'v_l, l < q
};

// Applies the group of columns k .. k + 3 to column j (block part `column`). After
// reflections 0 .. q-1 the block part is c + sum_l w_l v_l, so that reflection q
// needs v_q'c, computed for all four in one pass, plus sum_l w_l v_q'v_l; the rows of R
// they act on are distinct.
void reflect_group(const Group& g, Eigen::MatrixXd& r, Eigen::Index k, Eigen::Index j, double* column) {
    using namespace Eigen::internal;
    const double* v0 = g.v[0];
    const double* v1 = g.v[1];
    const double* v2 = g.v[2];
    const double* v3 = g.v[3];
    Packet a0 = pset1<Packet>(0.0);
    Packet a1 = a0;
    Packet a2 = a0;
    Packet a3 = a0;
    Packet b0 = a0;
    Packet b1 = a0;
    Packet b2 = a0;
    Packet b3 = a0;
    for (Eigen::Index i = 0; i < k_block_rows; i += 2 * k_lanes) {
        const Packet c = ploadu<Packet>(column + i);
        const Packet d = ploadu<Packet>(column + i + k_lanes);
        a0 = padd(a0, pmul(ploadu<Packet>(v0 + i), c));
        a1 = padd(a1, pmul(ploadu<Packet>(v1 + i), c));
        a2 = padd(a2, pmul(ploadu<Packet>(v2 + i), c));
        a3 = padd(a3, pmul(ploadu<Packet>(v3 + i), c));
        b0 = padd(b0, pmul(ploadu<Packet>(v0 + i + k_lanes), d));
        b1 = padd(b1, pmul(ploadu<Packet>(v1 + i + k_lanes), d));
        b2 = padd(b2, pmul(ploadu<Packet>(v2 + i + k_lanes), d));
        b3 = padd(b3, pmul(ploadu<Packet>(v3 + i + k_lanes), d));
    }
    const std::array<double, k_group> products = {predux(padd(a0, b0)), predux(padd(a1, b1)),
                                                  predux(padd(a2, b2)), predux(padd(a3, b3))};
    std::array<double, k_group> w{};
    for (std::size_t q = 0; q < k_group; ++q) {
        double& r_qj = r(k + static_cast<Eigen::Index>(q), j);
        double s = g.h[q].v0 * r_qj + products[q];
        for (std::size_t l = 0; l < q; ++l) {
            s += w[l] * g.cross[q][l];
        }
        w[q] = s * g.h[q].scale;
        r_qj += w[q] * g.h[q].v0;
    }
    const Packet w0 = pset1<Packet>(w[0]);
    const Packet w1 = pset1<Packet>(w[1]);
    const Packet w2 = pset1<Packet>(w[2]);
    const Packet w3 = pset1<Packet>(w[3]);
    for (Eigen::Index i = 0; i < k_block_rows; i += k_lanes) {
        const Packet sum = padd(padd(pmul(w0, ploadu<Packet>(v0 + i)), pmul(w1, ploadu<Packet>(v1 + i))),
                                padd(pmul(w2, ploadu<Packet>(v2 + i)), pmul(w3, ploadu<Packet>(v3 + i))));
        pstoreu(column + i, padd(ploadu<Packet>(column + i), sum));
    }
}

// The same for columns j and j + 1 at once: the vectors are loaded once for both.
void reflect_group_on_two(const Group& g, Eigen::MatrixXd& r, Eigen::Index k, Eigen::Index j, double* c0,
                          double* c1) {
    using namespace Eigen::internal;
    const double* v0 = g.v[0];
    const double* v1 = g.v[1];
    const double* v2 = g.v[2];
    const double* v3 = g.v[3];
    Packet a0 = pset1<Packet>(0.0);
    Packet a1 = a0;
    Packet a2 = a0;
    Packet a3 = a0;
    Packet b0 = a0;
    Packet b1 = a0;
    Packet b2 = a0;
    Packet b3 = a0;
    for (Eigen::Index i = 0; i < k_block_rows; i += k_lanes) {
        const Packet x = ploadu<Packet>(c0 + i);
        const Packet y = ploadu<Packet>(c1 + i);
        const Packet u0 = ploadu<Packet>(v0 + i);
        const Packet u1 = ploadu<Packet>(v1 + i);
        const Packet u2 = ploadu<Packet>(v2 + i);
        const Packet u3 = ploadu<Packet>(v3 + i);
        a0 = padd(a0, pmul(u0, x));
        b0 = padd(b0, pmul(u0, y));
        a1 = padd(a1, pmul(u1, x));
        b1 = padd(b1, pmul(u1, y));
        a2 = padd(a2, pmul(u2, x));
        b2 = padd(b2, pmul(u2, y));
        a3 = padd(a3, pmul(u3, x));
        b3 = padd(b3, pmul(u3, y));
    }
    const std::array<double, k_group> products_a = {predux(a0), predux(a1), predux(a2), predux(a3)};
    const std::array<double, k_group> products_b = {predux(b0), predux(b1), predux(b2), predux(b3)};
    std::array<double, k_group> wa{};
    std::array<double, k_group> wb{};
    for (std::size_t q = 0; q < k_group; ++q) {
        double& ra = r(k + static_cast<Eigen::Index>(q), j);
        double& rb = r(k + static_cast<Eigen::Index>(q), j + 1);
        double sa = g.h[q].v0 * ra + products_a[q];
        double sb = g.h[q].v0 * rb + products_b[q];
        for (std::size_t l = 0; l < q; ++l) {
            sa += wa[l] * g.cross[q][l];
            sb += wb[l] * g.cross[q][l];
        }
        wa[q] = sa * g.h[q].scale;
        wb[q] = sb * g.h[q].scale;
        ra += wa[q] * g.h[q].v0;
        rb += wb[q] * g.h[q].v0;
    }
    const Packet wa0 = pset1<Packet>(wa[0]);
    const Packet wa1 = pset1<Packet>(wa[1]);
    const Packet wa2 = pset1<Packet>(wa[2]);
    const Packet wa3 = pset1<Packet>(wa[3]);
    const Packet wb0 = pset1<Packet>(wb[0]);
    const Packet wb1 = pset1<Packet>(wb[1]);
    const Packet wb2 = pset1<Packet>(wb[2]);
    const Packet wb3 = pset1<Packet>(wb[3]);
    for (Eigen::Index i = 0; i < k_block_rows; i += k_lanes) {
        const Packet u0 = ploadu<Packet>(v0 + i);
        const Packet u1 = ploadu<Packet>(v1 + i);
        const Packet u2 = ploadu<Packet>(v2 + i);
        const Packet u3 = ploadu<Packet>(v3 + i);
        const Packet sum_a = padd(padd(pmul(wa0, u0), pmul(wa1, u1)), padd(pmul(wa2, u2), pmul(wa3, u3)));
        const Packet sum_b = padd(padd(pmul(wb0, u0), pmul(wb1, u1)), padd(pmul(wb2, u2), pmul(wb3, u3)));
        pstoreu(c0 + i, padd(ploadu<Packet>(c0 + i), sum_a));
        pstoreu(c1 + i, padd(ploadu<Packet>(c1 + i), sum_b));
    }
}

// Reduces [R; block] to the R of both, column by column. Column j of the block (of
// k_block_rows rows) starts at block + j * stride.
void reduce(Eigen::MatrixXd& r, double* block, Eigen::Index stride) {
    const Eigen::Index m = r.cols();
    const auto column = [&](Eigen::Index j) { return block + j * stride; };
    for (Eigen::Index k = 0; k < m; k += static_cast<Eigen::Index>(k_group)) {
        const Eigen::Index size = std::min(static_cast<Eigen::Index>(k_group), m - k);
        // The group's own columns, one reflection at a time.
        Group g;
        for (Eigen::Index q = 0; q < size; ++q) {
            const double* v = column(k + q);
            g.h[static_cast<std::size_t>(q)] = reflection(r(k + q, k + q), dot(v, v));
            g.v[static_cast<std::size_t>(q)] = v;
            for (Eigen::Index j = k + q + 1; j < k + size; ++j) {
                reflect(g.h[static_cast<std::size_t>(q)], v, r(k + q, j), column(j));
            }
        }
        if (k + size >= m) {
            break;  // no later columns
        }
        for (std::size_t q = 0; q < k_group; ++q) {
            for (std::size_t l = 0; l < q; ++l) {
                g.cross[q][l] = dot(g.v[q], g.v[l]);
            }
        }
        Eigen::Index j = k + size;
        for (; j + 1 < m; j += 2) {
            reflect_group_on_two(g, r, k, j, column(j), column(j + 1));
        }
        if (j < m) {
            reflect_group(g, r, k, j, column(j));
        }
    }
}

}  // namespace

Eigen::MatrixXd triangular_factor(Eigen::Index rows, Eigen::Index columns, const RowSource& source) {
    Eigen::MatrixXd r = Eigen::MatrixXd::Zero(columns, columns);
    constexpr Eigen::Index fill_rows = k_blocks_per_fill * k_block_rows;
    Eigen::MatrixXd blocks(fill_rows, columns);
    for (Eigen::Index first = 0; first < rows; first += fill_rows) {
        const Eigen::Index size = std::min(fill_rows, rows - first);
        source(first, blocks.topRows(size));
        const Eigen::Index padded = (size + k_block_rows - 1) / k_block_rows * k_block_rows;
        blocks.middleRows(size, padded - size).setZero();  // zero rows change nothing
        for (Eigen::Index start = 0; start < padded; start += k_block_rows) {
            reduce(r, blocks.data() + start, fill_rows);
        }
    }
    return r;
}

Eigen::MatrixXd triangular_factor(const Eigen::Ref<const Eigen::MatrixXd>& a) {
    return triangular_factor(a.rows(), a.cols(), [&a](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            block.col(j) = a.col(j).segment(first, block.rows());
        }
    });
}

bool clearly_well_conditioned(const Eigen::MatrixXd& r, const Eigen::MatrixXd& r_inv, double tolerance) {
    const auto norm_1 = [](const Eigen::MatrixXd& m) { return m.cwiseAbs().colwise().sum().maxCoeff(); };
    const double condition = norm_1(r) * norm_1(r_inv);
    return condition <= k_refined_qr_condition_limit &&
           r.diagonal().cwiseAbs().minCoeff() > k_rank_margin * tolerance;
}

namespace {

// R scaled to unit columns (the factor of the design scaled so), its inverse, and the
// scaling; nullopt unless clearly well-conditioned.
struct Scaled {
    Eigen::MatrixXd r;
    Eigen::MatrixXd r_inv;
    Eigen::VectorXd scale;  // 1 / column norms
};

std::optional<Scaled> scaled_factor(const Eigen::MatrixXd& r, double tolerance) {
    const Eigen::Index p = r.cols();
    Scaled s;
    s.r = r.triangularView<Eigen::Upper>();
    s.scale.resize(p);
    for (Eigen::Index j = 0; j < p; ++j) {
        const double norm = s.r.col(j).norm();  // the column norms of R are those of X
        if (!(norm > 0.0)) {
            return std::nullopt;  // a zero column (or not finite)
        }
        s.scale(j) = 1.0 / norm;
        s.r.col(j) /= norm;
    }
    s.r_inv = s.r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
    if (!clearly_well_conditioned(s.r, s.r_inv, tolerance)) {
        return std::nullopt;
    }
    return s;
}

}  // namespace

std::optional<Eigen::VectorXd> solve_qr_step(Eigen::Index rows, Eigen::Index columns, const RowSource& source,
                                             double tolerance) {
    const Eigen::Index p = columns - 1;
    if (p < 1 || rows <= p) {
        return std::nullopt;
    }
    // R of [X y]: R of X is the leading p x p block, Q'y the last column above it.
    const Eigen::MatrixXd factors = triangular_factor(rows, columns, source);
    if (!scaled_factor(factors.topLeftCorner(p, p), tolerance)) {
        return std::nullopt;
    }
    Eigen::VectorXd beta =
        factors.topLeftCorner(p, p).triangularView<Eigen::Upper>().solve(factors.col(p).head(p));
    if (!beta.allFinite()) {
        return std::nullopt;
    }
    return beta;
}

std::optional<Eigen::MatrixXd> unscaled_covariance(Eigen::Index rows, Eigen::Index columns, const RowSource& source,
                                                   double tolerance) {
    if (columns < 1 || rows < columns) {
        return std::nullopt;
    }
    const auto s = scaled_factor(triangular_factor(rows, columns, source), tolerance);
    if (!s) {
        return std::nullopt;
    }
    return s->scale.asDiagonal() * (s->r_inv * s->r_inv.transpose()) * s->scale.asDiagonal();
}

std::optional<Eigen::VectorXd> solve_qr_step(const Eigen::Ref<const Eigen::MatrixXd>& xy, double tolerance) {
    return solve_qr_step(
        xy.rows(), xy.cols(),
        [&xy](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
            for (Eigen::Index j = 0; j < xy.cols(); ++j) {
                block.col(j) = xy.col(j).segment(first, block.rows());
            }
        },
        tolerance);
}

}  // namespace painlog::analytics
