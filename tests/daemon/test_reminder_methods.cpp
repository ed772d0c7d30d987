// The routine.* and reminder.* methods through the request handler: the shapes of
// PROTOCOL.md, and every kind of bad input answered with an error that names the
// field and changes nothing.
#include <doctest/doctest.h>

#include "handler_fixture.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
using Fixture = test::HandlerFixture;

TEST_CASE("routines: the built-in catalog - your own - and did for evening and morning") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());  // clock: 13:00 local
    const json list = f.call("routine.list", nullptr)["result"]["routines"];
    REQUIRE(list.size() == 5);
    for (const auto& routine : list) {
        CHECK(routine["builtin"] == true);
        CHECK(routine["minutes"].is_number());
        CHECK(routine["steps"].get<std::string>().find("1. ") == 0);
    }
    CHECK(f.call("routine.get", {{"name", "cat-cow"}})["result"]["name"] == "Cat-Cow");
    CHECK(f.call("routine.get", {{"name", "Yoga"}})["error"]["data"]["field"] == "routine");

    const json added = f.call("routine.add", {{"name", "Chin Tucks"}, {"steps", "1. Tuck.\n2. Hold."},
                                              {"suits", "morning"}, {"minutes", 2}})["result"];
    CHECK(added["builtin"] == false);
    CHECK(f.call("routine.add", {{"name", "chin tucks"}, {"steps", "x"}})["error"]["code"] == -32001);
    CHECK(f.call("routine.add", {{"name", "Empty"}, {"steps", "  "}})["error"]["data"]["field"] == "steps");
    CHECK(f.call("routine.add", {{"name", "Odd"}, {"steps", "x"}, {"suits", "noon"}})["error"]["data"]["field"] == "suits");
    CHECK(f.call("routine.add", {{"name", "Long"}, {"steps", "x"}, {"minutes", 2.5}})["error"]["data"]["field"] == "minutes");
    CHECK(f.call("routine.list", nullptr)["result"]["routines"].size() == 6);

    const json morning = f.call("routine.done", {{"routine", "Chin Tucks"}, {"at", "07:10"}})["result"];
    CHECK(morning["slot"] == "morning");
    CHECK(morning["night"] == "2026-11-23");
    CHECK(morning["done_at"] == "2026-11-23T06:10:00Z");
    const json evening = f.call("routine.done", {{"routine", "Open Book"}, {"date", "yesterday"},
                                                 {"at", "22:00"}})["result"];
    CHECK(evening["slot"] == "evening");
    CHECK(evening["night"] == "2026-11-23");
    CHECK(f.call("routine.done", {{"routine", "Open Book"}, {"date", "yesterday"}, {"at", "22:05"}})["result"]["again"] == true);
    CHECK(f.call("routine.done", {{"routine", "Open Book"}, {"date", "today"}, {"at", "23:00"}})["error"]["data"]["field"] == "at");
    // Only a time, later than now: last night.
    CHECK(f.call("routine.done", {{"routine", "Head Tilt"}, {"at", "23:00"}})["result"]["date"] == "2026-11-22");
    CHECK(f.call("routine.done", {{"routine", "Open Book"}, {"at", "25:00"}})["error"]["data"]["value"] == "25:00");
    CHECK(f.call("routine.done", {{"routine", "Pilates"}})["error"]["code"] == -32002);

    // The night of 2026-11-23 lists them all, for the analysis.
    json night{{"pain", 2}};
    f.call("night.add", {{"night", night}});
    const json routines = f.call("night.get", {{"date", "2026-11-23"}})["result"]["night"]["routines"];
    CHECK(routines.size() == 3);  // Chin Tucks this morning, Open Book and Head Tilt last evening

    // An edit that leaves the routines alone keeps them; a list given replaces them,
    // routine.done's records included (a routine kept keeps its slot); clearing clears.
    const auto routines_of_night = [&] {
        return f.call("night.get", {{"date", "2026-11-23"}})["result"]["night"]["routines"];
    };
    const auto edit = [&](json change) {
        change["date"] = "2026-11-23";
        REQUIRE(f.call("night.edit", change).contains("result"));
    };
    edit({{"set", {{"pain", 3}}}});
    CHECK(routines_of_night() == routines);
    edit({{"set", {{"routines", {"Open Book", "Cat-Cow"}}}}});
    CHECK(routines_of_night() == json::array({"Cat-Cow", "Open Book"}));
    // Open Book's evening record is still there: done again, it is "again".
    CHECK(f.call("routine.done", {{"routine", "Open Book"}, {"date", "yesterday"}, {"at", "22:10"}})["result"]["again"] ==
          true);
    edit({{"clear", {"routines"}}});
    CHECK(routines_of_night().empty());
    // Logged again after the clearing, it counts again.
    REQUIRE(f.call("routine.done", {{"routine", "Chin Tucks"}, {"at", "07:10"}}).contains("result"));
    CHECK(routines_of_night() == json::array({"Chin Tucks"}));
}

