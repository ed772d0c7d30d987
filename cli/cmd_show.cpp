// painlog show: every field of one night (night.get).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct ShowOptions {
    std::string date;
    bool json = false;
};

void run_show(const ShowOptions& options, Context& context) {
    const nlohmann::json params = {{"date", options.date}};
    if (options.json) {
        print_json_text(context, call_text(context, protocol::method::k_night_get, params));
        return;
    }
    const nlohmann::json result = call(context, protocol::method::k_night_get, params);
    context.out << night_details(result.value("night", nlohmann::json::object()));
}

}  // namespace

Handler define_show(CLI::App& command) {
    auto options = std::make_shared<ShowOptions>();
    command.add_option("date", options->date, "The night's date: YYYY-MM-DD, today or yesterday")
        ->required()
        ->type_name("DATE");
    add_json_flag(command, options->json);
    return [options](Context& context) { run_show(*options, context); };
}

}  // namespace painlog::cli
