// painlog list: the logged nights as a table (night.list).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct ListOptions {
    std::optional<std::string> from;
    std::optional<std::string> to;
    bool json = false;
};

void run_list(const ListOptions& options, Context& context) {
    nlohmann::json params = nlohmann::json::object();
    if (options.from) params["from"] = *options.from;
    if (options.to) params["to"] = *options.to;
    if (options.json) {
        print_json_text(context,
                        call_text(context, protocol::method::k_night_list, std::move(params)));
        return;
    }
    const nlohmann::json result = call(context, protocol::method::k_night_list, std::move(params));
    context.out << nights_table(result.value("nights", nlohmann::json::array()));
}

}  // namespace

Handler define_list(CLI::App& command) {
    auto options = std::make_shared<ListOptions>();
    add_text_option(command, "--from", options->from, "First date to list (YYYY-MM-DD), inclusive",
                    "DATE");
    add_text_option(command, "--to", options->to, "Last date to list (YYYY-MM-DD), inclusive", "DATE");
    add_json_flag(command, options->json);
    return [options](Context& context) { run_list(*options, context); };
}

}  // namespace painlog::cli
