#include "report/dates.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace painlog::report {
namespace {

using nlohmann::json;

constexpr std::array<const char*, 12> k_months{"January",   "February", "March",    "April",
                                               "May",       "June",     "July",     "August",
                                               "September", "October",  "November", "December"};
constexpr std::array<const char*, 7> k_weekdays{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

struct CivilDate {
    int year;
    int month;  // 1-12
    int day;
};

std::optional<CivilDate> parse_date(const json& value) {
    if (!value.is_string())
        return std::nullopt;
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    CivilDate date{};
    const char* begin = text.data();
    const bool ok = std::from_chars(begin, begin + 4, date.year).ec == std::errc() &&
                    std::from_chars(begin + 5, begin + 7, date.month).ec == std::errc() &&
                    std::from_chars(begin + 8, begin + 10, date.day).ec == std::errc();
    if (!ok || date.month < 1 || date.month > 12 || date.day < 1 || date.day > 31)
        return std::nullopt;
    return date;
}

// Days since 1970-01-01 (Howard Hinnant's days_from_civil, which the date library uses).
long days_from_civil(CivilDate date) {
    const long year = date.year - (date.month <= 2 ? 1 : 0);
    const long era = (year >= 0 ? year : year - 399) / 400;
    const long year_of_era = year - era * 400;
    const long month = date.month;
    const long day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
    const long day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

// Appends "16 Nov".
void append_short_date(std::string& out, const CivilDate& date) {
    out += std::to_string(date.day);
    out += ' ';
    out.append(k_months[static_cast<std::size_t>(date.month - 1)], 3);
}

}  // namespace

std::optional<long> day_number(const json& iso_date) {
    const std::optional<CivilDate> date = parse_date(iso_date);
    if (!date)
        return std::nullopt;
    return days_from_civil(*date);
}

std::string iso_date(long day) {
    // Howard Hinnant's civil_from_days.
    const long z = day + 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long day_of_era = z - era * 146097;
    const long year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const long shifted_month = (5 * day_of_year + 2) / 153;
    const long day_of_month = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    const long month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
    const long year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
    char buffer[64];  // room for any three longs
    std::snprintf(buffer, sizeof buffer, "%04ld-%02ld-%02ld", year, month, day_of_month);
    return buffer;
}

int weekday_index(long day) {
    return static_cast<int>(((day % 7) + 7 + 3) % 7);  // 1970-01-01 was a Thursday
}

std::string day_label(const json& iso_date) {
    const std::optional<CivilDate> date = parse_date(iso_date);
    if (!date)
        return "-";
    const int weekday = weekday_index(days_from_civil(*date));
    std::string label = k_weekdays[static_cast<std::size_t>(weekday)];
    label += ' ';
    append_short_date(label, *date);
    return label;
}

std::string short_date(const json& iso_date) {
    const std::optional<CivilDate> date = parse_date(iso_date);
    if (!date)
        return "-";
    std::string label;
    append_short_date(label, *date);
    return label;
}

std::string range_label(const json& from, const json& to) {
    const std::optional<CivilDate> a = parse_date(from);
    const std::optional<CivilDate> b = parse_date(to);
    if (!a || !b) {
        const auto raw = [](const json& value) {
            return value.is_string() ? value.get<std::string>() : std::string("-");
        };
        return raw(from) + " to " + raw(to);
    }
    const auto month = [](const CivilDate& d) {
        return std::string(k_months[static_cast<std::size_t>(d.month - 1)]);
    };
    if (a->year != b->year) {
        return std::to_string(a->day) + " " + month(*a) + " " + std::to_string(a->year) + " – " +
               std::to_string(b->day) + " " + month(*b) + " " + std::to_string(b->year);
    }
    if (a->month != b->month) {
        return std::to_string(a->day) + " " + month(*a) + " – " + std::to_string(b->day) + " " +
               month(*b) + " " + std::to_string(b->year);
    }
    return std::to_string(a->day) + "–" + std::to_string(b->day) + " " + month(*b) + " " +
           std::to_string(b->year);
}

}  // namespace painlog::report
