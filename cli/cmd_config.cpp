// painlog config get|set|unset: settings kept by painlogd (config.get, config.set).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct ConfigOptions {
    std::optional<std::string> key;
    std::string value;
    bool json = false;
};

// config.set replies with the setting as config.get describes it: {"settings": [...]}
// or the single setting object; both are printed the same way.
void print_setting(Context& context, const ConfigOptions& options, const json& result) {
    if (options.json) {
        print_json(context, result);
        return;
    }
    if (result.is_object() && result.contains("settings")) {
        context.out << settings_text(result["settings"]);
    } else {
        context.out << settings_text(json::array({result}));
    }
}

void run_get(const ConfigOptions& options, Context& context) {
    json params = json::object();
    if (options.key) params["key"] = *options.key;
    const json result = call(context, protocol::method::k_config_get, std::move(params));
    if (options.json) {
        print_json(context, result);
        return;
    }
    context.out << settings_text(result.value("settings", json::array()));
}

void run_set(const ConfigOptions& options, Context& context, bool unset) {
    const json value = unset ? json(nullptr) : json(options.value);
    print_setting(context, options,
                  call(context, protocol::method::k_config_set, {{"key", *options.key}, {"value", value}}));
}

}  // namespace

Handler define_config(CLI::App& command) {
    auto options = std::make_shared<ConfigOptions>();
    command.require_subcommand(1);
    const auto add_key = [&options](CLI::App& sub, bool required) {
        add_text_option(sub, "key", options->key, "timezone or bad_morning_threshold", "KEY")
            ->required(required);
    };

    CLI::App* get = command.add_subcommand("get", "Show one setting, or all of them");
    add_key(*get, false);
    add_json_flag(*get, options->json);

    CLI::App* set = command.add_subcommand("set", "Change a setting");
    add_key(*set, true);
    set->add_option("value", options->value, "The new value")->required()->type_name("VALUE");
    add_json_flag(*set, options->json);

    CLI::App* unset = command.add_subcommand("unset", "Reset a setting to its default");
    add_key(*unset, true);
    add_json_flag(*unset, options->json);

    return dispatch_subcommands({
        {get, [options](Context& context) { run_get(*options, context); }},
        {set, [options](Context& context) { run_set(*options, context, false); }},
        {unset, [options](Context& context) { run_set(*options, context, true); }},
    });
}

}  // namespace painlog::cli
