// painlog remind defaults: proposes a sensible set of reminders (evening routine,
// morning routine, morning log unless logged), lets the person confirm or change
// each time at the terminal (or takes --yes and the time options), then adds them
// with reminder.add. Reminders whose names exist already are left as they are.
#include <istream>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/exit_code.h"
#include "cli/render.h"
#include "cli/render_reminders.h"
#include "protocol/jsonrpc.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

struct Proposal {
    std::string name;
    std::string at;
    std::vector<std::string> routines;
    bool unless_logged = false;
    std::string why;
};

struct DefaultsOptions {
    std::string evening = "21:30";
    std::string morning = "07:30";
    std::string log = "08:00";
    bool yes = false;
    bool json = false;
};

std::vector<Proposal> proposals(const DefaultsOptions& options) {
    return {
        {"evening stretches", options.evening, {"Cat-Cow", "Open Book", "Head Tilt"}, false,
         "before bed; skipped when all three are done"},
        {"morning stretches", options.morning, {"Cat-Cow", "Scapular Clocks", "Shoulder Rows"}, false,
         "after waking; skipped when all three are done"},
        {"morning log", options.log, {}, true, "skipped when the night is already logged"},
    };
}

// Asks for each time; an empty answer keeps the proposal. Returns false when the
// person declines (or the input ends).
bool confirm_at_terminal(Context& context, std::vector<Proposal>& plan) {
    std::string answer;
    for (auto& proposal : plan) {
        context.err << proposal.name << " at [" << proposal.at << "]: " << std::flush;
        if (!std::getline(*context.in, answer)) return false;
        if (!answer.empty()) proposal.at = answer;
    }
    context.err << "Add these " << plan.size() << " reminders? [Y/n] " << std::flush;
    if (!std::getline(*context.in, answer)) return false;
    return answer.empty() || answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

Handler define_remind_defaults(CLI::App& command) {
    auto options = std::make_shared<DefaultsOptions>();
    command.add_option("--evening", options->evening, "Time of the evening stretches")
        ->type_name("HH:MM")
        ->capture_default_str();
    command.add_option("--morning", options->morning, "Time of the morning stretches")
        ->type_name("HH:MM")
        ->capture_default_str();
    command.add_option("--log", options->log, "Time of the morning-log reminder")
        ->type_name("HH:MM")
        ->capture_default_str();
    command.add_flag("--yes", options->yes, "Add them without asking");
    add_json_flag(command, options->json);
    return [options](Context& context) {
        std::vector<Proposal> plan = proposals(*options);
        if (!options->yes) {
            context.err << "Proposed reminders (in your configured time zone):\n";
            for (const auto& proposal : plan) {
                context.err << "  " << proposal.at << "  " << proposal.name;
                if (!proposal.routines.empty()) context.err << ": " << value_text(json(proposal.routines));
                context.err << " (" << proposal.why << ")\n";
            }
            if (context.in == nullptr) {
                throw Failure(ExitCode::k_usage,
                              "nothing added: there is no terminal to confirm at; add --yes to "
                              "create them (--evening, --morning and --log change the times)");
            }
            if (!confirm_at_terminal(context, plan)) {
                context.err << "Nothing added.\n";
                return;
            }
        }
        json added = json::array();
        json kept = json::array();
        for (const auto& proposal : plan) {
            json params = {{"name", proposal.name}, {"at", proposal.at}};
            if (!proposal.routines.empty()) params["routines"] = proposal.routines;
            if (proposal.unless_logged) params["unless_logged"] = true;
            auto result = context.client.call(protocol::method::k_reminder_add, std::move(params));
            if (!result && result.error().code == protocol::ErrorCode::k_conflict) {
                kept.push_back(proposal.name);
                continue;
            }
            if (!result) {
                // A bad time: take back what this command added, so it changes nothing.
                for (const auto& reminder : added) {
                    (void)context.client.call(protocol::method::k_reminder_remove,
                                              {{"reminder", field(reminder, "id")}});
                }
                throw failure_from(result.error());
            }
            added.push_back(*result);
        }
        if (options->json) {
            print_json(context, {{"added", added}, {"kept", kept}});
            return;
        }
        for (const auto& reminder : added) context.out << "Added reminder " << reminder_text(reminder);
        for (const auto& name : kept) {
            context.out << "Kept the existing reminder '" << name.get<std::string>() << "'.\n";
        }
    };
}

}  // namespace painlog::cli
