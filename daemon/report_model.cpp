#include "daemon/report_model.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "daemon/night_codec.h"
#include "daemon/schedule.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using protocol::invalid_field;

constexpr int k_max_window_days = 36500;

Date plus_days(Date date, int days) { return Date{date::sys_days{date} + date::days{days}}; }

// The nights of `inputs` dated from..to: a range of indices into its dates.
std::pair<std::size_t, std::size_t> nights_in(const ReportInputs& inputs, std::optional<Date> from, Date to) {
    const auto& dates = inputs.dates;
    const auto first = from ? std::lower_bound(dates.begin(), dates.end(), *from) : dates.begin();
    const auto last = std::upper_bound(first, dates.end(), to);
    return {static_cast<std::size_t>(first - dates.begin()), static_cast<std::size_t>(last - dates.begin())};
}

// Mean pain and count of the nights in [from, to].
json pain_summary(const ReportInputs& inputs, std::optional<Date> from, Date to) {
    const auto [first, last] = nights_in(inputs, from, to);
    double sum = 0;
    for (std::size_t i = first; i < last; ++i) sum += inputs.pain[i];
    const int count = static_cast<int>(last - first);
    return {{"nights", count}, {"mean_pain", count > 0 ? json(sum / count) : json(nullptr)}};
}

json day_json(Date date, const Night* night, int threshold) {
    json day;
    if (night != nullptr) {
        day = night_to_json(*night);
        day["custom"] = std::move(day["factors"]);
        day.erase("factors");
    } else {
        day = {{"date", format_date(date)}, {"pain", nullptr}, {"areas", json::array()},
               {"stiffness", nullptr}, {"mattress", nullptr}, {"pillow", nullptr},
               {"position", nullptr}, {"stress", nullptr}, {"sitting_hours", nullptr},
               {"sleep_hours", nullptr}, {"sleep_quality", nullptr}, {"routines", json::array()},
               {"custom", json::object()}, {"note", nullptr}};
    }
    day["weekday"] = date::format("%a", date::sys_days{date});
    day["logged"] = night != nullptr;
    day["bad"] = night != nullptr && night->pain >= threshold;
    return day;
}

// The calendar day a routine logged for `night` in `slot` was done on: the evening
// before a night is the day before it.
Date day_of(Date night, std::string_view slot) { return slot == "evening" ? plus_days(night, -1) : night; }

json adherence_json(const ReportInputs& inputs) {
    const Date monday = inputs.span.monday;
    std::set<std::tuple<std::string, std::string, std::string>> done;  // night, routine, slot
    for (const auto& entry : inputs.done) {
        done.insert({format_date(entry.night), name_key(entry.routine), entry.slot});
    }
    const auto is_done = [&](Date night, const std::string& routine, const std::string& slot) {
        return done.count({format_date(night), name_key(routine), slot}) > 0 ||
               done.count({format_date(night), name_key(routine), "entry"}) > 0;
    };
    int planned_count = 0;
    int done_count = 0;
    json days = json::array();
    std::set<std::tuple<std::string, std::string, std::string>> planned_keys;
    const date::time_zone* zone = find_zone(inputs.zone);
    for (int i = 0; i < 7; ++i) {
        const Date date = plus_days(monday, i);
        const date::weekday weekday{date::sys_days{date}};
        json planned = json::array();
        for (const Reminder& reminder : inputs.reminders) {
            if (reminder.paused || (reminder.days & (1U << weekday.c_encoding())) == 0) continue;
            // Only what a reminder that existed then asked for counts as planned.
            const auto fires = date::local_days{date} + reminder.at;
            const date::time_zone* its_zone = reminder.zone ? find_zone(*reminder.zone) : zone;
            if (its_zone != nullptr) {
                const Seconds instant = resolve_local(its_zone, fires).instant;
                if (instant < reminder.created_at || instant > inputs.now) continue;
            }
            const NightSlot slot = night_slot(date::local_days{date} + reminder.at);
            for (const auto& routine : reminder.routines) {
                const bool was_done = is_done(slot.night, routine, std::string(slot.slot));
                planned.push_back({{"routine", routine}, {"slot", slot.slot}, {"done", was_done}});
                planned_keys.insert({format_date(slot.night), name_key(routine), std::string(slot.slot)});
                ++planned_count;
                done_count += was_done ? 1 : 0;
            }
        }
        days.push_back({{"date", format_date(date)}, {"planned", std::move(planned)}, {"extra", json::array()}});
    }
    for (const auto& entry : inputs.done) {
        const std::string& slot = entry.slot;
        const Date day = day_of(entry.night, slot);
        if (day < monday || day > plus_days(monday, 6)) continue;
        if (planned_keys.count({format_date(entry.night), name_key(entry.routine), entry.slot}) > 0) continue;
        if (entry.slot == "entry" &&
            (planned_keys.count({format_date(entry.night), name_key(entry.routine), "evening"}) > 0 ||
             planned_keys.count({format_date(entry.night), name_key(entry.routine), "morning"}) > 0)) {
            continue;
        }
        const auto index = static_cast<std::size_t>((date::sys_days{day} - date::sys_days{monday}).count());
        days[index]["extra"].push_back({{"routine", entry.routine}, {"slot", slot}});
    }
    return {{"planned", planned_count},
            {"done", done_count},
            {"rate", planned_count > 0 ? json(static_cast<double>(done_count) / planned_count) : json(nullptr)},
            {"days", std::move(days)}};
}

