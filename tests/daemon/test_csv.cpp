#include "daemon/csv.h"

#include <doctest/doctest.h>

namespace painlog::daemon {
namespace {

TEST_CASE("quoted fields with commas - quotes and line breaks round-trip") {
    const std::vector<CsvRecord> records{
        {"date", "note"},
        {"2026-11-20", "slept badly, \"again\""},
        {"2026-11-21", "two\nlines"},
        {"2026-11-22", ""},
    };
    std::string text;
    for (const auto& record : records) append_csv_record(text, record);
    const auto parsed = parse_csv(text);
    REQUIRE(parsed.ok());
    CHECK(*parsed == records);
}

TEST_CASE("CRLF line ends - a missing final newline and blank lines are accepted") {
    const auto parsed = parse_csv("a,b\r\n1,2\r\n\r\n3,\"4\"");
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 3);
    CHECK((*parsed)[1] == CsvRecord{"1", "2"});
    CHECK((*parsed)[2] == CsvRecord{"3", "4"});
}

TEST_CASE("malformed quoting is an error naming the line") {
    const char* bad[] = {"a,b\n1,\"open\n", "a,b\n1,x\"y\n", "a\n\"x\"y\n"};
    for (const char* text : bad) {
        CAPTURE(text);
        const auto parsed = parse_csv(text);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().message.find("line") != std::string::npos);
    }
}

}  // namespace
}  // namespace painlog::daemon
