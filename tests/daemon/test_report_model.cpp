// The weekly report: ISO weeks and windows, the REPORT model built from a journal
// (the week, comparisons, adherence, gear changes, the analysis), report.write and
// report.list, and the weekly job driven by the fake clock.
#include <doctest/doctest.h>

#include <filesystem>

#include "daemon/report_model.h"
#include "daemon/weekly_report.h"
#include "handler_fixture.h"
#include "report/render.h"

namespace painlog::daemon {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

Date day(const char* text) { return *parse_iso_date(text); }

struct ReportFixture : test::HandlerFixture {
    ReportFixture() { REQUIRE(journal.set_setting("timezone", "UTC").ok()); }
    void night(const char* date, int pain, const char* position = "side") {
        json params{{"night", {{"date", date}, {"pain", pain}, {"position", position}}}};
        REQUIRE(call("night.add", params).contains("result"));
    }
};

TEST_CASE("ISO weeks and report windows are parsed strictly") {
    CHECK(format_date(*parse_iso_week("2026-W47")) == "2026-11-16");
    CHECK(format_date(*parse_iso_week("2026-W53")) == "2026-12-28");  // 2026 has 53 weeks
    CHECK_FALSE(parse_iso_week("2026-W54").has_value());
    CHECK_FALSE(parse_iso_week("2027-W53").has_value());
    CHECK_FALSE(parse_iso_week("2026-W00").has_value());
    CHECK_FALSE(parse_iso_week("2026W47").has_value());
    CHECK(format_iso_week(day("2027-01-01")) == "2026-W53");
    CHECK(format_date(week_monday(day("2026-11-22"))) == "2026-11-16");

    const Date today = day("2026-11-23");
    CHECK(format_date(*parse_report_week("last", today)) == "2026-11-16");
    CHECK(format_date(*parse_report_week("this", today)) == "2026-11-23");
    const auto bad = parse_report_week("2026-W54", today);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().field == "week");
    CHECK(bad.error().message.find("2026-W54") != std::string::npos);
    CHECK(parse_report_week("2026-W50", today).error().message.find("has begun") != std::string::npos);
    CHECK(*parse_report_window("90d") == std::optional<int>{90});
    CHECK(parse_report_window("all")->has_value() == false);
    for (const char* text : {"0d", "-5d", "90", "d", "1y", "36501d"}) {
        CAPTURE(text);
        CHECK(parse_report_window(text).error().field == "window");
    }
}

TEST_CASE("the report model holds the week - the comparisons and the analysis") {
    ReportFixture f;
    // 60 nights up to Sunday 2026-11-22: stomach nights are worse.
    for (int i = 0; i < 60; ++i) {
        const Date date{date::sys_days{day("2026-09-24")} + date::days{i}};
        const bool stomach = i % 3 == 0;
        f.night(format_date(date).c_str(), stomach ? 6 : 2 + i % 2, stomach ? "stomach" : "side");
    }
    REQUIRE(f.call("night.remove", {{"date", "2026-11-18"}}).contains("result"));
    const json report = f.call("report.build", {{"week", "2026-W47"}})["result"];
    CHECK(report["painlog_report"] == 1);
    CHECK(report["week"] == json{{"id", "2026-W47"}, {"from", "2026-11-16"}, {"to", "2026-11-22"}});
    REQUIRE(report["days"].size() == 7);
    CHECK(report["days"][0]["weekday"] == "Mon");
    CHECK(report["days"][2]["logged"] == false);
    CHECK(report["summary"]["nights"] == 6);
    CHECK(report["summary"]["all_time"]["nights"] == 59);
    CHECK(report["summary"]["previous_4_weeks"]["nights"] == 28);
    int bad = 0;
    double sum = 0;
    for (const auto& d : report["days"]) {
        if (d["logged"] == true) sum += d["pain"].get<double>();
        bad += d["bad"].get<bool>() ? 1 : 0;
    }
    CHECK(report["summary"]["mean_pain"].get<double>() == doctest::Approx(sum / 6));
    CHECK(report["summary"]["bad_mornings"] == bad);
    CHECK(report["weeks"].size() == 12);
    CHECK(report["weeks"].back()["id"] == "2026-W47");
    CHECK(report["daily"].front()["date"] == "2026-09-24");  // the window starts at the first night
    CHECK(report["daily"].back()["date"] == "2026-11-22");
    CHECK(report["analysis"]["window"]["label"] == "last 90 days");
    const json& findings = report["analysis"]["result"]["findings"];
    REQUIRE_FALSE(findings.empty());
    CHECK(findings[0]["text"].get<std::string>().find("stomach") != std::string::npos);
    CHECK(report["start_hint"].is_null());
    CHECK(report["disclaimer"].get<std::string>().find("not medical advice") != std::string::npos);
}

