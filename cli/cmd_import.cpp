// painlog import: nights from a CSV or JSON file (journal.import). The file is checked
// here first so a missing one is reported as such; painlogd reads it by absolute path.
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct ImportOptions {
    std::string file;
    std::optional<std::string> format;
    bool replace = false;
    bool json = false;
};

std::string import_summary(const json& result) {
    const long nights = result.value("nights", 0L);
    std::string text = "Imported " + std::to_string(nights) + (nights == 1 ? " night" : " nights");
    std::string created;
    for (const auto& [key, label] : {std::pair{"created_gear", "created gear: "},
                                     std::pair{"created_factors", "created factors: "},
                                     std::pair{"created_routines", "created routines: "}}) {
        const json list = result.value(key, json::array());
        if (list.empty()) continue;
        if (!created.empty()) created += "; ";
        created += label + value_text(list);
    }
    if (!created.empty()) text += " (" + created + ")";
    return text;
}

void run_import(const ImportOptions& options, Context& context) {
    json params = {{"path", readable_file(options.file).string()}};
    if (options.format) params["format"] = *options.format;
    if (options.replace) params["replace"] = true;
    const json result = call(context, protocol::method::k_journal_import, std::move(params));
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << import_summary(result) << '\n';
}

}  // namespace

Handler define_import(CLI::App& command) {
    auto options = std::make_shared<ImportOptions>();
    command.add_option("file", options->file, "The CSV or JSON file to import")
        ->required()
        ->type_name("FILE");
    add_text_option(command, "--format", options->format, "csv or json (default: guessed)", "FORMAT");
    command.add_flag("--replace", options->replace,
                     "Replace nights already in the journal instead of failing");
    add_json_flag(command, options->json);
    return [options](Context& context) { run_import(*options, context); };
}

}  // namespace painlog::cli
