// painlog analyze: which factors go with worse or better mornings, in the journal
// (analysis.run) or in any CSV file (analysis.csv, with --csv FILE). Option combinations
// that belong to the other form are usage errors here; values are passed through as
// written for painlogd to validate, so its messages name the field (as add does).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/night_options.h"
#include "cli/render_analysis.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct AnalyzeOptions {
    std::optional<std::string> csv;
    std::optional<std::string> from;
    std::optional<std::string> to;
    std::optional<std::string> outcome;
    std::optional<std::string> threshold;
    std::optional<std::string> se;
    std::optional<std::string> hac_lag;
    std::optional<std::string> factors;  // comma-separated
    std::optional<std::string> model;
    std::vector<std::string> categorical;
    std::vector<std::string> references;  // FACTOR=LEVEL
    bool no_intercept = false;
    bool json = false;
};

[[noreturn]] void usage_error(const std::string& message) {
    throw Failure(ExitCode::k_usage, message + "\nRun 'painlog analyze --help' for usage.");
}

// Throws Failure(k_usage) for an option that belongs to the other form, or a CSV
// analysis without --outcome.
void check_form(const AnalyzeOptions& options) {
    if (options.csv) {
        if (!options.outcome) usage_error("--csv needs --outcome COLUMN: the column to explain");
        for (const auto& [name, given] : {std::pair{"--from", options.from.has_value()},
                                          std::pair{"--to", options.to.has_value()}}) {
            if (given) {
                usage_error(std::string(name) +
                            " applies to the journal only; with --csv every row of the file is "
                            "used (cut the file to the rows you want)");
            }
        }
        if (options.threshold) {
            usage_error("--threshold applies to the journal only; with --csv give a 0/1 --outcome "
                        "column and --model logit");
        }
        return;
    }
    const std::pair<const char*, bool> csv_only[] = {
        {"--model", options.model.has_value()},
        {"--no-intercept", options.no_intercept},
        {"--factors", options.factors.has_value()},
        {"--categorical", !options.categorical.empty()},
    };
    for (const auto& [name, given] : csv_only) {
        if (given) {
            usage_error(std::string(name) +
                        " applies to a CSV analysis only (--csv FILE); the journal's factors "
                        "and model are chosen by painlogd");
        }
    }
}

json references(const std::vector<std::string>& assignments) {
    json out = json::object();
    for (const std::string& assignment : assignments) {
        auto [factor, level] = split_factor(assignment);
        out[factor] = level;
    }
    return out;
}

// analysis.run params: only the options given.
json journal_params(const AnalyzeOptions& options) {
    json params = json::object();
    if (options.from) params["from"] = *options.from;
    if (options.to) params["to"] = *options.to;
    if (options.outcome) params["outcome"] = *options.outcome;
    if (options.threshold) params["threshold"] = integer_or_text(*options.threshold);
    if (options.se) params["se"] = *options.se;
    if (options.hac_lag) params["hac_lag"] = integer_or_text(*options.hac_lag);
    if (!options.references.empty()) params["references"] = references(options.references);
    return params;
}

// analysis.csv params: the file's absolute path (throws Failure(k_no_input) when it
// cannot be read) and the options given.
json csv_params(const AnalyzeOptions& options) {
    json params = {{"path", readable_file(*options.csv).string()}, {"outcome", *options.outcome}};
    if (options.factors) params["factors"] = split_list(*options.factors);
    if (!options.categorical.empty()) params["categorical"] = options.categorical;
    if (!options.references.empty()) params["references"] = references(options.references);
    if (options.model) params["model"] = *options.model;
    if (options.no_intercept) params["intercept"] = false;
    if (options.se) params["se"] = *options.se;
    if (options.hac_lag) params["hac_lag"] = integer_or_text(*options.hac_lag);
    return params;
}

void run_analyze(const AnalyzeOptions& options, Context& context) {
    check_form(options);
    const std::string_view method =
        options.csv ? protocol::method::k_analysis_csv : protocol::method::k_analysis_run;
    json params = options.csv ? csv_params(options) : journal_params(options);
    if (options.json) {
        print_json_text(context, call_text(context, method, std::move(params)));
        return;
    }
    const json result = call(context, method, std::move(params));
    if (!options.csv && options.outcome == "both") {
        context.out << both_analyses_text(result);
        return;
    }
    context.out << analysis_text(result, AnalysisSource{options.csv.value_or("")});
}

}  // namespace

Handler define_analyze(CLI::App& command) {
    auto options = std::make_shared<AnalyzeOptions>();
    add_text_option(command, "--csv", options->csv,
                    "Analyse a CSV file (header row, rows in time order) instead of the journal",
                    "FILE");
    add_text_option(command, "--outcome", options->outcome,
                    "Journal: pain (default), bad-morning or both (the two models of the same "
                    "nights); with --csv: the column to explain (required)",
                    "OUTCOME");
    add_text_option(command, "--from", options->from, "Journal: first date to use (YYYY-MM-DD)",
                    "DATE");
    add_text_option(command, "--to", options->to, "Journal: last date to use (YYYY-MM-DD)", "DATE");
    add_text_option(command, "--threshold", options->threshold,
                    "Journal: a bad morning is pain >= N (default: the bad_morning_threshold "
                    "setting)",
                    "N");
    add_text_option(command, "--factors", options->factors,
                    "CSV: the columns to use as factors, comma-separated (default: all others)",
                    "LIST");
    command.add_option("--categorical", options->categorical,
                       "CSV: treat this column as categories even if it holds numbers (repeatable)")
        ->allow_extra_args(false)
        ->type_name("COLUMN");
    const CLI::Validator factor_equals_level(
        [](std::string& text) -> std::string {
            const auto equals = text.find('=');
            if (equals == std::string::npos || equals == 0) {
                return "'" + text + "' is not FACTOR=LEVEL (e.g. --reference position=back)";
            }
            return {};
        },
        "", "reference");
    command
        .add_option("--reference", options->references,
                    "Compare a categorical factor's levels against LEVEL (repeatable)")
        ->allow_extra_args(false)
        ->type_name("FACTOR=LEVEL")
        ->check(factor_equals_level);
    add_text_option(command, "--model", options->model,
                    "CSV: ols (default) or logit (for a 0/1 outcome)", "MODEL");
    command.add_flag("--no-intercept", options->no_intercept, "CSV: fit without an intercept");
    add_text_option(command, "--se", options->se,
                    "Standard errors: auto (default for the journal), hac or classic (default "
                    "for --csv)",
                    "METHOD");
    add_text_option(command, "--hac-lag", options->hac_lag,
                    "Newey-West lag for --se hac (default: chosen from the number of rows)", "L");
    add_json_flag(command, options->json);
    command.footer(
        "Examples:\n"
        "  painlog analyze\n"
        "  painlog analyze --outcome bad-morning --reference mattress=Morgedal\n"
        "  painlog analyze --outcome both\n"
        "  painlog analyze --csv days.csv --outcome pain --categorical room");
    return [options](Context& context) { run_analyze(*options, context); };
}

}  // namespace painlog::cli
