#include "daemon/analysis_table.h"

#include <doctest/doctest.h>

#include <cmath>

namespace painlog::daemon {
namespace {

using namespace date::literals;

const analytics::Column* column(const AnalysisInput& input, const std::string& name) {
    for (const auto& c : input.table) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

TEST_CASE("nights become columns: categorical gear and position, numbers, routines as 0/1") {
    Catalog catalog;
    catalog.factors.push_back(Factor{1, "room", "choice", {"cold", "warm"}, {}, {}});
    catalog.factors.push_back(Factor{2, "alcohol", "yesno", {}, {}, {}});
    catalog.routines.push_back(Routine{1, "Cat-Cow", true, "both", 2, "..."});
    catalog.routines.push_back(Routine{2, "Head Tilt", true, "both", 2, "..."});
    catalog.gear.push_back(Gear{1, "mattress", "Futon", {}, 2026_y / 1 / 1, true});
    catalog.index();
    std::vector<Night> nights(4);
    for (std::size_t i = 0; i < nights.size(); ++i) {
        Night& night = nights[i];
        night.date = Date{date::sys_days{2026_y / 11 / 1} + date::days{static_cast<int>(i)}};
        night.pain = static_cast<int>(i);
        night.mattress = "Futon";
        night.position = i % 2 == 0 ? "side" : "stomach";
        night.stress = static_cast<int>(i) + 1;
        if (i == 0) night.sleep_quality = 3;  // logged on 1 of 4 nights: left out
        night.factors = {{"room", FactorValue{std::string(i < 2 ? "cold" : "warm")}},
                         {"alcohol", FactorValue{i == 3}}};
        if (i >= 2) night.routines = {"Cat-Cow"};
    }
    const AnalysisInput input = journal_analysis_input(nights, catalog);
    CHECK(input.spec.outcome == "pain");
    REQUIRE(column(input, "position") != nullptr);
    CHECK(std::get<std::vector<std::string>>(column(input, "position")->values)[1] == "stomach");
    CHECK(std::get<std::vector<double>>(column(input, "stress")->values)[3] == 4.0);
    CHECK(std::get<std::vector<std::string>>(column(input, "room")->values)[2] == "warm");
    CHECK(std::get<std::vector<double>>(column(input, "alcohol")->values)
          == std::vector<double>{0, 0, 0, 1});
    CHECK(std::get<std::vector<double>>(column(input, "routine:Cat-Cow")->values)
          == std::vector<double>{0, 0, 1, 1});
    CHECK(column(input, "routine:Head Tilt") == nullptr);  // never done: no column
    CHECK(column(input, "sleep_quality") == nullptr);
    REQUIRE(input.notes.size() == 1);
    CHECK(input.notes[0].find("sleep_quality") != std::string::npos);
    CHECK(input.notes[0].find("1 of 4") != std::string::npos);
    CHECK(input.labels.at("position=stomach") == "sleeping on your stomach");
    CHECK(input.labels.at("routine:Cat-Cow") == "doing Cat-Cow");
    CHECK(input.labels.at("mattress=Futon") == "sleeping on Futon");
}

TEST_CASE("a csv is read by column type - with errors naming the column") {
    const std::string csv = "y,x,group\n1,2,a\n2,,b\n3,4,a\n";
    auto input = csv_analysis_input(csv, CsvAnalysisSpec{"y", std::nullopt, {}, {}, true});
    REQUIRE(input.ok());
    REQUIRE(input->table.size() == 3);
    CHECK(std::isnan(std::get<std::vector<double>>(input->table[1].values)[1]));
    CHECK(std::holds_alternative<std::vector<std::string>>(input->table[2].values));
    CHECK(input->spec.factors == std::vector<std::string>{"x", "group"});

    auto categorical = csv_analysis_input(csv, CsvAnalysisSpec{"y", std::vector<std::string>{"x"}, {"x"}, {}, true});
    REQUIRE(categorical.ok());
    CHECK(std::holds_alternative<std::vector<std::string>>(categorical->table[1].values));

    struct Case {
        std::string csv;
        CsvAnalysisSpec spec;
        const char* field;
    };
    const Case cases[] = {
        {csv, CsvAnalysisSpec{"z", std::nullopt, {}, {}, true}, "outcome"},
        {csv, CsvAnalysisSpec{"group", std::nullopt, {}, {}, true}, "outcome"},
        {csv, CsvAnalysisSpec{"y", std::vector<std::string>{"w"}, {}, {}, true}, "factors"},
        {csv, CsvAnalysisSpec{"y", std::vector<std::string>{"y"}, {}, {}, true}, "factors"},
        {csv, CsvAnalysisSpec{"y", std::nullopt, {"q"}, {}, true}, "categorical"},
        {"", CsvAnalysisSpec{"y", std::nullopt, {}, {}, true}, "file"},
        {"y,x\n", CsvAnalysisSpec{"y", std::nullopt, {}, {}, true}, "file"},
        {"y,x\n1\n", CsvAnalysisSpec{"y", std::nullopt, {}, {}, true}, "row"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.csv);
        CAPTURE(c.spec.outcome);
        const auto result = csv_analysis_input(c.csv, c.spec);
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().field == c.field);
    }
}

}  // namespace
}  // namespace painlog::daemon
