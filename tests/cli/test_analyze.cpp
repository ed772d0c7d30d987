// painlog analyze against a fake painlogd (cli/cmd_analyze.cpp): the params of both
// forms, the usage errors caught before any request, the missing-file check, and what
// --json and the default text print.
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

#include "cli/exit_code.h"
#include "cli/fake_client.h"
#include "protocol/result.h"

namespace painlog::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using testing::FakeClient;
using testing::Run;
using testing::TempDir;
using testing::run;

const json k_result = {
    {"model", "ols"}, {"description", "least squares on pain, classic errors"}, {"n", 40},
    {"n_dropped", 0}, {"from", "2026-10-01"}, {"to", "2026-11-09"},
    {"coefficients", json::array()}, {"aliased", json::array()}, {"notes", json::array()},
    {"findings", {{{"kind", "effect"}, {"term", "stress"}, {"effect", 0.3}, {"flagged", true},
                   {"text", "Per 1 more of stress: +0.30 pain points"}}}}};

// A CSV file in its own temporary directory.
struct CsvFile {
    CsvFile() { std::ofstream(path()) << "pain,room\n3,cold\n"; }
    [[nodiscard]] fs::path path() const { return dir.path / "days.csv"; }
    TempDir dir;
};

TEST_CASE("analyze sends analysis.run with only the options given") {
    struct Case {
        std::vector<std::string> args;
        json params;
    };
    for (const Case& c : {
             Case{{}, json::object()},
             Case{{"--from", "2026-05-01", "--to", "today"}, {{"from", "2026-05-01"}, {"to", "today"}}},
             Case{{"--outcome", "bad-morning", "--threshold", "6"},
                  {{"outcome", "bad-morning"}, {"threshold", 6}}},
             Case{{"--threshold", "6.5"}, {{"threshold", "6.5"}}},
             Case{{"--threshold", "high"}, {{"threshold", "high"}}},
             Case{{"--outcome", "stiffness"}, {{"outcome", "stiffness"}}},
             Case{{"--se", "hac", "--hac-lag", "3"}, {{"se", "hac"}, {"hac_lag", 3}}},
             Case{{"--se", "robust", "--hac-lag", "two"}, {{"se", "robust"}, {"hac_lag", "two"}}},
             Case{{"--reference", "mattress=Morgedal", "--reference", "position=back"},
                  {{"references", {{"mattress", "Morgedal"}, {"position", "back"}}}}},
             Case{{"--reference", "room=very cold", "--reference", "note=a=b", "--json"},
                  {{"references", {{"room", "very cold"}, {"note", "a=b"}}}}},
         }) {
        std::vector<std::string> args{"analyze"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        CAPTURE(json(args).dump());
        FakeClient client(k_result);
        const Run result = run(client, args);
        CHECK_FALSE(result.failure);
        REQUIRE(client.calls.size() == 1);
        CHECK(client.calls[0].first == "analysis.run");
        CHECK(client.calls[0].second == c.params);
    }
}

TEST_CASE("analyze --csv sends analysis.csv with the file's absolute path") {
    const CsvFile file;
    const std::string absolute = file.path().string();
    struct Case {
        std::vector<std::string> args;
        json params;  // without "path"
    };
    for (const Case& c : {
             Case{{"--outcome", "pain"}, {{"outcome", "pain"}}},
             Case{{"--outcome", "any column"}, {{"outcome", "any column"}}},
             Case{{"--outcome", "bad", "--model", "logit", "--no-intercept"},
                  {{"outcome", "bad"}, {"model", "logit"}, {"intercept", false}}},
             Case{{"--outcome", "y", "--factors", "a, b,,c", "--categorical", "room", "--categorical",
                   "weekday"},
                  {{"outcome", "y"}, {"factors", {"a", "b", "c"}}, {"categorical", {"room", "weekday"}}}},
             Case{{"--outcome", "y", "--reference", "room=cold", "--se", "hac", "--hac-lag", "2"},
                  {{"outcome", "y"}, {"references", {{"room", "cold"}}}, {"se", "hac"}, {"hac_lag", 2}}},
             Case{{"--outcome", "y", "--model", "probit", "--hac-lag", "-1"},
                  {{"outcome", "y"}, {"model", "probit"}, {"hac_lag", -1}}},
         }) {
        // The file named relative to the working directory must still go as absolute.
        std::vector<std::string> args{"analyze", "--csv", fs::relative(file.path()).string()};
        args.insert(args.end(), c.args.begin(), c.args.end());
        CAPTURE(json(args).dump());
        FakeClient client(k_result);
        const Run result = run(client, args);
        CHECK_FALSE(result.failure);
        REQUIRE(client.calls.size() == 1);
        CHECK(client.calls[0].first == "analysis.csv");
        json expected = c.params;
        expected["path"] = absolute;
        CHECK(client.calls[0].second == expected);
    }
}

TEST_CASE("analyze usage errors exit 64 before contacting painlogd") {
    const CsvFile file;
    const std::string csv = file.path().string();
    struct Case {
        std::vector<std::string> args;
        std::string_view message_part;
    };
    for (const Case& c : {
             Case{{"--csv", csv}, "--csv needs --outcome"},
             Case{{"--csv", csv, "--outcome", "y", "--from", "2026-01-01"}, "--from applies to the journal"},
             Case{{"--csv", csv, "--outcome", "y", "--to", "today"}, "--to applies to the journal"},
             Case{{"--csv", csv, "--outcome", "y", "--threshold", "5"}, "--threshold applies to the journal"},
             Case{{"--model", "logit"}, "--model applies to a CSV analysis only"},
             Case{{"--no-intercept"}, "--no-intercept applies to a CSV analysis only"},
             Case{{"--factors", "a,b"}, "--factors applies to a CSV analysis only"},
             Case{{"--categorical", "room"}, "--categorical applies to a CSV analysis only"},
             Case{{"--reference", "mattress"}, "FACTOR=LEVEL"},
             Case{{"--reference", "=Morgedal"}, "FACTOR=LEVEL"},
             Case{{"--bogus"}, "--bogus"},
         }) {
        std::vector<std::string> args{"analyze"};
        args.insert(args.end(), c.args.begin(), c.args.end());
        CAPTURE(json(args).dump());
        FakeClient client(k_result);
        const Run result = run(client, args);
        CHECK(result.failure == ExitCode::k_usage);
        CHECK(result.message.find(c.message_part) != std::string::npos);
        CHECK(result.message.find("--help") != std::string::npos);
        CHECK(client.calls.empty());
    }
}

TEST_CASE("analyze --csv with a missing or unreadable file exits 66 naming it") {
    TempDir dir;
    std::vector<fs::path> bad{dir.path / "missing.csv", dir.path};
    const fs::path locked = dir.path / "locked.csv";
    std::ofstream(locked) << "pain\n1\n";
    ::chmod(locked.c_str(), 0);
    if (::access(locked.c_str(), R_OK) != 0) bad.push_back(locked);  // not when run as root
    for (const fs::path& path : bad) {
        CAPTURE(path);
        FakeClient client(k_result);
        const Run result = run(client, {"analyze", "--csv", path.string(), "--outcome", "pain"});
        CHECK(result.failure == ExitCode::k_no_input);
        CHECK(result.message.find(path.string()) != std::string::npos);
        CHECK(client.calls.empty());
    }
}

TEST_CASE("analyze --json prints the result exactly as received and nothing else") {
    json reply = k_result;
    reply["r_squared"] = 0.1 + 0.2;  // 0.30000000000000004
    reply["f_p_value"] = 2.2250738585072014e-308;
    reply["residual_sd"] = 1.0 / 3.0;
    reply["aic"] = nullptr;
    FakeClient client(reply);
    const Run result = run(client, {"analyze", "--json"});
    CHECK_FALSE(result.failure);
    CHECK(result.out == reply.dump(2) + "\n");
    const json parsed = json::parse(result.out);
    CHECK(parsed == reply);
    CHECK(parsed["r_squared"].get<double>() == 0.1 + 0.2);
    CHECK(parsed["residual_sd"].get<double>() == 1.0 / 3.0);
    CHECK(parsed["f_p_value"].get<double>() == 2.2250738585072014e-308);
}

TEST_CASE("analyze prints the text page by default - naming the CSV file") {
    FakeClient client(k_result);
    const Run journal = run(client, {"analyze"});
    CHECK(journal.out.rfind("Analysis of 40 nights (2026-10-01 to 2026-11-09).\n", 0) == 0);
    CHECK(journal.out.find("▲ Per 1 more of stress") != std::string::npos);

    const CsvFile file;
    const Run csv = run(client, {"analyze", "--csv", file.path().string(), "--outcome", "pain"});
    CHECK(csv.out.rfind("Analysis of 40 rows of " + file.path().string() + ".\n", 0) == 0);
}

TEST_CASE("analyze --outcome both asks for both models and prints them on one page") {
    json bad = k_result;
    bad["model"] = "logit";
    bad["description"] = "logistic regression on bad mornings (pain >= 5.0), Newey-West errors (lag 3)";
    bad["findings"][0]["effect"] = 1.4;
    bad["findings"][0]["text"] = "Per 1 more of stress: odds of a bad morning x1.4";
    FakeClient client(json{{"pain", k_result}, {"bad_morning", bad}});
    const Run text = run(client, {"analyze", "--outcome", "both", "--threshold", "6"});
    CHECK_FALSE(text.failure);
    REQUIRE(client.calls.size() == 1);
    CHECK(client.calls[0].first == "analysis.run");
    CHECK(client.calls[0].second == json{{"outcome", "both"}, {"threshold", 6}});
    CHECK(text.out.rfind("Analysis of 40 nights (2026-10-01 to 2026-11-09).\n", 0) == 0);
    const auto pain_at = text.out.find("▲ Per 1 more of stress: +0.30 pain points");
    const auto bad_at = text.out.find("▲ Per 1 more of stress: odds of a bad morning x1.4");
    CHECK(pain_at != std::string::npos);
    CHECK(bad_at != std::string::npos);
    CHECK(pain_at < bad_at);

    const Run json_out = run(client, {"analyze", "--outcome", "both", "--json"});
    CHECK(json::parse(json_out.out) == json{{"pain", k_result}, {"bad_morning", bad}});
}

TEST_CASE("analyze reports painlogd's error with its message and exit code") {
    FakeClient client(protocol::invalid_field("outcome", "stiffness", "pain or bad-morning"));
    const Run result = run(client, {"analyze", "--outcome", "stiffness"});
    CHECK(result.failure == ExitCode::k_data);
    CHECK(result.message.find("outcome") != std::string::npos);
    CHECK(result.message.find("stiffness") != std::string::npos);
    CHECK(result.out.empty());
}

}  // namespace
}  // namespace painlog::cli
