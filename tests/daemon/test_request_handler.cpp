#include "daemon/request_handler.h"

#include <doctest/doctest.h>

#include "handler_fixture.h"

#include "daemon/settings.h"
#include "protocol/jsonrpc.h"

namespace painlog::daemon {
namespace {

using namespace date::literals;
using nlohmann::json;

using Fixture = test::HandlerFixture;

TEST_CASE("malformed messages get the JSON-RPC error for what is wrong") {
    Fixture f;
    struct Case {
        const char* line;
        int code;
    };
    const Case cases[] = {
        {"{not json", -32700},
        {"\"just a string\"", -32600},
        {"[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\"}]", -32600},
        {"{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"status\"}", -32600},
        {"{\"id\":1,\"method\":\"status\"}", -32600},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}", -32600},
        {"{\"jsonrpc\":\"2.0\",\"id\":[1],\"method\":\"status\"}", -32600},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"night.fly\"}", -32601},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":[1]}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"status\",\"params\":{\"x\":1}}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"night.get\",\"params\":{}}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"night.add\",\"params\":{\"night\":{\"pain\":NaN}}}", -32700},
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"note\xff\"}", -32700},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        const json reply = f.call(c.line);
        REQUIRE(reply.contains("error"));
        CHECK(reply["error"]["code"] == c.code);
        CHECK_FALSE(reply["error"]["message"].get<std::string>().empty());
    }
}

TEST_CASE("ids are echoed - a notification gets no reply but is carried out") {
    Fixture f;
    CHECK(f.call(R"({"jsonrpc":"2.0","id":"abc","method":"status"})")["id"] == "abc");
    CHECK(f.call(R"({"jsonrpc":"2.0","id":null,"method":"status"})")["id"].is_null());
    const auto none = f.handler.handle(
        R"({"jsonrpc":"2.0","method":"night.add","params":{"night":{"date":"2026-11-01","pain":3}}})");
    CHECK_FALSE(none.has_value());
    CHECK(*f.journal.night_count() == 1);
}

TEST_CASE("nesting past 64 levels is refused before parsing - 63 under the request object is read") {
    Fixture f;
    const auto nested = [](std::size_t depth) {
        return R"({"jsonrpc":"2.0","id":1,"method":"status","params":)" + std::string(depth, '[') +
               std::string(depth, ']') + "}";
    };
    // 500 000 deep fits in one 1 MiB message; copying or dumping it recursively
    // overflowed the stack before the depth limit.
    for (const std::size_t depth : {64UL, 10'000UL, 500'000UL}) {
        CAPTURE(depth);
        const json reply = f.call(nested(depth));
        CHECK(reply["error"]["code"] == -32600);
        CHECK(reply["error"]["message"].get<std::string>().find("64") != std::string::npos);
    }
    CHECK(f.call(nested(63))["error"]["code"] == -32602);  // params must be an object
    // Brackets inside a string, even after an escaped quote, do not count.
    const std::string in_string = R"({"jsonrpc":"2.0","id":1,"method":"status","params":{"x":")" +
                                  std::string(100, '[') + R"(\"[["}})";
    CHECK(f.call(in_string)["error"]["code"] == -32602);
}

TEST_CASE("status reports the journal - add - get and list speak the PROTOCOL.md shapes") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "UTC").ok());
    const json status = f.call("status", nullptr)["result"];
    CHECK(status["protocol"] == protocol::k_protocol_version);
    CHECK(status["nights"] == 0);
    CHECK(status["pid"] == 42);
    CHECK(status["today"] == "2026-11-23");
    CHECK(status["timezone"] == "UTC");

    const json added = f.call("night.add", {{"night", {{"pain", 3}}}})["result"];
    CHECK(added["replaced"] == false);
    CHECK(added["night"]["date"] == "2026-11-23");  // defaults to today
    CHECK(f.call("night.get", {{"date", "today"}})["result"]["night"]["pain"] == 3);
    CHECK(f.call("night.list", {{"from", "2026-11-24"}})["error"]["data"]["field"] == "from");
    CHECK(f.call("night.list", {{"from", "2026-11-23"}, {"to", "2026-11-01"}})["error"]["code"] == -32602);
    CHECK(f.call("night.list", json::object())["result"]["nights"].size() == 1);
}

TEST_CASE("config: keys checked - values canonical - unknown keys not found") {
    Fixture f;
    CHECK(f.call("config.set", {{"key", "timezone"}, {"value", ":Europe/Berlin"}})["result"]["settings"][0]["value"] == "Europe/Berlin");
    CHECK(f.call("config.set", {{"key", "timezone"}, {"value", "Mars/Base"}})["error"]["data"]["field"] == "timezone");
    CHECK(f.call("config.set", {{"key", "bad_morning_threshold"}, {"value", "11"}})["error"]["code"] == -32602);
    CHECK(f.call("config.set", {{"key", "bad_morning_threshold"}, {"value", "07"}})["result"]["settings"][0]["value"] == "7");
    CHECK(f.call("config.set", {{"key", "colour"}, {"value", "red"}})["error"]["code"] == -32002);
    const json reset = f.call("config.set", {{"key", "bad_morning_threshold"}, {"value", nullptr}})["result"];
    CHECK(reset["settings"][0]["value"] == "5");
    CHECK(reset["settings"][0]["set"] == false);
    CHECK(f.call("config.get", nullptr)["result"]["settings"].size() == k_settings.size());
}

TEST_CASE("import reads a file path or inline content - never both") {
    Fixture f;
    CHECK(f.call("journal.import", {{"content", "date,pain\n"}, {"path", "/x"}})["error"]["code"] == -32602);
    CHECK(f.call("journal.import", {{"path", "relative.csv"}})["error"]["data"]["field"] == "path");
    CHECK(f.call("journal.import", {{"path", "/nonexistent/file.csv"}})["error"]["code"] == -32002);
    const json imported = f.call("journal.import", {{"content", "date,pain,mattress\n2026-11-01,3,Futon\n"}})["result"];
    CHECK(imported["nights"] == 1);
    CHECK(imported["created_gear"] == json::array({"Futon"}));
}

}  // namespace
}  // namespace painlog::daemon
