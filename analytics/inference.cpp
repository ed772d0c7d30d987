#include "analytics/inference.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace painlog::analytics {

namespace {

bool is_normal(Reference reference) {
    return !(reference.df > 0.0) || std::isinf(reference.df);
}

}  // namespace

double two_sided_p(double statistic, Reference reference) {
    if (std::isnan(statistic)) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    if (std::isinf(statistic)) {
        return 0.0;
    }
    const double a = std::fabs(statistic);
    if (is_normal(reference)) {
        return 2.0 * boost::math::cdf(boost::math::complement(boost::math::normal_distribution<>{}, a));
    }
    return 2.0 * boost::math::cdf(boost::math::complement(boost::math::students_t_distribution<>{reference.df}, a));
}

double critical_value(double level, Reference reference) {
    const double upper = 0.5 + level / 2.0;
    if (is_normal(reference)) {
        return boost::math::quantile(boost::math::normal_distribution<>{}, upper);
    }
    return boost::math::quantile(boost::math::students_t_distribution<>{reference.df}, upper);
}

std::vector<Coefficient> make_coefficients(const std::vector<std::string>& names, const Eigen::VectorXd& beta,
                                           const Eigen::MatrixXd& cov, Reference reference, double level) {
    const double q = critical_value(level, reference);
    std::vector<Coefficient> out;
    for (Eigen::Index j = 0; j < beta.size(); ++j) {
        Coefficient c;
        c.term = names[static_cast<std::size_t>(j)];
        c.estimate = beta(j);
        c.std_error = std::sqrt(std::max(cov(j, j), 0.0));
        c.statistic = c.estimate / c.std_error;
        c.p_value = two_sided_p(c.statistic, reference);
        c.ci_low = c.estimate - q * c.std_error;
        c.ci_high = c.estimate + q * c.std_error;
        out.push_back(std::move(c));
    }
    return out;
}

}  // namespace painlog::analytics
