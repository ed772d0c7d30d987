// painlog add: log a night (night.add).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/night_options.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct AddOptions {
    std::optional<std::string> date;
    NightOptions night;
    bool replace = false;
    bool json = false;
};

void run_add(const AddOptions& options, Context& context) {
    const nlohmann::json result = call(context, protocol::method::k_night_add,
                                       add_params(options.date, options.night, options.replace));
    if (options.json) {
        print_json(context, result);
        return;
    }
    const bool replaced = result.value("replaced", false);
    context.out << (replaced ? "Replaced " : "Logged ")
                << night_summary(result.value("night", nlohmann::json::object())) << '\n';
}

}  // namespace

Handler define_add(CLI::App& command) {
    auto options = std::make_shared<AddOptions>();
    add_text_option(command, "--date", options->date,
                    "Morning to log: YYYY-MM-DD, today or yesterday (default: today)", "DATE");
    add_night_options(command, options->night);
    command.get_option("--pain")->required();
    command.add_flag("--replace", options->replace, "Replace the night if one is logged already");
    add_json_flag(command, options->json);
    return [options](Context& context) { run_add(*options, context); };
}

}  // namespace painlog::cli
