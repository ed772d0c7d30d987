// painlog export: the journal as CSV or JSON (journal.export), to stdout or to a file
// written atomically (a temporary file in the same directory, then renamed).

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

namespace fs = std::filesystem;

struct ExportOptions {
    std::optional<std::string> format;
    std::optional<std::string> out;
};

// The format asked for, else the one --out's extension names, else csv.
std::string export_format(const ExportOptions& options) {
    if (options.format) return *options.format;
    if (options.out && fs::path(*options.out).extension() == ".json") return "json";
    return "csv";
}

void run_export(const ExportOptions& options, Context& context) {
    const nlohmann::json result =
        call(context, protocol::method::k_journal_export, {{"format", export_format(options)}});
    const std::string content = result.value("content", std::string());
    if (!options.out) {
        context.out << content;
        if (!content.empty() && content.back() != '\n') context.out << '\n';
        return;
    }
    write_file_atomically(*options.out, content);
}

}  // namespace

Handler define_export(CLI::App& command) {
    auto options = std::make_shared<ExportOptions>();
    add_text_option(command, "--format", options->format,
                    "csv or json (default: from --out's extension, else csv)", "FORMAT");
    add_text_option(command, "--out", options->out, "Write to FILE instead of stdout", "FILE");
    return [options](Context& context) { run_export(*options, context); };
}

}  // namespace painlog::cli
