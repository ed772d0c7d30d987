#include "daemon/journal_io.h"

#include <doctest/doctest.h>

#include <tuple>
#include <vector>

#include "journal_fixture.h"

#include "daemon/night_codec.h"

namespace painlog::daemon {
namespace {

using namespace date::literals;
using nlohmann::json;
using protocol::ErrorCode;

struct Fixture : test::JournalFixture {

    std::string export_as(const std::string& format) {
        auto definitions = journal.snapshot_definitions();
        auto nights = journal.list_nights(std::nullopt, std::nullopt);
        REQUIRE(definitions.ok());
        REQUIRE(nights.ok());
        return format == "json" ? export_json(*definitions, *nights)
                                : export_csv(definitions->factors, *nights);
    }
};

// A journal with every kind of field, factor and gear.
void fill(Fixture& f) {
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());
    REQUIRE(f.journal.add_gear(Gear{0, "mattress", "Morgedal", "medium-firm", 2026_y / 1 / 5, false}, false).ok());
    REQUIRE(f.journal.add_gear(Gear{0, "mattress", "Futon, old", std::nullopt, 2025_y / 3 / 1, false}, false).ok());
    REQUIRE(f.journal.add_gear(Gear{0, "pillow", "Low foam", "low", 2026_y / 1 / 5, false}, false).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "coffee", "number", {}, 0.0, {}}).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "alcohol", "yesno", {}, {}, {}}).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "room", "choice", {"cold", "warm"}, {}, {}}).ok());
    const char* nights[][2] = {
        {"2026-11-01", R"({"pain": 6, "areas": ["upper_back", "neck"], "stiffness": 4,
            "mattress": "Futon, old", "position": "stomach", "stress": 8, "sitting_hours": 9.5,
            "sleep_hours": 6.25, "sleep_quality": 2, "routines": ["Cat-Cow", "Open Book"],
            "factors": {"coffee": 3, "alcohol": true, "room": "warm"},
            "note": "deadline, \"long\" day\nsecond line"})"},
        {"2026-11-02", R"({"pain": 2})"},
        {"2026-11-03", R"({"pain": 0, "factors": {"alcohol": false}, "position": "side"})"},
    };
    for (const auto& [date, text] : nights) {
        REQUIRE(f.journal.add_night(*parse_iso_date(date),
                                    *parse_night_fields(json::parse(text), true), false, nullptr)
                    .ok());
    }
}

TEST_CASE("export then import into an empty journal gives back the same journal") {
    for (const std::string format : {"json", "csv"}) {
        CAPTURE(format);
        Fixture original;
        fill(original);
        const std::string exported = original.export_as(format);

        Fixture copy;
        auto data = format == "json" ? parse_json_import(exported) : parse_csv_import(exported);
        REQUIRE(data.ok());
        auto summary = copy.journal.import(*data, false);
        REQUIRE(summary.ok());
        CHECK(summary->nights == 3);
        CHECK(summary->created_factors.size() == 3);
        CHECK(copy.export_as(format) == exported);
        if (format == "json") CHECK(copy.export_as("csv") == original.export_as("csv"));
    }
}

TEST_CASE("a json export carries the user's routines and an import creates them before its nights") {
    Fixture original;
    fill(original);
    REQUIRE(original.journal.add_routine(Routine{0, "Chin Tucks", false, "evening", 5, "Tuck the chin, hold 5 s."}).ok());
    REQUIRE(original.journal.add_routine(Routine{0, "Doorway Stretch", false, "both", std::nullopt, "Lean in."}).ok());
    REQUIRE(original.journal
                .add_night(2026_y / 11 / 4, *parse_night_fields(json::parse(R"({"pain": 1, "routines": ["Chin Tucks",
                               "Cat-Cow"]})"), true), false, nullptr)
                .ok());
    const std::string exported = original.export_as("json");
    const json routines = json::parse(exported)["routines"];
    REQUIRE(routines.size() == 2);  // the user's own: the built-in ones are in every journal
    CHECK(routines[0] == json{{"name", "Chin Tucks"}, {"suits", "evening"}, {"minutes", 5},
                              {"steps", "Tuck the chin, hold 5 s."}});
    CHECK(routines[1]["minutes"].is_null());

    Fixture copy;
    auto data = parse_json_import(exported);
    REQUIRE(data.ok());
    auto summary = copy.journal.import(*data, false);
    REQUIRE(summary.ok());
    CHECK(summary->created_routines == std::vector<std::string>{"Chin Tucks", "Doorway Stretch"});
    CHECK(copy.export_as("json") == exported);
    // Imported again: the routines are there already and kept.
    summary = copy.journal.import(*data, true);
    REQUIRE(summary.ok());
    CHECK(summary->created_routines.empty());
    CHECK(copy.export_as("json") == exported);

    // A routine the journal would refuse refuses the whole file, naming it.
    for (const auto& bad_case :
         {std::tuple{"steps", json("  "), "steps"}, std::tuple{"suits", json("noon"), "suits"},
          std::tuple{"minutes", json(0), "routines[0].minutes"}, std::tuple{"minutes", json(2.5), "routines[0].minutes"},
          std::tuple{"name", json("a;b"), "name"}}) {
        // Not a structured binding: clang 14 cannot capture one in CAPTURE's lambda.
        const char* member = std::get<0>(bad_case);
        const json& value = std::get<1>(bad_case);
        const std::string field = std::get<2>(bad_case);
        CAPTURE(member);
        Fixture fresh;
        json document = json::parse(exported);
        document["routines"][0][member] = value;
        auto bad = parse_json_import(document.dump());
        protocol::Error error;
        if (bad.ok()) {
            auto refused = fresh.journal.import(*bad, false);
            REQUIRE_FALSE(refused.ok());
            error = refused.error();
            CHECK(error.message.find("routine '") == 0);
        } else {
            error = bad.error();
        }
        CHECK(error.field == field);
        CHECK(fresh.export_as("json") == Fixture().export_as("json"));
    }
}

