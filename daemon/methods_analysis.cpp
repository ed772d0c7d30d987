// RequestHandler: analysis.run and analysis.csv (PROTOCOL.md), the daemon calling the
// analytics library on the journal's nights or on a CSV.
#include <cmath>
#include <future>
#include <system_error>

#include "analytics/analysis.h"
#include "daemon/analysis_json.h"
#include "daemon/analysis_table.h"
#include "daemon/night_codec.h"
#include "daemon/params.h"
#include "daemon/request_handler.h"
#include "daemon/settings.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

// The inference options shared by both methods: se, hac_lag, references.
protocol::Status read_inference(const Params& params, analytics::AnalysisOptions& options,
                                std::map<std::string, std::string>& references) {
    auto se = params.optional_string("se");
    if (!se) return std::move(se).error();
    if (*se) {
        if (**se == "auto") {
            options.se = analytics::SeMethod::k_auto;
        } else if (**se == "hac") {
            options.se = analytics::SeMethod::k_hac;
        } else if (**se == "classic") {
            options.se = analytics::SeMethod::k_classic;
        } else {
            return invalid_field("se", **se, "auto, hac or classic");
        }
    }
    if (params.has("hac_lag")) {
        auto lag = parse_int_field("hac_lag", params.raw("hac_lag"), 0, 1000);
        if (!lag) return std::move(lag).error();
        if (*se && **se != "hac") {
            return invalid_field("hac_lag", std::to_string(*lag), "a lag only with se hac");
        }
        options.se = analytics::SeMethod::k_hac;  // a lag asks for Newey-West errors
        options.hac_lag = static_cast<std::size_t>(*lag);
    }
    if (params.has("references")) {
        const json& given = params.raw("references");
        if (!given.is_object()) {
            return invalid_field("references", describe_json(given), "an object of factor to level");
        }
        for (const auto& [factor, level] : given.items()) {
            if (!level.is_string()) {
                return invalid_field("references", factor + "=" + describe_json(level), "FACTOR=LEVEL");
            }
            references[factor] = level.get<std::string>();
        }
    }
    return {};
}

Result<std::vector<std::string>> string_list(const Params& params, std::string_view key) {
    std::vector<std::string> out;
    if (!params.has(key)) return out;
    const json& list = params.raw(key);
    if (!list.is_array()) return invalid_field(std::string(key), describe_json(list), "a list of column names");
    for (const auto& item : list) {
        if (!item.is_string()) return invalid_field(std::string(key), describe_json(item), "column names");
        out.push_back(item.get<std::string>());
    }
    return out;
}

// An analysis of `input` as its reply: the ANALYSIS, or the analysis's error.
Result<json> reply_of(analytics::Result<analytics::AnalysisResult> result, const AnalysisInput& input) {
    if (!result) {
        return protocol::make_error(ErrorCode::k_invalid_params, result.error().message);
    }
    result->notes.insert(result->notes.begin(), input.notes.begin(), input.notes.end());
    return analysis_to_json(*result);
}

Result<json> run_analysis(const AnalysisInput& input, const analytics::AnalysisOptions& options) {
    return reply_of(analytics::analyse(input.table, input.spec, options), input);
}

// An ANALYSIS without a model: `n` 0, no coefficients, one not_enough_data finding
// saying why; "from" and "to" null.
json no_model(analytics::OutcomeModel outcome, std::string description, std::string why) {
    analytics::AnalysisResult empty;
    empty.outcome = outcome;
    empty.description = std::move(description);
    empty.summary.outcome = "pain";
    analytics::Finding finding;
    finding.kind = analytics::FindingKind::k_not_enough_data;
    finding.effect = finding.ci_low = finding.ci_high = finding.p_adjusted = std::nan("");
    finding.text = std::move(why);
    empty.findings.push_back(std::move(finding));
    json result = analysis_to_json(empty);
    result["from"] = nullptr;
    result["to"] = nullptr;
    return result;
}

}  // namespace

