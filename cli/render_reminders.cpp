#include "cli/render_reminders.h"

#include <sstream>

#include "cli/render.h"

namespace painlog::cli {

using nlohmann::json;

std::string routines_table(const json& routines) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& routine : routines) {
        rows.push_back({value_text(field(routine, "name")), value_text(field(routine, "suits")),
                        value_text(field(routine, "minutes")),
                        field(routine, "builtin") == true ? "built-in" : "yours"});
    }
    return table_text({{"ROUTINE", 40}, {"SUITS", 8}, {"MINUTES", 7, true}, {"", 0}}, rows) +
           "'painlog routine show NAME' prints the steps.\n";
}

std::string routine_details(const json& routine) {
    std::ostringstream out;
    out << value_text(field(routine, "name")) << " (" << value_text(field(routine, "suits"))
        << (field(routine, "suits") == "both" ? ": evening and morning" : "");
    if (field(routine, "minutes").is_number()) {
        out << ", about " << value_text(field(routine, "minutes")) << " minutes";
    }
    out << ")\n\n" << value_text(field(routine, "steps")) << "\n\nWhen done: painlog did '"
        << value_text(field(routine, "name")) << "'\n";
    return out.str();
}

std::string reminder_rule(const json& reminder) {
    std::string text = value_text(field(reminder, "days")) + " at " + value_text(field(reminder, "at")) +
                       " (" + value_text(field(reminder, "zone")) + ")";
    if (field(reminder, "unless_logged") == true) text += ", unless the night is logged";
    return text;
}

std::string reminder_text(const json& reminder) {
    std::ostringstream out;
    out << value_text(field(reminder, "id")) << "  " << value_text(field(reminder, "name")) << ": "
        << reminder_rule(reminder) << '\n';
    if (const json& routines = field(reminder, "routines"); routines.is_array() && !routines.empty()) {
        out << "   routines " << value_text(routines) << '\n';
    }
    if (const json& message = field(reminder, "message"); message.is_string()) {
        out << "   message  " << message.get<std::string>() << '\n';
    }
    const json& next = field(reminder, "next");
    if (field(reminder, "paused") == true) {
        out << "   paused   'painlog remind resume " << value_text(field(reminder, "id"))
            << "' to go on\n";
    } else if (next.is_object()) {
        out << "   next     " << value_text(field(next, "local")) << " = "
            << value_text(field(next, "utc"))
            << (field(reminder, "snoozed_until").is_string() ? " (snoozed)" : "") << '\n';
        if (const json& note = field(next, "note"); note.is_string()) {
            out << "            " << note.get<std::string>() << '\n';
        }
    }
    if (const json& last = field(reminder, "last"); last.is_object()) {
        out << "   last     " << value_text(field(last, "local")) << " "
            << value_text(field(last, "outcome"));
        if (const json& detail = field(last, "detail"); detail.is_string() && !detail.get<std::string>().empty()) {
            out << (field(last, "outcome") == "delivered" ? " by " : ": ") << detail.get<std::string>();
        }
        out << '\n';
    }
    return out.str();
}

std::string reminders_text(const json& list) {
    const json& reminders = field(list, "reminders");
    if (!reminders.is_array() || reminders.empty()) {
        return "No reminders yet. 'painlog remind defaults' proposes an evening routine, a "
               "morning routine and a morning-log reminder; 'painlog remind add' adds one.\n";
    }
    std::string text;
    for (const auto& reminder : reminders) text += reminder_text(reminder);
    return text;
}

std::string pending_text(const json& pending) {
    if (!pending.is_array() || pending.empty()) return "Nothing is pending: every reminder reached you.\n";
    std::ostringstream out;
    for (const auto& notice : pending) {
        out << value_text(field(notice, "due_local")) << "  " << value_text(field(notice, "reminder"))
            << '\n'
            << "   " << value_text(field(notice, "body")) << '\n'
            << "   not delivered: " << value_text(field(notice, "reason")) << '\n';
    }
    return out.str();
}

std::string preview_text(const json& preview) {
    std::ostringstream out;
    out << "Next firings of '" << value_text(field(preview, "reminder")) << "' from "
        << value_text(field(preview, "from")) << " (" << value_text(field(preview, "zone"))
        << "):\n";
    const json& firings = field(preview, "firings");
    if (!firings.is_array() || firings.empty()) out << "  none\n";
    if (firings.is_array()) {
        for (const auto& firing : firings) {
            out << "  " << value_text(field(firing, "local")) << "  "
                << value_text(field(firing, "utc")) << '\n';
            if (const json& note = field(firing, "note"); note.is_string()) {
                out << "    " << note.get<std::string>() << '\n';
            }
        }
    }
    return out.str();
}

}  // namespace painlog::cli
