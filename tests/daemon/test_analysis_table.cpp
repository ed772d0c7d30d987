#include "daemon/analysis_table.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "daemon/night_codec.h"
#include "journal_fixture.h"
#include "temp_dir.h"

namespace painlog::daemon {
namespace {

using namespace date::literals;
using nlohmann::json;

const analytics::Column* column(const AnalysisInput& input, const std::string& name) {
    for (const auto& c : input.table) {
        if (c.name == name) return &c;
    }
    return nullptr;
}

struct Fixture : test::JournalFixture {
    explicit Fixture(std::unique_ptr<Database> opened = open_memory()) : JournalFixture(std::move(opened)) {
        REQUIRE(journal.set_setting("timezone", "UTC").ok());
    }
    void add(const std::string& date, const std::string& fields) {
        const auto parsed = parse_night_fields(json::parse(fields), true);
        REQUIRE(parsed.ok());
        REQUIRE(journal.add_night(*parse_iso_date(date), *parsed, false, nullptr).ok());
    }
    NightColumns columns(std::optional<Date> from = std::nullopt, std::optional<Date> to = std::nullopt) {
        auto read = journal.night_columns(from, to);
        REQUIRE(read.ok());
        return std::move(read->nights);
    }
    const Catalog& catalog() { return **journal.catalog(); }
    // The position of factor `name` among the catalog's (and the columns').
    std::size_t factor_index(const std::string& name) {
        const auto& factors = catalog().factors;
        const auto it = std::find_if(factors.begin(), factors.end(), [&](const Factor& x) { return x.name == name; });
        REQUIRE(it != factors.end());
        return static_cast<std::size_t>(it - factors.begin());
    }
};

// Four nights of 2026-11-01.. with gear, a choice and a yes/no factor, and Cat-Cow
// done on the last two (in two slots on the last).
void four_nights(Fixture& f) {
    REQUIRE(f.journal.add_gear(Gear{0, "mattress", "Futon", {}, 2026_y / 1 / 1, false}, true).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "room", "choice", {"cold", "warm"}, {}, {}}).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "alcohol", "yesno", {}, {}, {}}).ok());
    for (int i = 0; i < 4; ++i) {
        json night{{"pain", i},
                   {"position", i % 2 == 0 ? "side" : "stomach"},
                   {"stress", i + 1},
                   {"factors", {{"room", i < 2 ? "cold" : "warm"}, {"alcohol", i == 3}}}};
        if (i == 0) night["sleep_quality"] = 3;  // logged on 1 of 4 nights: left out
        if (i >= 2) night["routines"] = json::array({"Cat-Cow"});
        f.add("2026-11-0" + std::to_string(i + 1), night.dump());
    }
    REQUIRE(f.journal.log_routine("cat-cow", 2026_y / 11 / 4, "evening",
                                  date::sys_days{2026_y / 11 / 3} + std::chrono::hours(21)).ok());
}

TEST_CASE("nights become columns: categorical gear and position - numbers - routines as 0/1") {
    Fixture f;
    four_nights(f);
    const AnalysisInput input = journal_analysis_input(f.columns(), f.catalog());
    CHECK(input.spec.outcome == "pain");
    CHECK(std::get<std::vector<double>>(column(input, "pain")->values) == std::vector<double>{0, 1, 2, 3});
    REQUIRE(column(input, "mattress") != nullptr);
    CHECK(std::get<std::vector<std::string>>(column(input, "mattress")->values)[3] == "Futon");
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
    CHECK(column(input, "pillow") == nullptr);  // never logged
    REQUIRE(input.notes.size() == 1);
    CHECK(input.notes[0].find("sleep_quality") != std::string::npos);
    CHECK(input.notes[0].find("1 of 4") != std::string::npos);
    CHECK(input.labels.at("position=stomach") == "sleeping on your stomach");
    CHECK(input.labels.at("routine:Cat-Cow") == "doing Cat-Cow");
    CHECK(input.labels.at("mattress=Futon") == "sleeping on Futon");
}

