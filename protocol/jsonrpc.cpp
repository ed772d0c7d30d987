#include "protocol/jsonrpc.h"

#include <utility>

namespace painlog::protocol {

using nlohmann::json;

json make_request(std::int64_t id, std::string_view method, json params) {
    json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
    if (!params.is_null()) request["params"] = std::move(params);
    return request;
}

json make_result_reply(const json& id, json result) {
    return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json make_error_reply(const json& id, const Error& error) {
    json data = {{"kind", error_kind(error.code)}};
    if (!error.field.empty()) data["field"] = error.field;
    if (!error.value.empty()) data["value"] = error.value;
    if (!error.allowed.empty()) data["allowed"] = error.allowed;
    if (error.row) data["row"] = *error.row;
    return {{"jsonrpc", "2.0"},
            {"id", id},
            {"error",
             {{"code", static_cast<int>(error.code)},
              {"message", error.message},
              {"data", std::move(data)}}}};
}

std::string encode_line(const json& message) {
    std::string line = message.dump(-1, ' ', false, json::error_handler_t::replace);
    line.push_back('\n');
    return line;
}

Error error_from_reply(const json& error_object) {
    Error error;
    const auto text = [&](const json& object, const char* key) -> std::string {
        if (object.is_object() && object.contains(key) && object[key].is_string()) {
            return object[key].get<std::string>();
        }
        return {};
    };
    int code = static_cast<int>(ErrorCode::k_internal_error);
    if (error_object.is_object() && error_object.contains("code") &&
        error_object["code"].is_number_integer()) {
        code = error_object["code"].get<int>();
    }
    error.code = error_code_from_int(code).value_or(ErrorCode::k_internal_error);
    error.message = text(error_object, "message");
    if (error.message.empty()) error.message = "painlogd sent an error without a message";
    if (error_object.is_object() && error_object.contains("data")) {
        const json& data = error_object["data"];
        error.field = text(data, "field");
        error.value = text(data, "value");
        error.allowed = text(data, "allowed");
        if (data.is_object() && data.contains("row") && data["row"].is_number_integer()) {
            error.row = data["row"].get<long>();
        }
    }
    return error;
}

}  // namespace painlog::protocol