TEST_CASE("an import with one bad row changes nothing and names the row and field") {
    Fixture f;
    fill(f);
    const std::string before = f.export_as("json");
    const std::string csv =
        "date,pain,sitting_hours,factor:tea[yesno]\n"
        "2026-10-01,3,8,yes\n"
        "2026-10-02,4,25,no\n";
    auto data = parse_csv_import(csv);
    REQUIRE_FALSE(data.ok());
    CHECK(data.error().row == 2);
    CHECK(data.error().field == "sitting_hours");
    CHECK(data.error().message.find("row 2") != std::string::npos);
    // Text that is not UTF-8 (a file saved as Latin-1) is refused, not replaced.
    const auto latin1 = parse_csv_import("date,pain,note\n2026-10-01,3,ok\n2026-10-02,4,caf\xe9\n");
    REQUIRE_FALSE(latin1.ok());
    CHECK(latin1.error().row == 2);
    CHECK(latin1.error().field == "note");
    CHECK(latin1.error().allowed.find("UTF-8") != std::string::npos);
    CHECK(parse_csv_import("date,pain,note\n2026-10-01,3,caf\xc3\xa9\n").ok());

    // A row that is well-formed but wrong for this journal fails inside the transaction.
    auto late = parse_csv_import("date,pain,factor:tea[yesno]\n2026-10-01,3,yes\n2026-10-02,4,perhaps\n");
    REQUIRE(late.ok());
    auto summary = f.journal.import(*late, false);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().row == 2);
    CHECK(summary.error().field == "factor:tea");
    CHECK(f.export_as("json") == before);

    auto duplicate = parse_csv_import("date,pain\n2026-11-02,5\n");
    REQUIRE(duplicate.ok());
    const auto conflict = f.journal.import(*duplicate, false);
    REQUIRE_FALSE(conflict.ok());
    CHECK(conflict.error().code == ErrorCode::k_conflict);
    CHECK(f.export_as("json") == before);
    REQUIRE(f.journal.import(*duplicate, true).ok());
    CHECK(f.journal.get_night(2026_y / 11 / 2)->pain == 5);
}

TEST_CASE("import never overwrites silently: today and yesterday rows and repeated dates") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "UTC").ok());
    auto first = parse_csv_import("date,pain\n2026-11-23,4\n");
    REQUIRE(first.ok());
    REQUIRE(f.journal.import(*first, false).ok());
    const std::string before = f.export_as("json");
    for (const char* csv : {"date,pain\ntoday,1\n", "date,pain\n2026-11-22,2\nyesterday,3\n"}) {
        CAPTURE(csv);
        auto data = parse_csv_import(csv);
        REQUIRE(data.ok());
        const auto summary = f.journal.import(*data, false);
        REQUIRE_FALSE(summary.ok());
        CHECK(summary.error().code == ErrorCode::k_conflict);
        CHECK(f.export_as("json") == before);
    }
    auto twice = parse_csv_import("date,pain\n2026-11-22,2\nyesterday,3\n");
    REQUIRE(twice.ok());
    CHECK_FALSE(f.journal.import(*twice, true).ok());  // even with replace: which row wins?
    auto today = parse_csv_import("date,pain\ntoday,1\n");
    REQUIRE(today.ok());
    REQUIRE(f.journal.import(*today, true).ok());
    CHECK(f.journal.get_night(2026_y / 11 / 23)->pain == 1);
}

