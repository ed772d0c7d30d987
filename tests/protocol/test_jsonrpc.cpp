#include "protocol/jsonrpc.h"

#include <doctest/doctest.h>

namespace painlog::protocol {
namespace {

using nlohmann::json;

TEST_CASE("an error reply carries code - message and the field details - and reads back") {
    Error error = invalid_field("pain", "11", "a whole number from 0 to 10");
    error.row = 3;
    const json reply = make_error_reply(7, error);
    CHECK(reply["jsonrpc"] == "2.0");
    CHECK(reply["id"] == 7);
    CHECK(reply["error"]["code"] == -32602);
    CHECK(reply["error"]["data"]["kind"] == "invalid_params");
    CHECK(reply["error"]["data"]["field"] == "pain");
    CHECK(reply["error"]["data"]["value"] == "11");
    CHECK(reply["error"]["data"]["row"] == 3);
    const std::string message = reply["error"]["message"];
    CHECK(message.find("pain") != std::string::npos);
    CHECK(message.find("11") != std::string::npos);
    CHECK(message.find("0 to 10") != std::string::npos);

    const Error back = error_from_reply(reply["error"]);
    CHECK(back.code == ErrorCode::k_invalid_params);
    CHECK(back.field == "pain");
    CHECK(back.value == "11");
    CHECK(back.allowed == error.allowed);
    CHECK(back.row == 3);
}

TEST_CASE("every error code has its own kind name and maps back from its number") {
    const ErrorCode codes[] = {ErrorCode::k_parse_error,  ErrorCode::k_invalid_request,
                               ErrorCode::k_method_not_found, ErrorCode::k_invalid_params,
                               ErrorCode::k_internal_error, ErrorCode::k_busy,
                               ErrorCode::k_conflict,      ErrorCode::k_not_found,
                               ErrorCode::k_storage_full,  ErrorCode::k_storage_error};
    for (const auto code : codes) {
        CHECK(error_code_from_int(static_cast<int>(code)) == code);
        for (const auto other : codes) {
            if (other != code) CHECK(error_kind(other) != error_kind(code));
        }
    }
    CHECK_FALSE(error_code_from_int(12345).has_value());
}

TEST_CASE("unknown codes and missing members in a reply still give a usable error") {
    const Error error = error_from_reply(json{{"code", 999}});
    CHECK(error.code == ErrorCode::k_internal_error);
    CHECK_FALSE(error.message.empty());
}

TEST_CASE("encode_line is one line of compact JSON and survives invalid UTF-8") {
    const std::string line = encode_line(make_request(1, method::k_status, json{}));
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    CHECK(json::parse(line)["method"] == "status");
    const std::string bad = encode_line(json{{"note", std::string("a\xff" "b")}});
    CHECK(bad.back() == '\n');
    CHECK(json::accept(bad));
}

TEST_CASE("append_json_string writes what nlohmann writes - escapes and UTF-8 valid or not") {
    std::string all_bytes;
    for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
    const std::vector<std::string> texts{
        "",
        "plain <p class=\"x\">text</p>",
        "tab\tnew\nline\rback\\slash \"quoted\" \b\f \x01\x1f\x7f",
        "caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80 end",      // valid UTF-8
        "\xc3(",                                                   // cut short before ASCII
        "a\xe2\x82",                                               // cut short at the end
        "\xff\xfe x \xc0\xaf \xed\xa0\x80 \xf4\x90\x80\x80 \x80",     // never valid
        "\xe2\x82\xac\xe2\x82",                                     // valid, then cut short
        all_bytes,
    };
    for (const std::string& text : texts) {
        CAPTURE(text);
        std::string out = "[";
        append_json_string(out, text);
        CHECK(out == "[" + encode_text(json(text)));
    }
    std::string page(100000, 'x');
    page[500] = '"';
    std::string out;
    append_json_string(out, page);
    CHECK(out == encode_text(json(page)));
}

}  // namespace
}  // namespace painlog::protocol