TEST_CASE("reminder.add returns the reminder with its next firing in local time and UTC") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());
    const json reminder = f.call("reminder.add", {{"name", "evening stretches"}, {"at", "21:30"},
                                                  {"routines", {"Cat-Cow", "open book"}}})["result"];
    CHECK(reminder["id"] == 1);
    CHECK(reminder["days"] == "daily");
    CHECK(reminder["zone"] == "Europe/Berlin");
    CHECK(reminder["own_zone"] == false);
    CHECK(reminder["routines"] == json::array({"Cat-Cow", "Open Book"}));
    CHECK(reminder["next"]["utc"] == "2026-11-23T20:30:00Z");
    CHECK(reminder["next"]["local"] == "2026-11-23 21:30 CET (+01:00)");
    const json weekly = f.call("reminder.add", {{"name", "weekend"}, {"at", "9:00"}, {"days", "sat,sun"},
                                                {"zone", "America/New_York"}})["result"];
    CHECK(weekly["days"] == "weekends");
    CHECK(weekly["next"]["utc"] == "2026-11-28T14:00:00Z");
    const json list = f.call("reminder.list", nullptr)["result"];
    CHECK(list["reminders"].size() == 2);
    CHECK(list["grace_minutes"] == 30);
}

TEST_CASE("reminder bad input names the field and changes nothing") {
    Fixture f;
    f.call("reminder.add", {{"name", "evening"}, {"at", "21:30"}});
    const json before = f.call("reminder.list", nullptr)["result"];
    struct Case {
        const char* method;
        json params;
        const char* field;
    };
    const Case cases[] = {
        {"reminder.add", {{"name", "late"}, {"at", "25:00"}}, "at"},
        {"reminder.add", {{"name", "late"}, {"at", "21:30"}, {"days", "mon,funday"}}, "days"},
        {"reminder.add", {{"name", "late"}, {"at", "21:30"}, {"zone", "Mars/Olympus_Mons"}}, "zone"},
        {"reminder.add", {{"name", "late"}, {"at", "21:30"}, {"routines", {"Yoga"}}}, "routine"},
        {"reminder.add", {{"name", "Evening"}, {"at", "21:30"}}, "name"},
        {"reminder.add", {{"name", "late"}, {"at", "21:30"}, {"message", ""}}, "message"},
        {"reminder.snooze", {{"reminder", "evening"}, {"for", "-5m"}}, "for"},
        {"reminder.snooze", {{"reminder", "evening"}, {"for", "10y"}}, "for"},
        {"reminder.snooze", {{"reminder", "evening"}, {"for", "3650d"}}, "for"},
        {"reminder.snooze", {{"reminder", "nope"}, {"for", "10m"}}, "reminder"},
        {"reminder.pause", {{"reminder", "99"}}, "reminder"},
        {"reminder.preview", {{"reminder", "evening"}, {"from", "2027-02-30 00:00"}}, "from"},
        {"reminder.preview", {{"reminder", "evening"}, {"count", 0}}, "count"},
        {"reminder.preview", {{"reminder", "evening"}, {"count", 101}}, "count"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.params.dump());
        const json reply = f.call(c.method, c.params);
        REQUIRE(reply.contains("error"));
        CHECK(reply["error"]["data"]["field"] == c.field);
        CHECK(reply["error"]["message"].get<std::string>().find(c.field) != std::string::npos);
    }
    CHECK(f.call("reminder.list", nullptr)["result"] == before);
}

TEST_CASE("pause - resume - snooze - remove and preview around a DST change") {
    Fixture f;
    f.call("reminder.add", {{"name", "night owl"}, {"at", "02:30"}, {"zone", "Europe/Berlin"}});
    CHECK(f.call("reminder.pause", {{"reminder", "night owl"}})["result"]["next"].is_null());
    CHECK(f.call("reminder.snooze", {{"reminder", 1}, {"for", "10m"}})["error"]["code"] == -32001);
    CHECK(f.call("reminder.resume", {{"reminder", "1"}})["result"]["paused"] == false);
    const json snoozed = f.call("reminder.snooze", {{"reminder", 1}, {"for", "1h30m"}})["result"];
    CHECK(snoozed["snoozed_until"] == "2026-11-23T13:30:00Z");
    CHECK(snoozed["next"]["utc"] == "2026-11-23T13:30:00Z");

    const json preview = f.call("reminder.preview", {{"reminder", "night owl"}, {"from", "2027-03-27 00:00"},
                                                     {"count", 3}})["result"];
    REQUIRE(preview["firings"].size() == 3);
    CHECK(preview["firings"][0]["utc"] == "2027-03-27T01:30:00Z");
    CHECK(preview["firings"][1]["utc"] == "2027-03-28T01:00:00Z");
    CHECK(preview["firings"][1]["kind"] == "after_gap");
    CHECK(preview["firings"][1]["note"].get<std::string>().find("does not exist") != std::string::npos);
    CHECK(preview["firings"][2]["utc"] == "2027-03-29T00:30:00Z");

    CHECK(f.call("reminder.remove", {{"reminder", "NIGHT OWL"}})["result"]["removed"]["name"] == "night owl");
    CHECK(f.call("reminder.list", nullptr)["result"]["reminders"].empty());
}

TEST_CASE("reminder.test delivers through the notifier - or says why it could not") {
    Fixture f;
    CHECK(f.call("reminder.test", nullptr)["result"]["delivered_by"] == "fake notifier");
    f.notifier.failure = "no session bus; notify.command is not set";
    const json failed = f.call("reminder.test", nullptr);
    CHECK(failed["error"]["code"] == -32005);
    CHECK(failed["error"]["message"].get<std::string>().find("no session bus") != std::string::npos);
    CHECK(f.call("reminder.pending", nullptr)["result"]["pending"].empty());  // a test is not kept
}

}  // namespace
}  // namespace painlog::daemon
