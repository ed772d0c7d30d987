// painlog edit: change or clear fields of a logged night (night.edit).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/night_options.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct EditOptions {
    std::string date;
    NightOptions night;
    std::vector<std::string> clear;
    bool json = false;
};

void run_edit(const EditOptions& options, Context& context) {
    // Checked before connecting: a missing change is a usage error, not the daemon's.
    nlohmann::json params = edit_params(options.date, options.night, options.clear);
    const nlohmann::json result = call(context, protocol::method::k_night_edit, std::move(params));
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << "Updated " << night_summary(result.value("night", nlohmann::json::object()))
                << '\n';
}

}  // namespace

Handler define_edit(CLI::App& command) {
    auto options = std::make_shared<EditOptions>();
    command.add_option("date", options->date, "The night's date: YYYY-MM-DD, today or yesterday")
        ->required()
        ->type_name("DATE");
    add_night_options(command, options->night);
    command
        .add_option("--clear", options->clear,
                    "Remove a field's value (e.g. stiffness, note, factor:coffee); repeatable")
        ->allow_extra_args(false)
        ->type_name("FIELD");
    add_json_flag(command, options->json);
    return [options](Context& context) { run_edit(*options, context); };
}

}  // namespace painlog::cli
