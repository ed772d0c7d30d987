// The command table: help for every command, --help and --version, usage errors and
// "did you mean" suggestions (cli/commands.h).
#include <set>
#include <sstream>

#include <doctest/doctest.h>

#include "cli/commands.h"
#include "cli/exit_code.h"

namespace painlog::cli {
namespace {

// Parses and returns the Failure's exit code and message; fails the test if none.
std::pair<ExitCode, std::string> usage_failure(const std::vector<std::string>& args) {
    CommandLine command_line;
    std::ostringstream out;
    try {
        (void)command_line.parse(args, out);
    } catch (const Failure& failure) {
        return {failure.code(), failure.what()};
    }
    FAIL("expected a usage error");
    return {};
}

TEST_CASE("edit_distance counts insertions - deletions - substitutions and swaps") {
    struct Case {
        std::string_view a, b;
        std::size_t distance;
    };
    for (const Case& c : {Case{"", "", 0}, Case{"add", "add", 0}, Case{"ad", "add", 1},
                          Case{"sohw", "show", 1}, Case{"lst", "list", 1},
                          Case{"stauts", "status", 1}, Case{"", "rm", 2},
                          Case{"kitten", "sitting", 3}}) {
        CAPTURE(c.a);
        CAPTURE(c.b);
        CHECK(edit_distance(c.a, c.b) == c.distance);
        CHECK(edit_distance(c.b, c.a) == c.distance);
    }
}

TEST_CASE("suggest names the nearest command for a likely typo - and nothing otherwise") {
    std::vector<std::string> names;
    for (const Command& command : commands()) names.emplace_back(command.name);
    struct Case {
        std::string_view typed;
        std::optional<std::string> expected;
    };
    for (const Case& c : {Case{"ad", "add"}, Case{"lst", "list"}, Case{"sohw", "show"},
                          Case{"imprt", "import"}, Case{"expotr", "export"},
                          Case{"stauts", "status"}, Case{"confg", "config"}, Case{"rn", "rm"},
                          Case{"x", std::nullopt}, Case{"frobnicate", std::nullopt},
                          Case{"analyse", "analyze"}}) {
        CAPTURE(c.typed);
        CHECK(suggest(c.typed, names) == c.expected);
    }
}

TEST_CASE("every command in the table has a unique name - help text and accepts --help") {
    std::set<std::string_view> seen;
    for (const Command& command : commands()) {
        CAPTURE(command.name);
        CHECK(seen.insert(command.name).second);
        CHECK_FALSE(command.help.empty());
        CommandLine command_line;
        std::ostringstream out;
        const Handler handler = command_line.parse({std::string(command.name), "--help"}, out);
        CHECK_FALSE(handler);  // nothing left to run
        CHECK(out.str().find(std::string(command.name)) != std::string::npos);
    }
}

TEST_CASE("subcommands of gear - factor and config accept --help") {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"gear", "add", "--help"}, {"gear", "use", "--help"},
          {"gear", "list", "--help"}, {"factor", "add", "--help"}, {"factor", "list", "--help"},
          {"config", "get", "--help"}, {"config", "set", "--help"}, {"config", "unset", "--help"}}) {
        CAPTURE(args[1]);
        CommandLine command_line;
        std::ostringstream out;
        CHECK_FALSE(command_line.parse(args, out));
        CHECK(out.str().find(args[1]) != std::string::npos);
    }
}

TEST_CASE("top-level help lists every command with its help - --version prints the version") {
    CommandLine command_line;
    std::ostringstream help;
    CHECK_FALSE(command_line.parse({"--help"}, help));
    for (const Command& command : commands()) {
        CHECK(help.str().find(std::string(command.help)) != std::string::npos);
    }
    CommandLine again;
    std::ostringstream version;
    CHECK_FALSE(again.parse({"--version"}, version));
    CHECK(version.str() == "painlog " PAINLOG_VERSION "\n");
}

TEST_CASE("a parsed command yields a handler") {
    CommandLine command_line;
    std::ostringstream out;
    CHECK(command_line.parse({"add", "--pain", "3"}, out));
    CHECK(out.str().empty());
}

TEST_CASE("usage errors exit 64 with a pointer to --help") {
    struct Case {
        std::vector<std::string> args;
        std::string_view message_part;
    };
    for (const Case& c : {
             Case{{"ad", "--pain", "3"}, "did you mean 'add'?"},
             Case{{"gear", "ad", "pillow", "x"}, "unknown command 'gear ad'; did you mean 'add'?"},
             Case{{"frobnicate"}, "unknown command 'frobnicate'"},
             Case{{}, "no command given"},
             Case{{"add"}, "--pain is required"},
             Case{{"add", "--pain", "3", "--bogus"}, "--bogus"},
             Case{{"add", "--pain", "3", "--factor", "coffee"}, "NAME=VALUE"},
             Case{{"add", "--pain", "3", "--factor", "=2"}, "NAME=VALUE"},
             Case{{"show"}, "date is required"},
             Case{{"gear"}, "subcommand"},
             Case{{"factor", "add", "room"}, "--type is required"},
             Case{{"config", "set", "timezone"}, "value is required"},
         }) {
        CAPTURE(c.message_part);
        const auto [code, message] = usage_failure(c.args);
        CHECK(code == ExitCode::k_usage);
        CHECK(message.find(c.message_part) != std::string::npos);
        CHECK(message.find("--help") != std::string::npos);
    }
    // The pointer to --help names the subcommand reached, however deep.
    CHECK(usage_failure({"factor", "add", "room"})
              .second.ends_with("Run 'painlog factor add --help' for usage."));
    CHECK(usage_failure({"show"}).second.ends_with("Run 'painlog show --help' for usage."));
}

TEST_CASE("json_output tells whether the parsed command was given --json") {
    const auto json_output = [](const std::vector<std::string>& args) {
        CommandLine command_line;
        std::ostringstream out;
        REQUIRE(command_line.parse(args, out));
        return command_line.json_output();
    };
    CHECK(json_output({"list", "--json"}));
    CHECK_FALSE(json_output({"list"}));
    CHECK(json_output({"gear", "list", "--json"}));
    CHECK_FALSE(json_output({"gear", "list"}));
    CHECK_FALSE(json_output({"backup", "out.db"}));
}

}  // namespace
}  // namespace painlog::cli
