#include "protocol/jsonrpc.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <utility>
#include <vector>

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

void append_json_number(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    // What nlohmann's serializer writes a double with, into a buffer of its size.
    std::array<char, 64> digits{};
    const char* end =
        nlohmann::detail::to_chars(digits.data(), digits.data() + digits.size(), value);
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
}

std::size_t plain_run_end(std::string_view text, std::size_t from) {
    // Per 64-bit word: a byte's high bit is set in `special` where the byte is below
    // 0x20, at or above 0x80, or a quote or backslash (a byte equal to c is one whose
    // XOR with c is zero). Subtracting borrows only upwards, so a byte can be marked
    // wrongly only above one marked rightly: the lowest mark, the first in memory on a
    // little-endian machine, is always a byte that is not plain.
    constexpr std::uint64_t k_ones = 0x0101010101010101;
    constexpr std::uint64_t k_highs = 0x8080808080808080;
    const auto zero_byte = [](std::uint64_t v) { return (v - k_ones) & ~v & k_highs; };
    const char* const data = text.data();
    std::size_t at = from;
    if constexpr (std::endian::native == std::endian::little) {
        for (; at + 8 <= text.size(); at += 8) {
            std::uint64_t word;
            std::memcpy(&word, data + at, sizeof word);
            const std::uint64_t special = ((word - k_ones * 0x20) & ~word & k_highs) | (word & k_highs) |
                                          zero_byte(word ^ (k_ones * '"')) | zero_byte(word ^ (k_ones * '\\'));
            if (special != 0) return at + static_cast<std::size_t>(std::countr_zero(special)) / 8;
        }
    }
    while (at < text.size() && plain_in_json_string(static_cast<unsigned char>(data[at]))) ++at;
    return at;
}

void append_json_string(std::string& out, std::string_view text) {
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = plain_run_end(text, i);
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

namespace {

// Where the JSON string token that opens at text[begin] ends (one past its closing
// quote), or npos. Finds quotes with memchr and tells an escaped one by the backslashes
// before it; checks nothing else.
std::size_t string_token_end(std::string_view text, std::size_t begin) {
    std::size_t at = begin + 1;
    for (;;) {
        const void* found = at < text.size() ? std::memchr(text.data() + at, '"', text.size() - at) : nullptr;
        if (found == nullptr) return std::string_view::npos;
        const auto quote = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        std::size_t backslashes = 0;
        while (quote - backslashes > begin + 1 && text[quote - backslashes - 1] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return quote + 1;
        at = quote + 1;
    }
}

// The one string value of `root` equal to `marker`, or null when there is none or more
// than one. Walks with a stack of its own: a reply may nest deeply.
json* only_value_equal_to(json& root, const std::string& marker) {
    json* found = nullptr;
    std::vector<json*> pending{&root};
    while (!pending.empty()) {
        json* value = pending.back();
        pending.pop_back();
        if (value->is_string()) {
            if (value->get_ref<const std::string&>() != marker) continue;
            if (found != nullptr) return nullptr;
            found = value;
        } else if (value->is_structured()) {
            for (auto& item : *value) pending.push_back(&item);
        }
    }
    return found;
}

// read_json_string()'s work, appending the value to `out` (which the caller may have
// reserved); false, *pos unchanged and `out` holding part of the value, where
// read_json_string() gives nullopt.
bool decode_json_string(std::string_view text, std::size_t* pos, std::string& out) {
    std::size_t i = *pos;
    if (i >= text.size() || text[i] != '"') return false;
    ++i;
    for (;;) {
        const std::size_t end = plain_run_end(text, i);
        out.append(text.data() + i, end - i);
        if (end == text.size()) return false;  // no closing quote
        const auto c = static_cast<unsigned char>(text[end]);
        if (c == '"') {
            *pos = end + 1;
            return true;
        }
        if (c < 0x20) return false;  // a control character must be escaped
        const bool unicode_escape = c == '\\' && end + 1 < text.size() && text[end + 1] == 'u';
        if (c >= 0x80 || unicode_escape) {
            // A run of UTF-8 bytes and \u escapes (a surrogate pair is two), decoded as a
            // string of its own: ASCII never occurs inside a UTF-8 sequence, so the run
            // ends where a character does.
            std::size_t last = end;
            while (last < text.size()) {
                if (static_cast<unsigned char>(text[last]) >= 0x80) {
                    ++last;
                } else if (text[last] == '\\' && last + 1 < text.size() && text[last + 1] == 'u') {
                    last = std::min(last + 6, text.size());
                } else {
                    break;
                }
            }
            std::string piece = "\"";
            piece.append(text.data() + end, last - end);
            piece += '"';
            const json decoded = json::parse(piece, nullptr, false);
            if (!decoded.is_string()) return false;
            out += decoded.get_ref<const std::string&>();
            i = last;
            continue;
        }
        if (end + 1 == text.size()) return false;
        switch (text[end + 1]) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            default: return false;
        }
        i = end + 2;
    }
}

}  // namespace

std::optional<std::string> read_json_string(std::string_view text, std::size_t* pos) {
    std::string out;
    if (!decode_json_string(text, pos, out)) return std::nullopt;
    return out;
}

json parse_json(std::string_view text) {
    // Below this, nlohmann's lexer is fast enough.
    constexpr std::size_t k_long_string = std::size_t{64} * 1024;
    const auto parse_whole = [&] { return json::parse(text.begin(), text.end(), nullptr, false); };
    if (text.size() < k_long_string) return parse_whole();
    // The longest string token; outside strings, only quotes matter.
    std::size_t begin = 0;
    std::size_t end = 0;
    for (std::size_t at = 0;;) {
        const void* found = at < text.size() ? std::memchr(text.data() + at, '"', text.size() - at) : nullptr;
        if (found == nullptr) break;
        const auto open = static_cast<std::size_t>(static_cast<const char*>(found) - text.data());
        const std::size_t close = string_token_end(text, open);
        if (close == std::string_view::npos) break;
        if (close - open > end - begin) {
            begin = open;
            end = close;
        }
        at = close;
    }
    if (end - begin < k_long_string) return parse_whole();
    std::size_t pos = begin;
    std::string value;
    value.reserve(end - begin - 2);  // less the quotes; what is escaped only gets shorter
    // Where it is not a string, nlohmann says what is wrong.
    if (!decode_json_string(text, &pos, value) || pos != end) return parse_whole();
    // The rest, with a short marker in the string's place, through nlohmann; then the
    // string goes where the marker is. Were the marker also a value of the text's own
    // (or the long string a member's name), the whole text is parsed instead.
    const std::string marker = "painlog: the long string of parse_json";
    std::string rest;
    rest.reserve(text.size() - (end - begin) + marker.size() + 2);
    rest.append(text.data(), begin);
    rest += '"';
    rest += marker;
    rest += '"';
    rest.append(text.data() + end, text.size() - end);
    json parsed = json::parse(rest, nullptr, false);
    if (parsed.is_discarded()) return parsed;
    json* slot = only_value_equal_to(parsed, marker);
    if (slot == nullptr) return parse_whole();
    *slot = std::move(value);
    return parsed;
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
