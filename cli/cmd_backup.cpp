// painlog backup FILE and painlog restore FILE: a consistent copy of the journal made
// by painlogd with SQLite's online backup API (journal.backup), and putting one back
// after it has been checked (journal.restore).
#include <filesystem>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct BackupOptions {
    std::string file;
    bool json = false;
};

void print_report(Context& context, const nlohmann::json& result, const std::string& verb) {
    context.out << verb << ' ' << value_text(field(result, "nights")) << " nights (schema "
                << value_text(field(result, "schema_version")) << ", "
                << value_text(field(result, "bytes")) << " bytes)";
}

}  // namespace

Handler define_backup(CLI::App& command) {
    auto options = std::make_shared<BackupOptions>();
    command.add_option("file", options->file, "Where to write the copy (a new or replaced file)")
        ->required()
        ->type_name("FILE");
    add_json_flag(command, options->json);
    return [options](Context& context) {
        const std::filesystem::path path = std::filesystem::absolute(options->file).lexically_normal();
        const nlohmann::json result = call(context, protocol::method::k_journal_backup, {{"path", path.native()}});
        if (options->json) return print_json(context, result);
        print_report(context, result, "Backed up");
        context.out << " to " << path.native() << ".\n";
    };
}

Handler define_restore(CLI::App& command) {
    auto options = std::make_shared<BackupOptions>();
    command.add_option("file", options->file, "A backup made with painlog backup")->required()->type_name("FILE");
    add_json_flag(command, options->json);
    return [options](Context& context) {
        const std::filesystem::path path = readable_file(options->file);
        const nlohmann::json result = call(context, protocol::method::k_journal_restore, {{"path", path.native()}});
        if (options->json) return print_json(context, result);
        print_report(context, result, "Restored");
        context.out << " from " << path.native() << ". The journal as it was is kept in "
                    << value_text(field(result, "previous_saved_to")) << ".\n";
    };
}

}  // namespace painlog::cli