std::string method_text() {
    std::string text =
        "Each finding comes from one regression of morning pain on all the factors at once, "
        "so each is adjusted for the others. Pain on one morning tends to be like the last, "
        "which the errors allow for; the intervals are 95% intervals and the p-values are "
        "adjusted for testing many factors at once (Benjamini-Hochberg). A factor switched "
        "too rarely to tell (such as a new pillow) says so instead of giving a p-value.";
    return text;  // the renderers add the analysis's own description and notes
}

}  // namespace

protocol::Result<Date> parse_report_week(std::string_view text, Date today) {
    const Date this_week = week_monday(today);
    std::optional<Date> monday;
    if (text == "this") {
        monday = this_week;
    } else if (text == "last") {
        monday = plus_days(this_week, -7);
    } else {
        monday = parse_iso_week(text);
    }
    if (!monday) {
        return invalid_field("week", std::string(text),
                             "an ISO week that exists, such as " + format_iso_week(plus_days(this_week, -7)) +
                                 " (weeks run from 01 to 52 or 53), or this, last");
    }
    if (*monday > this_week) {
        return invalid_field("week", std::string(text),
                             "a week that has begun (no later than this week, " + format_iso_week(today) + ")");
    }
    return *monday;
}

protocol::Result<std::optional<int>> parse_report_window(std::string_view text) {
    if (text == "all") return std::optional<int>{};
    int days = 0;
    const char* end = text.data() + text.size();
    const auto parsed = text.size() >= 2 && text.back() == 'd'
                            ? std::from_chars(text.data(), end - 1, days)
                            : std::from_chars_result{text.data(), std::errc::invalid_argument};
    if (parsed.ec != std::errc{} || parsed.ptr != end - 1 || days < 1 || days > k_max_window_days) {
        return invalid_field("window", std::string(text),
                             "a number of days from 1d to " + std::to_string(k_max_window_days) +
                                 "d, such as 90d, or all");
    }
    return std::optional<int>{days};
}

Date report_end(const ReportSpan& span, Date today) { return std::min(plus_days(span.monday, 6), today); }

std::optional<Date> window_start(const ReportSpan& span, Date today) {
    if (!span.window_days) return std::nullopt;
    return plus_days(report_end(span, today), 1 - *span.window_days);
}

