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
        if (*json_output) {
            print_json_text(context, call_text(context, protocol::method::k_status));
            return;
        }
        context.out << status_text(call(context, protocol::method::k_status));
    };
}

}  // namespace painlog::cli
