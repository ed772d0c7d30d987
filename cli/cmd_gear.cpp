// painlog gear add|use|list: mattresses and pillows (gear.add, gear.use, gear.list).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct GearOptions {
    std::string kind;
    std::string name;
    std::optional<std::string> firmness;
    std::optional<std::string> since;
    bool use = false;
    bool json = false;
};

void print_gear(Context& context, const GearOptions& options, const json& result,
                std::string_view verb) {
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << verb << gear_line(result.value("gear", json::object())) << '\n';
}

void run_add(const GearOptions& options, Context& context) {
    json params = {{"kind", options.kind}, {"name", options.name}};
    if (options.firmness) params["firmness"] = *options.firmness;
    if (options.since) params["since"] = *options.since;
    if (options.use) params["use"] = true;
    print_gear(context, options, call(context, protocol::method::k_gear_add, std::move(params)),
               "Added ");
}

void run_use(const GearOptions& options, Context& context) {
    print_gear(context, options,
               call(context, protocol::method::k_gear_use, {{"name", options.name}}), "Now using ");
}

void run_list(const GearOptions& options, Context& context) {
    const json result = call(context, protocol::method::k_gear_list);
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << gear_table(result.value("gear", json::array()));
}

}  // namespace

Handler define_gear(CLI::App& command) {
    auto options = std::make_shared<GearOptions>();
    command.require_subcommand(1);

    CLI::App* add = command.add_subcommand("add", "Register a mattress or pillow");
    add->add_option("kind", options->kind, "mattress or pillow")->required()->type_name("KIND");
    add->add_option("name", options->name, "Its name (1 to 60 characters)")->required()->type_name("NAME");
    add_text_option(*add, "--firmness", options->firmness, "Firmness or loft, e.g. medium-firm");
    add_text_option(*add, "--since", options->since, "Date put in use (default: today)", "DATE");
    add->add_flag("--use", options->use, "Put it in use now");
    add_json_flag(*add, options->json);

    CLI::App* use = command.add_subcommand("use", "Put a registered item in use for its kind");
    use->add_option("name", options->name, "The item's name")->required()->type_name("NAME");
    add_json_flag(*use, options->json);

    CLI::App* list = command.add_subcommand("list", "List the registered gear");
    add_json_flag(*list, options->json);

    return dispatch_subcommands({
        {add, [options](Context& context) { run_add(*options, context); }},
        {use, [options](Context& context) { run_use(*options, context); }},
        {list, [options](Context& context) { run_list(*options, context); }},
    });
}

}  // namespace painlog::cli
