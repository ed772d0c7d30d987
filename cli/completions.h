// Shell completion scripts for bash, zsh and fish, generated from the command line
// the command table builds (commands.h), so they never drift from it: the build runs
// the hidden `painlog --completions SHELL` and installs what it prints. Every script
// completes command words, options, and file names where an argument is a FILE.
// Thread-safe: pure functions of the app they are given.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

namespace painlog::cli {

enum class Shell { k_bash, k_zsh, k_fish };

// The shell named `name` ("bash", "zsh" or "fish"), or nullopt.
[[nodiscard]] std::optional<Shell> shell_named(std::string_view name);

// One long option of a command, as completion sees it.
struct CompletionOption {
    std::string name;         // "--at"
    std::string help;         // its one-line help
    bool takes_value = false;
    bool file_value = false;  // the value is a file name (type FILE)
};

// A command word path ("" for painlog itself, "gear add") and what can follow it.
struct CompletionNode {
    std::string path;
    std::vector<std::pair<std::string, std::string>> subcommands;  // name, help
    std::vector<CompletionOption> options;
    bool file_arguments = false;  // a positional argument is a FILE
};

// Every command path of `app`, depth first, painlog itself first.
[[nodiscard]] std::vector<CompletionNode> completion_tree(CLI::App& app);

// The completion script for `shell`, to be installed where that shell looks
// (bash-completion/completions/painlog, zsh vendor-completions/_painlog,
// fish vendor_completions.d/painlog.fish).
[[nodiscard]] std::string completion_script(CLI::App& app, Shell shell);

}  // namespace painlog::cli