TEST_CASE("gear changes are the gear of the week put to use - not gear only registered") {
    ReportFixture f;
    const auto add_gear = [&](const char* kind, const char* name, const char* since, bool use) {
        REQUIRE(f.call("gear.add", {{"kind", kind}, {"name", name}, {"since", since}, {"use", use}}).contains("result"));
    };
    add_gear("mattress", "Old spring", "2026-01-01", true);
    add_gear("mattress", "Futon", "2026-11-18", false);     // registered in the week, never used
    add_gear("pillow", "Low foam", "2026-11-17", true);     // in use since the week
    add_gear("pillow", "Feather", "2026-11-19", false);     // slept on one night of the week, then put away
    f.night("2026-11-16", 3);
    REQUIRE(f.call("night.add", {{"night", {{"date", "2026-11-20"}, {"pain", 2}, {"pillow", "feather"}}}})
                .contains("result"));
    const json changes = f.call("report.build", {{"week", "2026-W47"}})["result"]["gear_changes"];
    CHECK(changes == json::array({json{{"date", "2026-11-17"}, {"kind", "pillow"}, {"name", "Low foam"}},
                                  json{{"date", "2026-11-19"}, {"kind", "pillow"}, {"name", "Feather"}}}));
}

TEST_CASE("the daily series gives each day's pain and the mean of the nights of its last 7 days") {
    ReportFixture f;
    f.night("2026-11-01", 2);
    f.night("2026-11-02", 4);
    f.night("2026-11-09", 6);  // nothing logged on the six days between
    f.night("2026-11-10", 8);
    const json report = f.call("report.build", {{"week", "2026-W46"}, {"window", "all"}})["result"];
    const json& daily = report["daily"];
    REQUIRE(daily.size() == 15);  // 2026-11-01 to the week's Sunday, 2026-11-15
    const auto on = [&](int day_of_month) -> const json& { return daily[static_cast<std::size_t>(day_of_month - 1)]; };
    CHECK(on(1) == json{{"date", "2026-11-01"}, {"pain", 2}, {"avg7", 2.0}});
    CHECK(on(2) == json{{"date", "2026-11-02"}, {"pain", 4}, {"avg7", 3.0}});
    CHECK(on(3) == json{{"date", "2026-11-03"}, {"pain", nullptr}, {"avg7", 3.0}});
    CHECK(on(7)["avg7"] == 3.0);   // 11-01 .. 11-07
    CHECK(on(8)["avg7"] == 4.0);   // 11-02 .. 11-08: 11-01 has left the window
    CHECK(on(9) == json{{"date", "2026-11-09"}, {"pain", 6}, {"avg7", 6.0}});
    CHECK(on(10)["avg7"] == 7.0);
    CHECK(on(15) == json{{"date", "2026-11-15"}, {"pain", nullptr}, {"avg7", 7.0}});
    CHECK(report["summary"]["all_time"] == json{{"nights", 4}, {"mean_pain", 5.0}});
    CHECK(report["days"][0]["pain"] == 6);
    CHECK(report["days"][1]["pain"] == 8);
    CHECK(report["days"][2]["logged"] == false);
}

TEST_CASE("report.build renders html and markdown as report.write does - and refuses other formats") {
    ReportFixture f;
    for (const char* date : {"2026-11-16", "2026-11-17", "2026-11-19"}) f.night(date, 4);
    const json params{{"week", "2026-W47"}, {"window", "all"}};
    const json report = f.call("report.build", params)["result"];  // the clock stands still
    for (const char* format : {"html", "markdown"}) {
        json with_format = params;
        with_format["format"] = format;
        const json page = f.call("report.build", with_format)["result"];
        CHECK(page["week"] == "2026-W47");
        CHECK(page["format"] == format);
        CHECK(page["text"] == (std::string(format) == "html" ? report::render_html(report)
                                                             : report::render_markdown(report)));
    }
    for (const json& format : json::array({"pdf", "json", 3})) {
        const json error = f.call("report.build", {{"format", format}})["error"];
        CHECK(error["code"] == -32602);
        CHECK(error["data"]["field"] == "format");
    }
}

