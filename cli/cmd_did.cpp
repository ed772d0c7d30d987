// painlog did ROUTINE: log a routine as done, for the evening before the next night
// or for this morning (routine.done).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

struct DidOptions {
    std::string routine;
    std::optional<std::string> date;
    std::optional<std::string> at;
    bool json = false;
};

}  // namespace

Handler define_did(CLI::App& command) {
    auto options = std::make_shared<DidOptions>();
    command.add_option("routine", options->routine, "The routine done, e.g. Cat-Cow")
        ->required()
        ->type_name("ROUTINE");
    add_text_option(command, "--date", options->date, "The day it was done (default: today)", "DATE");
    add_text_option(command, "--at", options->at, "The time it was done (default: now)", "HH:MM");
    add_json_flag(command, options->json);
    return [options](Context& context) {
        nlohmann::json params = {{"routine", options->routine}};
        if (options->date) params["date"] = *options->date;
        if (options->at) params["at"] = *options->at;
        const nlohmann::json result = call(context, protocol::method::k_routine_done, std::move(params));
        if (options->json) {
            print_json(context, result);
            return;
        }
        const bool evening = field(result, "slot") == "evening";
        context.out << "Logged " << value_text(field(result, "routine")) << " at "
                    << value_text(field(result, "at")) << " on " << value_text(field(result, "date"))
                    << ": " << (evening ? "the evening before the night of " : "the morning of ")
                    << value_text(field(result, "night"))
                    << (field(result, "again") == true ? " (it was logged already; time updated)" : "")
                    << ".\n";
    };
}

}  // namespace painlog::cli
