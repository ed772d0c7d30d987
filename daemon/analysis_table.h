// The analysis's input tables: the journal's nights as columns the analytics library
// models (with words for its findings), and any CSV read the same way. Pure
// conversions; thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/analysis.h"
#include "daemon/catalog.h"
#include "daemon/night.h"
#include "protocol/result.h"

namespace painlog::daemon {

// A factor logged on fewer than this share of the nights is left out of the model.
inline constexpr double k_min_factor_coverage = 0.5;

struct AnalysisInput {
    analytics::Table table;
    analytics::FrameSpec spec;
    analytics::Labels labels;        // findings' words for the journal's terms
    std::vector<std::string> notes;  // factors left out here, and why
};

// The journal's nights (read_night_columns, with `catalog`) as an analysis of the
// outcome "pain": gear, position and choice factors categorical; stress, hours, sleep
// quality and number factors numeric; yes/no factors and one `routine:NAME` column per
// routine done in the window as 0/1. Factors logged on too few nights are left out
// (notes).
[[nodiscard]] AnalysisInput journal_analysis_input(NightColumns nights, const Catalog& catalog);

// The nights of `nights` dated from..to (either end open): all of them moved, or
// those in the range copied. A routine done on none of those nights has no column.
[[nodiscard]] NightColumns nights_between(NightColumns nights, std::optional<Date> from, std::optional<Date> to);

struct CsvAnalysisSpec {
    std::string outcome;
    std::optional<std::vector<std::string>> factors;  // default: every other column
    std::vector<std::string> categorical;
    std::map<std::string, std::string> references;
    bool intercept = true;
};

// Any CSV (header, then rows in time order) as an analysis input. Columns whose
// non-empty values are all numbers are numeric unless named categorical; empty
// cells are missing. Errors name the column: missing, a non-numeric outcome.
[[nodiscard]] protocol::Result<AnalysisInput> csv_analysis_input(std::string_view text,
                                                                 const CsvAnalysisSpec& spec);

}  // namespace painlog::daemon
