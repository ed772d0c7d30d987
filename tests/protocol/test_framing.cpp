#include "protocol/framing.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace painlog::protocol {
namespace {

std::vector<std::string> drain(LineFramer& framer, LineFramer::Next* last = nullptr) {
    std::vector<std::string> lines;
    std::string line;
    LineFramer::Next next;
    while ((next = framer.next(&line)) == LineFramer::Next::k_line) lines.push_back(line);
    if (last != nullptr) *last = next;
    return lines;
}

TEST_CASE("lines are split on newline - CR before it dropped - blank lines skipped") {
    LineFramer framer;
    framer.append("{\"a\":1}\n\r\n\n{\"b\":2}\r\n{\"c\"");
    LineFramer::Next last;
    const auto lines = drain(framer, &last);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "{\"a\":1}");
    CHECK(lines[1] == "{\"b\":2}");
    CHECK(last == LineFramer::Next::k_need_more);
    CHECK(framer.buffered() == 4);
    framer.append(":3}\n");
    const auto rest = drain(framer);
    REQUIRE(rest.size() == 1);
    CHECK(rest[0] == "{\"c\":3}");
    CHECK(framer.buffered() == 0);
}

TEST_CASE("a line delivered one byte at a time comes out whole") {
    LineFramer framer;
    const std::string message = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}\n";
    std::vector<std::string> lines;
    for (const char c : message) {
        framer.append(std::string(1, c));
        for (auto& line : drain(framer)) lines.push_back(line);
    }
    REQUIRE(lines.size() == 1);
    CHECK(lines[0] + "\n" == message);
}

TEST_CASE("a line at the limit passes - one byte over is too long - with or without newline") {
    LineFramer framer(16);
    framer.append(std::string(16, 'x') + "\n");
    CHECK(drain(framer).size() == 1);

    LineFramer complete(16);
    complete.append(std::string(17, 'x') + "\n");
    LineFramer::Next last;
    CHECK(drain(complete, &last).empty());
    CHECK(last == LineFramer::Next::k_too_long);

    LineFramer unfinished(16);
    unfinished.append(std::string(17, 'x'));
    CHECK(drain(unfinished, &last).empty());
    CHECK(last == LineFramer::Next::k_too_long);
}

TEST_CASE("a line at the limit ending in CR LF passes however the reads cut it") {
    const std::string message = std::string(16, 'x') + "\r\n";
    for (std::size_t cut = 0; cut <= message.size(); ++cut) {
        CAPTURE(cut);
        LineFramer framer(16);
        LineFramer::Next last;
        framer.append(message.substr(0, cut));
        auto lines = drain(framer, &last);
        CHECK(last == LineFramer::Next::k_need_more);
        framer.append(message.substr(cut));
        for (auto& line : drain(framer, &last)) lines.push_back(line);
        CHECK(lines == std::vector<std::string>{std::string(16, 'x')});
        CHECK(last == LineFramer::Next::k_need_more);
    }
    LineFramer over(16);
    LineFramer::Next last;
    over.append(std::string(16, 'x') + "\r\r");
    CHECK(drain(over, &last).empty());
    CHECK(last == LineFramer::Next::k_too_long);
}

TEST_CASE("a long line at the front is returned whole and what follows it is kept") {
    LineFramer framer;
    const std::string page = "{\"text\":\"" + std::string(300000, 'p') + "\"}";
    std::string line = "left over from before";
    framer.append(page + "\r\n{\"id\":2,");
    REQUIRE(framer.next(&line) == LineFramer::Next::k_line);
    CHECK(line == page);
    CHECK(framer.buffered() == 8);
    CHECK(framer.next(&line) == LineFramer::Next::k_need_more);
    framer.append("\"result\":{}}\n{\"id\":3}\n");
    const auto rest = drain(framer);
    REQUIRE(rest.size() == 2);
    CHECK(rest[0] == "{\"id\":2,\"result\":{}}");
    CHECK(rest[1] == "{\"id\":3}");
    CHECK(framer.buffered() == 0);
    // Again, on the buffer the first line left behind.
    framer.append(page + "\n");
    REQUIRE(framer.next(&line) == LineFramer::Next::k_line);
    CHECK(line == page);
    CHECK(framer.buffered() == 0);
}

TEST_CASE("a short line before a longer rest is returned and the rest is kept") {
    LineFramer framer;
    const std::string long_line(1000, 'x');
    framer.append("{}\n" + long_line + "\n{\"tail\"");
    std::string line;
    REQUIRE(framer.next(&line) == LineFramer::Next::k_line);
    CHECK(line == "{}");
    REQUIRE(framer.next(&line) == LineFramer::Next::k_line);
    CHECK(line == long_line);
    CHECK(framer.next(&line) == LineFramer::Next::k_need_more);
    CHECK(framer.buffered() == 7);
}

TEST_CASE("nesting depth counts brackets outside strings only") {
    CHECK_FALSE(nests_deeper_than("{\"a\":[1,{\"b\":[]}]}", 4));
    CHECK(nests_deeper_than("{\"a\":[1,{\"b\":[]}]}", 3));
    CHECK_FALSE(nests_deeper_than("{\"a\":\"[[[[[[\"}", 1));
    CHECK_FALSE(nests_deeper_than("{\"a\":\"\\\"[[[[[[\"}", 1));  // an escaped quote stays inside
    CHECK(nests_deeper_than("{\"a\":\"\\\\\"[[}", 2));      // an escaped backslash does not
    CHECK_FALSE(nests_deeper_than("]]]][", 1));
    CHECK(nests_deeper_than(std::string(65, '['), 64));
    CHECK_FALSE(nests_deeper_than(std::string(64, '['), 64));
}

TEST_CASE("memory stays bounded while many small lines stream through") {
    LineFramer framer(64);
    for (int i = 0; i < 10000; ++i) {
        framer.append("{\"n\":" + std::to_string(i) + "}\n{\"par");
        CHECK(drain(framer).size() == 1);
        framer.append("tial\":1}\n");
        CHECK(drain(framer).size() == 1);
    }
    CHECK(framer.buffered() == 0);
}

}  // namespace
}  // namespace painlog::protocol
