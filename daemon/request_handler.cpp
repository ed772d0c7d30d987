#include "daemon/request_handler.h"

#include <array>
#include <chrono>
#include <exception>
#include <utility>

#include "protocol/framing.h"
#include "protocol/jsonrpc.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::make_error;
namespace method = protocol::method;

// A method: `handler` returns its result as JSON, or `text` writes the result's JSON
// text itself (night.list: a tree of many nights costs more than the query;
// report.build: a rendered page is escaped faster than nlohmann does it).
struct MethodEntry {
    std::string_view name;
    RequestHandler::Method handler;
    RequestHandler::TextMethod text = nullptr;
};

// The one table of methods; PROTOCOL.md documents each.
const std::array<MethodEntry, 36>& method_table() {
    static const std::array<MethodEntry, 36> k_methods{{
        {method::k_status, &RequestHandler::status},
        {method::k_night_add, &RequestHandler::night_add},
        {method::k_night_get, &RequestHandler::night_get},
        {method::k_night_list, nullptr, &RequestHandler::night_list},
        {method::k_night_edit, &RequestHandler::night_edit},
        {method::k_night_remove, &RequestHandler::night_remove},
        {method::k_gear_add, &RequestHandler::gear_add},
        {method::k_gear_use, &RequestHandler::gear_use},
        {method::k_gear_list, &RequestHandler::gear_list},
        {method::k_factor_add, &RequestHandler::factor_add},
        {method::k_factor_list, &RequestHandler::factor_list},
        {method::k_routine_list, &RequestHandler::routine_list},
        {method::k_routine_get, &RequestHandler::routine_get},
        {method::k_routine_add, &RequestHandler::routine_add},
        {method::k_routine_done, &RequestHandler::routine_done},
        {method::k_reminder_add, &RequestHandler::reminder_add},
        {method::k_reminder_list, &RequestHandler::reminder_list},
        {method::k_reminder_remove, &RequestHandler::reminder_remove},
        {method::k_reminder_pause, &RequestHandler::reminder_pause},
        {method::k_reminder_resume, &RequestHandler::reminder_resume},
        {method::k_reminder_snooze, &RequestHandler::reminder_snooze},
        {method::k_reminder_pending, &RequestHandler::reminder_pending},
        {method::k_reminder_preview, &RequestHandler::reminder_preview},
        {method::k_reminder_test, &RequestHandler::reminder_test},
        {method::k_report_build, nullptr, &RequestHandler::report_build},
        {method::k_report_write, &RequestHandler::report_write},
        {method::k_report_list, &RequestHandler::report_list},
        {method::k_journal_export, &RequestHandler::journal_export},
        {method::k_journal_import, &RequestHandler::journal_import},
        {method::k_journal_check, &RequestHandler::journal_check},
        {method::k_journal_backup, &RequestHandler::journal_backup},
        {method::k_journal_restore, &RequestHandler::journal_restore},
        {method::k_analysis_run, &RequestHandler::analysis_run},
        {method::k_analysis_csv, &RequestHandler::analysis_csv},
        {method::k_config_get, &RequestHandler::config_get},
        {method::k_config_set, &RequestHandler::config_set},
    }};
    return k_methods;
}

// The table's entry for `name`, or nullptr.
const MethodEntry* find_method(std::string_view name) {
    for (const auto& entry : method_table()) {
        if (entry.name == name) return &entry;
    }
    return nullptr;
}

protocol::Error unknown_method(std::string_view name) {
    std::string names;
    for (const auto& entry : method_table()) {
        names += (names.empty() ? "" : ", ") + std::string(entry.name);
    }
    return protocol::Error{ErrorCode::k_method_not_found,
                           "method: '" + std::string(name) + "' is not a method; expected one of " + names,
                           "method", std::string(name), names, {}};
}

// An exception that escaped a method: a bug, answered without changing anything.
protocol::Error internal_error(const std::exception& e) {
    return make_error(ErrorCode::k_internal_error,
                      std::string("painlogd failed on this request (") + e.what() + "); nothing was changed");
}

std::string error_line(const json& id, protocol::Error error) {
    return protocol::encode_line(protocol::make_error_reply(id, error));
}

bool valid_id(const json& id) { return id.is_string() || id.is_number_integer() || id.is_null(); }

}  // namespace

