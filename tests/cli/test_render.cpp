// Text renderings (cli/render.h): summaries, tables within 80 columns, values.
#include <sstream>

#include <doctest/doctest.h>

#include "cli/render.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

json night(std::string date, json areas, json mattress, json pillow) {
    return {{"date", date},     {"pain", 3},        {"areas", areas},   {"stiffness", nullptr},
            {"mattress", mattress}, {"pillow", pillow}, {"position", "side"}, {"stress", 6},
            {"sitting_hours", 8.5}, {"sleep_hours", 6.5}, {"sleep_quality", 3},
            {"routines", json::array()}, {"factors", {{"coffee", 2}, {"alcohol", true}}},
            {"note", nullptr}};
}

TEST_CASE("value_text renders values for people") {
    CHECK(value_text(nullptr) == "-");
    CHECK(value_text("Low foam") == "Low foam");
    CHECK(value_text(true) == "yes");
    CHECK(value_text(false) == "no");
    CHECK(value_text(7) == "7");
    CHECK(value_text(8.5) == "8.5");
    CHECK(value_text(8.0) == "8");
    CHECK(value_text(json{"a", "b"}) == "a, b");
}

TEST_CASE("night_summary is the one line painlog add prints") {
    CHECK(night_summary(night("2026-11-23", {"neck", "upper_back"}, "Morgedal", "Low foam")) ==
          "2026-11-23: pain 3 (neck, upper_back) · mattress Morgedal · pillow Low foam");
    CHECK(night_summary(night("2026-11-23", json::array(), nullptr, nullptr)) == "2026-11-23: pain 3");
}

TEST_CASE("nights_table fits 80 columns - cutting long names") {
    const json nights = {
        night("2026-11-22", {"upper_back", "neck", "shoulders", "lower_back", "arms"},
              "A mattress with a very long name indeed", "Pillow with a long name"),
        night("2026-11-23", {"neck"}, "Morgedal", "Låg skum")};
    const std::string table = nights_table(nights);
    std::istringstream lines(table);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
        CAPTURE(line);
        CHECK(display_width(line) <= k_table_width);
        ++count;
    }
    CHECK(count == 3);
    CHECK(table.rfind("date", 0) == 0);
    CHECK(table.find("Låg skum") != std::string::npos);
    CHECK(table.find("…") != std::string::npos);
}

TEST_CASE("empty lists say what to do next") {
    CHECK(nights_table(json::array()) == "No nights logged yet. Start with: painlog add --pain N\n");
    CHECK(gear_table(json::array()).find("painlog gear add") != std::string::npos);
    CHECK(factors_table(json::array()).find("painlog factor add") != std::string::npos);
}

TEST_CASE("night_details prints every field - factors included") {
    const std::string details = night_details(night("2026-11-23", {"neck"}, "M", "P"));
    for (const char* key : {"date", "pain", "areas", "stiffness", "position", "stress",
                            "sitting_hours", "sleep_hours", "sleep_quality", "mattress", "pillow",
                            "routines", "factor:coffee", "factor:alcohol", "note"}) {
        CAPTURE(key);
        const bool has_line = ("\n" + details).find("\n" + std::string(key) + " ") !=
                              std::string::npos;
        CHECK(has_line);
    }
}

TEST_CASE("gear and factor lines") {
    CHECK(gear_line({{"name", "Morgedal"}, {"kind", "mattress"}, {"firmness", "medium-firm"},
                     {"since", "2026-03-01"}, {"in_use", true}}) ==
          "mattress Morgedal (medium-firm, since 2026-03-01, in use)");
    CHECK(factor_line({{"name", "room"}, {"type", "choice"}, {"choices", {"cold", "warm"}},
                       {"min", nullptr}, {"max", nullptr}}) == "room (choice: cold, warm)");
    CHECK(factor_line({{"name", "coffee"}, {"type", "number"}, {"choices", nullptr},
                       {"min", 0}, {"max", 10}}) == "coffee (number, 0 to 10)");
    CHECK(factor_line({{"name", "alcohol"}, {"type", "yesno"}}) == "alcohol (yes/no)");
}

TEST_CASE("fit cuts by code points and marks the cut") {
    CHECK(fit("Morgedal", 8) == "Morgedal");
    CHECK(fit("Morgedal", 5) == "Morg…");
    CHECK(fit("Låg skum", 4) == "Låg…");
    CHECK(display_width("Låg…") == 4);
}

}  // namespace
}  // namespace painlog::cli
