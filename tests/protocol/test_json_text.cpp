#include "protocol/json_text.h"

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "protocol/jsonrpc.h"

namespace painlog::protocol {
namespace {

using nlohmann::json;

// Values of every kind, as painlogd's replies carry them and beyond.
std::vector<json> sample_values() {
    std::string all_bytes;
    for (int c = 1; c < 128; ++c) all_bytes += static_cast<char>(c);
    json night = {{"date", "2026-11-20"},
                  {"pain", 6},
                  {"areas", json::array({"neck", "upper back"})},
                  {"factors", {{"alcohol", false}, {"coffee", 0.0}, {"room", "cold"}}},
                  {"note", nullptr},
                  {"routines", json::array()},
                  {"sleep_hours", 7.25},
                  {"stiffness", json::object()}};
    json deep = json::array();
    for (int i = 0; i < 100; ++i) deep = json::array({deep, i});
    return {
        json::object(),
        json::array(),
        json(nullptr),
        json(true),
        json(false),
        json(0),
        json(-17),
        json(std::uint64_t{18446744073709551615U}),
        json(std::int64_t{-9223372036854775807LL - 1}),
        json(0.1),
        json(-0.0),
        json(1e100),
        json(-2.5e-300),
        json(123456789.0),
        json(""),
        json(all_bytes),
        json("caf\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80 \\ \" /"),
        json({{"nights", json::array({night, night})}}),
        json::array({json::array(), json::object(), json::array({json::object()})}),
        json({{"", json::object({{"", json::array({""})}})}}),
        deep,
    };
}

TEST_CASE("utf8_sequence_length reads RFC 3629 UTF-8 - no overlong forms or surrogates or beyond U+10FFFF") {
    using namespace std::string_literals;
    for (const auto& expected :
         std::vector<std::pair<std::string, std::size_t>>{
             {"a", 1}, {"\x7f", 1}, {"\xc2\x80", 2}, {"\xdf\xbf", 2}, {"\xe0\xa0\x80", 3}, {"\xed\x9f\xbf", 3},
             {"\xee\x80\x80", 3}, {"\xef\xbf\xbf", 3}, {"\xf0\x90\x80\x80", 4}, {"\xf4\x8f\xbf\xbf", 4},
             {"\xc0\x80", 0}, {"\xc1\xbf", 0}, {"\xe0\x9f\xbf", 0}, {"\xed\xa0\x80", 0}, {"\xf0\x8f\xbf\xbf", 0},
             {"\xf4\x90\x80\x80", 0}, {"\xf5\x80\x80\x80", 0}, {"\xff", 0}, {"\x80", 0}, {"\xe2\x82", 0},
             {"\xe2\x28\xa1", 0}, {"", 0}}) {
        const std::string& text = expected.first;  // CAPTURE cannot take a structured binding (clang 14)
        CAPTURE(text);
        CHECK(utf8_sequence_length(text) == expected.second);
    }
    CHECK(invalid_utf8_at("caf\xc3\xa9 \xe2\x80\xa6") == std::nullopt);
    CHECK(invalid_utf8_at("caf\xe9") == std::optional<std::size_t>(3));
    CHECK(invalid_utf8_at("ok\xc3") == std::optional<std::size_t>(2));
    // Against nlohmann, which reads JSON strings as strict UTF-8: every pair of bytes
    // and random runs of four, of the bytes that stand for themselves in a string.
    const auto nlohmann_reads = [](const std::string& text) {
        return !json::parse("\"" + text + "\"", nullptr, false).is_discarded();
    };
    std::vector<unsigned char> bytes;
    for (int c = 0x20; c < 0x100; ++c) {
        if (c != '"' && c != '\\') bytes.push_back(static_cast<unsigned char>(c));
    }
    for (const unsigned char a : bytes) {
        for (const unsigned char b : bytes) {
            const std::string text{static_cast<char>(a), static_cast<char>(b)};
            REQUIRE(invalid_utf8_at(text).has_value() == !nlohmann_reads(text));
        }
    }
    std::uint64_t state = 20261125;
    for (int i = 0; i < 200000; ++i) {
        std::string text;
        for (int k = 0; k < 4; ++k) {
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            const auto pick = static_cast<std::size_t>(state >> 33);
            // Mostly the bytes UTF-8 sequences are made of.
            text += static_cast<char>(pick % 4 == 0 ? bytes[pick % bytes.size()] : 0x80 + (pick >> 2) % 0x78);
        }
        CAPTURE(text);
        REQUIRE(invalid_utf8_at(text).has_value() == !nlohmann_reads(text));
    }
}

TEST_CASE("indent_json prints what nlohmann's dump prints - byte for byte") {
    for (const json& value : sample_values()) {
        const std::string compact = value.dump();
        CAPTURE(compact.substr(0, 200));
        for (const int indent : {2, 4, 0}) {
            const auto indented = indent_json(compact, indent);
            REQUIRE(indented);
            CHECK(*indented == value.dump(indent));
        }
        // And from what painlogd writes (encode_text).
        CHECK(indent_json(encode_text(value), 2) == value.dump(2));
    }
    // Invalid UTF-8 in a string, replaced by the encoder, prints as the tree prints.
    const json replaced = json::parse(encode_text(json("a\xff" "b")));
    CHECK(indent_json(encode_text(json("a\xff" "b")), 2) == replaced.dump(2));
}

TEST_CASE("indent_json accepts what nlohmann accepts - whitespace and escapes it never writes") {
    const std::vector<std::string> texts{
        " \t\r\n{ \"a\" : [ 1 , 2 ] , \"b\" : { } , \"c\" : [ ] } \n",
        "\xEF\xBB\xBF[1]",
        R"(["a\/b", "\u0041\u00E9\u00e9", "\ud83d\ude00", "\u0000", "\b\f\n\r\t"])",
        "[0, -0, 1E5, 1e+5, 2.5E-3, -0.0e0, 123456789012345678901234567890, 1e-400, 0.00e999, 1.7976931348623157e308]",
        "\"\x7f\"",
        "true",
        "  null  ",
    };
    for (const std::string& text : texts) {
        CAPTURE(text);
        const json expected = json::parse(text, nullptr, false);
        REQUIRE_FALSE(expected.is_discarded());
        const auto indented = indent_json(text, 2);
        REQUIRE(indented);
        CHECK(json::parse(*indented) == expected);
    }
    // Tokens are copied as written.
    CHECK(indent_json(R"(["\u00E9\/", 1E5])", 2) == "[\n  \"\\u00E9\\/\",\n  1E5\n]");
    CHECK(indent_json(" { \"a\" : [ 1 , 2 ] } ", 2) == "{\n  \"a\": [\n    1,\n    2\n  ]\n}");
    CHECK(indent_json("[ ]", 2) == "[]");
    CHECK(indent_json("{\n}", 2) == "{}");
}

TEST_CASE("indent_json refuses what nlohmann refuses") {
    const std::vector<std::string> bad{
        "",
        "   ",
        "[1,]",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{\"a\":}",
        "{1:2}",
        "[1] [2]",
        "[1]]",
        "[1",
        "{\"a\":1",
        "01",
        "-01",
        "1.",
        ".5",
        "-",
        "+1",
        "1e",
        "1e+",
        "0x10",
        "1e400",
        "-1.8e308",
        "0.001e312",
        "1" + std::string(400, '0'),
        "tru",
        "nul",
        "True",
        "NaN",
        "\"abc",
        "\"a\tb\"",
        "\"a\nb\"",
        "\"\\x41\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"\\ud800\"",
        "\"\\ud800x\"",
        "\"\\ud800\\u0041\"",
        "\"\\udc00\"",
        "\"\xff\"",
        "\"\xc0\x80\"",          // overlong
        "\"\xc3\"",              // cut short
        "\"\xe0\x80\x80\"",      // overlong
        "\"\xed\xa0\x80\"",      // a surrogate
        "\"\xf4\x90\x80\x80\"",  // above U+10FFFF
        "\"\xf5\x80\x80\x80\"",
        "\"\x80\"",
        "[\"a\" \"b\"]",
        "// comment\n1",
        "\xEF\xBB[1]",
    };
    for (const std::string& text : bad) {
        CAPTURE(text);
        CHECK(json::parse(text, nullptr, false).is_discarded());
        CHECK_FALSE(indent_json(text, 2));
    }
}

TEST_CASE("indent_json refuses text after the value - a NUL byte too - where nlohmann stops at it") {
    const std::string text("[1]\0x", 5);
    REQUIRE_FALSE(json::parse(text, nullptr, false).is_discarded());
    CHECK_FALSE(indent_json(text, 2));
    CHECK_FALSE(indent_json(std::string("[1]\0", 4), 2));
    CHECK_FALSE(json_object_members(std::string("{}\0", 3)));
}

TEST_CASE("indent_json refuses nesting deeper than its limit") {
    const auto nested = [](int depth) {
        return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']');
    };
    CHECK(indent_json(nested(k_max_json_depth), 2));
    CHECK_FALSE(indent_json(nested(k_max_json_depth + 1), 2));
    CHECK_FALSE(indent_json(std::string(100000, '['), 2));
}

TEST_CASE("indent_json agrees with nlohmann on texts with one byte changed") {
    const std::vector<json> values = sample_values();
    std::uint32_t state = 12345;
    const auto next = [&state] {
        state = state * 1103515245U + 12345U;
        return state >> 8;
    };
    const std::string bytes = " \t\n\"\\/{}[],:-+.0123456789eEabfnrtu\x7f\x80\xbf\xc3\xe2\xed\xf0\xf4\xff";
    int accepted = 0;
    int refused = 0;
    for (int round = 0; round < 4000; ++round) {
        std::string text = values[next() % values.size()].dump();
        if (text.size() > 2000) text = text.substr(0, 2000);
        const std::size_t at = next() % (text.size() + 1);
        switch (next() % 3) {
            case 0:
                text.insert(at, 1, bytes[next() % bytes.size()]);
                break;
            case 1:
                if (at < text.size()) text.erase(at, 1);
                break;
            default:
                if (at < text.size()) text[at] = bytes[next() % bytes.size()];
                break;
        }
        CAPTURE(text);
        const json expected = json::parse(text, nullptr, false);
        const auto indented = indent_json(text, 2);
        REQUIRE(indented.has_value() == !expected.is_discarded());
        if (indented) {
            CHECK(json::parse(*indented) == expected);
            ++accepted;
        } else {
            ++refused;
        }
    }
    // Both outcomes were exercised.
    CHECK(accepted > 100);
    CHECK(refused > 100);
}

TEST_CASE("json_object_members gives each member's key and value as written") {
    const std::string reply = R"({"id":7,"jsonrpc":"2.0","result":{"nights":[{"a":1}],"b":"x,}"}})";
    const auto members = json_object_members(reply);
    REQUIRE(members);
    REQUIRE(members->size() == 3);
    CHECK((*members)[0].key == R"("id")");
    CHECK((*members)[0].value == "7");
    CHECK((*members)[1].key == R"("jsonrpc")");
    CHECK((*members)[1].value == R"("2.0")");
    CHECK((*members)[2].key == R"("result")");
    CHECK((*members)[2].value == R"({"nights":[{"a":1}],"b":"x,}"})");

    const auto spaced = json_object_members(" { \"a\\u0062\" : [ 1 ] , \"c\" :null } ");
    REQUIRE(spaced);
    REQUIRE(spaced->size() == 2);
    CHECK((*spaced)[0].key == R"("a\u0062")");
    CHECK((*spaced)[0].value == "[ 1 ]");
    CHECK((*spaced)[1].value == "null");

    const auto empty = json_object_members("{}");
    REQUIRE(empty);
    CHECK(empty->empty());
}

TEST_CASE("json_object_members refuses what is not one JSON object") {
    for (const std::string text : {"", "[1]", "\"a\"", "{\"a\":1} x", "{\"a\":1,}", "{\"a\":[1}",
                                   "{\"a\":\"\xff\"}", "{\"a\":01}", "{a:1}", "{\"a\":1"}) {
        CAPTURE(text);
        CHECK_FALSE(json_object_members(text));
    }
}

}  // namespace
}  // namespace painlog::protocol
