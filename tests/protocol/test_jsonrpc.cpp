#include "protocol/jsonrpc.h"

#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

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

TEST_CASE("plain_run_end stops at the first byte that is not plain at any place in a word") {
    // Each byte value at each place of texts long enough for one, two and three words,
    // after plain bytes of every kind; and two bytes that are not plain, in either order.
    const std::string plain = "abz AZ09~!#/<>&;=x";
    for (std::size_t length = 1; length <= 24; ++length) {
        for (std::size_t place = 0; place < length; ++place) {
            for (int c = 0; c < 256; ++c) {
                std::string text(length, 'a');
                for (std::size_t i = 0; i < length; ++i) text[i] = plain[(i * 7 + length) % plain.size()];
                text[place] = static_cast<char>(c);
                const bool is_plain = plain_in_json_string(static_cast<unsigned char>(c));
                CAPTURE(length);
                CAPTURE(place);
                CAPTURE(c);
                REQUIRE(plain_run_end(text, 0) == (is_plain ? length : place));
                if (place > 0) REQUIRE(plain_run_end(text, 1) == (is_plain ? length : place));
                if (!is_plain && place + 1 < length) {
                    std::string two = text;
                    two[place + 1] = '"';
                    REQUIRE(plain_run_end(two, 0) == place);
                    REQUIRE(plain_run_end(two, place + 1) == place + 1);
                    two[place + 1] = 'q';
                    two[length - 1] = '\\';
                    REQUIRE(plain_run_end(two, place + 1) == length - 1);
                }
            }
        }
    }
    CHECK(plain_run_end("", 0) == 0);
    CHECK(plain_run_end("abc", 3) == 3);
}

TEST_CASE("append_json_number writes a double as the tree writes it") {
    std::vector<double> values{0.0, -0.0, 1.0, -1.0, 0.1, 7.25, 2.0 / 3.0, 1e15, 1e16, 1e-4, 1e-5,
                               123456789012345680.0, 5e-324, 1.7976931348623157e308,
                               std::numeric_limits<double>::infinity(),
                               -std::numeric_limits<double>::infinity(),
                               std::numeric_limits<double>::quiet_NaN()};
    std::uint64_t state = 88172645463325252ULL;
    for (int i = 0; i < 20000; ++i) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        double bits = 0;
        std::memcpy(&bits, &state, sizeof(bits));
        values.push_back(bits);                                       // any bit pattern
        values.push_back(static_cast<double>(state % 100000) / 100);  // hours, prices
    }
    for (const double value : values) {
        CAPTURE(value);
        std::string out = "x";
        append_json_number(out, value);
        CHECK(out == "x" + encode_text(json(value)));
    }
}

// parse_json must give exactly what nlohmann gives, discarded where it is.
void check_parses_as_nlohmann(const std::string& text) {
    CAPTURE(text.size());
    const json expected = json::parse(text, nullptr, false);
    const json got = parse_json(text);
    REQUIRE(got.is_discarded() == expected.is_discarded());
    if (!expected.is_discarded()) CHECK(got == expected);
}

TEST_CASE("read_json_string reads what nlohmann reads") {
    std::string all_bytes;
    for (int c = 0; c < 256; ++c) all_bytes += static_cast<char>(c);
    // What painlogd writes (invalid UTF-8 replaced), and escapes it never writes.
    std::vector<std::string> encoded;
    for (const std::string& text : {std::string(), std::string("<p class=\"x\">a\\b</p>\n\t\r\b\f\x01\x1f\x7f"),
                                    std::string("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80"),
                                    std::string("\xff x \xc3("), all_bytes}) {
        encoded.push_back(encode_text(json(text)));
    }
    for (const char* text : {R"("a\/b")", R"("\u0041\u00E9\u00e9")", R"("\ud83d\ude00 smile")",
                             R"("x\u20ac\u20acy\u0000z")", R"("\\\\")", R"("\\\"")"}) {
        encoded.emplace_back(text);
    }
    for (const std::string& text : encoded) {
        CAPTURE(text);
        const std::string in = "[" + text + ",1]";
        std::size_t pos = 1;
        const auto value = read_json_string(in, &pos);
        REQUIRE(value);
        CHECK(*value == json::parse(text).get<std::string>());
        CHECK(pos == 1 + text.size());
    }
}

