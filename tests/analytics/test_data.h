// Test helpers: paths to the committed test data and a small CSV reader (numeric
// columns, or text columns where asked). Test-only; not part of painlog_analytics.
#pragma once

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "analytics/frame.h"

namespace painlog::analytics::test {

inline std::string data_path(const std::string& name) {
    return std::string(PAINLOG_SOURCE_DIR) + "/tests/analytics/data/" + name;
}

struct Csv {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> cells;  // per column

    const std::vector<std::string>& column(const std::string& name) const {
        for (std::size_t j = 0; j < header.size(); ++j) {
            if (header[j] == name) {
                return cells[j];
            }
        }
        throw std::runtime_error("no column " + name);
    }
    std::vector<double> numbers(const std::string& name) const {
        std::vector<double> out;
        for (const std::string& cell : column(name)) {
            out.push_back(cell.empty() || cell == "NA" ? std::numeric_limits<double>::quiet_NaN()
                                                       : std::stod(cell));
        }
        return out;
    }
    Eigen::VectorXd vector(const std::string& name) const {
        const std::vector<double> v = numbers(name);
        return Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
    }
};

// Reads a comma-separated file with a header line and no quoted commas.
inline Csv read_csv(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    auto split = [](const std::string& line) {
        std::vector<std::string> out;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ',')) {
            if (cell.size() >= 2 && cell.front() == '"' && cell.back() == '"') {
                cell = cell.substr(1, cell.size() - 2);
            }
            out.push_back(cell);
        }
        if (!line.empty() && line.back() == ',') {
            out.emplace_back();
        }
        return out;
    };
    Csv csv;
    std::string line;
    std::getline(in, line);
    csv.header = split(line);
    csv.cells.resize(csv.header.size());
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        const std::vector<std::string> row = split(line);
        for (std::size_t j = 0; j < csv.header.size(); ++j) {
            csv.cells[j].push_back(j < row.size() ? row[j] : "");
        }
    }
    return csv;
}

// The journal R's reference fits use (tests/analytics/data/r/journal.csv).
inline Table journal_table() {
    const Csv csv = read_csv(data_path("r/journal.csv"));
    return {{"pain", csv.numbers("pain")},
            {"stress", csv.numbers("stress")},
            {"alcohol", csv.numbers("alcohol")},
            {"position", csv.column("position")},
            {"pillow", csv.column("pillow")}};
}

// A reference CSV of R results, columns what,term,value.
struct RReference {
    Csv csv;
    double get(const std::string& what, const std::string& term = "") const {
        const auto& whats = csv.column("what");
        const auto& terms = csv.column("term");
        for (std::size_t i = 0; i < whats.size(); ++i) {
            if (whats[i] == what && terms[i] == term) {
                return std::stod(csv.column("value")[i]);
            }
        }
        throw std::runtime_error("no R reference value " + what + " " + term);
    }
};

inline RReference r_reference(const std::string& file) {
    return {read_csv(data_path("r/" + file))};
}

// |a - b| <= tol * max(|b|, floor): relative agreement, absolute near zero.
inline bool agrees(double a, double b, double tol = 1e-6, double floor = 1e-12) {
    return std::fabs(a - b) <= tol * std::max(std::fabs(b), floor);
}

// Log relative error: correct significant digits (log absolute error when cert is 0),
// capped at 15.
inline double lre(double estimate, double certified) {
    const double error = std::fabs(estimate - certified);
    const double scaled = certified == 0.0 ? error : error / std::fabs(certified);
    return scaled == 0.0 ? 15.0 : std::min(15.0, -std::log10(scaled));
}

}  // namespace painlog::analytics::test
