// painlog routine list|show|add: the routine catalog (routine.list, routine.get,
// routine.add).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "cli/render_reminders.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct RoutineOptions {
    std::string name;
    std::vector<std::string> steps;
    std::optional<std::string> suits;
    std::optional<int> minutes;
    bool json = false;
};

// One --steps is kept as written; several become numbered lines.
std::string steps_text(const std::vector<std::string>& steps) {
    if (steps.size() == 1) return steps.front();
    std::string text;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        text += (i > 0 ? "\n" : "") + std::to_string(i + 1) + ". " + steps[i];
    }
    return text;
}

void run_list(const RoutineOptions& options, Context& context) {
    const json result = call(context, protocol::method::k_routine_list);
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << routines_table(field(result, "routines"));
}

void run_show(const RoutineOptions& options, Context& context) {
    const json result = call(context, protocol::method::k_routine_get, {{"name", options.name}});
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << routine_details(result);
}

void run_add(const RoutineOptions& options, Context& context) {
    json params = {{"name", options.name}, {"steps", steps_text(options.steps)}};
    if (options.suits) params["suits"] = *options.suits;
    if (options.minutes) params["minutes"] = *options.minutes;
    const json result = call(context, protocol::method::k_routine_add, std::move(params));
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << "Added routine " << value_text(field(result, "name")) << ".\n";
}

}  // namespace

Handler define_routine(CLI::App& command) {
    auto options = std::make_shared<RoutineOptions>();
    command.require_subcommand(1);

    CLI::App* list = command.add_subcommand("list", "List the routines: built-in and your own");
    add_json_flag(*list, options->json);

    CLI::App* show = command.add_subcommand("show", "Show a routine's steps");
    show->add_option("name", options->name, "The routine, e.g. Cat-Cow")->required()->type_name("NAME");
    add_json_flag(*show, options->json);

    CLI::App* add = command.add_subcommand("add", "Add your own routine");
    add->add_option("name", options->name, "Its name (1 to 60 characters)")->required()->type_name("NAME");
    add->add_option("--steps", options->steps,
                    "The instructions; give it several times for numbered steps")
        ->required()
        ->type_name("TEXT");
    add_text_option(*add, "--suits", options->suits, "evening, morning or both (default both)", "WHEN");
    add->add_option("--minutes", options->minutes, "About how long it takes")->type_name("N");
    add_json_flag(*add, options->json);

    return dispatch_subcommands({
        {list, [options](Context& context) { run_list(*options, context); }},
        {show, [options](Context& context) { run_show(*options, context); }},
        {add, [options](Context& context) { run_add(*options, context); }},
    });
}

}  // namespace painlog::cli
