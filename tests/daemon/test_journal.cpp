#include "daemon/journal.h"

#include <doctest/doctest.h>

#include "env_guard.h"
#include "journal_fixture.h"

#include "daemon/night_codec.h"

namespace painlog::daemon {
namespace {

using namespace date::literals;
using nlohmann::json;
using protocol::ErrorCode;

// A journal on :memory:, its clock at noon UTC on 2026-11-23, zone UTC.
struct Fixture : test::JournalFixture {

    Fixture() { REQUIRE(journal.set_setting("timezone", "UTC").ok()); }

    NightFields fields(const char* text) { return *parse_night_fields(json::parse(text), true); }
    Night add(const char* date, const char* text, bool replace = false) {
        auto night = journal.add_night(*parse_iso_date(date), fields(text), replace, nullptr);
        REQUIRE(night.ok());
        return *night;
    }
    json all() {
        json out = json::array();
        const auto nights = journal.list_nights(std::nullopt, std::nullopt);
        REQUIRE(nights.ok());
        for (const auto& night : *nights) {
            out.push_back(night_to_json(night));
        }
        return out;
    }
};

TEST_CASE("the system zone is read on each call - unless /etc is watched - then until it changes") {
    test::JournalFixture f;  // no timezone setting: TZ decides
    painlog::test::EnvGuard env;
    env.set("TZ", "Europe/Berlin");
    CHECK(f.journal.zone()->name() == "Europe/Berlin");
    env.set("TZ", "America/New_York");
    CHECK(f.journal.zone()->name() == "America/New_York");  // at once

    f.journal.watch_system_zone(true);
    CHECK(f.journal.zone()->name() == "America/New_York");
    env.set("TZ", "Asia/Tokyo");
    CHECK(f.journal.zone()->name() == "America/New_York");  // kept: the watch has not said
    f.journal.system_zone_changed();
    CHECK(f.journal.zone()->name() == "Asia/Tokyo");
    CHECK(f.journal.today() == date::year_month_day{2026_y / 11 / 23});  // noon UTC is 21:00 there

    // A timezone setting still wins, watched or not.
    REQUIRE(f.journal.set_setting("timezone", "Europe/Lisbon").ok());
    CHECK(f.journal.zone()->name() == "Europe/Lisbon");
    REQUIRE(f.journal.set_setting("timezone", "").ok());
    CHECK(f.journal.zone()->name() == "Asia/Tokyo");

    f.journal.watch_system_zone(false);
    env.set("TZ", "Europe/Berlin");
    CHECK(f.journal.zone()->name() == "Europe/Berlin");
}

TEST_CASE("a night is stored with the gear in use - its routines and its factors") {
    Fixture f;
    REQUIRE(f.journal.add_gear(Gear{0, "mattress", "Morgedal", "medium-firm", 2026_y / 1 / 1, false}, false).ok());
    REQUIRE(f.journal.add_gear(Gear{0, "pillow", "Low foam", std::nullopt, 2026_y / 1 / 1, false}, false).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "room", "choice", {"cold", "warm"}, {}, {}}).ok());
    const Night night = f.add("2026-11-20",
                              R"({"pain": 4, "areas": ["neck"], "routines": ["cat-cow", "Cat-Cow"],
                                  "factors": {"ROOM": "Warm"}})");
    CHECK(night.mattress == "Morgedal");
    CHECK(night.pillow == "Low foam");
    CHECK(night.routines == std::vector<std::string>{"Cat-Cow"});
    REQUIRE(night.factors.size() == 1);
    CHECK(night.factors[0].first == "room");
    CHECK(std::get<std::string>(night.factors[0].second) == "warm");
    CHECK(f.journal.get_night(2026_y / 11 / 20)->pain == 4);
}

TEST_CASE("new gear put in use changes the default for later nights only") {
    Fixture f;
    REQUIRE(f.journal.add_gear(Gear{0, "pillow", "Old", std::nullopt, 2026_y / 1 / 1, false}, false).ok());
    f.add("2026-11-01", R"({"pain": 5})");
    auto added = f.journal.add_gear(Gear{0, "pillow", "New", std::nullopt, 2026_y / 11 / 2, false}, false);
    REQUIRE(added.ok());
    CHECK_FALSE(added->in_use);  // a pillow is in use already
    REQUIRE(f.journal.use_gear("new").ok());
    CHECK(f.add("2026-11-02", R"({"pain": 2})").pillow == "New");
    CHECK(f.journal.get_night(2026_y / 11 / 1)->pillow == "Old");
    const auto catalog = f.journal.catalog();
    REQUIRE(catalog.ok());
    CHECK((*catalog)->gear_in_use("pillow")->name == "New");
}