RequestHandler::RequestHandler(Journal& journal, Scheduler& scheduler, ServerInfo info)
    : m_journal(journal), m_scheduler(scheduler), m_info(std::move(info)) {}

void RequestHandler::schedule_changed() {
    if (m_on_schedule_change) m_on_schedule_change();
}

std::string RequestHandler::too_long_reply(std::size_t limit) {
    return error_line(nullptr, make_error(ErrorCode::k_invalid_request,
                                          "the message is longer than the " +
                                              std::to_string(limit) +
                                              " bytes allowed; the connection is closed"));
}

std::optional<std::string> RequestHandler::handle(std::string_view line) {
    // An analysis, a report or an import leaves megabytes of freed heap behind, which
    // the owner gives back once painlogd is quiet (MemoryTrim).
    struct SayWhenDone {
        const std::function<void(std::chrono::steady_clock::duration)>& callback;
        std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
        ~SayWhenDone() {
            if (callback) callback(std::chrono::steady_clock::now() - start);
        }
    } done{m_on_request_done};
    if (protocol::nests_deeper_than(line, protocol::k_max_nesting_depth)) {
        return error_line(nullptr, make_error(ErrorCode::k_invalid_request,
                                              "the message nests arrays and objects deeper than " +
                                                  std::to_string(protocol::k_max_nesting_depth) +
                                                  " levels; painlog requests need a handful"));
    }
    // nlohmann's parser takes a NUL byte for the end of the input and would ignore
    // whatever follows it; JSON text never holds one, so the line is not JSON.
    const json request = line.find('\0') == std::string_view::npos
                             ? json::parse(line, nullptr, false)
                             : json(json::value_t::discarded);
    if (request.is_discarded()) {
        return error_line(nullptr, make_error(ErrorCode::k_parse_error,
                                              "the message is not valid JSON (or not UTF-8); "
                                              "send one JSON-RPC 2.0 object per line"));
    }
    if (request.is_array()) {
        return error_line(nullptr, make_error(ErrorCode::k_invalid_request,
                                              "batch requests are not supported; send one "
                                              "request object per line"));
    }
    if (!request.is_object()) {
        return error_line(nullptr, make_error(ErrorCode::k_invalid_request,
                                              "a request must be a JSON object"));
    }
    const bool has_id = request.contains("id");
    const json id = has_id && valid_id(request["id"]) ? request["id"] : json(nullptr);
    if (has_id && !valid_id(request["id"])) {
        return error_line(nullptr, make_error(ErrorCode::k_invalid_request,
                                              "id: must be a string, an integer or null"));
    }
    if (!request.contains("jsonrpc") || request["jsonrpc"] != "2.0") {
        const std::string given = request.contains("jsonrpc") ? request["jsonrpc"].dump() : "(missing)";
        auto error = protocol::invalid_field("jsonrpc", given, "\"2.0\"");
        error.code = ErrorCode::k_invalid_request;
        return error_line(id, std::move(error));
    }
    if (!request.contains("method") || !request["method"].is_string()) {
        return error_line(id, make_error(ErrorCode::k_invalid_request,
                                         "method: must be a string naming a method"));
    }
    static const json k_no_params;
    const json& params = request.contains("params") ? request["params"] : k_no_params;
    const std::string& name = request["method"].get_ref<const std::string&>();

    const MethodEntry* entry = find_method(name);
    if (entry != nullptr && entry->text != nullptr) {
        protocol::Result<std::string> text = [&]() -> protocol::Result<std::string> {
            try {
                return (this->*entry->text)(params);
            } catch (const std::exception& e) {
                return internal_error(e);
            }
        }();
        if (!has_id) return std::nullopt;
        if (!text) return error_line(id, std::move(text).error());
        // As encode_line(make_result_reply(id, result)) writes it: keys in order.
        return "{\"id\":" + protocol::encode_text(id) +
               ",\"jsonrpc\":\"2.0\",\"result\":" + *text + "}\n";
    }
    protocol::Result<json> result = [&]() -> protocol::Result<json> {
        if (entry == nullptr) return unknown_method(name);
        try {
            return (this->*entry->handler)(params);
        } catch (const std::exception& e) {
            return internal_error(e);
        }
    }();
    if (!has_id) return std::nullopt;  // a notification: no reply, whatever happened
    if (!result) return error_line(id, std::move(result).error());
    return protocol::encode_line(protocol::make_result_reply(id, std::move(*result)));
}

}  // namespace painlog::daemon
