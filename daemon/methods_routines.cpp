// RequestHandler: the routine catalog and the routine log (routine.*).
#include "daemon/params.h"
#include "daemon/request_handler.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::invalid_field;
using protocol::Result;

json routine_json(const Routine& routine) {
    return {{"name", routine.name},
            {"builtin", routine.builtin},
            {"suits", routine.suits},
            {"minutes", routine.minutes ? json(*routine.minutes) : json(nullptr)},
            {"steps", routine.steps}};
}

}  // namespace

Result<json> RequestHandler::routine_list(const json& raw) {
    auto params = Params::read(raw, {});
    if (!params) return std::move(params).error();
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    json list = json::array();
    for (const auto& routine : (*catalog)->routines) list.push_back(routine_json(routine));
    return json{{"routines", std::move(list)}};
}

Result<json> RequestHandler::routine_get(const json& raw) {
    auto params = Params::read(raw, {"name"});
    if (!params) return std::move(params).error();
    auto name = params->string("name");
    if (!name) return std::move(name).error();
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    auto routine = (*catalog)->require_routine(*name);
    if (!routine) return std::move(routine).error();
    return routine_json(**routine);
}

Result<json> RequestHandler::routine_add(const json& raw) {
    auto params = Params::read(raw, {"name", "steps", "suits", "minutes"});
    if (!params) return std::move(params).error();
    Routine routine;
    auto name = params->string("name");
    if (!name) return std::move(name).error();
    routine.name = std::move(*name);
    auto steps = params->string("steps");
    if (!steps) return std::move(steps).error();
    routine.steps = std::move(*steps);
    auto suits = params->optional_string("suits");
    if (!suits) return std::move(suits).error();
    routine.suits = suits->value_or("both");
    auto minutes = params->optional_whole("minutes", 1, 120, "minutes");
    if (!minutes) return std::move(minutes).error();
    if (*minutes) routine.minutes = static_cast<int>(**minutes);
    auto added = m_journal.add_routine(std::move(routine));
    if (!added) return std::move(added).error();
    return routine_json(*added);
}

Result<json> RequestHandler::routine_done(const json& raw) {
    auto params = Params::read(raw, {"routine", "date", "at"});
    if (!params) return std::move(params).error();
    auto name = params->string("routine");
    if (!name) return std::move(name).error();
    auto date_text = params->optional_string("date");
    if (!date_text) return std::move(date_text).error();
    auto at_text = params->optional_string("at");
    if (!at_text) return std::move(at_text).error();

    const auto* zone = m_journal.zone();
    const Seconds now = m_scheduler.now();
    const auto local_now = zone->to_local(now);
    const Date today{date::floor<date::days>(local_now)};
    auto day = parse_date_param("date", date_text->value_or("today"), today);
    if (!day) return std::move(day).error();
    const auto now_of_day = date::floor<std::chrono::minutes>(local_now - date::local_days{today});
    std::chrono::minutes at = now_of_day;
    if (*at_text) {
        auto parsed = parse_time_of_day("at", **at_text);
        if (!parsed) return std::move(parsed).error();
        at = *parsed;
        // "did Cat-Cow --at 23:30" just after midnight means last night.
        if (!*date_text && at > now_of_day) day = Date{date::sys_days{today} - date::days{1}};
    }
    const date::local_seconds when = date::local_days{*day} + at;
    const Firing resolved = resolve_local(zone, when);
    if (resolved.kind == Firing::Kind::k_after_gap) {
        return invalid_field("at", format_date(*day) + " " + format_time_of_day(at),
                             "a time that exists on that day (the clocks went forward past it)");
    }
    const Seconds done_at = resolved.instant;
    if (done_at > now) {
        return invalid_field("at", format_date(*day) + " " + format_time_of_day(at),
                             "a time no later than now (" + format_local(zone, now) + ")");
    }
    const NightSlot slot = night_slot(when);
    auto again = m_journal.log_routine(*name, slot.night, slot.slot, done_at);
    if (!again) return std::move(again).error();
    auto catalog = m_journal.catalog();
    if (!catalog) return std::move(catalog).error();
    const Routine* routine = (*catalog)->find_routine(*name);
    return json{{"routine", routine != nullptr ? routine->name : *name},
                {"date", format_date(*day)},
                {"at", format_time_of_day(at)},
                {"done_at", format_utc_seconds(done_at)},
                {"night", format_date(slot.night)},
                {"slot", slot.slot},
                {"again", *again}};
}

}  // namespace painlog::daemon
