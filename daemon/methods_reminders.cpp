// RequestHandler: reminders (reminder.*): adding, listing, pausing, snoozing,
// previewing firings around DST changes, undelivered notices and a test notice.
#include "daemon/params.h"
#include "daemon/request_handler.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::ErrorCode;
using protocol::invalid_field;
using protocol::Result;

constexpr std::size_t k_max_message = 500;
constexpr long k_max_preview = 100;
constexpr std::chrono::seconds k_min_snooze{1};
constexpr std::chrono::seconds k_max_snooze{std::chrono::hours(24)};

std::string_view kind_name(Firing::Kind kind) {
    switch (kind) {
        case Firing::Kind::k_normal: return "normal";
        case Firing::Kind::k_after_gap: return "after_gap";
        case Firing::Kind::k_first_of_two: return "first_of_two";
    }
    return "normal";
}

std::string format_wall(date::local_seconds wall) {
    return date::format("%F %R", date::floor<std::chrono::minutes>(wall));
}

json firing_json(const Firing& firing, const date::time_zone* zone) {
    json out{{"local", format_local(zone, firing.instant)},
             {"utc", format_utc_seconds(firing.instant)},
             {"wall", format_wall(firing.wall)},
             {"kind", kind_name(firing.kind)}};
    const std::string wall = format_wall(firing.wall);
    if (firing.kind == Firing::Kind::k_after_gap) {
        out["note"] = wall.substr(11) + " does not exist on " + wall.substr(0, 10) +
                      " (the clocks go forward); it fires at the end of the gap";
    } else if (firing.kind == Firing::Kind::k_first_of_two) {
        out["note"] = wall.substr(11) + " happens twice on " + wall.substr(0, 10) +
                      " (the clocks go back); it fires once, at the first";
    }
    return out;
}

json undelivered_json(const Undelivered& notice, const date::time_zone* zone) {
    return {{"id", notice.id},
            {"reminder", notice.reminder_name},
            {"due_at", format_utc_seconds(notice.due_at)},
            {"due_local", format_local(zone, notice.due_at)},
            {"failed_at", format_utc_seconds(notice.failed_at)},
            {"title", notice.title},
            {"body", notice.body},
            {"reason", notice.reason}};
}

// The reminder the "reminder" parameter names (an id or a name).
Result<Reminder> named_reminder(ReminderStore& store, const Params& params) {
    auto given = params.has("reminder") && params.raw("reminder").is_number_integer()
                     ? Result<std::string>(std::to_string(params.raw("reminder").get<std::int64_t>()))
                     : params.string("reminder");
    if (!given) return std::move(given).error();
    return store.find(*given);
}

Result<std::vector<std::string>> string_list(const Params& params, std::string_view key) {
    std::vector<std::string> list;
    if (!params.has(key)) return list;
    const json& value = params.raw(key);
    if (!value.is_array()) return invalid_field(std::string(key), value.dump(), "a list of names");
    for (const auto& item : value) {
        if (!item.is_string()) return invalid_field(std::string(key), item.dump(), "a list of names");
        list.push_back(item.get<std::string>());
    }
    return list;
}

}  // namespace

json RequestHandler::reminder_json(const Reminder& reminder) {
    const auto* zone = m_scheduler.zone_of(reminder);
    const auto next = m_scheduler.upcoming(reminder);
    json out{{"id", reminder.id},
             {"name", reminder.name},
             {"at", format_time_of_day(reminder.at)},
             {"days", format_days(reminder.days)},
             {"zone", zone->name()},
             {"own_zone", reminder.zone.has_value()},
             {"message", reminder.message ? json(*reminder.message) : json(nullptr)},
             {"unless_logged", reminder.unless_logged},
             {"paused", reminder.paused},
             {"routines", reminder.routines},
             {"snoozed_until", reminder.snoozed_until
                                   ? json(format_utc_seconds(*reminder.snoozed_until))
                                   : json(nullptr)},
             {"next", next ? firing_json(*next, zone) : json(nullptr)},
             {"last", nullptr}};
    if (reminder.last_at) {
        out["last"] = {{"at", format_utc_seconds(*reminder.last_at)},
                       {"local", format_local(zone, *reminder.last_at)},
                       {"outcome", reminder.last_outcome},
                       {"detail", reminder.last_detail}};
    }
    return out;
}

