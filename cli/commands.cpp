#include "cli/commands.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ostream>

#include "cli/completions.h"
#include "cli/exit_code.h"
#include "protocol/json_text.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

constexpr std::array<Command, 19> k_commands{{
    {"add", "Log a night: morning pain, sleep setup and the day before", define_add},
    {"list", "List logged nights as a table", define_list},
    {"show", "Show every field of one night", define_show},
    {"edit", "Change or clear fields of a logged night", define_edit},
    {"rm", "Remove a logged night", define_rm},
    {"gear", "Register mattresses and pillows and choose the ones in use", define_gear},
    {"factor", "Define custom factors to track (number, yes/no, choice)", define_factor},
    {"export", "Export the journal as CSV or JSON", define_export},
    {"import", "Import nights from a CSV or JSON file", define_import},
    {"did", "Log a routine as done (Cat-Cow, Open Book ...)", define_did},
    {"routine", "The stretching routines: list, show the steps, add your own", define_routine},
    {"remind", "Reminders for routines and the morning log, in your time zone", define_remind},
    {"analyze", "Which factors go with worse or better mornings (journal or CSV)", define_analyze},
    {"report", "The weekly report: your week, the trend and the findings", define_report},
    {"status", "Show painlogd's status: version, database, number of nights", define_status},
    {"backup", "Copy the journal to a file, consistently, while painlogd runs", define_backup},
    {"restore", "Replace the journal with a backup, after checking the backup", define_restore},
    {"doctor", "Check the journal for damage (works when painlogd cannot start)", define_doctor},
    {"config", "Read and change settings (time zone, bad-morning threshold)", define_config},
}};

std::vector<std::string> subcommand_names(CLI::App& app) {
    std::vector<std::string> names;
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
        names.push_back(sub->get_name());
    }
    return names;
}

// Rejects a mistyped command word before CLI11 sees it, with a suggestion from the
// table (or from a command's own subcommands, e.g. gear add/use/list).
void check_command_words(CLI::App& app, const std::vector<std::string>& args) {
    CLI::App* current = &app;
    std::string path = "painlog";
    for (const std::string& arg : args) {
        if (arg.empty() || arg.front() == '-') return;
        const std::vector<std::string> names = subcommand_names(*current);
        if (names.empty()) return;
        if (std::find(names.begin(), names.end(), arg) == names.end()) {
            std::string message = "unknown command '" + (path == "painlog" ? "" : path.substr(8) + " ") + arg + "'";
            if (const auto near = suggest(arg, names)) message += "; did you mean '" + *near + "'?";
            throw Failure(ExitCode::k_usage,
                          message + "\nRun '" + path + " --help' to see the commands.");
        }
        current = current->get_subcommand(arg);
        path += " " + arg;
    }
}

// The subcommands CLI11 had reached, outermost first ("gear", "add").
std::vector<CLI::App*> parsed_chain(CLI::App& app) {
    std::vector<CLI::App*> chain;
    for (CLI::App* current = &app;;) {
        const std::vector<CLI::App*> parsed = current->get_subcommands();
        if (parsed.empty()) return chain;
        current = parsed.front();
        chain.push_back(current);
    }
}

// "painlog gear add": the chain as the command line names it.
std::string parsed_path(CLI::App& app) {
    std::string path = "painlog";
    for (const CLI::App* command : parsed_chain(app)) path += " " + command->get_name();
    return path;
}

}  // namespace

std::span<const Command> commands() { return k_commands; }

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // d[i][j]: distance between a[0, i) and b[0, j), kept as three rolling rows.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t substitution = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1,
                                   previous[j - 1] + substitution});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> suggest(std::string_view word, std::span<const std::string> names) {
    constexpr std::size_t k_max_distance = 2;
    std::optional<std::string> best;
    std::size_t best_distance = k_max_distance + 1;
    for (const std::string& name : names) {
        const std::size_t distance = edit_distance(word, name);
        // A distance as long as the name means nothing of it is left ("x" vs "rm").
        if (distance < best_distance && distance < name.size()) {
            best = name;
            best_distance = distance;
        }
    }
    return best;
}

CommandLine::CommandLine() : m_app("painlog: a sleep-and-pain journal (talks to painlogd)", "painlog") {
    m_app.set_version_flag("--version", "painlog " + std::string(protocol::k_version),
                           "Print painlog's version and exit");
    m_app.require_subcommand(1);
    m_app.footer("Run 'painlog COMMAND --help' for a command's options.");  // top level only
}

void CommandLine::define(std::string_view only) {
    if (m_defined) return;
    m_defined = true;
    const auto table = commands();
    const bool one = std::any_of(table.begin(), table.end(),
                                 [&](const Command& command) { return command.name == only; });
    for (const Command& command : table) {
        if (one && command.name != only) continue;
        CLI::App* sub = m_app.add_subcommand(std::string(command.name), std::string(command.help));
        m_handlers.emplace_back(sub, command.define(*sub));
    }
}