Result<RequestHandler::AnalysisRequest> RequestHandler::read_analysis_request(const json& raw) {
    auto params = Params::read(raw, {"from", "to", "outcome", "threshold", "se", "hac_lag", "references"});
    if (!params) return std::move(params).error();
    AnalysisRequest request;
    const Date today = m_journal.today();
    std::optional<Date>* range[2] = {&request.from, &request.to};
    const char* keys[2] = {"from", "to"};
    for (int i = 0; i < 2; ++i) {
        auto text = params->optional_string(keys[i]);
        if (!text) return std::move(text).error();
        if (!*text) continue;
        auto date = parse_date_param(keys[i], **text, today);
        if (!date) return std::move(date).error();
        *range[i] = *date;
    }
    if (request.from && request.to && *request.from > *request.to) {
        return invalid_field("from", format_date(*request.from),
                             "a date no later than 'to' (" + format_date(*request.to) + ")");
    }

    analytics::AnalysisOptions& options = request.options;
    auto outcome = params->optional_string("outcome");
    if (!outcome) return std::move(outcome).error();
    const std::string chosen = outcome->value_or("pain");
    if (chosen != "pain" && chosen != "bad-morning" && chosen != "both") {
        return invalid_field("outcome", chosen, "pain, bad-morning or both");
    }
    request.both = chosen == "both";
    options.outcome = chosen == "bad-morning" ? analytics::OutcomeModel::k_bad_morning
                                              : analytics::OutcomeModel::k_pain;
    if (params->has("threshold") && chosen == "pain") {
        return invalid_field("threshold", describe_json(params->raw("threshold")),
                             "a threshold only with outcome bad-morning or both");
    }
    int threshold = 0;
    if (chosen != "pain") {
        // The configured threshold (or the setting's default), as checked by config.set.
        const SettingSpec& spec = **find_setting("bad_morning_threshold");
        std::string configured(spec.default_value);
        if (auto stored = m_journal.settings(); stored.ok()) {
            if (const auto it = stored->find(std::string(spec.key)); it != stored->end()) {
                configured = it->second;
            }
        }
        auto checked = check_setting(spec, configured);
        if (!checked) return std::move(checked).error();
        threshold = std::stoi(*checked);
        if (params->has("threshold")) {
            auto given = parse_int_field("threshold", params->raw("threshold"), 1, 10);
            if (!given) return std::move(given).error();
            threshold = *given;
        }
    }
    options.bad_morning_threshold = threshold;
    std::map<std::string, std::string> references;
    if (auto status = read_inference(*params, options, references); !status) return std::move(status).error();

    // References name a categorical factor of the journal and one of its levels,
    // regardless of case (as names are everywhere); checked before any data is read.
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    std::vector<std::string> categorical{"mattress", "pillow", "position"};
    for (const Factor& factor : (*catalog)->factors) {
        if (factor.type == "choice") categorical.push_back(factor.name);
    }
    for (const auto& [factor, level] : references) {
        // A copy: clang 14 cannot capture a structured binding in a lambda.
        const std::string factor_key = name_key(factor);
        const auto match = std::find_if(categorical.begin(), categorical.end(), [&](const auto& name) {
            return name_key(name) == factor_key;
        });
        if (match == categorical.end()) {
            std::string known;
            for (const auto& name : categorical) known += (known.empty() ? "" : ", ") + name;
            return invalid_field("references", factor, "a categorical factor (" + known + ")");
        }
        request.references[*match] = level;
    }
    return request;
}

Result<json> RequestHandler::analyse_nights(AnalysisRequest request, NightColumns nights, const Catalog& catalog) {
    if (nights.dates.empty()) {  // a friendly answer, not an error, for an empty journal
        const std::string text = "No nights logged yet in this period. Log each morning with 'painlog add "
                                 "--pain N'; the analysis needs at least " +
                                 std::to_string(analytics::k_min_nights) + " nights.";
        const std::string description = "no analysis: no nights logged in this period";
        if (!request.both) return no_model(request.options.outcome, description, text);
        return json{{"pain", no_model(analytics::OutcomeModel::k_pain, description, text)},
                    {"bad_morning", no_model(analytics::OutcomeModel::k_bad_morning, description, text)}};
    }
    const std::vector<Date> dates = nights.dates;  // the table's rows' nights
    AnalysisInput input = journal_analysis_input(std::move(nights), catalog);
    for (auto& [factor, level] : request.references) {
        const auto column =
            std::find_if(input.table.begin(), input.table.end(),
                         [&name = factor](const auto& c) { return c.name == name; });
        if (column == input.table.end() ||
            std::find(input.spec.factors.begin(), input.spec.factors.end(), factor) ==
                input.spec.factors.end()) {
            return invalid_field("references", factor,
                                 "a factor logged in this period; '" + factor + "' was left out");
        }
        // The level as registered, whatever its case; an unknown one is named by the
        // analysis with the levels it has.
        for (const auto& value : std::get<std::vector<std::string>>(column->values)) {
            if (name_key(value) == name_key(level)) {
                level = value;
                break;
            }
        }
    }
    input.spec.references = std::move(request.references);
    request.options.labels = input.labels;
    // The model frame, its summary and least squares, which each model reads. Before a
    // logistic fit alone, least squares only says which terms are aliased, as in
    // analytics::analyse(table, ...); both models share the pain model's.
    const bool logistic_alone = !request.both && request.options.outcome == analytics::OutcomeModel::k_bad_morning;
    const auto groundwork = analytics::lay_groundwork(
        input.table, input.spec, logistic_alone ? analytics::Factoring::k_double : analytics::Factoring::k_refined);
    if (!groundwork) return protocol::make_error(ErrorCode::k_invalid_params, groundwork.error().message);
    // An ANALYSIS with the dates of the first and last night its model used: nights
    // left out for a missing value at either end are not in its span.
    const std::vector<std::size_t>& used = groundwork->frame.rows;
    const json first = used.empty() ? json() : json(format_date(dates[used.front()]));
    const json last = used.empty() ? json() : json(format_date(dates[used.back()]));
    const auto dated = [&first, &last](Result<json> reply) {
        if (reply) {
            (*reply)["from"] = first;
            (*reply)["to"] = last;
        }
        return reply;
    };
    if (!request.both) return dated(reply_of(analytics::analyse(*groundwork, request.options), input));

    // Both models of the same nights from the one groundwork, each as it would be alone:
    // the bad-morning model on a thread of its own while this one fits the pain model.
    // They share nothing but `input` and the groundwork, which neither changes;
    // std::async's future waits for its thread when destroyed, so the thread never
    // outlives what it reads, even when this one returns early or throws. With no
    // thread to be had (a limit on tasks), the bad-morning model is fitted here
    // afterwards.
    analytics::AnalysisOptions bad_options = request.options;
    bad_options.outcome = analytics::OutcomeModel::k_bad_morning;
    const auto fit_bad = [&] { return dated(reply_of(analytics::analyse(*groundwork, bad_options), input)); };
    std::future<Result<json>> fitting;
    try {
        fitting = std::async(std::launch::async, fit_bad);
    } catch (const std::system_error&) {
    }
    auto analysis = dated(reply_of(analytics::analyse(*groundwork, request.options), input));
    if (!analysis) return analysis;
    // When the bad-morning model cannot be fitted (every morning good, say), the pain
    // model still stands: the bad-morning side says why instead of failing the request.
    auto bad = fitting.valid() ? fitting.get() : fit_bad();
    if (!bad) {
        std::string why = bad.error().message;
        if (!why.ends_with('.')) why += '.';
        bad = no_model(analytics::OutcomeModel::k_bad_morning, "no model of bad mornings",
                       "No model of bad mornings: " + why);
    }
    return json{{"pain", std::move(*analysis)}, {"bad_morning", std::move(*bad)}};
}