// Every night's columns against the same nights read as night objects (read_nights,
// another code path): four nights of four_nights() and one with a number factor.
void check_columns_hold_nights(Fixture& f) {
    four_nights(f);
    REQUIRE(f.journal.add_factor(Factor{0, "coffee", "number", {}, {}, {}}).ok());
    f.add("2026-11-07", R"({"pain": 7, "sitting_hours": 9.5, "sleep_hours": 6.25, "factors": {"coffee": 2.5}})");
    const auto nights = f.journal.list_nights(std::nullopt, std::nullopt);
    REQUIRE(nights.ok());
    const NightColumns columns = f.columns();
    const Catalog& catalog = f.catalog();
    REQUIRE(columns.dates.size() == nights->size());
    REQUIRE(columns.factors.size() == catalog.factors.size());
    REQUIRE(columns.routines.size() == catalog.routines.size());
    const auto number = [](const auto& value) { return value ? static_cast<double>(*value) : -1.0; };
    const auto or_nan = [&](double value) { return std::isnan(value) ? -1.0 : value; };
    for (std::size_t i = 0; i < nights->size(); ++i) {
        const Night& night = (*nights)[i];
        CAPTURE(format_date(night.date));
        CHECK(columns.dates[i] == night.date);
        CHECK(columns.pain[i] == night.pain);
        CHECK(columns.mattress[i] == night.mattress.value_or(""));
        CHECK(columns.pillow[i] == night.pillow.value_or(""));
        CHECK(columns.position[i] == night.position.value_or(""));
        CHECK(or_nan(columns.stress[i]) == number(night.stress));
        CHECK(or_nan(columns.sitting_hours[i]) == number(night.sitting_hours));
        CHECK(or_nan(columns.sleep_hours[i]) == number(night.sleep_hours));
        CHECK(or_nan(columns.sleep_quality[i]) == number(night.sleep_quality));
        for (std::size_t k = 0; k < catalog.factors.size(); ++k) {
            const Factor& factor = catalog.factors[k];
            const auto logged = std::find_if(night.factors.begin(), night.factors.end(),
                                             [&](const auto& entry) { return entry.first == factor.name; });
            const auto& column = columns.factors[k];
            if (factor.type == "choice") {
                REQUIRE(column.labels.size() == nights->size());
                CHECK(column.labels[i] ==
                      (logged == night.factors.end() ? "" : std::get<std::string>(logged->second)));
            } else if (logged == night.factors.end()) {
                REQUIRE(column.numbers.size() == nights->size());
                CHECK(std::isnan(column.numbers[i]));
            } else if (factor.type == "yesno") {
                CHECK(column.numbers[i] == (std::get<bool>(logged->second) ? 1.0 : 0.0));
            } else {
                CHECK(column.numbers[i] == std::get<double>(logged->second));
            }
        }
        for (std::size_t k = 0; k < catalog.routines.size(); ++k) {
            const bool done = std::find(night.routines.begin(), night.routines.end(), catalog.routines[k].name) !=
                              night.routines.end();
            const auto& column = columns.routines[k];
            if (column.empty()) {
                CHECK_FALSE(done);
            } else {
                CHECK(column[i] == (done ? 1.0 : 0.0));
            }
        }
    }
    CHECK(columns.factors[f.factor_index("coffee")].numbers.back() == 2.5);  // coffee, only on the last night
    CHECK(std::isnan(columns.stress.back()));
}

TEST_CASE("the columns hold what the nights hold - night by night") {
    Fixture f;
    CHECK(f.database->reader() == nullptr);  // in memory: one connection, one thread
    check_columns_hold_nights(f);
}

TEST_CASE("the columns of a journal file read with a helper thread hold what the nights hold") {
    const painlog::test::TempDir dir;
    Fixture f(Fixture::open_file(dir.path() / "journal.db"));
    REQUIRE(f.database->reader() != nullptr);  // every night: the factors on it
    check_columns_hold_nights(f);
}

