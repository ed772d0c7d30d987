// painlog remind add|list|rm|pause|resume|snooze|pending|preview|test (and
// defaults, in cmd_remind_defaults.cpp): reminders kept and fired by painlogd
// (reminder.*).
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/render.h"
#include "cli/render_reminders.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;
namespace method = protocol::method;

struct RemindOptions {
    std::string name;
    std::string at;
    std::optional<std::string> days;
    std::vector<std::string> routines;
    std::optional<std::string> message;
    std::optional<std::string> zone;
    bool unless_logged = false;
    std::string reminder;  // id or name
    std::optional<std::string> test_reminder;
    std::string duration;
    std::optional<std::string> from;
    std::optional<int> count;
    bool clear = false;
    bool json = false;
};

// Prints `result` as JSON with --json, else `text`.
void print(Context& context, const RemindOptions& options, const json& result, const std::string& text) {
    if (options.json) {
        print_json(context, result);
    } else {
        context.out << text;
    }
}

void run_add(const RemindOptions& options, Context& context) {
    json params = {{"name", options.name}, {"at", options.at}};
    if (options.days) params["days"] = *options.days;
    if (!options.routines.empty()) params["routines"] = options.routines;
    if (options.message) params["message"] = *options.message;
    if (options.zone) params["zone"] = *options.zone;
    if (options.unless_logged) params["unless_logged"] = true;
    const json result = call(context, method::k_reminder_add, std::move(params));
    print(context, options, result, "Added reminder " + reminder_text(result));
}

void run_list(const RemindOptions& options, Context& context) {
    const json result = call(context, method::k_reminder_list);
    print(context, options, result, reminders_text(result));
}

// rm, pause, resume: one reminder in, the reminder out.
void run_one(const RemindOptions& options, Context& context, std::string_view method_name,
             const std::string& verb) {
    const json result = call(context, method_name, {{"reminder", options.reminder}});
    const json& reminder = result.contains("removed") ? result["removed"] : result;
    print(context, options, result, verb + " reminder " + reminder_text(reminder));
}

void run_snooze(const RemindOptions& options, Context& context) {
    const json result =
        call(context, method::k_reminder_snooze, {{"reminder", options.reminder}, {"for", options.duration}});
    print(context, options, result, "Snoozed reminder " + reminder_text(result));
}

void run_pending(const RemindOptions& options, Context& context) {
    const json result = call(context, method::k_reminder_pending, {{"clear", options.clear}});
    std::string text = pending_text(field(result, "pending"));
    if (options.clear) text += "Cleared " + value_text(field(result, "cleared")) + ".\n";
    print(context, options, result, text);
}

void run_preview(const RemindOptions& options, Context& context) {
    json params = {{"reminder", options.reminder}};
    if (options.from) params["from"] = *options.from;
    if (options.count) params["count"] = *options.count;
    const json result = call(context, method::k_reminder_preview, std::move(params));
    print(context, options, result, preview_text(result));
}

void run_test(const RemindOptions& options, Context& context) {
    json params = json::object();
    if (options.test_reminder) params["reminder"] = *options.test_reminder;
    const json result = call(context, method::k_reminder_test, std::move(params));
    print(context, options, result,
          "Sent '" + value_text(field(result, "title")) + "' by " +
              value_text(field(result, "delivered_by")) + ".\n");
}

CLI::App* add_reminder_command(CLI::App& command, const char* name, const char* help,
                               RemindOptions& options) {
    CLI::App* sub = command.add_subcommand(name, help);
    sub->add_option("reminder", options.reminder, "The reminder's id or name")->required()->type_name("ID");
    add_json_flag(*sub, options.json);
    return sub;
}

}  // namespace

