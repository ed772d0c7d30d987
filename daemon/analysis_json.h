// The ANALYSIS result of PROTOCOL.md (analysis.run, analysis.csv) from the analytics
// library's result: every figure as a JSON number that reads back to the same
// double, null where it does not apply or is not finite. Pure; thread-safe.
#pragma once

#include <nlohmann/json.hpp>

#include "analytics/analysis.h"

namespace painlog::daemon {

[[nodiscard]] nlohmann::json analysis_to_json(const analytics::AnalysisResult& result);

}  // namespace painlog::daemon
