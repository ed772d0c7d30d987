// Commands run end to end against a fake painlogd (the Client seam): the request each
// sends, what it prints, and the failures it reports. No socket.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <doctest/doctest.h>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/fake_client.h"

namespace painlog::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using testing::FakeClient;
using testing::Run;
using testing::TempDir;
using testing::run;

const json k_night = {{"date", "2026-11-23"}, {"pain", 3}, {"areas", {"neck", "upper_back"}},
                      {"mattress", "Morgedal"}, {"pillow", "Low foam"}};

TEST_CASE("commands send the documented method and params") {
    struct Case {
        std::vector<std::string> args;
        std::string method;
        json params;
    };
    for (const Case& c : {
             Case{{"add", "--pain", "3", "--date", "yesterday", "--replace"}, "night.add",
                  {{"night", {{"pain", 3}, {"date", "yesterday"}}}, {"replace", true}}},
             Case{{"list"}, "night.list", json::object()},
             Case{{"list", "--from", "2026-11-01", "--to", "today"}, "night.list",
                  {{"from", "2026-11-01"}, {"to", "today"}}},
             Case{{"show", "today"}, "night.get", {{"date", "today"}}},
             Case{{"edit", "today", "--pain", "4", "--clear", "factor:coffee"}, "night.edit",
                  {{"date", "today"}, {"set", {{"pain", 4}}}, {"clear", {"factor:coffee"}}}},
             Case{{"rm", "2026-11-20"}, "night.remove", {{"date", "2026-11-20"}}},
             Case{{"gear", "add", "pillow", "Low foam", "--firmness", "low", "--use"}, "gear.add",
                  {{"kind", "pillow"}, {"name", "Low foam"}, {"firmness", "low"}, {"use", true}}},
             Case{{"gear", "use", "Morgedal"}, "gear.use", {{"name", "Morgedal"}}},
             Case{{"gear", "list"}, "gear.list", nullptr},
             Case{{"factor", "add", "room", "--type", "choice", "--choices", "cold,warm"},
                  "factor.add", {{"name", "room"}, {"type", "choice"}, {"choices", {"cold", "warm"}}}},
             Case{{"factor", "add", "coffee", "--type", "number", "--min", "0", "--max", "x"},
                  "factor.add", {{"name", "coffee"}, {"type", "number"}, {"min", 0}, {"max", "x"}}},
             Case{{"factor", "list"}, "factor.list", nullptr},
             Case{{"export"}, "journal.export", {{"format", "csv"}}},
             Case{{"export", "--format", "json"}, "journal.export", {{"format", "json"}}},
             Case{{"status"}, "status", nullptr},
             Case{{"config", "get"}, "config.get", json::object()},
             Case{{"config", "get", "timezone"}, "config.get", {{"key", "timezone"}}},
             Case{{"config", "set", "timezone", "Europe/Berlin"}, "config.set",
                  {{"key", "timezone"}, {"value", "Europe/Berlin"}}},
             Case{{"config", "unset", "timezone"}, "config.set", {{"key", "timezone"}, {"value", nullptr}}},
         }) {
        CAPTURE(json(c.args).dump());
        FakeClient client(json::object());
        const Run result = run(client, c.args);
        CHECK_FALSE(result.failure);
        REQUIRE(client.calls.size() == 1);
        CHECK(client.calls[0].first == c.method);
        CHECK(client.calls[0].second == c.params);
    }
}

TEST_CASE("add prints the logged night - or the result with --json") {
    FakeClient client(json{{"night", k_night}, {"replaced", false}});
    CHECK(run(client, {"add", "--pain", "3"}).out ==
          "Logged 2026-11-23: pain 3 (neck, upper_back) · mattress Morgedal · pillow Low foam\n");
    FakeClient replaced(json{{"night", k_night}, {"replaced", true}});
    CHECK(run(replaced, {"add", "--pain", "3", "--replace"}).out.rfind("Replaced 2026-11-23", 0) == 0);
    const Run as_json = run(client, {"add", "--pain", "3", "--json"});
    CHECK(json::parse(as_json.out) == json{{"night", k_night}, {"replaced", false}});
}

TEST_CASE("a daemon error becomes a failure with its message and mapped exit code") {
    FakeClient client(protocol::invalid_field("pain", "bad", "a whole number from 0 to 10"));
    const Run result = run(client, {"add", "--pain", "bad"});
    CHECK(result.failure == ExitCode::k_data);
    CHECK(result.message == "pain: 'bad' is not allowed; expected a whole number from 0 to 10");
    FakeClient busy(protocol::make_error(protocol::ErrorCode::k_busy, "painlogd is busy"));
    CHECK(run(busy, {"status"}).failure == ExitCode::k_temp_fail);
}

TEST_CASE("edit without a change fails before contacting painlogd") {
    FakeClient client(json::object());
    const Run result = run(client, {"edit", "today"});
    CHECK(result.failure == ExitCode::k_usage);
    CHECK(client.calls.empty());
}

TEST_CASE("list prints a hint when the journal is empty") {
    FakeClient client(json{{"nights", json::array()}});
    CHECK(run(client, {"list"}).out == "No nights logged yet. Start with: painlog add --pain N\n");
}

TEST_CASE("import checks the file first and sends its absolute path") {
    TempDir dir;
    FakeClient client(json{{"nights", 2}, {"created_gear", {"Morgedal"}}, {"created_factors", json::array()}});
    const Run missing = run(client, {"import", (dir.path / "nope.csv").string()});
    CHECK(missing.failure == ExitCode::k_no_input);
    CHECK(missing.message.find("nope.csv") != std::string::npos);
    CHECK(client.calls.empty());

    std::ofstream(dir.path / "in.csv") << "date,pain\n";
    const Run ok = run(client, {"import", (dir.path / "in.csv").string(), "--replace"});
    CHECK_FALSE(ok.failure);
    REQUIRE(client.calls.size() == 1);
    CHECK(client.calls[0].second ==
          json{{"path", (dir.path / "in.csv").string()}, {"replace", true}});
    CHECK(ok.out == "Imported 2 nights (created gear: Morgedal)\n");
}

TEST_CASE("export writes --out atomically - guesses the format - and reports unwritable paths") {
    TempDir dir;
    FakeClient client(json{{"format", "json"}, {"content", "{\"painlog_journal\":1}\n"}});
    const fs::path out = dir.path / "journal.json";
    CHECK_FALSE(run(client, {"export", "--out", out.string()}).failure);
    CHECK(client.calls.at(0).second == json{{"format", "json"}});
    std::ifstream written(out);
    CHECK(std::string(std::istreambuf_iterator<char>(written), {}) == "{\"painlog_journal\":1}\n");
    CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);

    const Run bad = run(client, {"export", "--out", (dir.path / "no" / "such" / "x.csv").string()});
    CHECK(bad.failure == ExitCode::k_cant_create);
    CHECK(bad.message.find("no/such/x.csv") != std::string::npos);
}

}  // namespace
}  // namespace painlog::cli
