// NIST StRD linear least-squares sets: fit_ols against the certified values, table-driven.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "analytics/ols.h"
#include "analytics/test_data.h"

namespace painlog::analytics {
namespace {

struct NistCase {
    const char* name;
    double min_lre;  // on every coefficient and standard error, and the residual SD
};

constexpr NistCase k_cases[] = {
    {"Norris", 11.0},  {"Pontius", 11.0},  {"NoInt1", 11.0},   {"NoInt2", 11.0},
    {"Longley", 11.0}, {"Wampler1", 7.0},  {"Wampler2", 7.0},  {"Wampler3", 7.0},
    {"Wampler4", 7.0}, {"Wampler5", 6.0},  {"Filip", 7.0},
};

struct Problem {
    Eigen::MatrixXd x;
    Eigen::VectorXd y;
    std::vector<std::string> names;
    nlohmann::json certified;
};

Problem load(const std::string& name) {
    Problem p;
    std::ifstream in(test::data_path("nist/" + name + ".certified.json"));
    p.certified = nlohmann::json::parse(in);
    const test::Csv csv = test::read_csv(test::data_path("nist/" + name + ".csv"));
    p.y = csv.vector("y");
    std::vector<Eigen::VectorXd> columns;
    if (p.certified["intercept"].get<bool>()) {
        columns.push_back(Eigen::VectorXd::Ones(p.y.size()));
    }
    if (!p.certified["polynomial_degree"].is_null()) {
        const Eigen::VectorXd x = csv.vector("x");
        for (int k = 1; k <= p.certified["polynomial_degree"].get<int>(); ++k) {
            columns.push_back(x.array().pow(k).matrix());
        }
    } else {
        for (const std::string& h : csv.header) {
            if (h != "y") {
                columns.push_back(csv.vector(h));
            }
        }
    }
    p.x.resize(p.y.size(), static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) {
        p.x.col(static_cast<Eigen::Index>(j)) = columns[j];
        p.names.push_back("c" + std::to_string(j));
    }
    return p;
}

TEST_CASE("fit_ols meets the NIST StRD certified values") {
    for (const NistCase& c : k_cases) {
        CAPTURE(c.name);
        const Problem p = load(c.name);
        OlsOptions options;
        options.intercept_column = p.certified["intercept"].get<bool>() ? 0 : -1;
        const auto fit = fit_ols(p.x, p.y, p.names, options);
        REQUIRE(fit.ok());
        CHECK(fit->aliased.empty());  // no term dropped, Filip included
        REQUIRE(fit->coefficients.size() == p.certified["coefficients"].size());
        double coef_lre = 15.0;
        double se_lre = 15.0;
        for (std::size_t j = 0; j < fit->coefficients.size(); ++j) {
            coef_lre = std::min(coef_lre, test::lre(fit->coefficients[j].estimate,
                                                    p.certified["coefficients"][j].get<double>()));
            se_lre = std::min(se_lre, test::lre(fit->coefficients[j].std_error,
                                                p.certified["std_errors"][j].get<double>()));
        }
        const double sd_lre = test::lre(fit->residual_sd, p.certified["residual_sd"].get<double>());
        const double r2_lre = test::lre(fit->r_squared, p.certified["r_squared"].get<double>());
        std::ostringstream line;
        line.precision(3);
        line << c.name << ": LRE coefficients " << coef_lre << ", standard errors " << se_lre
             << ", residual SD " << sd_lre << ", R^2 " << r2_lre;
        const auto ls = solve_least_squares(p.x, p.y, {options.intercept_column});
        REQUIRE(ls.ok());
        line << "; smallest rank ratio " << ls->rank_ratios.minCoeff();
        MESSAGE(line.str());
        CHECK(coef_lre >= c.min_lre);
        CHECK(se_lre >= c.min_lre);
        CHECK(sd_lre >= c.min_lre);
        CHECK(r2_lre >= c.min_lre);
    }
}

}  // namespace
}  // namespace painlog::analytics