Handler CommandLine::parse(const std::vector<std::string>& args, std::ostream& out) {
    if (args.empty()) {
        throw Failure(ExitCode::k_usage,
                      "no command given\nRun 'painlog --help' to see the commands.");
    }
    define(args.front());
    // Hidden: the shell completion scripts the build installs (completions.h).
    if (args.front() == "--completions") {
        const auto shell = args.size() == 2 ? shell_named(args[1]) : std::nullopt;
        if (!shell) throw Failure(ExitCode::k_usage, "--completions takes one of bash, zsh, fish");
        out << completion_script(m_app, *shell);
        return {};
    }
    check_command_words(m_app, args);
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 pops from the back
    try {
        m_app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        out << m_app.help();  // the parsed subcommand's help when one was named
        return {};
    } catch (const CLI::CallForAllHelp&) {
        out << m_app.help("", CLI::AppFormatMode::All);
        return {};
    } catch (const CLI::CallForVersion& version) {
        out << version.what() << '\n';
        return {};
    } catch (const CLI::ParseError& error) {
        const std::string path = parsed_path(m_app);
        throw Failure(ExitCode::k_usage, std::string(error.what()) + "\nRun '" + path +
                                             " --help' for usage.");
    }
    return dispatch_subcommands(m_handlers);
}

bool CommandLine::json_output() {
    const std::vector<CLI::App*> chain = parsed_chain(m_app);
    const CLI::App* command = chain.empty() ? &m_app : chain.back();
    const CLI::Option* json = command->get_option_no_throw("--json");
    return json != nullptr && json->count() > 0;
}

Handler dispatch_subcommands(std::vector<std::pair<CLI::App*, Handler>> handlers) {
    return [handlers = std::move(handlers)](Context& context) {
        for (const auto& [command, handler] : handlers) {
            if (command->parsed()) {
                handler(context);
                return;
            }
        }
        throw Failure(ExitCode::k_usage, "no command given\nRun 'painlog --help' to see the commands.");
    };
}

nlohmann::json call(Context& context, std::string_view method, nlohmann::json params) {
    protocol::Result<nlohmann::json> result = context.client.call(method, std::move(params));
    if (!result) throw failure_from(result.error());
    return std::move(result).value();
}

std::string call_text(Context& context, std::string_view method, nlohmann::json params) {
    protocol::Result<std::string> result = context.client.call_text(method, std::move(params));
    if (!result) throw failure_from(result.error());
    return std::move(result).value();
}

std::filesystem::path readable_file(const std::string& file) {
    namespace fs = std::filesystem;
    const auto fail = [&file](const std::string& reason) {
        throw Failure(ExitCode::k_no_input, "cannot read '" + file + "': " + reason);
    };
    std::error_code error;
    const fs::file_status status = fs::status(file, error);
    if (error) fail(error.message());
    if (fs::is_directory(status)) fail("it is a directory");
    if (::access(file.c_str(), R_OK) != 0) fail(std::strerror(errno));
    fs::path absolute = fs::absolute(file, error);
    if (error) fail(error.message());
    return absolute.lexically_normal();
}

void print_json(Context& context, const nlohmann::json& result) {
    context.out << result.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void print_json_text(Context& context, std::string_view result) {
    if (const auto indented = protocol::indent_json(result, 2)) {
        context.out << *indented << '\n';
        return;
    }
    // Deeper than indent_json goes.
    const nlohmann::json value = protocol::parse_json(result);
    if (value.is_discarded()) {
        throw Failure(ExitCode::k_protocol, "painlogd sent a result that is not JSON");
    }
    print_json(context, value);
}

void add_json_flag(CLI::App& command, bool& flag) {
    command.add_flag("--json", flag, "Print the result as JSON");
}

CLI::Option* add_text_option(CLI::App& command, const std::string& name,
                             std::optional<std::string>& value, const std::string& help,
                             const std::string& type_name) {
    return command
        .add_option_function<std::string>(
            name, [&value](const std::string& text) { value = text; }, help)
        ->type_name(type_name);
}

namespace {

[[noreturn]] void fail_write(const std::filesystem::path& path, int error) {
    throw Failure(ExitCode::k_cant_create,
                  "cannot write '" + path.string() + "': " + std::strerror(error));
}

}  // namespace

void write_file_atomically(const std::filesystem::path& path, const std::string& content) {
    const std::filesystem::path dir =
        path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::string temp = (dir / ("." + path.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) fail_write(path, errno);
    std::size_t written = 0;
    int error = 0;
    while (written < content.size() && error == 0) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno != EINTR) error = errno;
        if (n > 0) written += static_cast<std::size_t>(n);
    }
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0) error = errno;
    if (error == 0 && ::rename(temp.c_str(), path.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temp.c_str());
        fail_write(path, error);
    }
}



}  // namespace painlog::cli
