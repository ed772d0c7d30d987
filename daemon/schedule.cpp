#include "daemon/schedule.h"

#include <algorithm>
#include <array>
#include <utility>

namespace painlog::daemon {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr std::string_view k_days_allowed =
    "daily, weekdays, weekends or day names such as mon,wed,fri "
    "(mon, tue, wed, thu, fri, sat, sun)";
constexpr std::string_view k_time_allowed = "a time of day from 00:00 to 23:59, as HH:MM";
constexpr std::string_view k_datetime_allowed =
    "a local date that exists, from 1700 to 2199, and a time of day, as YYYY-MM-DD HH:MM";

// The years parse_local_datetime accepts (from k_earliest_date): instants past 2262
// overflow the nanoseconds
// of std::chrono::system_clock, and no reminder needs previewing beyond 2199.
constexpr Date k_latest_local_date{date::year{2199}, date::December, date::day{31}};

// Duration units in the order they must be written, with their length in seconds.
constexpr std::array<std::pair<char, long long>, 4> k_units{
    {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};

constexpr DayMask k_weekdays = 0x3E;  // mon..fri
constexpr DayMask k_weekends = 0x41;  // sun, sat

struct DayName {
    std::string_view short_name;
    std::string_view long_name;
    unsigned c_encoding;  // Sunday = 0
};
// Monday first: the order format_days writes.
constexpr std::array<DayName, 7> k_day_names{{
    {"mon", "monday", 1},
    {"tue", "tuesday", 2},
    {"wed", "wednesday", 3},
    {"thu", "thursday", 4},
    {"fri", "friday", 5},
    {"sat", "saturday", 6},
    {"sun", "sunday", 0},
}};

[[nodiscard]] DayMask day_bit(unsigned c_encoding) {
    return static_cast<DayMask>(1u << c_encoding);
}

[[nodiscard]] std::string lower_ascii(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

[[nodiscard]] std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

// invalid_field with the message saying why, in the same shape as invalid_field's own.
[[nodiscard]] protocol::Error invalid_because(std::string_view field, std::string_view text,
                                              std::string_view allowed, const std::string& reason) {
    auto error =
        protocol::invalid_field(std::string(field), std::string(text), std::string(allowed));
    error.message = error.field + ": '" + error.value + "' is not allowed: " + reason +
                    "; expected " + error.allowed;
    return error;
}

// Exactly `width` ASCII digits as a number; nullopt otherwise.
[[nodiscard]] std::optional<int> fixed_digits(std::string_view text, std::size_t width) {
    if (text.size() != width) return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

// "H:MM" (when `one_digit_hour`) or "HH:MM" within a day; nullopt otherwise.
[[nodiscard]] std::optional<minutes> read_hh_mm(std::string_view text, bool one_digit_hour) {
    if (text.size() < 4 || text.size() > 5 || text[text.size() - 3] != ':') return std::nullopt;
    if (text.size() == 4 && !one_digit_hour) return std::nullopt;
    const auto hour = fixed_digits(text.substr(0, text.size() - 3), text.size() - 3);
    const auto minute = fixed_digits(text.substr(text.size() - 2), 2);
    if (!hour || !minute || *hour > 23 || *minute > 59) return std::nullopt;
    return hours{*hour} + minutes{*minute};
}

[[nodiscard]] bool fires_on(DayMask days, date::local_days day) {
    return (days & day_bit(date::weekday{day}.c_encoding())) != 0;
}

[[nodiscard]] date::local_days local_day_of(const date::time_zone* zone, Seconds instant) {
    return date::floor<date::days>(zone->to_local(instant));
}

[[nodiscard]] std::string two_digits(long long value) {
    std::string out = std::to_string(value);
    if (out.size() < 2) out.insert(0, 1, '0');
    return out;
}

}  // namespace

protocol::Result<DayMask> parse_days(std::string_view field, std::string_view text) {
    const std::string whole = lower_ascii(trim_spaces(text));
    if (whole == "daily") return k_every_day;
    if (whole == "weekdays") return k_weekdays;
    if (whole == "weekends") return k_weekends;
    if (whole.empty()) {
        return protocol::invalid_field(std::string(field), std::string(text),
                                       std::string(k_days_allowed));
    }
    DayMask days = 0;
    std::string_view rest = whole;
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view word = trim_spaces(rest.substr(0, comma));
        DayMask bit = 0;
        for (const auto& name : k_day_names) {
            if (word == name.short_name || word == name.long_name) bit = day_bit(name.c_encoding);
        }
        if (bit == 0) {
            const std::string reason = word.empty()
                                           ? std::string("a day name is missing between commas")
                                           : "\"" + std::string(word) + "\" is not a day";
            return invalid_because(field, text, k_days_allowed, reason);
        }
        days = static_cast<DayMask>(days | bit);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return days;
}

std::string format_days(DayMask days) {
    days = static_cast<DayMask>(days & k_every_day);
    if (days == k_every_day) return "daily";
    if (days == k_weekdays) return "weekdays";
    if (days == k_weekends) return "weekends";
    std::string out;
    for (const auto& name : k_day_names) {
        if ((days & day_bit(name.c_encoding)) == 0) continue;
        if (!out.empty()) out += ',';
        out += name.short_name;
    }
    return out;
}

protocol::Result<minutes> parse_time_of_day(std::string_view field, std::string_view text) {
    if (const auto at = read_hh_mm(text, true)) return *at;
    return protocol::invalid_field(std::string(field), std::string(text),
                                   std::string(k_time_allowed));
}

std::string format_time_of_day(minutes at) {
    return two_digits(at.count() / 60) + ":" + two_digits(at.count() % 60);
}

protocol::Result<seconds> parse_duration(std::string_view field, std::string_view text, seconds min,
                                         seconds max) {
    const std::string allowed = "a duration from " + format_duration(min) + " to " +
                                format_duration(max) + " such as 10m or 1h30m";
    constexpr long long k_max_number = 1'000'000'000;  // far beyond any bound; no overflow

    long long total = 0;
    std::size_t next_unit = 0;  // units must come in k_units order, each at most once
    std::size_t i = 0;
    bool ok = !text.empty();
    while (ok && i < text.size()) {
        long long number = 0;
        const std::size_t digits_from = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && number <= k_max_number) {
            number = number * 10 + (text[i] - '0');
            ++i;
        }
        ok = i > digits_from && number > 0 && number <= k_max_number && i < text.size();
        if (!ok) break;
        const char unit = text[i++];
        while (next_unit < k_units.size() && k_units[next_unit].first != unit) ++next_unit;
        ok = next_unit < k_units.size();
        if (ok) total += number * k_units[next_unit++].second;
    }
    if (!ok || total < min.count() || total > max.count()) {
        return protocol::invalid_field(std::string(field), std::string(text), allowed);
    }
    return seconds{total};
}

std::string format_duration(seconds d) {
    if (d == seconds{0}) return "0s";
    std::string out;
    long long rest = d.count();
    if (rest < 0) {
        out += '-';
        rest = -rest;
    }
    for (const auto& [unit, size] : k_units) {
        if (rest >= size) {
            out += std::to_string(rest / size);
            out += unit;
            rest %= size;
        }
    }
    return out;
}

protocol::Result<date::local_seconds> parse_local_datetime(std::string_view field,
                                                           std::string_view text) {
    if (text.size() == 16 && (text[10] == ' ' || text[10] == 'T')) {
        const auto day = parse_iso_date(text.substr(0, 10));
        const auto at = read_hh_mm(text.substr(11), false);
        if (day && at && *day >= k_earliest_date && *day <= k_latest_local_date) {
            return date::local_seconds{date::local_days{*day} + *at};
        }
    }
    return protocol::invalid_field(std::string(field), std::string(text),
                                   std::string(k_datetime_allowed));
}

Firing resolve_local(const date::time_zone* zone, date::local_seconds wall) {
    const auto info = zone->get_info(wall);
    switch (info.result) {
        case date::local_info::nonexistent:
            return Firing{info.first.end, wall, Firing::Kind::k_after_gap};
        case date::local_info::ambiguous:
            return Firing{Seconds{wall.time_since_epoch() - info.first.offset}, wall,
                          Firing::Kind::k_first_of_two};
        case date::local_info::unique:
            break;
    }
    return Firing{Seconds{wall.time_since_epoch() - info.first.offset}, wall,
                  Firing::Kind::k_normal};
}

// Candidates are computed per local date, so a fall-back day yields one firing. The
// instant of a date's candidate never decreases as the date increases, so the first
// candidate after `after`, in date order, is the answer. From the day before the local
// date of `after` (to be safe) through eight days on: a non-empty mask matches in any 7.
std::optional<Firing> next_firing(const WallClockRule& rule, Seconds after) {
    const auto days = static_cast<DayMask>(rule.days & k_every_day);
    if (days == 0) return std::nullopt;
    const auto first_day = local_day_of(rule.zone, after) - date::days{1};
    for (int i = 0; i < 10; ++i) {
        const auto day = first_day + date::days{i};
        if (!fires_on(days, day)) continue;
        const auto firing = resolve_local(rule.zone, day + rule.at);
        if (firing.instant > after) return firing;
    }
    return std::nullopt;  // unreachable with a non-empty mask
}

// The mirror image: dates from the day after the local date of `not_after` backwards.
std::optional<Firing> latest_firing(const WallClockRule& rule, Seconds after, Seconds not_after) {
    const auto days = static_cast<DayMask>(rule.days & k_every_day);
    if (days == 0 || after >= not_after) return std::nullopt;
    const auto last_day = local_day_of(rule.zone, not_after) + date::days{1};
    for (int i = 0; i < 10; ++i) {
        const auto day = last_day - date::days{i};
        if (!fires_on(days, day)) continue;
        const auto firing = resolve_local(rule.zone, day + rule.at);
        if (firing.instant <= not_after) {
            if (firing.instant > after) return firing;
            return std::nullopt;
        }
    }
    return std::nullopt;
}

std::vector<Firing> preview(const WallClockRule& rule, date::local_seconds from,
                            std::size_t count) {
    std::vector<Firing> firings;
    firings.reserve(std::min<std::size_t>(count, 64));
    auto after = resolve_local(rule.zone, from).instant - seconds{1};  // "at or after"
    while (firings.size() < count) {
        const auto firing = next_firing(rule, after);
        if (!firing) break;
        firings.push_back(*firing);
        after = firing->instant;
    }
    return firings;
}

std::string format_local(const date::time_zone* zone, Seconds instant) {
    const auto info = zone->get_info(instant);
    const auto local = zone->to_local(instant);
    const auto has_seconds = date::floor<minutes>(local) != local;
    std::string out = date::format(has_seconds ? "%F %T" : "%F %R", local);
    out += ' ';
    out += info.abbrev;
    const auto signed_offset = info.offset.count();
    out += signed_offset < 0 ? " (-" : " (+";
    const auto offset = signed_offset < 0 ? -signed_offset : signed_offset;
    out += two_digits(offset / 3600) + ":" + two_digits(offset / 60 % 60);
    if (offset % 60 != 0) out += ":" + two_digits(offset % 60);
    out += ')';
    return out;
}

std::string format_utc_seconds(Seconds instant) {
    return date::format("%FT%TZ", instant);  // in seconds: no nanoseconds to overflow
}

std::optional<Seconds> parse_utc_seconds(std::string_view text) {
    if (text.size() != 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' ||
        text[19] != 'Z') {
        return std::nullopt;
    }
    const auto day = parse_iso_date(text.substr(0, 10));
    const auto hour = fixed_digits(text.substr(11, 2), 2);
    const auto minute = fixed_digits(text.substr(14, 2), 2);
    const auto second = fixed_digits(text.substr(17, 2), 2);
    if (!day || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 59) {
        return std::nullopt;
    }
    return date::sys_days{*day} + hours{*hour} + minutes{*minute} + seconds{*second};
}

NightSlot night_slot(date::local_seconds when) {
    const auto day = date::floor<date::days>(when);
    const auto time_of_day = when - day;
    if (time_of_day < hours{4}) return NightSlot{Date{day}, "evening"};
    if (time_of_day < hours{15}) return NightSlot{Date{day}, "morning"};
    return NightSlot{Date{day + date::days{1}}, "evening"};
}

}  // namespace painlog::daemon
