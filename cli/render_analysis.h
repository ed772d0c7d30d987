// The plain-text page `painlog analyze` prints for an ANALYSIS result (PROTOCOL.md,
// analysis.run / analysis.csv): what was analysed, the findings in words with a
// direction marker, a coefficient table, the model and its notes, within 80 columns
// and without colour. Pure functions of JSON values; thread-safe. Unknown fields are
// ignored and missing or null figures print as "-".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace painlog::cli {

// Prose lines (findings, notes, the model line) are wrapped at this width.
inline constexpr std::size_t k_wrap_width = 78;

// Where the analysed rows came from, for the first line of the page.
struct AnalysisSource {
    // Empty for the journal (analysis.run: "N nights (FROM to TO)"); otherwise the CSV
    // file as the user named it ("N rows of FILE").
    std::string csv_file;
};

// The whole page: what was analysed; the findings (flagged effects first, otherwise in
// the daemon's order), each behind finding_marker(); when there is at least one effect
// finding, the coefficient table and the model line; aliased terms and notes as
// "Note: " lines; and the closing reminder that these are associations, not advice.
[[nodiscard]] std::string analysis_text(const nlohmann::json& analysis,
                                        const AnalysisSource& source = {});

// The page for analysis.run with outcome both ({"pain": ANALYSIS, "bad_morning":
// ANALYSIS}, one model frame): as analysis_text, with the findings of the pain model
// and then those of the bad-morning model, each under its own heading; the mean pain by
// factor once; each model's coefficient table and model line in turn; a finding or note
// the pain model already showed (such as "not enough nights") is not repeated.
[[nodiscard]] std::string both_analyses_text(const nlohmann::json& both);

// "▲ " a flagged effect towards worse (higher outcome; odds ratio above 1), "▼ " a
// flagged one towards better, "· " an effect not flagged, "? " any other finding kind
// (too_early, not_enough_data, separation). The direction is the sign of the term's
// estimate in analysis["coefficients"] (log-odds for logit), else of the finding's
// effect (compared with 1 when analysis["model"] is "logit", since it is an odds ratio).
[[nodiscard]] std::string finding_marker(const nlohmann::json& finding,
                                         const nlohmann::json& analysis);

// The coefficient table: term, estimate (odds ratio for logit), 95% CI, p, adj. p,
// nights; at most k_table_width columns. Empty when there are no coefficients.
[[nodiscard]] std::string coefficient_table(const nlohmann::json& analysis);

// The first layer, without any model: mean outcome per level (or with / without)
// of each factor, with night counts; "" when the result has no summary.
[[nodiscard]] std::string summary_text(const nlohmann::json& analysis);

// `text` wrapped at `width` columns (code points): the first line starts with `first`,
// the others with as many spaces as `first` is wide. Words longer than a line are
// split. Every line ends in '\n'; no trailing spaces.
[[nodiscard]] std::string wrap(std::string_view text, std::string_view first,
                               std::size_t width = k_wrap_width);

// A figure for the table: "-" unless a finite number; two decimals, or two significant
// digits for magnitudes that would round to 0.00, and three for 100000 and more.
[[nodiscard]] std::string estimate_text(const nlohmann::json& value);

// A p-value: "-" unless a number from 0 to 1, "< 0.001" below 0.001, else three decimals.
[[nodiscard]] std::string p_text(const nlohmann::json& value);

}  // namespace painlog::cli