Result<json> RequestHandler::reminder_add(const json& raw) {
    auto params = Params::read(raw, {"name", "at", "days", "routines", "message", "zone",
                                     "unless_logged"});
    if (!params) return std::move(params).error();
    Reminder reminder;
    auto name = params->string("name");
    if (!name) return std::move(name).error();
    reminder.name = std::move(*name);
    auto at_text = params->string("at");
    if (!at_text) return std::move(at_text).error();
    auto at = parse_time_of_day("at", *at_text);
    if (!at) return std::move(at).error();
    reminder.at = *at;
    auto days_text = params->optional_string("days");
    if (!days_text) return std::move(days_text).error();
    auto days = parse_days("days", days_text->value_or("daily"));
    if (!days) return std::move(days).error();
    reminder.days = *days;
    auto routines = string_list(*params, "routines");
    if (!routines) return std::move(routines).error();
    reminder.routines = std::move(*routines);
    auto message = params->optional_string("message");
    if (!message) return std::move(message).error();
    if (*message && ((*message)->empty() || (*message)->size() > k_max_message)) {
        return invalid_field("message", **message,
                             "a text of 1 to " + std::to_string(k_max_message) + " characters");
    }
    reminder.message = std::move(*message);
    auto zone = params->optional_string("zone");
    if (!zone) return std::move(zone).error();
    if (*zone) {
        const auto* found = find_zone(**zone);
        if (found == nullptr) {
            return invalid_field("zone", **zone,
                                 "an IANA time zone such as Europe/Berlin (see /usr/share/zoneinfo)");
        }
        reminder.zone = std::string(found->name());
    }
    auto unless_logged = params->flag("unless_logged");
    if (!unless_logged) return std::move(unless_logged).error();
    reminder.unless_logged = *unless_logged;
    reminder.created_at = m_scheduler.now();
    auto added = m_scheduler.store().add(std::move(reminder));
    if (!added) return std::move(added).error();
    schedule_changed();
    return reminder_json(*added);
}

Result<json> RequestHandler::reminder_list(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    auto reminders = m_scheduler.store().list();
    if (!reminders) return std::move(reminders).error();
    json list = json::array();
    for (const auto& reminder : *reminders) list.push_back(reminder_json(reminder));
    return json{{"reminders", std::move(list)},
                {"zone", m_journal.zone()->name()},
                {"grace_minutes", m_scheduler.grace().count()}};
}

Result<json> RequestHandler::reminder_remove(const json& raw) {
    auto params = Params::read(raw, {"reminder"});
    if (!params) return std::move(params).error();
    auto reminder = named_reminder(m_scheduler.store(), *params);
    if (!reminder) return std::move(reminder).error();
    if (auto status = m_scheduler.store().remove(reminder->id); !status) {
        return std::move(status).error();
    }
    schedule_changed();
    return json{{"removed", reminder_json(*reminder)}};
}

Result<json> RequestHandler::reminder_pause(const json& raw) { return set_paused(raw, true); }

Result<json> RequestHandler::reminder_resume(const json& raw) { return set_paused(raw, false); }

Result<json> RequestHandler::set_paused(const json& raw, bool paused) {
    auto params = Params::read(raw, {"reminder"});
    if (!params) return std::move(params).error();
    auto reminder = named_reminder(m_scheduler.store(), *params);
    if (!reminder) return std::move(reminder).error();
    auto changed = m_scheduler.store().set_paused(reminder->id, paused, m_scheduler.now());
    if (!changed) return std::move(changed).error();
    schedule_changed();
    return reminder_json(*changed);
}

