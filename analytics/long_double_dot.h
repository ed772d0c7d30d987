// The inner product the long-double paths of least squares spend their time in
// (least_squares.cpp, refined_qr.cpp). Header-only; pure.
#pragma once

#include <Eigen/Core>

namespace painlog::analytics {

// Sum of a[i] * b[i] for i < n, in long double, in four running sums so that each
// x87 addition need not wait for the one before. `a` may be double or long double.
template <typename T>
[[nodiscard]] long double long_double_dot(const T* a, const long double* b, Eigen::Index n) {
    long double s0 = 0.0L;
    long double s1 = 0.0L;
    long double s2 = 0.0L;
    long double s3 = 0.0L;
    Eigen::Index i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += static_cast<long double>(a[i]) * b[i];
        s1 += static_cast<long double>(a[i + 1]) * b[i + 1];
        s2 += static_cast<long double>(a[i + 2]) * b[i + 2];
        s3 += static_cast<long double>(a[i + 3]) * b[i + 3];
    }
    for (; i < n; ++i) {
        s0 += static_cast<long double>(a[i]) * b[i];
    }
    return (s0 + s1) + (s2 + s3);
}

}  // namespace painlog::analytics