TEST_CASE("a second entry for a date is a conflict unless replaced - and replace replaces all") {
    Fixture f;
    f.add("2026-11-20", R"({"pain": 4, "stress": 7, "note": "first"})");
    const auto again = f.journal.add_night(2026_y / 11 / 20, f.fields(R"({"pain": 1})"), false, nullptr);
    REQUIRE_FALSE(again.ok());
    CHECK(again.error().code == ErrorCode::k_conflict);
    CHECK(f.journal.get_night(2026_y / 11 / 20)->pain == 4);
    bool replaced = false;
    const auto night = f.journal.add_night(2026_y / 11 / 20, f.fields(R"({"pain": 1})"), true, &replaced);
    REQUIRE(night.ok());
    CHECK(replaced);
    CHECK(night->pain == 1);
    CHECK_FALSE(night->stress.has_value());
    CHECK_FALSE(night->note.has_value());
}

TEST_CASE("unknown gear - factor - routine or a bad factor value change nothing") {
    Fixture f;
    REQUIRE(f.journal.add_factor(Factor{0, "coffee", "number", {}, 0.0, 10.0}).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "alcohol", "yesno", {}, {}, {}}).ok());
    f.add("2026-11-19", R"({"pain": 3})");
    const json before = f.all();
    struct Case {
        const char* night;
        const char* field;
    };
    const Case cases[] = {
        {R"({"pain": 4, "mattress": "Nope"})", "mattress"},
        {R"({"pain": 4, "factors": {"tea": 1}})", "factors"},
        {R"({"pain": 4, "routines": ["Handstand"]})", "routines"},
        {R"({"pain": 4, "factors": {"coffee": 11}})", "factor:coffee"},
        {R"({"pain": 4, "factors": {"coffee": "lots"}})", "factor:coffee"},
        {R"({"pain": 4, "factors": {"alcohol": "maybe"}})", "factor:alcohol"},
        {R"({"stress": 4})", "pain"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.night);
        const auto night = f.journal.add_night(2026_y / 11 / 20, f.fields(c.night), false, nullptr);
        REQUIRE_FALSE(night.ok());
        CHECK(night.error().field == c.field);
    }
    CHECK(f.all() == before);
}

TEST_CASE("edit changes given fields - clears named ones - and keeps the rest") {
    Fixture f;
    REQUIRE(f.journal.add_factor(Factor{0, "alcohol", "yesno", {}, {}, {}}).ok());
    f.add("2026-11-20", R"({"pain": 4, "stress": 7, "stiffness": 3, "routines": ["Open Book"],
                            "factors": {"alcohol": "yes"}})");
    const auto edited = f.journal.edit_night(2026_y / 11 / 20, f.fields(R"({"pain": 2})"),
                                             {"stiffness", "factor:alcohol", "routines"});
    REQUIRE(edited.ok());
    CHECK(edited->pain == 2);
    CHECK(edited->stress == 7);
    CHECK_FALSE(edited->stiffness.has_value());
    CHECK(edited->factors.empty());
    CHECK(edited->routines.empty());
    const auto bad = f.journal.edit_night(2026_y / 11 / 20, {}, {"pain"});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field == "clear");
    const auto missing = f.journal.edit_night(2026_y / 11 / 21, f.fields(R"({"pain": 2})"), {});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::k_not_found);
}

TEST_CASE("remove deletes the night - its factors and the routines recorded with it") {
    Fixture f;
    REQUIRE(f.journal.add_factor(Factor{0, "alcohol", "yesno", {}, {}, {}}).ok());
    f.add("2026-11-20", R"({"pain": 4, "routines": ["Head Tilt"], "factors": {"alcohol": true}})");
    REQUIRE(f.journal.remove_night(2026_y / 11 / 20).ok());
    CHECK(f.journal.get_night(2026_y / 11 / 20).error().code == ErrorCode::k_not_found);
    CHECK(f.journal.remove_night(2026_y / 11 / 20).error().code == ErrorCode::k_not_found);
    f.add("2026-11-20", R"({"pain": 1})");
    const Night night = *f.journal.get_night(2026_y / 11 / 20);
    CHECK(night.routines.empty());
    CHECK(night.factors.empty());
}

TEST_CASE("list is in date order and honours from and to") {
    Fixture f;
    for (const char* date : {"2026-11-03", "2026-11-01", "2026-11-02", "2026-10-31"}) {
        f.add(date, R"({"pain": 1})");
    }
    const auto nights = f.journal.list_nights(2026_y / 11 / 1, 2026_y / 11 / 2);
    REQUIRE(nights.ok());
    REQUIRE(nights->size() == 2);
    CHECK(format_date((*nights)[0].date) == "2026-11-01");
    CHECK(format_date((*nights)[1].date) == "2026-11-02");
    CHECK(*f.journal.night_count() == 4);
}

