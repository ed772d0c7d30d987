// painlog rm: remove a logged night (night.remove).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct RmOptions {
    std::string date;
    bool json = false;
};

void run_rm(const RmOptions& options, Context& context) {
    const nlohmann::json result =
        call(context, protocol::method::k_night_remove, {{"date", options.date}});
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << "Removed the night of " << value_text(result.value("removed", nlohmann::json()))
                << '\n';
}

}  // namespace

Handler define_rm(CLI::App& command) {
    auto options = std::make_shared<RmOptions>();
    command.add_option("date", options->date, "The night's date: YYYY-MM-DD, today or yesterday")
        ->required()
        ->type_name("DATE");
    add_json_flag(command, options->json);
    return [options](Context& context) { run_rm(*options, context); };
}

}  // namespace painlog::cli
