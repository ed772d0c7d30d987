#include "daemon/calendar.h"

#include <cstdio>
#include <cstdlib>

#include <date/iso_week.h>
#include <exception>

namespace painlog::daemon {

std::optional<Date> parse_iso_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int fields[3] = {0, 0, 0};
    const int starts[3] = {0, 5, 8};
    const int lengths[3] = {4, 2, 2};
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < lengths[i]; ++j) {
            const char c = text[static_cast<std::size_t>(starts[i] + j)];
            if (c < '0' || c > '9') return std::nullopt;
            fields[i] = fields[i] * 10 + (c - '0');
        }
    }
    const Date date{date::year{fields[0]}, date::month{static_cast<unsigned>(fields[1])},
                    date::day{static_cast<unsigned>(fields[2])}};
    if (!date.ok()) return std::nullopt;
    return date;
}

std::string format_date(Date date) {
    const int year = static_cast<int>(date.year());
    if (!date.ok() || year < 0 || year > 9999) return date::format("%F", date::sys_days{date});
    // By hand: date::format goes through an ostringstream, and this runs for every night
    // listed, exported or imported.
    const auto month = static_cast<unsigned>(date.month());
    const auto day = static_cast<unsigned>(date.day());
    std::string text = "0000-00-00";
    const auto digit = [](unsigned value) { return static_cast<char>('0' + value % 10); };
    const auto y = static_cast<unsigned>(year);
    text[0] = digit(y / 1000);
    text[1] = digit(y / 100);
    text[2] = digit(y / 10);
    text[3] = digit(y);
    text[5] = digit(month / 10);
    text[6] = digit(month);
    text[8] = digit(day / 10);
    text[9] = digit(day);
    return text;
}

const date::time_zone* find_zone(std::string_view name) {
    if (!name.empty() && name.front() == ':') name.remove_prefix(1);
    if (name.empty()) return nullptr;
    try {
        return date::locate_zone(name);
    } catch (const std::exception&) {
        return nullptr;
    }
}

const date::time_zone* resolve_zone(std::string_view configured) {
    if (const auto* zone = find_zone(configured)) return zone;
    if (const char* tz = std::getenv("TZ")) {
        if (const auto* zone = find_zone(tz)) return zone;
    }
    try {
        return date::current_zone();
    } catch (const std::exception&) {
        return find_zone("UTC");
    }
}

Date local_date(const date::time_zone* zone, std::chrono::system_clock::time_point now) {
    const auto local = zone->to_local(now);
    return Date{date::floor<date::days>(local)};
}

protocol::Result<Date> parse_date_param(std::string_view field, std::string_view text,
                                        Date today) {
    std::optional<Date> date;
    if (text == "today") {
        date = today;
    } else if (text == "yesterday") {
        date = Date{date::sys_days{today} - date::days{1}};
    } else {
        date = parse_iso_date(text);
    }
    if (!date) {
        return protocol::invalid_field(std::string(field), std::string(text),
                                       "a date that exists, as YYYY-MM-DD (or today, yesterday)");
    }
    if (*date > today) {
        return protocol::invalid_field(std::string(field), std::string(text),
                                       "a date no later than today (" + format_date(today) + ")");
    }
    if (*date < k_earliest_date) {
        return protocol::invalid_field(std::string(field), std::string(text),
                                       "a date from " + format_date(k_earliest_date) + " to today (" +
                                           format_date(today) + ")");
    }
    return *date;
}

std::optional<Date> parse_iso_week(std::string_view text) {
    if (text.size() != 8 || text[4] != '-' || text[5] != 'W') return std::nullopt;
    int year = 0;
    unsigned week = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == 4 || i == 5) continue;
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        if (i < 4) year = year * 10 + (text[i] - '0');
        if (i > 5) week = week * 10 + static_cast<unsigned>(text[i] - '0');
    }
    const iso_week::year iso_year{year};
    if (week < 1 || week > static_cast<unsigned>(iso_week::year_lastweek{iso_year}.weeknum())) {
        return std::nullopt;
    }
    return Date{date::sys_days{iso_week::year_weeknum_weekday{iso_year, iso_week::weeknum{week},
                                                              iso_week::mon}}};
}

std::string format_iso_week(Date date) {
    const iso_week::year_weeknum_weekday week{date::sys_days{date}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-W%02u", static_cast<int>(week.year()),
                  static_cast<unsigned>(week.weeknum()));
    return text;
}

Date week_monday(Date date) {
    const date::sys_days day{date};
    const date::weekday weekday{day};
    return Date{day - date::days{(weekday.c_encoding() + 6) % 7}};
}

std::string format_utc(std::chrono::system_clock::time_point instant) {
    return date::format("%FT%TZ", date::floor<std::chrono::seconds>(instant));
}

}  // namespace painlog::daemon