TEST_CASE("each night gets its own routines and factors - none from nights not logged") {
    Fixture f;
    REQUIRE(f.journal.add_factor(Factor{0, "room", "choice", {"cold", "warm"}, {}, {}}).ok());
    REQUIRE(f.journal.add_factor(Factor{0, "Alcohol", "yesno", {}, {}, {}}).ok());
    const auto at = date::sys_days{2026_y / 11 / 1} + std::chrono::hours(21);
    // Routines for nights before, between and after the nights logged, and in two
    // slots of one night.
    for (const auto& [name, night, slot] : {std::tuple{"Open Book", 2026_y / 10 / 30, "evening"},
                                            std::tuple{"Cat-Cow", 2026_y / 11 / 1, "evening"},
                                            std::tuple{"Cat-Cow", 2026_y / 11 / 1, "morning"},
                                            std::tuple{"Head Tilt", 2026_y / 11 / 2, "evening"},
                                            std::tuple{"Scapular Clocks", 2026_y / 11 / 2, "evening"},
                                            std::tuple{"Head Tilt", 2026_y / 11 / 3, "morning"},
                                            std::tuple{"Shoulder Rows", 2026_y / 11 / 5, "evening"},
                                            std::tuple{"Open Book", 2026_y / 11 / 9, "evening"}}) {
        REQUIRE(f.journal.log_routine(name, night, slot, at).ok());
    }
    f.add("2026-11-01",
          R"({"pain": 1, "routines": ["Open Book"], "factors": {"room": "cold", "alcohol": true}})");
    f.add("2026-11-03", R"({"pain": 3})");
    f.add("2026-11-04", R"({"pain": 4, "factors": {"room": "warm"}})");
    f.add("2026-11-05", R"({"pain": 5, "factors": {"alcohol": false}})");
    const json nights = f.all();
    REQUIRE(nights.size() == 4);
    CHECK(nights[0]["routines"] == json{"Cat-Cow", "Open Book"});  // by routine id, once each
    CHECK(nights[0]["factors"] == json{{"Alcohol", true}, {"room", "cold"}});
    CHECK(nights[1]["routines"] == json{"Head Tilt"});
    CHECK(nights[1]["factors"] == json::object());
    CHECK(nights[2]["routines"] == json::array());
    CHECK(nights[2]["factors"] == json{{"room", "warm"}});
    CHECK(nights[3]["routines"] == json{"Shoulder Rows"});
    CHECK(nights[3]["factors"] == json{{"Alcohol", false}});
    // A span that starts and ends between nights.
    const auto some = f.journal.list_nights(2026_y / 11 / 2, 2026_y / 11 / 4);
    REQUIRE(some.ok());
    REQUIRE(some->size() == 2);
    CHECK((*some)[0].routines == std::vector<std::string>{"Head Tilt"});
    CHECK((*some)[1].routines.empty());
}

TEST_CASE("gear and factor names are unique regardless of case and checked") {
    Fixture f;
    REQUIRE(f.journal.add_gear(Gear{0, "mattress", "Morgedal", {}, 2026_y / 1 / 1, false}, false).ok());
    const auto taken = f.journal.add_gear(Gear{0, "pillow", "MORGEDAL", {}, 2026_y / 1 / 1, false}, false);
    REQUIRE_FALSE(taken.ok());
    CHECK(taken.error().code == ErrorCode::k_conflict);
    CHECK(f.journal.add_gear(Gear{0, "sofa", "Couch", {}, 2026_y / 1 / 1, false}, false).error().field == "kind");
    CHECK(f.journal.use_gear("nothing").error().code == ErrorCode::k_not_found);
    REQUIRE(f.journal.add_factor(Factor{0, "coffee", "number", {}, {}, {}}).ok());
    CHECK(f.journal.add_factor(Factor{0, "Coffee", "yesno", {}, {}, {}}).error().code == ErrorCode::k_conflict);
    CHECK(f.journal.add_factor(Factor{0, "pain", "number", {}, {}, {}}).error().field == "name");
    CHECK(f.journal.add_factor(Factor{0, "9lives", "number", {}, {}, {}}).error().field == "name");
    CHECK(f.journal.add_factor(Factor{0, "mood", "choice", {"ok"}, {}, {}}).error().field == "choices");
    CHECK(f.journal.add_factor(Factor{0, "mood", "yesno", {}, 1.0, {}}).error().field == "min");
    CHECK(f.journal.add_factor(Factor{0, "mood", "color", {}, {}, {}}).error().field == "type");
}

TEST_CASE("a full database says the disk is full and keeps what it had") {
    Fixture f;
    f.add("2026-01-01", R"({"pain": 3})");
    auto limited = f.database->write([](SQLite::Database& sql) -> protocol::Status {
        const int pages = sql.execAndGet("PRAGMA page_count").getInt();
        sql.exec("PRAGMA max_page_count = " + std::to_string(pages + 1));
        return {};
    });
    REQUIRE(limited.ok());
    const std::string note(3900, 'x');
    protocol::Error error;
    bool full = false;
    for (int day = 2; day <= 28 && !full; ++day) {
        const Date date = 2026_y / 2 / day;
        auto night = f.journal.add_night(date, f.fields(("{\"pain\": 2, \"note\": \"" + note + "\"}").c_str()),
                                         false, nullptr);
        if (!night.ok()) {
            error = night.error();
            full = true;
        }
    }
    REQUIRE(full);
    CHECK(error.code == ErrorCode::k_storage_full);
    CHECK(error.message.find("full") != std::string::npos);
    CHECK(f.journal.get_night(2026_y / 1 / 1)->pain == 3);
}

}  // namespace
}  // namespace painlog::daemon
