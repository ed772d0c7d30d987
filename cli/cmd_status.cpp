// painlog status: painlogd's version, database, socket and journal size (status).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {

Handler define_status(CLI::App& command) {
    auto json_output = std::make_shared<bool>(false);
    add_json_flag(command, *json_output);
    return [json_output](Context& context) {
        const nlohmann::json result = call(context, protocol::method::k_status);
        if (*json_output) {
            print_json(context, result);
            return;
        }
        context.out << status_text(result);
    };
}

}  // namespace painlog::cli
