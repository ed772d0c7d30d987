// painlog factor add|list: custom factors to track (factor.add, factor.list).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/night_options.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct FactorOptions {
    std::string name;
    std::string type;
    std::optional<std::string> choices;
    std::optional<std::string> min;
    std::optional<std::string> max;
    bool json = false;
};

void run_add(const FactorOptions& options, Context& context) {
    json params = {{"name", options.name}, {"type", options.type}};
    if (options.choices) params["choices"] = split_list(*options.choices);
    if (options.min) params["min"] = number_or_text(*options.min);
    if (options.max) params["max"] = number_or_text(*options.max);
    const json result = call(context, protocol::method::k_factor_add, std::move(params));
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << "Added factor " << factor_line(result.value("factor", json::object())) << '\n';
}

void run_list(const FactorOptions& options, Context& context) {
    const json result = call(context, protocol::method::k_factor_list);
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << factors_table(result.value("factors", json::array()));
}

}  // namespace

Handler define_factor(CLI::App& command) {
    auto options = std::make_shared<FactorOptions>();
    command.require_subcommand(1);

    CLI::App* add = command.add_subcommand("add", "Define a custom factor");
    add->add_option("name", options->name, "A letter, then letters, digits, _ or -")
        ->required()
        ->type_name("NAME");
    add->add_option("--type", options->type, "number, yesno or choice")
        ->required()
        ->type_name("TYPE");
    add_text_option(*add, "--choices", options->choices, "For choice: the choices, comma-separated",
                    "LIST");
    add_text_option(*add, "--min", options->min, "For number: the smallest allowed value", "X");
    add_text_option(*add, "--max", options->max, "For number: the largest allowed value", "Y");
    add_json_flag(*add, options->json);

    CLI::App* list = command.add_subcommand("list", "List the custom factors");
    add_json_flag(*list, options->json);

    return dispatch_subcommands({
        {add, [options](Context& context) { run_add(*options, context); }},
        {list, [options](Context& context) { run_list(*options, context); }},
    });
}

}  // namespace painlog::cli
