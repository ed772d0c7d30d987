// Shell completions generated from the command table (cli/completions.h): every
// command path and option reaches every shell's script, and --completions is the way
// the build asks for them. The scripts' behaviour in real shells is checked by
// tests/package/check-completions.
#include <algorithm>
#include <sstream>

#include <doctest/doctest.h>

#include "cli/commands.h"
#include "cli/completions.h"
#include "cli/exit_code.h"

namespace painlog::cli {
namespace {

std::string script_from_command_line(const std::string& shell) {
    CommandLine command_line;
    std::ostringstream out;
    const Handler handler = command_line.parse({"--completions", shell}, out);
    CHECK_FALSE(handler);
    return out.str();
}

const CompletionNode* node_at(const std::vector<CompletionNode>& tree, const std::string& path) {
    for (const CompletionNode& node : tree) {
        if (node.path == path) return &node;
    }
    return nullptr;
}

TEST_CASE("the completion tree holds every command of the table and its subcommands") {
    CommandLine command_line;
    const std::vector<CompletionNode> tree = completion_tree(command_line.app());
    REQUIRE_FALSE(tree.empty());
    CHECK(tree.front().path.empty());
    for (const Command& command : commands()) {
        CAPTURE(command.name);
        CHECK(node_at(tree, std::string(command.name)) != nullptr);
    }
    for (const std::string path : {"gear add", "routine show", "remind snooze", "remind defaults",
                                   "config unset"}) {
        CAPTURE(path);
        CHECK(node_at(tree, path) != nullptr);
    }
}

TEST_CASE("completion options know flags - values and file names") {
    CommandLine command_line;
    const std::vector<CompletionNode> tree = completion_tree(command_line.app());
    struct Case {
        std::string path;
        std::string option;
        bool takes_value;
        bool file_value;
    };
    for (const Case& c :
         {Case{"add", "--pain", true, false}, Case{"add", "--replace", false, false},
          Case{"export", "--out", true, true}, Case{"analyze", "--csv", true, true},
          Case{"remind add", "--unless-logged", false, false},
          Case{"remind add", "--at", true, false}}) {
        CAPTURE(c.path);
        CAPTURE(c.option);
        const CompletionNode* node = node_at(tree, c.path);
        REQUIRE(node != nullptr);
        const auto it = std::find_if(node->options.begin(), node->options.end(),
                                     [&](const CompletionOption& o) { return o.name == c.option; });
        REQUIRE(it != node->options.end());
        CHECK(it->takes_value == c.takes_value);
        CHECK(it->file_value == c.file_value);
    }
    REQUIRE(node_at(tree, "import") != nullptr);
    CHECK(node_at(tree, "import")->file_arguments);
    CHECK_FALSE(node_at(tree, "show")->file_arguments);
}

TEST_CASE("every shell's script names every command path and option") {
    CommandLine command_line;
    const std::vector<CompletionNode> tree = completion_tree(command_line.app());
    for (const std::string shell : {"bash", "zsh", "fish"}) {
        CAPTURE(shell);
        const std::string script = script_from_command_line(shell);
        for (const CompletionNode& node : tree) {
            CAPTURE(node.path);
            CHECK(script.find(node.path) != std::string::npos);
            for (const CompletionOption& option : node.options) {
                // fish names long options without their dashes (-l at).
                const std::string name =
                    shell == "fish" ? "-l " + option.name.substr(2) : option.name;
                CAPTURE(name);
                CHECK(script.find(name) != std::string::npos);
            }
        }
    }
}

TEST_CASE("the scripts register painlog with their shell") {
    const std::string bash = script_from_command_line("bash");
    CHECK(bash.find("complete -F _painlog painlog") != std::string::npos);
    CHECK(script_from_command_line("zsh").starts_with("#compdef painlog\n"));
    CHECK(script_from_command_line("fish").find("complete -c painlog -f") != std::string::npos);
}

TEST_CASE("--completions without a known shell is a usage error") {
    using Args = std::vector<std::string>;
    for (const Args& args : {Args{"--completions"}, Args{"--completions", "tcsh"},
                             Args{"--completions", "bash", "zsh"}}) {
        CommandLine command_line;
        std::ostringstream out;
        CHECK_THROWS_AS((void)command_line.parse(args, out), Failure);
    }
    CHECK(shell_named("bash") == Shell::k_bash);
    CHECK(shell_named("fish") == Shell::k_fish);
    CHECK_FALSE(shell_named("sh").has_value());
}

}  // namespace
}  // namespace painlog::cli
