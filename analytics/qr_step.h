// Householder QR in double of a tall design, a block of rows at a time: the triangular
// factor R alone, for the steps of the iterative fits (the AR(1) iterations, logistic
// IRLS), whose right-hand side is factored as a last column, and a covariance
// (R'R)^-1; and the same with Q kept (BlockQr), for the corrections of the refined
// fits (refined_qr.h). Never the normal equations. The fits reported are
// solve_least_squares's (least_squares.h). Pure functions and immutable objects;
// thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <vector>

#include <Eigen/Core>

namespace painlog::analytics {

// Writes rows first .. first + block.rows() - 1 of a matrix into `block` (all its
// columns), so that a transformed or weighted design need not be stored whole.
using RowSource = std::function<void(Eigen::Index first, Eigen::Ref<Eigen::MatrixXd> block)>;

// The builds of triangular_factor's kernel: k_auto picks k_avx2 where the processor
// has AVX2 and FMA (x86-64 only: four doubles at a time, multiply-adds fused), else
// k_portable (two at a time: SSE2, which every x86-64 has, or the processor's own
// vectors). The same reflections in the same order; fused multiply-adds round once
// instead of twice, so the two agree to rounding, not bit for bit. Naming one is for
// tests that compare them.
enum class QrKernel { k_auto, k_portable, k_avx2 };

// Whether this processor can run `kernel`.
[[nodiscard]] bool qr_kernel_available(QrKernel kernel);

// The upper-triangular factor R (columns x columns) of the rows x columns matrix that
// `source` writes: A = QR by Householder reflections in double, taken a block of rows
// at a time (each block and the R of the rows before it reduced to the R of all rows
// so far, as LAPACK's xTPQRT), four reflections applied in one pass over each later
// column. Same arithmetic as a Householder QR of the whole matrix; a row of R may have
// either sign. Q is not kept. Non-finite data give non-finite entries. `kernel` must
// be available.
[[nodiscard]] Eigen::MatrixXd triangular_factor(Eigen::Index rows, Eigen::Index columns, const RowSource& source,
                                                QrKernel kernel = QrKernel::k_auto);
[[nodiscard]] Eigen::MatrixXd triangular_factor(const Eigen::Ref<const Eigen::MatrixXd>& a,
                                                QrKernel kernel = QrKernel::k_auto);

// A Householder reflection of the kernel: v0, its vector's entry in the row of R, and
// scale = -2 / |u|^2 (the identity when 0); its vector's other entries are kept where
// the column it reduced was (qr_step.cpp).
struct Reflection {
    double v0 = 0.0;
    double scale = 0.0;
};

// The same Householder QR of a whole tall matrix A (rows x columns, rows >= columns),
// by the same kernel and blocks, with its reflections kept (about the size of A) so
// that Q and Q' can be applied to vectors: for the corrections of refined_qr.h. The
// blocks make Q one of rows + columns dimensions, of [0; A] = Q [R; 0]; Q1 = its rows
// after the first `columns` and its first `columns` columns has orthonormal columns,
// A = Q1 R, and the rest of Q's last `rows` rows, W, completes it: Q1 Q1' + W W' = I.
class BlockQr {
public:
    BlockQr(Eigen::Index rows, Eigen::Index columns, const RowSource& source, QrKernel kernel = QrKernel::k_auto);

    // R, upper triangular (columns x columns); a row may have either sign.
    [[nodiscard]] const Eigen::MatrixXd& r() const { return m_r; }

    // Q'[0; f] for f of `rows` entries: head = Q1'f, and rest = W'f in the
    // factorisation's own layout (rows rounded up to whole blocks).
    struct Transformed {
        Eigen::VectorXd head;
        Eigen::VectorXd rest;
    };
    [[nodiscard]] Transformed transpose_times(const Eigen::Ref<const Eigen::VectorXd>& f) const;
    // The last `rows` entries of Q [head; rest] (rest as transpose_times gives it): Q1
    // head + W rest.
    [[nodiscard]] Eigen::VectorXd times(Transformed d) const;

private:
    Reflection* reflections_of(Eigen::Index first);
    [[nodiscard]] const Reflection* reflections_of(Eigen::Index first) const;

    Eigen::Index m_rows;
    QrKernel m_kernel;
    Eigen::MatrixXd m_r;
    Eigen::MatrixXd m_vectors;              // the reflections' vectors, block by block
    std::vector<Reflection> m_reflections;  // `columns` per block
};

// Whether an upper-triangular R of a design whose columns have unit length is clearly
// of full rank and well-conditioned: every pivot above 1e4 times `tolerance` (the rank
// tolerance of solve_least_squares), and the 1-norm condition number at most
// k_refined_qr_condition_limit (refined_qr.h). `r_inv` is the inverse of r.
[[nodiscard]] bool clearly_well_conditioned(const Eigen::MatrixXd& r, const Eigen::MatrixXd& r_inv,
                                            double tolerance);

// A step of an iterative fit: least squares of the last column of the matrix that
// `source` writes (rows x columns) on the columns before it, from the triangular
// factor of the whole matrix, not refined (the next step corrects it; the fit reported
// is solved afresh by solve_least_squares). Returns the coefficients of every column
// but the last, or nullopt when that design is not clearly well-conditioned
// (clearly_well_conditioned, columns scaled to unit length, not centred) or has no
// more rows than columns: the caller then solves by solve_least_squares, which decides
// which columns are aliased. The data must be finite.
[[nodiscard]] std::optional<Eigen::VectorXd> solve_qr_step(Eigen::Index rows, Eigen::Index columns,
                                                           const RowSource& source, double tolerance);
[[nodiscard]] std::optional<Eigen::VectorXd> solve_qr_step(const Eigen::Ref<const Eigen::MatrixXd>& xy,
                                                           double tolerance);

// The unscaled covariance (X'X)^-1 of the rows x columns matrix X that `source` writes,
// from its triangular factor: S (R_s'R_s)^-1 S with R_s the factor of X scaled to unit
// columns (S the scaling), as solve_least_squares computes it for a zero right-hand
// side. nullopt where X is not clearly well-conditioned (clearly_well_conditioned, not
// centred) or has fewer rows than columns: the caller then asks solve_least_squares,
// which decides which columns are aliased. The data must be finite.
[[nodiscard]] std::optional<Eigen::MatrixXd> unscaled_covariance(Eigen::Index rows, Eigen::Index columns,
                                                                 const RowSource& source, double tolerance);

}  // namespace painlog::analytics