TEST_CASE("read_night_columns takes factors from the helper only when it sees the same nights") {
    const painlog::test::TempDir dir;
    Fixture a(Fixture::open_file(dir.path() / "a.db"));
    Fixture b(Fixture::open_file(dir.path() / "b.db"));
    four_nights(a);
    four_nights(b);  // the same nights, but no alcohol on the last and no routines on the last two
    const auto no_alcohol = parse_night_fields(json::parse(R"({"factors": {"alcohol": false}})"), false);
    REQUIRE(no_alcohol.ok());
    REQUIRE(b.journal.edit_night(2026_y / 11 / 4, *no_alcohol, {"routines"}).ok());
    REQUIRE(b.journal.edit_night(2026_y / 11 / 3, *no_alcohol, {"routines"}).ok());
    const auto read = [&](Fixture& f, Database::Reader* helper) {
        auto columns = f.database->read([&](SQLite::Database& db) -> protocol::Result<NightColumns> {
            return read_night_columns(db, f.database->statements(), f.catalog(), "0000-00-00", "9999-99-99", helper);
        });
        REQUIRE(columns.ok());
        return std::move(*columns);
    };
    const auto read_a = [&](Database::Reader* helper) { return read(a, helper); };
    const std::size_t alcohol = a.factor_index("alcohol");
    CHECK(read_a(nullptr).factors[alcohol].numbers == std::vector<double>{0, 0, 0, 1});
    // b's connection as a's helper: the factors it reads are what a's columns get; the
    // routines are read by this thread, from a.
    const NightColumns helped = read_a(b.database->reader());
    CHECK(helped.factors[alcohol].numbers == std::vector<double>{0, 0, 0, 0});
    CHECK(helped.routines == read_a(nullptr).routines);
    CHECK(helped.routines != read(b, nullptr).routines);
    // Once b has another night, its rows are not a's: a reads its own.
    b.add("2026-11-05", R"({"pain": 1})");
    CHECK(read_a(b.database->reader()).factors[alcohol].numbers == std::vector<double>{0, 0, 0, 1});
}

TEST_CASE("after a restore the helper thread reads the journal as restored") {
    const painlog::test::TempDir dir;
    {
        Fixture other(Fixture::open_file(dir.path() / "other.db"));
        four_nights(other);
        other.add("2026-11-05", R"({"pain": 9, "factors": {"room": "warm", "alcohol": true}, "routines": ["Open Book"]})");
    }
    Fixture f(Fixture::open_file(dir.path() / "journal.db"));
    four_nights(f);
    REQUIRE(f.columns().dates.size() == 4);  // the helper has read this journal
    REQUIRE(f.database->restore_from(dir.path() / "other.db").ok());
    const NightColumns columns = f.columns();
    REQUIRE(columns.dates.size() == 5);
    CHECK(columns.factors[f.factor_index("alcohol")].numbers == std::vector<double>{0, 0, 0, 1, 1});
    CHECK(columns.factors[f.factor_index("room")].labels.back() == "warm");
    const auto& routines = f.catalog().routines;
    const auto open_book = std::find_if(routines.begin(), routines.end(),
                                        [](const Routine& r) { return r.name == "Open Book"; });
    REQUIRE(open_book != routines.end());
    CHECK(columns.routines[static_cast<std::size_t>(open_book - routines.begin())] ==
          std::vector<double>{0, 0, 0, 0, 1});
}

TEST_CASE("nights_between keeps the nights of a range - and routines done in it") {
    Fixture f;
    four_nights(f);
    const NightColumns first_two = nights_between(f.columns(), 2026_y / 10 / 1, 2026_y / 11 / 2);
    CHECK(first_two.dates == std::vector<Date>{2026_y / 11 / 1, 2026_y / 11 / 2});
    CHECK(first_two.pain == std::vector<double>{0, 1});
    CHECK(first_two.position == std::vector<std::string>{"side", "stomach"});
    const std::size_t room = f.factor_index("room");
    CHECK(first_two.factors[room].labels == std::vector<std::string>{"cold", "cold"});
    CHECK(first_two.factors[room].numbers.empty());
    for (const auto& done : first_two.routines) CHECK(done.empty());  // Cat-Cow came later
    // The same as reading the range.
    const NightColumns last_two = nights_between(f.columns(), 2026_y / 11 / 3, std::nullopt);
    const NightColumns read = f.columns(2026_y / 11 / 3, std::nullopt);
    CHECK(last_two.dates == read.dates);
    CHECK(last_two.pain == read.pain);
    CHECK(last_two.routines == read.routines);
    const std::size_t alcohol = f.factor_index("alcohol");
    CHECK(last_two.factors[alcohol].numbers == read.factors[alcohol].numbers);
    CHECK(last_two.factors[alcohol].numbers == std::vector<double>{0, 1});
    CHECK(nights_between(f.columns(), std::nullopt, std::nullopt).dates.size() == 4);
    CHECK(nights_between(f.columns(), 2027_y / 1 / 1, std::nullopt).dates.empty());
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
