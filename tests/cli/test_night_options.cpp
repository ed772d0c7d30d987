// add/edit options to night.add / night.edit params (cli/night_options.h): values go
// as the user wrote them wherever the daemon validates.
#include <doctest/doctest.h>

#include "cli/exit_code.h"
#include "cli/night_options.h"

namespace painlog::cli {
namespace {

using nlohmann::json;

// The night fields parsed from `args` by the real option definitions.
json fields_for(std::vector<std::string> args) {
    CLI::App app;
    NightOptions options;
    add_night_options(app, options);
    std::reverse(args.begin(), args.end());
    app.parse(args);
    return night_fields(options);
}

TEST_CASE("add/edit options map to wire fields") {
    struct Case {
        std::vector<std::string> args;
        json expected;
    };
    for (const Case& c : {
             Case{{}, json::object()},
             Case{{"--pain", "3"}, {{"pain", 3}}},
             Case{{"--pain", "bad"}, {{"pain", "bad"}}},
             Case{{"--pain", "3.5"}, {{"pain", "3.5"}}},
             Case{{"--pain=-1"}, {{"pain", -1}}},
             Case{{"--pain", "99999999999999999999"}, {{"pain", "99999999999999999999"}}},
             Case{{"--areas", "upper_back,neck"}, {{"areas", {"upper_back", "neck"}}}},
             Case{{"--areas", " neck , ,arms,"}, {{"areas", {"neck", "arms"}}}},
             Case{{"--areas", ""}, {{"areas", json::array()}}},
             Case{{"--sitting", "8.5", "--sleep", "7"}, {{"sitting_hours", 8.5}, {"sleep_hours", 7}}},
             Case{{"--sitting", "25"}, {{"sitting_hours", 25}}},
             Case{{"--sleep", "lots"}, {{"sleep_hours", "lots"}}},
             Case{{"--sleep", "nan"}, {{"sleep_hours", "nan"}}},
             Case{{"--quality", "4", "--stress", "6", "--stiffness", "2"},
                  {{"sleep_quality", 4}, {"stress", 6}, {"stiffness", 2}}},
             Case{{"--position", "side", "--mattress", "Morgedal", "--pillow", "Low foam"},
                  {{"position", "side"}, {"mattress", "Morgedal"}, {"pillow", "Low foam"}}},
             Case{{"--routine", "Cat-Cow", "--routine", "Open Book"},
                  {{"routines", {"Cat-Cow", "Open Book"}}}},
             Case{{"--factor", "coffee=2", "--factor", "room=cold", "--factor", "note=a=b"},
                  {{"factors", {{"coffee", "2"}, {"room", "cold"}, {"note", "a=b"}}}}},
             Case{{"--factor", "alcohol="}, {{"factors", {{"alcohol", ""}}}}},
             Case{{"--note", "long drive"}, {{"note", "long drive"}}},
         }) {
        CAPTURE(json(c.args).dump());
        CHECK(fields_for(c.args) == c.expected);
    }
}

TEST_CASE("add_params wraps the fields with the date and replace") {
    NightOptions options;
    options.pain = "3";
    CHECK(add_params(std::nullopt, options, false) ==
          json{{"night", {{"pain", 3}}}, {"replace", false}});
    CHECK(add_params("yesterday", options, true) ==
          json{{"night", {{"pain", 3}, {"date", "yesterday"}}}, {"replace", true}});
}

TEST_CASE("edit_params maps --clear names and sets fields") {
    NightOptions options;
    options.stress = "5";
    CHECK(edit_params("2026-11-20", options, {}) ==
          json{{"date", "2026-11-20"}, {"set", {{"stress", 5}}}, {"clear", json::array()}});
    CHECK(edit_params("today", NightOptions{},
                      {"sitting", "sleep", "quality", "routine", "note", "factor:coffee", "sleep_hours"}) ==
          json{{"date", "today"},
               {"set", json::object()},
               {"clear", {"sitting_hours", "sleep_hours", "sleep_quality", "routines", "note",
                          "factor:coffee", "sleep_hours"}}});
}

TEST_CASE("edit_params without any change is a usage error") {
    try {
        (void)edit_params("today", NightOptions{}, {});
        FAIL("expected a usage error");
    } catch (const Failure& failure) {
        CHECK(failure.code() == ExitCode::k_usage);
        CHECK(std::string(failure.what()).find("nothing to change") != std::string::npos);
    }
}

TEST_CASE("integer_or_text and number_or_text keep what does not parse whole") {
    struct Case {
        std::string_view text;
        json integer, number;
    };
    for (const Case& c : {Case{"0", 0, 0}, Case{"10", 10, 10}, Case{"-2", -2, -2},
                          Case{"2.5", "2.5", 2.5}, Case{"", "", ""}, Case{" 3", " 3", " 3"},
                          Case{"3 ", "3 ", "3 "}, Case{"+3", "+3", "+3"}, Case{"1e2", "1e2", 100.0},
                          Case{"inf", "inf", "inf"}, Case{"x", "x", "x"}}) {
        CAPTURE(c.text);
        CHECK(integer_or_text(c.text) == c.integer);
        CHECK(number_or_text(c.text) == c.number);
    }
}

TEST_CASE("split_factor splits at the first '='") {
    CHECK(split_factor("coffee=2") == std::pair<std::string, std::string>{"coffee", "2"});
    CHECK(split_factor("a=b=c") == std::pair<std::string, std::string>{"a", "b=c"});
    CHECK(split_factor("x=") == std::pair<std::string, std::string>{"x", ""});
}

}  // namespace
}  // namespace painlog::cli
