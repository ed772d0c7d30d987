// Every bad input of the foundation issue gets a clear error naming the field, the
// value and what is allowed, a documented exit code, and leaves the journal as it was.
#include <doctest/doctest.h>

#include "harness.h"

namespace painlog::e2e {
namespace {

using nlohmann::json;

struct BadCommand {
    std::vector<std::string> args;
    int exit_code;
    std::vector<std::string> mentions;  // each must appear in stderr
};

TEST_CASE("bad values - names and dates are refused and change nothing") {
    World world;
    world.start_daemon();
    auto ok = [&](const std::vector<std::string>& args) {
        const RunResult result = world.painlog(args);
        REQUIRE_MESSAGE(result.exit_code == 0, result.err);
    };
    ok({"gear", "add", "mattress", "Morgedal"});
    ok({"factor", "add", "room", "--type", "choice", "--choices", "cold,warm"});
    ok({"add", "--date", "2026-11-20", "--pain", "4"});
    const json before = world.snapshot();

    const BadCommand cases[] = {
        {{"add", "--date", "2026-11-21", "--pain", "11"}, 65, {"pain", "11", "0 to 10"}},
        {{"add", "--date", "2026-11-21", "--pain", "-1"}, 65, {"pain", "-1", "0 to 10"}},
        {{"add", "--date", "2026-11-21", "--pain", "bad"}, 65, {"pain", "bad", "0 to 10"}},
        {{"add", "--date", "2026-02-30", "--pain", "3"}, 65, {"date", "2026-02-30", "exists"}},
        {{"add", "--date", "2999-01-01", "--pain", "3"}, 65, {"date", "2999-01-01", "today"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--position", "upside"}, 65,
         {"position", "upside", "side"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--areas", "neck,knee"}, 65,
         {"areas", "knee", "upper_back"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--mattress", "Cloud"}, 65,
         {"mattress", "Cloud", "Morgedal"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--factor", "tea=1"}, 65,
         {"factors", "tea", "room"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--factor", "room=hot"}, 65,
         {"room", "hot", "cold"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--sitting", "25"}, 65,
         {"sitting_hours", "25", "0 to 24"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--routine", "Handstand"}, 65,
         {"routines", "Handstand", "Cat-Cow"}},
        {{"add", "--date", "2026-11-20", "--pain", "3"}, 65, {"2026-11-20", "--replace"}},
        {{"gear", "add", "pillow", "morgedal"}, 65, {"morgedal"}},
        {{"gear", "use", "Cloud"}, 65, {"Cloud"}},
        {{"factor", "add", "pain", "--type", "number"}, 65, {"pain", "built-in"}},
        {{"factor", "add", "mood", "--type", "colour"}, 65, {"colour", "yesno"}},
        {{"edit", "2026-11-19", "--pain", "3"}, 65, {"2026-11-19"}},
        {{"config", "set", "colour", "red"}, 65, {"colour", "timezone"}},
        {{"add", "--date", "2026-11-21", "--pain", "3", "--note", "caf\xe9 \xff"}, 65,
         {"note", "caf\\xe9 \\xff", "not UTF-8", "byte 4 of 6"}},
        {{"gear", "add", "pillow", "Daun\xe9"}, 65, {"name", "not UTF-8"}},
        {{"ad", "--pain", "3"}, 64, {"ad", "add"}},
        {{"add", "--pain", "3", "--pian", "4"}, 64, {"--pian"}},
        {{"list", "--from"}, 64, {"--from"}},
    };
    for (const auto& c : cases) {
        std::string shown;
        for (const auto& arg : c.args) shown += arg + " ";
        CAPTURE(shown);
        const RunResult result = world.painlog(c.args);
        CHECK(result.exit_code == c.exit_code);
        for (const auto& word : c.mentions) {
            CAPTURE(word);
            CHECK(result.err.find(word) != std::string::npos);
        }
        CHECK(result.out.empty());
    }
    CHECK(world.snapshot() == before);
}

TEST_CASE("malformed requests sent straight to the socket get errors - nothing changes") {
    World world;
    world.start_daemon();
    REQUIRE(world.painlog({"add", "--date", "2026-11-20", "--pain", "4"}).exit_code == 0);
    const json before = world.snapshot();
    RawClient client(world.socket());
    struct Case {
        std::string line;
        int code;
    };
    const Case cases[] = {
        {"{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":", -32700},
        {"{\"jsonrpc\":\"1.0\",\"id\":2,\"method\":\"status\"}", -32600},
        {"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"night.delete_all\"}", -32601},
        {"[{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"status\"}]", -32600},
        {"{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"night.add\",\"params\":{\"night\":{\"pain\":\"4; DROP TABLE nights\"}}}", -32602},
        {"{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"night.remove\",\"params\":{\"date\":\"2026-11-20' OR 1=1 --\"}}", -32602},
    };
    for (const auto& c : cases) {
        CAPTURE(c.line);
        REQUIRE(client.send(c.line + "\n"));
        const json reply = json::parse(client.read_line(), nullptr, false);
        REQUIRE(reply.is_object());
        CHECK(reply["error"]["code"] == c.code);
    }
    CHECK(client.call("status").contains("result"));  // same connection still served
    CHECK(world.snapshot() == before);
}

}  // namespace
}  // namespace painlog::e2e
