#include "analytics/qr_step.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "analytics/refined_qr.h"

namespace painlog::analytics {

namespace {

// Margin by which a unit-length column must clear the long-double path's rank
// tolerance for a double factorisation to be trusted with it.
constexpr double k_rank_margin = 1e4;

// Rows per block: a block of a design of a few dozen columns stays in the second-level
// cache while the reflections work on it (256 rows were the quickest of 64 to 1,024 on
// 3,650 x 23, with either kernel).
constexpr Eigen::Index k_block_rows = 256;

// Reflections applied together to each later column.
constexpr std::size_t k_group = 4;

// The kernel below is written once, for vectors of L doubles (GCC's and Clang's vector
// extension, loaded and stored in place at any alignment), and compiled twice on
// x86-64: L = 2 for any of them (SSE2), and L = 4 in functions built for AVX2 with
// FMA, chosen when the processor has them (elsewhere, L = 2 alone). Its functions are all inlined into each build's entry points
// (reduce_*, sweep_*), so each is built whole for its own target; none takes or
// returns a vector by value.
template <int L>
struct Lanes;
template <>
struct Lanes<2> {
    using Vector = double __attribute__((vector_size(16), aligned(8), may_alias));
};
template <>
struct Lanes<4> {
    using Vector = double __attribute__((vector_size(32), aligned(8), may_alias));
};

#define PAINLOG_KERNEL [[gnu::always_inline]] inline

// The L doubles from p, in place.
template <int L>
PAINLOG_KERNEL typename Lanes<L>::Vector& at(double* p) {
    return *reinterpret_cast<typename Lanes<L>::Vector*>(p);
}
template <int L>
PAINLOG_KERNEL const typename Lanes<L>::Vector& at(const double* p) {
    return *reinterpret_cast<const typename Lanes<L>::Vector*>(p);
}

// The sum of v's lanes.
template <int L>
PAINLOG_KERNEL double sum(const typename Lanes<L>::Vector& v) {
    static_assert(k_block_rows % (4 * L) == 0);
    double lanes[sizeof v / sizeof(double)];
    std::memcpy(lanes, &v, sizeof lanes);
    double s = 0.0;
    for (const double lane : lanes) s += lane;
    return s;
}

// Dot product of two block columns, in four running sums.
template <int L>
PAINLOG_KERNEL double dot(const double* a, const double* b) {
    typename Lanes<L>::Vector s0{};
    typename Lanes<L>::Vector s1{};
    typename Lanes<L>::Vector s2{};
    typename Lanes<L>::Vector s3{};
    for (Eigen::Index i = 0; i < k_block_rows; i += 4 * L) {
        s0 += at<L>(a + i) * at<L>(b + i);
        s1 += at<L>(a + i + L) * at<L>(b + i + L);
        s2 += at<L>(a + i + 2 * L) * at<L>(b + i + 2 * L);
        s3 += at<L>(a + i + 3 * L) * at<L>(b + i + 3 * L);
    }
    return sum<L>((s0 + s1) + (s2 + s3));
}

// A Reflection (qr_step.h) H = I - 2 u u'/|u|^2, u = [v0; v] with v the block part of
// column k after the reflections before it and v0 in row k of R, maps [R(k, k); v] to
// [alpha; 0] (alpha = -sign(R(k, k)) times its norm). It maps a column [r; c] (r in row
// k of R, c in the block) to [r; c] + w u with w = (v0 r + v'c) scale, scale =
// -2/|u|^2 = 1/(alpha v0). scale = 0 (the identity) when v is zero already.

// The reflection of column k, whose block part has squared norm s; writes alpha into
// R(k, k).
PAINLOG_KERNEL Reflection reflection(double& r_kk, double s) {
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
template <int L>
PAINLOG_KERNEL void reflect(const Reflection& h, const double* v, double& r_kj, double* column) {
    if (h.scale == 0.0) {
        return;
    }
    const double w = (h.v0 * r_kj + dot<L>(v, column)) * h.scale;
    r_kj += w * h.v0;
    for (Eigen::Index i = 0; i < k_block_rows; i += L) {
        at<L>(column + i) += w * at<L>(v + i);
    }
}

// The reflections of columns k .. k + 3 of a block, applied to the later columns in
// one pass over each.
struct Group {
    std::array<Reflection, k_group> h;
    std::array<const double*, k_group> v{};
    std::array<std::array<double, k_group>, k_group> cross{};  // cross[q][l] = v_q'v_l, l < q
};

// Applies the group of columns k .. k + 3 to `count` (1 or 2) adjacent columns from j
// (rows of R in `r`, leading dimension `ld`; block parts from `column`, `stride` apart),
// loading each vector of the group once for both. After reflections 0 .. q-1 the block
// part is c + sum_l w_l v_l, so that reflection q needs v_q'c, computed for all four in
// one pass, plus sum_l w_l v_q'v_l; the rows of R they act on are distinct.
template <int L, std::size_t count>
PAINLOG_KERNEL void reflect_group(const Group& g, double* r, Eigen::Index ld, Eigen::Index k, Eigen::Index j,
                                  double* column, Eigen::Index stride) {
    const double* v0 = g.v[0];
    const double* v1 = g.v[1];
    const double* v2 = g.v[2];
    const double* v3 = g.v[3];
    typename Lanes<L>::Vector a[count][k_group] = {};
    for (Eigen::Index i = 0; i < k_block_rows; i += L) {
        #pragma GCC unroll 2
        for (std::size_t c = 0; c < count; ++c) {
            const typename Lanes<L>::Vector x = at<L>(column + static_cast<Eigen::Index>(c) * stride + i);
            a[c][0] += at<L>(v0 + i) * x;
            a[c][1] += at<L>(v1 + i) * x;
            a[c][2] += at<L>(v2 + i) * x;
            a[c][3] += at<L>(v3 + i) * x;
        }
    }
    std::array<double, k_group> w[count];
    #pragma GCC unroll 2
    for (std::size_t c = 0; c < count; ++c) {
        for (std::size_t q = 0; q < k_group; ++q) {
            double& r_qj = r[(k + static_cast<Eigen::Index>(q)) + (j + static_cast<Eigen::Index>(c)) * ld];
            double s = g.h[q].v0 * r_qj + sum<L>(a[c][q]);
            for (std::size_t l = 0; l < q; ++l) {
                s += w[c][l] * g.cross[q][l];
            }
            w[c][q] = s * g.h[q].scale;
            r_qj += w[c][q] * g.h[q].v0;
        }
    }
    for (Eigen::Index i = 0; i < k_block_rows; i += L) {
        const typename Lanes<L>::Vector u0 = at<L>(v0 + i);
        const typename Lanes<L>::Vector u1 = at<L>(v1 + i);
        const typename Lanes<L>::Vector u2 = at<L>(v2 + i);
        const typename Lanes<L>::Vector u3 = at<L>(v3 + i);
        #pragma GCC unroll 2
        for (std::size_t c = 0; c < count; ++c) {
            at<L>(column + static_cast<Eigen::Index>(c) * stride + i) +=
                (w[c][0] * u0 + w[c][1] * u1) + (w[c][2] * u2 + w[c][3] * u3);
        }
    }
}

// Reduces [R; block] to the R of both, column by column: R (m x m) at `r` with leading
// dimension m; column j of the block (of k_block_rows rows) at block + j * stride. The
// reflections' vectors are left in the block's columns (column k's, below R(k, k)), and
// the reflections themselves written to kept[0 .. m - 1] unless kept is null.
template <int L>
PAINLOG_KERNEL void reduce(double* r, Eigen::Index m, double* block, Eigen::Index stride, Reflection* kept) {
    const auto column = [&](Eigen::Index j) { return block + j * stride; };
    const auto r_at = [&](Eigen::Index i, Eigen::Index j) -> double& { return r[i + j * m]; };
    for (Eigen::Index k = 0; k < m; k += static_cast<Eigen::Index>(k_group)) {
        const Eigen::Index size = std::min(static_cast<Eigen::Index>(k_group), m - k);
        // The group's own columns, one reflection at a time.
        Group g;
        for (Eigen::Index q = 0; q < size; ++q) {
            const double* v = column(k + q);
            g.h[static_cast<std::size_t>(q)] = reflection(r_at(k + q, k + q), dot<L>(v, v));
            g.v[static_cast<std::size_t>(q)] = v;
            if (kept != nullptr) {
                kept[k + q] = g.h[static_cast<std::size_t>(q)];
            }
            for (Eigen::Index j = k + q + 1; j < k + size; ++j) {
                reflect<L>(g.h[static_cast<std::size_t>(q)], v, r_at(k + q, j), column(j));
            }
        }
        if (k + size >= m) {
            break;  // no later columns
        }
        for (std::size_t q = 0; q < k_group; ++q) {
            for (std::size_t l = 0; l < q; ++l) {
                g.cross[q][l] = dot<L>(g.v[q], g.v[l]);
            }
        }
        Eigen::Index j = k + size;
        for (; j + 1 < m; j += 2) {
            reflect_group<L, 2>(g, r, m, k, j, column(j), stride);
        }
        if (j < m) {
            reflect_group<L, 1>(g, r, m, k, j, column(j), stride);
        }
    }
}

// Applies the m reflections of a block (`kept`, their vectors in the block's columns) to
// a vector [head; part] (head in the rows of R, part in the block's rows): in the
// order they were made (a step of Q'f), or backwards (of Q f).
template <int L>
PAINLOG_KERNEL void sweep(const double* block, Eigen::Index stride, const Reflection* kept, Eigen::Index m,
                          double* head, double* part, bool backwards) {
    for (Eigen::Index step = 0; step < m; ++step) {
        const Eigen::Index k = backwards ? m - 1 - step : step;
        reflect<L>(kept[k], block + k * stride, head[k], part);
    }
}

#undef PAINLOG_KERNEL

// The kernel's two entry points, in each build.
struct Kernel {
    void (*reduce)(double* r, Eigen::Index m, double* block, Eigen::Index stride, Reflection* kept);
    void (*sweep)(const double* block, Eigen::Index stride, const Reflection* kept, Eigen::Index m, double* head,
                  double* part, bool backwards);
};

void reduce_portable(double* r, Eigen::Index m, double* block, Eigen::Index stride, Reflection* kept) {
    reduce<2>(r, m, block, stride, kept);
}

void sweep_portable(const double* block, Eigen::Index stride, const Reflection* kept, Eigen::Index m, double* head,
                    double* part, bool backwards) {
    sweep<2>(block, stride, kept, m, head, part, backwards);
}

constexpr Kernel k_portable_build{reduce_portable, sweep_portable};

#if defined(__x86_64__)

[[gnu::target("avx2,fma")]] void reduce_avx2(double* r, Eigen::Index m, double* block, Eigen::Index stride,
                                             Reflection* kept) {
    reduce<4>(r, m, block, stride, kept);
}

[[gnu::target("avx2,fma")]] void sweep_avx2(const double* block, Eigen::Index stride, const Reflection* kept,
                                            Eigen::Index m, double* head, double* part, bool backwards) {
    sweep<4>(block, stride, kept, m, head, part, backwards);
}

constexpr Kernel k_avx2_build{reduce_avx2, sweep_avx2};

bool has_avx2() { return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"); }

const Kernel& kernel_for(QrKernel kernel) {
    static const bool avx2 = has_avx2();
    return kernel == QrKernel::k_avx2 || (kernel == QrKernel::k_auto && avx2) ? k_avx2_build : k_portable_build;
}

#else  // no AVX2 build on other processors

bool has_avx2() { return false; }

const Kernel& kernel_for(QrKernel) { return k_portable_build; }

#endif

// Rows rounded up to whole blocks.
Eigen::Index padded(Eigen::Index rows) { return (rows + k_block_rows - 1) / k_block_rows * k_block_rows; }

// Has `source` write the block of the `rows` x block.cols() matrix that starts at row
// `first` into `block` (k_block_rows rows); the rows past the matrix's end are zero,
// which changes nothing.
void fill_block(const RowSource& source, Eigen::Index rows, Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
    const Eigen::Index size = std::min(k_block_rows, rows - first);
    source(first, block.topRows(size));
    block.bottomRows(k_block_rows - size).setZero();
}

}  // namespace

bool qr_kernel_available(QrKernel kernel) { return kernel != QrKernel::k_avx2 || has_avx2(); }

Eigen::MatrixXd triangular_factor(Eigen::Index rows, Eigen::Index columns, const RowSource& source,
                                  QrKernel kernel) {
    const Kernel& run = kernel_for(kernel);
    Eigen::MatrixXd r = Eigen::MatrixXd::Zero(columns, columns);
    Eigen::MatrixXd block(k_block_rows, columns);
    for (Eigen::Index first = 0; first < rows; first += k_block_rows) {
        fill_block(source, rows, first, block);
        run.reduce(r.data(), columns, block.data(), k_block_rows, nullptr);
    }
    return r;
}

BlockQr::BlockQr(Eigen::Index rows, Eigen::Index columns, const RowSource& source, QrKernel kernel)
    : m_rows(rows), m_kernel(kernel), m_r(Eigen::MatrixXd::Zero(columns, columns)),
      m_vectors(padded(rows), columns), m_reflections(static_cast<std::size_t>(padded(rows) / k_block_rows * columns)) {
    const Kernel& run = kernel_for(kernel);
    const Eigen::Index stride = m_vectors.rows();
    for (Eigen::Index first = 0; first < rows; first += k_block_rows) {
        auto block = m_vectors.middleRows(first, k_block_rows);
        fill_block(source, rows, first, block);
        run.reduce(m_r.data(), columns, block.data(), stride, reflections_of(first));
    }
}

Reflection* BlockQr::reflections_of(Eigen::Index first) {
    return m_reflections.data() + first / k_block_rows * m_r.cols();
}

const Reflection* BlockQr::reflections_of(Eigen::Index first) const {
    return m_reflections.data() + first / k_block_rows * m_r.cols();
}

BlockQr::Transformed BlockQr::transpose_times(const Eigen::Ref<const Eigen::VectorXd>& f) const {
    const Kernel& run = kernel_for(m_kernel);
    Transformed d;
    d.head = Eigen::VectorXd::Zero(m_r.cols());
    d.rest = Eigen::VectorXd::Zero(m_vectors.rows());
    d.rest.head(m_rows) = f;
    for (Eigen::Index first = 0; first < m_rows; first += k_block_rows) {
        run.sweep(m_vectors.data() + first, m_vectors.rows(), reflections_of(first), m_r.cols(), d.head.data(),
                  d.rest.data() + first, false);
    }
    return d;
}

Eigen::VectorXd BlockQr::times(Transformed d) const {
    const Kernel& run = kernel_for(m_kernel);
    const Eigen::Index blocks = m_vectors.rows() / k_block_rows;
    for (Eigen::Index b = blocks - 1; b >= 0; --b) {
        const Eigen::Index first = b * k_block_rows;
        run.sweep(m_vectors.data() + first, m_vectors.rows(), reflections_of(first), m_r.cols(), d.head.data(),
                  d.rest.data() + first, true);
    }
    return d.rest.head(m_rows);
}

namespace {

// The rows of a matrix held whole, as a source (for as long as `a` lives).
RowSource rows_of(const Eigen::Ref<const Eigen::MatrixXd>& a) {
    return [&a](Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block) {
        for (Eigen::Index j = 0; j < a.cols(); ++j) {
            block.col(j) = a.col(j).segment(first, block.rows());
        }
    };
}

}  // namespace

Eigen::MatrixXd triangular_factor(const Eigen::Ref<const Eigen::MatrixXd>& a, QrKernel kernel) {
    return triangular_factor(a.rows(), a.cols(), rows_of(a), kernel);
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
    return solve_qr_step(xy.rows(), xy.cols(), rows_of(xy), tolerance);
}

}  // namespace painlog::analytics