TEST_CASE("adherence counts the routines planned by reminders against those done") {
    ReportFixture f;
    f.clock.set(date::sys_days{day("2026-11-01")});
    REQUIRE(f.call("reminder.add", {{"name", "evening"}, {"at", "21:30"}, {"days", "mon,wed"},
                                    {"routines", {"Cat-Cow", "Open Book"}}}).contains("result"));
    f.clock.set(date::sys_days{day("2026-11-23")} + std::chrono::hours(12));
    // Monday evening both done, Wednesday only Cat-Cow; Head Tilt on Friday morning is extra.
    for (const auto& [routine, date, at] : {std::tuple{"Cat-Cow", "2026-11-16", "21:00"},
                                            std::tuple{"Open Book", "2026-11-16", "21:05"},
                                            std::tuple{"Cat-Cow", "2026-11-18", "22:00"},
                                            std::tuple{"Head Tilt", "2026-11-20", "07:00"}}) {
        REQUIRE(f.call("routine.done", {{"routine", routine}, {"date", date}, {"at", at}}).contains("result"));
    }
    const json adherence = f.call("report.build", {{"week", "last"}})["result"]["adherence"];
    CHECK(adherence["planned"] == 4);
    CHECK(adherence["done"] == 3);
    CHECK(adherence["rate"].get<double>() == doctest::Approx(0.75));
    CHECK(adherence["days"][2]["planned"][1]["done"] == false);
    CHECK(adherence["days"][4]["extra"][0]["routine"] == "Head Tilt");
}

TEST_CASE("an empty journal gets a friendly report - bad weeks and windows get errors") {
    ReportFixture f;
    const json report = f.call("report.build", nullptr)["result"];
    CHECK(report["start_hint"].get<std::string>().find("painlog add") != std::string::npos);
    CHECK(report["journal"]["nights"] == 0);
    CHECK(report["analysis"]["result"]["findings"][0]["kind"] == "not_enough_data");
    CHECK(f.call("report.build", {{"week", "2026-W54"}})["error"]["data"]["field"] == "week");
    CHECK(f.call("report.build", {{"window", "0d"}})["error"]["data"]["field"] == "window");
}

TEST_CASE("report.write writes HTML and markdown once and report.list lists them") {
    ReportFixture f;
    f.night("2026-11-17", 4);
    const json written = f.call("report.write", {{"week", "2026-W47"}})["result"];
    REQUIRE(written["files"].size() == 2);
    CHECK(written["files"][0]["written"] == true);
    const fs::path html = f.dir / "reports" / "2026-W47.html";
    REQUIRE(fs::exists(html));
    CHECK((fs::status(html).permissions() & fs::perms::group_read) == fs::perms::none);
    CHECK(fs::exists(f.dir / "reports" / "2026-W47.md"));
    CHECK(f.call("report.write", {{"week", "2026-W47"}})["result"]["files"][0]["written"] == false);
    CHECK(f.call("report.write", {{"week", "2026-W47"}, {"force", true}})["result"]["files"][0]["written"] == true);
    const json list = f.call("report.list", nullptr)["result"]["reports"];
    REQUIRE(list.size() == 1);
    CHECK(list[0]["week"] == "2026-W47");
    CHECK(list[0]["html"] == html.native());
}

