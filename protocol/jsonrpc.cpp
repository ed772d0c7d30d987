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
    std::string line = encode_text(message);
    line.push_back('\n');
    return line;
}

std::string encode_text(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

void append_json_string(std::string& out, std::string_view text) {
    const auto plain = [](unsigned char c) { return c >= 0x20 && c < 0x80 && c != '"' && c != '\\'; };
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i;
        while (end < text.size() && plain(static_cast<unsigned char>(text[end]))) ++end;
        out.append(text.data() + i, end - i);
        if (end == text.size()) break;
        const auto c = static_cast<unsigned char>(text[end]);
        if (c >= 0x80) {
            // Bytes of UTF-8 (or not): a run of them through nlohmann, which checks
            // them and replaces what is invalid. ASCII never occurs inside a UTF-8
            // sequence, so the run ends where a character does.
            std::size_t last = end;
            while (last < text.size() && static_cast<unsigned char>(text[last]) >= 0x80) ++last;
            const std::string run = encode_text(json(std::string(text.substr(end, last - end))));
            out.append(run, 1, run.size() - 2);  // without its quotes
            i = last;
            continue;
        }
        switch (c) {  // the escapes nlohmann writes
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\f': out += "\\f"; break;
            case '\r': out += "\\r"; break;
            default: {
                static constexpr char k_hex[] = "0123456789abcdef";
                out += "\\u00";
                out += k_hex[c >> 4];
                out += k_hex[c & 0xf];
            }
        }
        i = end + 1;
    }
    out += '"';
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