Result<json> RequestHandler::analysis_run(const json& raw) {
    auto request = read_analysis_request(raw);
    if (!request) return std::move(request).error();
    auto read = m_journal.night_columns(request->from, request->to);
    if (!read) return std::move(read).error();
    return analyse_nights(std::move(*request), std::move(read->nights), *read->catalog);
}

Result<json> RequestHandler::analysis_csv(const json& raw) {
    auto params = Params::read(raw, {"path", "content", "outcome", "factors", "categorical", "references",
                                     "model", "intercept", "se", "hac_lag"});
    if (!params) return std::move(params).error();
    auto text = params->path_or_content();
    if (!text) return std::move(text).error();
    const std::string content = std::move(*text);

    CsvAnalysisSpec spec;
    auto outcome = params->string("outcome");
    if (!outcome) return std::move(outcome).error();
    spec.outcome = *outcome;
    if (params->has("factors")) {
        auto factors = string_list(*params, "factors");
        if (!factors) return std::move(factors).error();
        spec.factors = std::move(*factors);
    }
    auto categorical = string_list(*params, "categorical");
    if (!categorical) return std::move(categorical).error();
    spec.categorical = std::move(*categorical);
    if (params->has("intercept")) {
        auto intercept = params->flag("intercept");
        if (!intercept) return std::move(intercept).error();
        spec.intercept = *intercept;
    }

    analytics::AnalysisOptions options;
    options.se = analytics::SeMethod::k_classic;
    options.fit_any_size = true;
    // Any data, not a journal: its own words, and no journal sufficiency rules.
    options.wording.subject_prefix = "With ";
    options.wording.unit = spec.outcome.empty() ? "units" : spec.outcome;
    options.wording.event = spec.outcome + " = 1";
    options.wording.row = "row";
    options.wording.rows = "rows";
    options.wording.min_rows = 0;
    options.wording.min_blocks = 0;
    auto model = params->optional_string("model");
    if (!model) return std::move(model).error();
    const std::string chosen = model->value_or("ols");
    if (chosen != "ols" && chosen != "logit") return invalid_field("model", chosen, "ols or logit");
    if (auto status = read_inference(*params, options, spec.references); !status) return std::move(status).error();

    auto input = csv_analysis_input(content, spec);
    if (!input) return std::move(input).error();
    if (!spec.intercept) {
        for (std::size_t c = 1; c < input->table.size(); ++c) {
            if (std::holds_alternative<std::vector<std::string>>(input->table[c].values)) {
                return invalid_field("intercept", "false",
                                     "an intercept when a factor is categorical ('" +
                                         input->table[c].name +
                                         "'): without one its reference level has no estimate");
            }
        }
    }
    if (chosen == "logit") {
        const auto& y = std::get<std::vector<double>>(input->table.front().values);
        for (std::size_t i = 0; i < y.size(); ++i) {
            if (!std::isnan(y[i]) && y[i] != 0.0 && y[i] != 1.0) {
                return protocol::at_row(invalid_field("outcome", format_number(y[i]),
                                                      "0 or 1 in every row for a logit model"),
                                        static_cast<long>(i + 1));
            }
        }
        options.outcome = analytics::OutcomeModel::k_bad_morning;
        options.bad_morning_threshold = 1.0;
    }
    return run_analysis(*input, options);
}

}  // namespace painlog::daemon
