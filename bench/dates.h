// The bench tools' dates: a YYYY-MM-DD date some days on, for the nights their
// requests add or list. Header-only; thread-safe.
#pragma once

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

namespace painlog::bench {

// `first` (YYYY-MM-DD) plus `days`, as YYYY-MM-DD. Throws std::runtime_error when
// `first` is not a date.
inline std::string date_plus(const std::string& first, long days) {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    char rest = 0;
    if (std::sscanf(first.c_str(), "%4d-%2u-%2u%c", &year, &month, &day, &rest) != 3 ||
        !std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}.ok()) {
        throw std::runtime_error("'" + first + "' is not a date (YYYY-MM-DD)");
    }
    const std::chrono::year_month_day later{
        std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}} +
        std::chrono::days{days}};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(later.year()),
                  static_cast<unsigned>(later.month()), static_cast<unsigned>(later.day()));
    return text;
}

}  // namespace painlog::bench
