#include "daemon/request_handler.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

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

// `days` nights from 2026-06-01 as journal.import content: pain from the position,
// the stress and a wobble, so that both models have something to find; pain + `shift`,
// kept within 0 to 10.
std::string journal_csv(int days, int shift) {
    std::string csv = "date,pain,position,stress\n";
    for (int day = 0; day < days; ++day) {
        const date::year_month_day ymd{date::sys_days{2026_y / date::June / 1} + date::days{day}};
        const bool stomach = day % 3 == 0;
        const int stress = (day * 7) % 10;
        const int pain = std::clamp((stomach ? 4 : 1) + stress / 3 + (day * 5) % 3 + shift, 0, 10);
        csv += date::format("%F", ymd) + "," + std::to_string(pain) + "," + (stomach ? "stomach" : "side") +
               "," + std::to_string(stress) + "\n";
    }
    return csv;
}

TEST_CASE("analysis.run outcome both is the pain and the bad-morning analyses of the same nights") {
    Fixture f;
    REQUIRE(f.call("journal.import", {{"content", journal_csv(90, 0)}})["result"]["nights"] == 90);
    const json both = f.call("analysis.run", {{"outcome", "both"}})["result"];
    REQUIRE(both.is_object());
    CHECK(both.size() == 2);
    const json pain = f.call("analysis.run", json::object())["result"];
    const json bad = f.call("analysis.run", {{"outcome", "bad-morning"}})["result"];
    CHECK(pain["model"] == "ols");
    CHECK(bad["model"] == "logit");
    CHECK(both["pain"] == pain);
    CHECK(both["bad_morning"] == bad);

    // The threshold and the other options reach the models they apply to.
    const json both7 = f.call("analysis.run", {{"outcome", "both"}, {"threshold", 7}, {"se", "classic"}})["result"];
    CHECK(both7["bad_morning"] ==
          f.call("analysis.run", {{"outcome", "bad-morning"}, {"threshold", 7}, {"se", "classic"}})["result"]);
    CHECK(both7["pain"] == f.call("analysis.run", {{"se", "classic"}})["result"]);
    CHECK(both7["bad_morning"]["description"].get<std::string>().find("pain >= 7") != std::string::npos);
    const json ranged = f.call("analysis.run", {{"outcome", "both"}, {"from", "2026-07-01"}})["result"];
    CHECK(ranged["pain"]["from"] == "2026-07-01");
    CHECK(ranged["bad_morning"]["from"] == "2026-07-01");
    CHECK(ranged["bad_morning"]["n"] == 60);

    const json refused = f.call("analysis.run", {{"outcome", "all"}});
    CHECK(refused["error"]["data"]["field"] == "outcome");
    CHECK(refused["error"]["message"].get<std::string>().find("both") != std::string::npos);
    CHECK(f.call("analysis.run", {{"threshold", 7}})["error"]["data"]["field"] == "threshold");
}

TEST_CASE("analysis.run dates each model by the first and last night it used") {
    Fixture f;
    // 90 nights from 2026-06-01; the first two and the last lack the stress the model
    // uses, so they are left out.
    std::string csv = journal_csv(90, 0);
    for (const char* day : {"2026-06-01,", "2026-06-02,", "2026-08-29,"}) {
        const std::size_t row = csv.find(day);
        REQUIRE(row != std::string::npos);
        const std::size_t end = csv.find('\n', row);
        csv.replace(csv.rfind(',', end) + 1, end - csv.rfind(',', end) - 1, "");
    }
    REQUIRE(f.call("journal.import", {{"content", csv}})["result"]["nights"] == 90);
    for (const char* outcome : {"pain", "bad-morning"}) {
        CAPTURE(outcome);
        const json analysis = f.call("analysis.run", {{"outcome", outcome}})["result"];
        CHECK(analysis["n"] == 87);
        CHECK(analysis["n_dropped"] == 3);
        CHECK(analysis["from"] == "2026-06-03");
        CHECK(analysis["to"] == "2026-08-28");
    }
    const json both = f.call("analysis.run", {{"outcome", "both"}})["result"];
    CHECK(both["pain"]["from"] == "2026-06-03");
    CHECK(both["bad_morning"]["to"] == "2026-08-28");
    // Within a window, the window's own first night when it is used.
    const json ranged = f.call("analysis.run", {{"from", "2026-07-01"}, {"to", "2026-08-29"}})["result"];
    CHECK(ranged["from"] == "2026-07-01");
    CHECK(ranged["to"] == "2026-08-28");
}

TEST_CASE("analysis.run outcome both keeps the pain model when bad mornings cannot be modelled") {
    Fixture f;
    const json empty = f.call("analysis.run", {{"outcome", "both"}})["result"];
    for (const char* model : {"pain", "bad_morning"}) {
        CAPTURE(model);
        CHECK(empty[model]["n"] == 0);
        REQUIRE(empty[model]["findings"].size() == 1);
        CHECK(empty[model]["findings"][0]["kind"] == "not_enough_data");
    }
    CHECK(empty["pain"]["model"] == "ols");
    CHECK(empty["bad_morning"]["model"] == "logit");

    // Pain from 1 to 4: never a bad morning at the default threshold of 5.
    REQUIRE(f.call("journal.import", {{"content", journal_csv(60, -3)}})["result"]["nights"] == 60);
    CHECK(f.call("analysis.run", {{"outcome", "bad-morning"}})["error"]["message"].get<std::string>().find(
              "every morning was good") != std::string::npos);
    const json both = f.call("analysis.run", {{"outcome", "both"}})["result"];
    CHECK(both["pain"] == f.call("analysis.run", json::object())["result"]);
    const json& bad = both["bad_morning"];
    CHECK(bad["model"] == "logit");
    CHECK(bad["n"] == 0);
    CHECK(bad["coefficients"].empty());
    REQUIRE(bad["findings"].size() == 1);
    CHECK(bad["findings"][0]["kind"] == "not_enough_data");
    CHECK(bad["findings"][0]["text"].get<std::string>().find("every morning was good (pain >= 5.0)") !=
          std::string::npos);
}

}  // namespace
}  // namespace painlog::daemon