TEST_CASE("read_json_string refuses what nlohmann refuses and leaves the position") {
    for (const std::string text : {"\"no end", "\"tab\tinside\"", "\"bad \\x escape\"", "\"cut \\u12\"",
                                   "\"lone \\ud83d surrogate\"", "\"raw \xff byte\"", "\"cut \xe2\x82\"",
                                   "not a string", "\"ends in a backslash\\"}) {
        CAPTURE(text);
        CHECK_FALSE(json::accept(text));
        std::size_t pos = 0;
        CHECK_FALSE(read_json_string(text, &pos));
        CHECK(pos == 0);
    }
}

TEST_CASE("parse_json gives what nlohmann gives - long strings anywhere") {
    std::string page;
    for (int i = 0; i < 4000; ++i) {
        page += "<circle class=\"pain-point\" cx=\"" + std::to_string(i) + "\"><title>caf\xc3\xa9 \\ \xe2\x80\xa6</title>\n";
    }
    const std::string text = encode_text(json(page));
    REQUIRE(text.size() > 128 * 1024);
    const std::string short_text = encode_text(json("short \"one\""));
    const std::vector<std::string> lines{
        // A report.build reply, and the long string elsewhere: first, in an array,
        // nested, as the whole text, beside another long one.
        R"({"id":1,"jsonrpc":"2.0","result":{"format":"html","text":)" + text + R"(,"week":"2026-W47"}})",
        R"({"text":)" + text + R"(,"n":[1,2.5,-3,true,null,)" + short_text + "]}",
        "[1," + text + ",[[{\"a\":" + text + "}]]]",
        text,
        "[" + text + "," + encode_text(json(page + "longer")) + "]",
        // The long string is a member's name, or the marker is a value of the text.
        "{" + text + ":1}",
        R"({"a":"painlog: the long string of parse_json","b":)" + text + "}",
        R"({"a":)" + text + R"(,"z":"painlog: the long string of parse_json"})",
        R"({"a":"painlog: the long string of parse_json","b":"painlog: the long \u0073tring of parse_json","c":)" +
            text + "}",
        // Short texts go to nlohmann whole.
        R"({"id":2,"result":{"pending":[]}})",
    };
    for (const std::string& line : lines) check_parses_as_nlohmann(line);
    const json reply = parse_json(lines[0]);
    REQUIRE(reply.is_object());
    CHECK(reply["result"]["text"] == page);
    CHECK(reply["result"]["week"] == "2026-W47");
}

TEST_CASE("parse_json refuses what nlohmann refuses - around and inside a long string") {
    std::string page(100000, 'x');
    const std::string text = encode_text(json(page));
    const std::vector<std::string> bad{
        R"({"text":)" + text + ",}",                          // a trailing comma
        R"({"text":)" + text + "} trailing",                  // text after the value
        R"({"text":)" + text,                                 // no closing brace
        R"({"text":")" + page,                                // no closing quote
        R"({"text":")" + page + "\xff\"}",                     // invalid UTF-8 in it
        R"({"text":")" + page + "\t\"}",                       // a raw control character in it
        R"({"text":")" + page + "\\q\"}",                      // an escape that does not exist
        R"({"text":")" + page + "\\ud800\"}",                  // a lone surrogate
        R"({"a":)" + std::string(70000, '[') + text,          // deep and cut short
    };
    for (const std::string& line : bad) {
        CAPTURE(line.substr(line.size() - std::min<std::size_t>(line.size(), 20)));
        CHECK(parse_json(line).is_discarded());
        check_parses_as_nlohmann(line);
    }
}

}  // namespace
}  // namespace painlog::protocol
