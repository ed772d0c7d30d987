// Fuzz target for the date and time parsers of painlogd (daemon/calendar.h,
// daemon/schedule.h, daemon/report_model.h). The first byte of the input picks the
// parser, the rest is the text. Beyond not crashing, each parser must keep its
// contract: what it accepts reads back through the matching formatter to the same
// value, lies in range, and what it refuses is an invalid_params error naming the
// field.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "daemon/calendar.h"
#include "daemon/report_model.h"
#include "daemon/schedule.h"
#include "fuzz_check.h"

namespace {

using namespace painlog::daemon;
using painlog::fuzz::fuzz_check;
using painlog::protocol::ErrorCode;
using std::chrono::seconds;

constexpr std::string_view k_field = "fuzzed";
const Date k_today{date::year{2026} / date::November / 23};

template <typename T>
void check_refusal(const painlog::protocol::Result<T>& result, std::string_view field) {
    if (result) return;
    fuzz_check(result.error().code == ErrorCode::k_invalid_params, "a refusal is not invalid_params");
    fuzz_check(result.error().field == field, "a refusal does not name the field");
    fuzz_check(!result.error().message.empty(), "a refusal has no message");
}

void iso_date(std::string_view text) {
    if (const auto day = parse_iso_date(text)) {
        fuzz_check(day->ok(), "parse_iso_date accepted a date that does not exist");
        fuzz_check(format_date(*day) == text, "format_date does not give back the parsed date");
    }
}

void date_param(std::string_view text) {
    const auto day = parse_date_param(k_field, text, k_today);
    check_refusal(day, k_field);
    if (!day) return;
    fuzz_check(day->ok() && *day <= k_today, "parse_date_param accepted a date after today");
    if (const auto iso = parse_iso_date(text)) fuzz_check(*iso == *day, "date_param != iso_date");
}

void iso_week(std::string_view text) {
    const auto monday = parse_iso_week(text);
    if (!monday) return;
    fuzz_check(date::weekday{date::sys_days{*monday}} == date::Monday, "a week not starting Monday");
    fuzz_check(format_iso_week(*monday) == text, "format_iso_week does not give back the week");
    fuzz_check(week_monday(*monday) == *monday, "week_monday moved a Monday");
}

void time_of_day(std::string_view text) {
    const auto at = parse_time_of_day(k_field, text);
    check_refusal(at, k_field);
    if (!at) return;
    fuzz_check(*at >= std::chrono::minutes{0} && *at < std::chrono::hours{24}, "time out of day");
    const auto again = parse_time_of_day(k_field, format_time_of_day(*at));
    fuzz_check(again && *again == *at, "format_time_of_day does not read back");
}

void days(std::string_view text) {
    const auto mask = parse_days(k_field, text);
    check_refusal(mask, k_field);
    if (!mask) return;
    fuzz_check(*mask != 0 && (*mask & ~k_every_day) == 0, "parse_days gave an empty or wide mask");
    const auto again = parse_days(k_field, format_days(*mask));
    fuzz_check(again && *again == *mask, "format_days does not read back");
}

void duration(std::string_view text) {
    // The bounds reminder.snooze uses, and wide ones.
    for (const auto& [min, max] : {std::pair{seconds{1}, seconds{86400}},
                                   std::pair{seconds{0}, seconds{1'000'000'000}}}) {
        const auto d = parse_duration(k_field, text, min, max);
        check_refusal(d, k_field);
        if (!d) continue;
        fuzz_check(*d >= min && *d <= max, "parse_duration accepted a duration out of bounds");
        const auto again = parse_duration(k_field, format_duration(*d), min, max);
        fuzz_check(again && *again == *d, "format_duration does not read back");
    }
}

void local_datetime(std::string_view text) {
    const auto when = parse_local_datetime(k_field, text);
    check_refusal(when, k_field);
    if (!when) return;
    const auto day = date::floor<date::days>(*when);
    fuzz_check(*when - day < std::chrono::hours{24}, "a local time past the end of its day");
    fuzz_check(format_date(Date{day}) == text.substr(0, 10), "the date part does not read back");
    (void)night_slot(*when);
}

void utc_seconds(std::string_view text) {
    if (const auto instant = parse_utc_seconds(text)) {
        fuzz_check(format_utc_seconds(*instant) == text, "format_utc_seconds does not read back");
    }
}

void report_week(std::string_view text) {
    const auto monday = parse_report_week(text, k_today);
    check_refusal(monday, "week");
    if (!monday) return;
    fuzz_check(week_monday(*monday) == *monday, "a report week not starting Monday");
    fuzz_check(*monday <= week_monday(k_today), "a report week that has not begun");
}

void report_window(std::string_view text) {
    const auto window = parse_report_window(text);
    check_refusal(window, "window");
    if (!window || !*window) return;
    fuzz_check(**window >= 1 && **window <= 36500, "a report window out of range");
    fuzz_check(text.back() == 'd' && text.find_first_not_of("0123456789") == text.size() - 1,
               "a report window that is not digits and d");
}

void zone(std::string_view text) {
    if (const auto* found = find_zone(text)) {
        fuzz_check(find_zone(found->name()) == found, "a zone not found by its own name");
        (void)format_local(found, Seconds{std::chrono::seconds{1'800'000'000}});
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::string_view text = painlog::fuzz::as_text(data + 1, size - 1);
    using Parser = void (*)(std::string_view);
    constexpr Parser k_parsers[] = {iso_date,       date_param,  iso_week,    time_of_day,
                                    days,           duration,    local_datetime, utc_seconds,
                                    report_week,    report_window, zone};
    k_parsers[data[0] % std::size(k_parsers)](text);
    return 0;
}