TEST_CASE("the weekly job writes last week's report at Monday 08:00 once and says so") {
    ReportFixture f;
    f.clock.set(date::sys_days{day("2026-11-25")});
    f.night("2026-11-24", 3);  // in week 2026-W48
    f.scheduler.add_job(weekly_report_job(f.handler, f.journal));
    auto next = f.scheduler.next_due();
    REQUIRE(next.ok());
    CHECK(format_utc_seconds(**next) == "2026-11-30T08:00:00Z");
    f.clock.set(date::sys_days{day("2026-11-30")} + std::chrono::hours(8));
    REQUIRE(f.scheduler.run_due().ok());
    CHECK(fs::exists(f.dir / "reports" / "2026-W48.html"));
    REQUIRE(f.notifier.delivered.size() == 1);
    CHECK(f.notifier.delivered[0].body.find("2026-W48") != std::string::npos);
    REQUIRE(f.scheduler.run_due().ok());  // the same firing again: nothing more
    CHECK(f.notifier.delivered.size() == 1);

    REQUIRE(f.call("config.set", {{"key", "report.weekly_at"}, {"value", "off"}}).contains("result"));
    f.clock.set(date::sys_days{day("2026-12-07")} + std::chrono::hours(9));
    REQUIRE(f.scheduler.run_due().ok());
    CHECK_FALSE(fs::exists(f.dir / "reports" / "2026-W49.html"));
    CHECK(f.call("config.set", {{"key", "report.weekly_at"}, {"value", "monday 25:00"}})["error"]["data"]["field"] ==
          "report.weekly_at");
}

}  // namespace
}  // namespace painlog::daemon

namespace painlog::daemon {
namespace {

TEST_CASE("this week ends today - a short window works - future days are not counted") {
    ReportFixture f;  // Monday 2026-11-23, 12:00 UTC
    f.clock.set(date::sys_days{day("2026-11-01")});
    REQUIRE(f.call("reminder.add", {{"name", "evening"}, {"at", "21:30"}, {"routines", {"Cat-Cow"}}})
                .contains("result"));
    f.clock.set(date::sys_days{day("2026-11-24")} + std::chrono::hours(12));  // Tuesday noon
    f.night("2026-11-23", 4);
    REQUIRE(f.call("routine.done", {{"routine", "Cat-Cow"}, {"date", "2026-11-23"}, {"at", "21:00"}})
                .contains("result"));
    const json report = f.call("report.build", {{"week", "this"}, {"window", "3d"}})["result"];
    REQUIRE(report.contains("days"));
    CHECK(report["analysis"]["window"]["to"] == "2026-11-24");
    CHECK(report["analysis"]["window"]["from"] == "2026-11-22");
    CHECK(report["days"][1]["future"] == false);
    CHECK(report["days"][2]["future"] == true);
    CHECK(report["daily"].back()["date"] == "2026-11-24");
    CHECK(report["adherence"]["planned"] == 1);  // Monday evening only: Tuesday 21:30 has not come
    CHECK(report["adherence"]["done"] == 1);
    const json write = f.call("report.write", {{"week", "this"}});
    CHECK(write["error"]["data"]["field"] == "week");
    CHECK(write["error"]["message"].get<std::string>().find("ended") != std::string::npos);
}

TEST_CASE("a past week's report still counts the whole journal") {
    ReportFixture f;
    f.night("2026-11-20", 3);
    const json report = f.call("report.build", {{"week", "2026-W40"}})["result"];
    CHECK(report["journal"]["nights"] == 1);
    CHECK(report["start_hint"].is_null());
    CHECK(report["summary"]["nights"] == 0);
}

TEST_CASE("an undelivered notice is kept even when its reminder was removed meanwhile") {
    ReportFixture f;
    f.notifier.failure = "no session bus; notify.command is not set";
    const Reminder reminder = *f.reminders.add(Reminder{0, "gone", std::chrono::minutes(21 * 60 + 30), k_every_day,
                                                        std::string("UTC"), std::nullopt, false, false, {}, {},
                                                        std::nullopt, f.scheduler.now(), std::nullopt, "", "",
                                                        f.scheduler.now(), std::nullopt});
    f.clock.set(date::sys_days{day("2026-11-23")} + std::chrono::hours(21) + std::chrono::minutes(30));
    auto due = f.scheduler.collect_due();
    REQUIRE(due.ok());
    REQUIRE(due->size() == 1);
    REQUIRE(f.reminders.remove(reminder.id).ok());
    REQUIRE(f.scheduler.finish(due->front(), f.notifier.deliver(due->front().notice)).ok());
    const auto pending = f.reminders.undelivered(false, false);
    REQUIRE(pending.ok());
    REQUIRE(pending->size() == 1);
    CHECK(pending->front().reminder_name == "gone");
    CHECK_FALSE(pending->front().reminder_id.has_value());
}

}  // namespace
}  // namespace painlog::daemon
