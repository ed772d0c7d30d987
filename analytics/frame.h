// The model frame: turns a journal table of named columns into the design matrix and
// outcome vector every model in analytics uses, with the bookkeeping (terms, levels,
// left-out rows and factors, blocks) that findings need. Pure function of its input;
// thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include <Eigen/Core>

#include "analytics/result.h"

namespace painlog::analytics {

// One named column: numbers (NaN = missing) or category labels ("" = missing).
struct Column {
    std::string name;
    std::variant<std::vector<double>, std::vector<std::string>> values;
};

// Columns of equal length; row i is night i, in time order.
using Table = std::vector<Column>;

// Which columns enter the model. Categorical factors are the string columns among
// `factors`; `references` names the reference level of some of them (default: the most
// common level, ties broken by the first in sorted order).
struct FrameSpec {
    std::string outcome;
    std::vector<std::string> factors;
    std::map<std::string, std::string> references;
    bool intercept = true;
};

enum class FactorKind { k_numeric, k_yes_no, k_categorical };

struct Level {
    std::string name;
    std::size_t nights = 0;
};

// A factor that is in the model, described over the rows used.
struct FactorInfo {
    std::string name;
    FactorKind kind = FactorKind::k_numeric;
    std::vector<Level> levels;       // categorical: levels in sorted order, with counts
    std::string reference;           // categorical: the level the others are compared with
    std::vector<std::size_t> codes;  // categorical: per used row, index into levels
    std::vector<double> values;      // numeric and yes/no: per used row
    std::size_t blocks = 0;          // runs of one value in time order (a switch starts one)
};

// One design-matrix column: `(intercept)`, `COL` or `COL=LEVEL`.
struct Term {
    std::string name;
    std::string factor;  // empty for the intercept
    std::string level;   // categorical dummies only
};

struct ModelFrame {
    std::string outcome;
    bool intercept = true;
    Eigen::MatrixXd x;               // rows used x terms
    Eigen::VectorXd y;               // outcome on the rows used
    std::vector<Term> terms;         // one per column of x
    std::vector<FactorInfo> factors; // factors in the model, in spec order
    std::vector<std::size_t> rows;   // table row of each used row, ascending (time order kept)
    std::size_t rows_dropped = 0;    // rows left out for a missing outcome or factor value
    std::vector<std::string> notes;  // factors left out, rows left out, sparse levels
};

// Builds the model frame. Rows missing the outcome or any used factor are left out
// (counted in rows_dropped and a note); factors without variation are left out with a
// note; levels with fewer than 3 rows are noted. Numeric columns whose values are all 0
// or 1 are yes/no factors. Errors: empty table, unequal column lengths, a missing or
// non-numeric outcome column, an unknown factor column, a reference for a column that
// is not a categorical factor, an unknown reference level (the message lists the
// allowed levels), no complete row.
[[nodiscard]] Result<ModelFrame> build_frame(const Table& table, const FrameSpec& spec);

// Index of the term called `name` in frame.terms, or -1.
[[nodiscard]] Eigen::Index term_index(const ModelFrame& frame, const std::string& name);

// Runs of equal consecutive values (the number of blocks) in a sequence.
[[nodiscard]] std::size_t count_blocks(const std::vector<std::size_t>& codes);
[[nodiscard]] std::size_t count_blocks(const std::vector<double>& values);

}  // namespace painlog::analytics