Handler define_remind(CLI::App& command) {
    auto options = std::make_shared<RemindOptions>();
    command.require_subcommand(1);

    CLI::App* add = command.add_subcommand("add", "Add a reminder at a wall-clock time");
    add->add_option("name", options->name, "Its name, e.g. 'evening stretches'")->required()->type_name("NAME");
    add->add_option("--at", options->at, "The time of day in its zone")->required()->type_name("HH:MM");
    add_text_option(*add, "--days", options->days,
                    "daily (default), weekdays, weekends or days such as mon,wed,fri", "DAYS");
    add->add_option("--routine", options->routines,
                    "A routine it is for (repeatable); skipped when they are done")
        ->type_name("ROUTINE");
    add_text_option(*add, "--message", options->message, "What it says (default: worded for you)");
    add_text_option(*add, "--zone", options->zone,
                    "Its own time zone (default: follow the configured zone)", "AREA/CITY");
    add->add_flag("--unless-logged", options->unless_logged,
                  "Skip it when today's night is already logged (the morning-log reminder)");
    add_json_flag(*add, options->json);

    CLI::App* list = command.add_subcommand("list", "List reminders with their next firing (local and UTC)");
    add_json_flag(*list, options->json);

    CLI::App* rm = add_reminder_command(command, "rm", "Remove a reminder", *options);
    CLI::App* pause = add_reminder_command(command, "pause", "Pause a reminder", *options);
    CLI::App* resume =
        add_reminder_command(command, "resume", "Resume a paused reminder (nothing missed is replayed)", *options);
    CLI::App* snooze = add_reminder_command(command, "snooze", "Fire a reminder again after a while", *options);
    snooze->add_option("duration", options->duration, "How long, e.g. 10m, 1h or 1h30m (at most 1d)")
        ->required()
        ->type_name("DURATION");

    CLI::App* pending = command.add_subcommand("pending", "Reminders that fired but could not be delivered");
    pending->add_flag("--clear", options->clear, "Forget them after listing them");
    add_json_flag(*pending, options->json);

    CLI::App* preview =
        add_reminder_command(command, "preview", "The next firings from a local time (see DST at work)", *options);
    add_text_option(*preview, "--from", options->from, "Local start (default: now)", "'YYYY-MM-DD HH:MM'");
    preview->add_option("--count", options->count, "How many firings (1 to 100, default 10)")->type_name("N");

    CLI::App* test = command.add_subcommand("test", "Send a notification now to check delivery");
    add_text_option(*test, "reminder", options->test_reminder, "Word it as this reminder would be", "ID");
    add_json_flag(*test, options->json);

    CLI::App* defaults = command.add_subcommand(
        "defaults", "Propose an evening routine, a morning routine and a morning-log reminder");
    Handler defaults_handler = define_remind_defaults(*defaults);

    return dispatch_subcommands({
        {add, [options](Context& context) { run_add(*options, context); }},
        {list, [options](Context& context) { run_list(*options, context); }},
        {rm, [options](Context& context) { run_one(*options, context, method::k_reminder_remove, "Removed"); }},
        {pause, [options](Context& context) { run_one(*options, context, method::k_reminder_pause, "Paused"); }},
        {resume, [options](Context& context) { run_one(*options, context, method::k_reminder_resume, "Resumed"); }},
        {snooze, [options](Context& context) { run_snooze(*options, context); }},
        {pending, [options](Context& context) { run_pending(*options, context); }},
        {preview, [options](Context& context) { run_preview(*options, context); }},
        {test, [options](Context& context) { run_test(*options, context); }},
        {defaults, defaults_handler},
    });
}

void show_undelivered(Context& context) {
    protocol::Result<json> result = json();
    try {
        result = context.client.undelivered();
    } catch (const std::exception&) {
        return;  // the command succeeded; a lost connection now must not undo that
    }
    if (!result) return;  // an older painlogd, or the journal is busy: nothing to add
    const json& pending = field(*result, "pending");
    if (!pending.is_array() || pending.empty()) return;
    context.err << "painlog: " << pending.size()
                << (pending.size() == 1 ? " reminder" : " reminders")
                << " could not be delivered:\n";
    for (const auto& notice : pending) {
        context.err << "  " << value_text(field(notice, "due_local")) << "  "
                    << value_text(field(notice, "reminder")) << ": "
                    << value_text(field(notice, "reason")) << '\n';
    }
    context.err << "'painlog remind pending' lists them; 'painlog remind test' checks delivery.\n";
}

}  // namespace painlog::cli