TEST_CASE("imported nights keep no gear when the file has none and settings take effect") {
    Fixture f;
    REQUIRE(f.journal.add_gear(Gear{0, "mattress", "Futon", {}, 2026_y / 1 / 1, false}, false).ok());
    auto data = parse_json_import(R"({"painlog_journal": 1, "settings": {"timezone": "Pacific/Kiritimati"},
        "nights": [{"date": "2026-11-01", "pain": 3}]})");
    REQUIRE(data.ok());
    REQUIRE(f.journal.import(*data, false).ok());
    CHECK_FALSE(f.journal.get_night(2026_y / 11 / 1)->mattress.has_value());
    // Kiritimati is UTC+14: at noon UTC on the 23rd it is already the 24th there.
    CHECK(f.journal.zone()->name() == "Pacific/Kiritimati");
    CHECK(f.journal.today() == 2026_y / 11 / 24);
}

TEST_CASE("json import members of the wrong type are named, not dropped or crashed on") {
    struct Case {
        const char* json;
        const char* field;
    };
    const Case cases[] = {
        {R"({"painlog_journal": 1, "gear": [{"name": "A", "kind": "pillow", "in_use": "yes"}]})", "gear[0].in_use"},
        {R"({"painlog_journal": 1, "gear": [{"name": "A", "kind": "pillow", "firmness": 3}]})", "gear[0].firmness"},
        {R"({"painlog_journal": 1, "gear": [{"name": "A", "kind": "sofa"}]})", "gear[0].kind"},
        {R"({"painlog_journal": 1, "factors": [{"name": "x", "type": "number", "min": "0"}]})", "factors[0].min"},
        {R"({"painlog_journal": 1, "factors": [{"name": "x", "type": "choice", "choices": ["a", 2]}]})", "factors[0].choices"},
        {R"({"painlog_journal": 1, "settings": {"timezone": 3}})", "settings.timezone"},
        {R"({"painlog_journal": 1, "nights": {"date": "2026-01-01"}})", "nights"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.json);
        const auto data = parse_json_import(c.json);
        REQUIRE_FALSE(data.ok());
        CHECK(data.error().field == c.field);
    }
}

TEST_CASE("csv headers and rows that cannot be read are refused") {
    struct Case {
        const char* csv;
        const char* field;
    };
    const Case cases[] = {
        {"", "file"},
        {"pain\n3\n", "header"},
        {"date,pain,mood\n2026-01-01,3,ok\n", "header"},
        {"date,pain,factor:x[colour]\n", "type"},
        {"date,pain,factor:9x[yesno]\n", "name"},
        {"date,pain\n2026-01-01\n", "row"},
        {"date,pain\n2026-01-01,bad\n", "pain"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.csv);
        const auto data = parse_csv_import(c.csv);
        REQUIRE_FALSE(data.ok());
        CHECK(data.error().field == c.field);
    }
    Fixture f;
    auto future = parse_csv_import("date,pain\n2030-01-01,3\n");
    REQUIRE(future.ok());
    CHECK(f.journal.import(*future, false).error().field == "date");
}

TEST_CASE("a csv factor that exists with another definition is a conflict") {
    Fixture f;
    REQUIRE(f.journal.add_factor(Factor{0, "tea", "number", {}, {}, {}}).ok());
    auto data = parse_csv_import("date,pain,factor:tea[yesno]\n2026-10-01,3,yes\n");
    REQUIRE(data.ok());
    const auto summary = f.journal.import(*data, false);
    REQUIRE_FALSE(summary.ok());
    CHECK(summary.error().code == ErrorCode::k_conflict);
    CHECK(*f.journal.night_count() == 0);
}

TEST_CASE("json import refuses a newer format and malformed documents") {
    CHECK(parse_json_import("{\"painlog_journal\": 2}").error().field == "painlog_journal");
    CHECK(parse_json_import("[1,2]").error().field == "file");
    const auto no_date = parse_json_import("{\"painlog_journal\": 1, \"nights\": [{\"pain\": 3}]}");
    CHECK(no_date.error().row == 1);
    CHECK(no_date.error().message.starts_with("row 1:"));
    CHECK(guess_format("  {\"painlog_journal\": 1}") == "json");
    CHECK(guess_format("date,pain\n") == "csv");
}

}  // namespace
}  // namespace painlog::daemon