json build_report(const ReportInputs& inputs) {
    const Date monday = inputs.span.monday;
    const Date sunday = plus_days(monday, 6);
    const Date end = report_end(inputs.span, inputs.today);  // days after it have not come
    const auto night_on = [&](Date date) -> const Night* {
        const auto it = std::find_if(inputs.week.begin(), inputs.week.end(),
                                     [date](const Night& night) { return night.date == date; });
        return it == inputs.week.end() ? nullptr : &*it;
    };

    json days = json::array();
    int bad = 0;
    for (int i = 0; i < 7; ++i) {
        const Date date = plus_days(monday, i);
        days.push_back(day_json(date, night_on(date), inputs.threshold));
        days.back()["future"] = date > end;
        bad += days.back()["bad"].get<bool>() ? 1 : 0;
    }
    json summary = pain_summary(inputs, monday, sunday);
    summary["bad_mornings"] = bad;
    summary["previous_4_weeks"] = pain_summary(inputs, plus_days(monday, -28), plus_days(monday, -1));
    summary["all_time"] = pain_summary(inputs, std::nullopt, end);
    const json& now = summary["mean_pain"];
    const json& before = summary["previous_4_weeks"]["mean_pain"];
    summary["change_vs_previous"] = now.is_number() && before.is_number()
                                        ? json(now.get<double>() - before.get<double>())
                                        : json(nullptr);

    json weeks = json::array();
    for (int i = k_report_weeks - 1; i >= 0; --i) {
        const Date start = plus_days(monday, -7 * i);
        json week = pain_summary(inputs, start, plus_days(start, 6));
        week["id"] = format_iso_week(start);
        week["from"] = format_date(start);
        weeks.push_back(std::move(week));
    }

    json daily = json::array();
    const Date first_night = inputs.dates.empty() ? monday : inputs.dates.front();
    Date from = window_start(inputs.span, inputs.today).value_or(first_night);
    if (from < first_night) from = first_night;
    if (from <= end) {
        daily.get_ref<json::array_t&>().reserve(
            static_cast<std::size_t>((date::sys_days{end} - date::sys_days{from}).count() + 1));
    }
    for (Date date = from; date <= end; date = plus_days(date, 1)) {
        const auto [first, last] = nights_in(inputs, plus_days(date, -6), date);
        double sum = 0;
        for (std::size_t i = first; i < last; ++i) sum += inputs.pain[i];
        const bool logged = last > first && inputs.dates[last - 1] == date;
        // Member by member: an initializer list copies each value (one point a day,
        // ten years of them on a long window).
        json& point = daily.emplace_back(json::value_t::object);
        point["date"] = format_date(date);
        point["pain"] = logged ? json(static_cast<int>(inputs.pain[last - 1])) : json(nullptr);
        point["avg7"] = last > first ? json(sum / static_cast<double>(last - first)) : json(nullptr);
    }

    // Gear whose `since` falls in the week and that was put to use: in use now, or on
    // a night of the week. Gear only registered (another is in use) is no change.
    const auto used = [&inputs](const Gear& item) {
        if (item.in_use) return true;
        const std::string key = name_key(item.name);
        return std::any_of(inputs.week.begin(), inputs.week.end(), [&](const Night& night) {
            const std::optional<std::string>& named = item.kind == "mattress" ? night.mattress : night.pillow;
            return named && name_key(*named) == key;
        });
    };
    json gear_changes = json::array();
    for (const Gear& item : inputs.gear) {
        if (item.since >= monday && item.since <= sunday && used(item)) {
            gear_changes.push_back({{"date", format_date(item.since)}, {"kind", item.kind}, {"name", item.name}});
        }
    }
    std::sort(gear_changes.begin(), gear_changes.end(),
              [](const json& a, const json& b) { return a["date"] < b["date"]; });

    const auto start = window_start(inputs.span, inputs.today);
    json window{{"label", inputs.span.window_days ? "last " + std::to_string(*inputs.span.window_days) + " days"
                                                  : std::string("all data")},
                {"from", start ? json(format_date(*start)) : json(nullptr)},
                {"to", format_date(end)},
                {"days", inputs.span.window_days ? json(*inputs.span.window_days) : json(nullptr)}};

    const long total = static_cast<long>(inputs.dates.size());
    return {{"painlog_report", k_report_version},
            {"week", {{"id", format_iso_week(monday)}, {"from", format_date(monday)}, {"to", format_date(sunday)}}},
            {"generated_at", inputs.generated_at},
            {"zone", inputs.zone},
            {"threshold", inputs.threshold},
            {"journal", {{"nights", total},
                         {"first", total > 0 ? json(format_date(inputs.dates.front())) : json(nullptr)},
                         {"last", total > 0 ? json(format_date(inputs.dates.back())) : json(nullptr)}}},
            {"start_hint", total > 0 ? json(nullptr)
                                     : json("Nothing logged yet. Each morning, log how you woke up in one "
                                            "short command: painlog add --pain 3 --position side. Register "
                                            "your mattress and pillow once (painlog gear add mattress NAME), "
                                            "and painlog remind defaults sets up gentle reminders.")},
            {"days", std::move(days)},
            {"summary", std::move(summary)},
            {"weeks", std::move(weeks)},
            {"daily", std::move(daily)},
            {"adherence", adherence_json(inputs)},
            {"gear_changes", std::move(gear_changes)},
            {"analysis", {{"window", std::move(window)}, {"result", inputs.analysis}}},
            {"method", method_text()},
            {"disclaimer",
             "This report describes associations in your own journal: what tended to go with "
             "better or worse mornings, not proof of what causes them. It is not medical advice. "
             "If pain is severe, getting worse, or comes with numbness, weakness or fever, see a "
             "doctor or physiotherapist."}};
}

}  // namespace painlog::daemon
