// painlog's command table (STYLE 7): every command's name, one-line help and the
// function that defines its options and returns its handler. Help, unknown-command
// errors and "did you mean" all come from this table; CommandLine turns it into the
// CLI11 parser. One cmd_NAME.cpp per command. Not thread-safe (single-threaded CLI).
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/client.h"

namespace painlog::cli {

// What a running command may touch: the daemon, the two output streams and, for the
// few commands that ask (remind defaults), the person at the terminal.
struct Context {
    Client& client;
    std::ostream& out;
    std::ostream& err;
    std::istream* in = nullptr;  // answers to questions; null: nobody to ask
};

// Runs a parsed command. Returns normally on success (exit 0); throws Failure otherwise.
using Handler = std::function<void(Context&)>;

struct Command {
    std::string_view name;
    std::string_view help;
    // Adds the command's options and subcommands to `command` (bound to storage the
    // handler owns) and returns the handler to run when the command is chosen.
    Handler (*define)(CLI::App& command);
};

// The table, in the order `painlog --help` lists it.
[[nodiscard]] std::span<const Command> commands();

// The name in `names` nearest to `word` by edit distance (a swap of two neighbouring
// letters counts as one edit), if one is close enough to be a likely typo; ties go to
// the earlier name.
[[nodiscard]] std::optional<std::string> suggest(std::string_view word,
                                                 std::span<const std::string> names);

// Optimal-string-alignment edit distance between two strings.
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// The whole command line: the table as a CLI11 app with --help and --version.
class CommandLine {
public:
    CommandLine();
    CommandLine(const CommandLine&) = delete;
    CommandLine& operator=(const CommandLine&) = delete;

    // Parses the arguments (without the program name). Returns the chosen command's
    // handler, or an empty Handler when nothing is left to do (--help, --version, or
    // the hidden --completions bash|zsh|fish, printed to `out`). Throws
    // Failure(k_usage) with CLI11's message, a suggestion for a mistyped command and a
    // pointer to --help.
    [[nodiscard]] Handler parse(const std::vector<std::string>& args, std::ostream& out);

    // Whether the command parse() chose was given --json: its output is for a program,
    // which should not take the notices of undelivered reminders meant for a person.
    [[nodiscard]] bool json_output();

    // The whole command table (for the completion scripts).
    [[nodiscard]] CLI::App& app() {
        define("");
        return m_app;
    }

private:
    // Adds the commands to m_app, once: only the one named `only` when that names a
    // command (painlog starts afresh for every command, and building all nineteen
    // with every option is most of its start-up), else all of them, as --help,
    // a mistyped command's suggestion and the completions need.
    void define(std::string_view only);

    CLI::App m_app;
    std::vector<std::pair<CLI::App*, Handler>> m_handlers;
    bool m_defined = false;
};

// Shared by the command files.

// Calls painlogd; returns the "result". Throws failure_from(error) on a daemon error.
[[nodiscard]] nlohmann::json call(Context& context, std::string_view method,
                                  nlohmann::json params = nullptr);

// As call(), but the result as JSON text (Client::call_text), for print_json_text.
[[nodiscard]] std::string call_text(Context& context, std::string_view method,
                                    nlohmann::json params = nullptr);

// A handler that runs the handler of whichever of `handlers`' subcommands was parsed
// (for commands with subcommands, such as gear add/use/list).
[[nodiscard]] Handler dispatch_subcommands(std::vector<std::pair<CLI::App*, Handler>> handlers);

// The absolute, normalised path of `file` when it is a readable regular file (painlogd
// reads input files by absolute path, so it is checked here, where a missing file can
// be reported as such). Throws Failure(k_no_input) naming the file and the reason.
[[nodiscard]] std::filesystem::path readable_file(const std::string& file);

// Writes `content` to `path` via a temporary file beside it, so a reader never sees a
// half-written file and a failure leaves any old file untouched. Throws
// Failure(k_cant_create) naming the file and the reason.
void write_file_atomically(const std::filesystem::path& path, const std::string& content);

// Prints `result` as indented JSON and a newline (what --json prints).
void print_json(Context& context, const nlohmann::json& result);

// Prints the JSON text `result` (call_text) as print_json prints its value, without
// parsing it into a tree (protocol::indent_json). Throws Failure(k_protocol) when it is
// not JSON.
void print_json_text(Context& context, std::string_view result);

// Adds --json ("print the result as JSON") bound to `flag`.
void add_json_flag(CLI::App& command, bool& flag);

// Binds an option whose value is kept as the user wrote it (nullopt when not given);
// `type_name` is the placeholder help shows (DATE, N, HOURS ...).
CLI::Option* add_text_option(CLI::App& command, const std::string& name,
                             std::optional<std::string>& value, const std::string& help,
                             const std::string& type_name = "TEXT");

// The definitions, one per cmd_NAME.cpp.
Handler define_add(CLI::App& command);
Handler define_list(CLI::App& command);
Handler define_show(CLI::App& command);
Handler define_edit(CLI::App& command);
Handler define_rm(CLI::App& command);
Handler define_gear(CLI::App& command);
Handler define_factor(CLI::App& command);
Handler define_export(CLI::App& command);
Handler define_import(CLI::App& command);
Handler define_analyze(CLI::App& command);
Handler define_status(CLI::App& command);
Handler define_config(CLI::App& command);
Handler define_routine(CLI::App& command);
Handler define_did(CLI::App& command);
Handler define_remind(CLI::App& command);
Handler define_report(CLI::App& command);
Handler define_backup(CLI::App& command);
Handler define_restore(CLI::App& command);
Handler define_doctor(CLI::App& command);
// `remind defaults`, defined in its own file and added by define_remind.
Handler define_remind_defaults(CLI::App& command);

// After a command that reached painlogd: tells on `err` of reminders that fired but
// could not be delivered since the last time they were shown (reminder.pending).
void show_undelivered(Context& context);

}  // namespace painlog::cli
