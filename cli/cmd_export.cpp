// painlog export: the journal as CSV or JSON (journal.export), to stdout or to a file
// written atomically (a temporary file in the same directory, then renamed).
#include <fcntl.h>
#include <unistd.h>

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

[[noreturn]] void fail_write(const fs::path& path, int error) {
    throw Failure(ExitCode::k_cant_create,
                  "cannot write '" + path.string() + "': " + std::strerror(error));
}

// Writes `content` to `path` via a temporary file beside it, so a reader never sees a
// half-written file and a failure leaves any old file untouched. Throws Failure.
void write_atomically(const fs::path& path, const std::string& content) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
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

void run_export(const ExportOptions& options, Context& context) {
    const nlohmann::json result =
        call(context, protocol::method::k_journal_export, {{"format", export_format(options)}});
    const std::string content = result.value("content", std::string());
    if (!options.out) {
        context.out << content;
        if (!content.empty() && content.back() != '\n') context.out << '\n';
        return;
    }
    write_atomically(*options.out, content);
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