Result<json> RequestHandler::reminder_snooze(const json& raw) {
    auto params = Params::read(raw, {"reminder", "for"});
    if (!params) return std::move(params).error();
    auto reminder = named_reminder(m_scheduler.store(), *params);
    if (!reminder) return std::move(reminder).error();
    auto text = params->string("for");
    if (!text) return std::move(text).error();
    auto duration = parse_duration("for", *text, k_min_snooze, k_max_snooze);
    if (!duration) return std::move(duration).error();
    if (reminder->paused) {
        return protocol::Error{ErrorCode::k_conflict,
                               "reminder: '" + reminder->name +
                                   "' is paused; 'painlog remind resume' it first",
                               "reminder", reminder->name, "a reminder that is not paused", {}};
    }
    auto snoozed = m_scheduler.store().snooze(reminder->id, m_scheduler.now() + *duration);
    if (!snoozed) return std::move(snoozed).error();
    schedule_changed();
    return reminder_json(*snoozed);
}

Result<json> RequestHandler::reminder_pending(const json& raw) {
    auto params = Params::read(raw, {"new_only", "clear"});
    if (!params) return std::move(params).error();
    auto new_only = params->flag("new_only");
    if (!new_only) return std::move(new_only).error();
    auto clear = params->flag("clear");
    if (!clear) return std::move(clear).error();
    auto pending = m_scheduler.store().undelivered(*new_only, true);
    if (!pending) return std::move(pending).error();
    json list = json::array();
    for (const auto& notice : *pending) list.push_back(undelivered_json(notice, m_journal.zone()));
    json out{{"pending", std::move(list)}, {"cleared", 0}};
    if (*clear && !pending->empty()) {
        std::vector<std::int64_t> ids;
        for (const auto& notice : *pending) ids.push_back(notice.id);
        auto cleared = m_scheduler.store().clear_undelivered(ids);
        if (!cleared) return std::move(cleared).error();
        out["cleared"] = *cleared;
    }
    return out;
}

Result<json> RequestHandler::reminder_preview(const json& raw) {
    auto params = Params::read(raw, {"reminder", "from", "count"});
    if (!params) return std::move(params).error();
    auto reminder = named_reminder(m_scheduler.store(), *params);
    if (!reminder) return std::move(reminder).error();
    const WallClockRule rule = m_scheduler.rule_of(*reminder);
    auto from_text = params->optional_string("from");
    if (!from_text) return std::move(from_text).error();
    date::local_seconds from = rule.zone->to_local(m_scheduler.now());
    if (*from_text) {
        auto parsed = parse_local_datetime("from", **from_text);
        if (!parsed) return std::move(parsed).error();
        from = *parsed;
    }
    auto count = params->optional_whole("count", 1, k_max_preview);
    if (!count) return std::move(count).error();
    const auto wanted = static_cast<std::size_t>(count->value_or(10));
    json firings = json::array();
    for (const auto& firing : preview(rule, from, wanted)) {
        firings.push_back(firing_json(firing, rule.zone));
    }
    return json{{"reminder", reminder->name},
                {"zone", rule.zone->name()},
                {"from", format_wall(from)},
                {"firings", std::move(firings)}};
}

Result<json> RequestHandler::reminder_test(const json& raw) {
    auto params = Params::read(raw, {"reminder"});
    if (!params) return std::move(params).error();
    Notice notice{"painlog: test", "Reminders from painlog will appear like this."};
    if (params->has("reminder")) {
        auto reminder = named_reminder(m_scheduler.store(), *params);
        if (!reminder) return std::move(reminder).error();
        notice = m_scheduler.notice_for(*reminder);
    }
    auto delivered = m_scheduler.deliver_now(notice);
    if (!delivered) {
        return protocol::make_error(ErrorCode::k_undelivered,
                                    "the notification could not be delivered: " +
                                        delivered.error().message);
    }
    return json{{"delivered_by", *delivered}, {"title", notice.title}, {"body", notice.body}};
}

}  // namespace painlog::daemon
