// The reminder scheduler driven by a fake clock over a real (in-memory) journal:
// firing on time and once, restarts, suspends and clock jumps within and beyond the
// grace period, DST days, zone changes, skips, snoozes, pauses and undelivered
// notices. Nothing sleeps.
#include "daemon/scheduler.h"

#include <doctest/doctest.h>

#include "journal_fixture.h"
#include "schedule_helpers.h"

namespace painlog::daemon {
namespace {

using test::utc;

struct Fixture : test::JournalFixture {
    // Adds a reminder created at the clock's now.
    Reminder add(const char* name, const char* at, std::optional<std::string> zone = "Europe/Berlin",
                 std::vector<std::string> routines = {}, bool unless_logged = false) {
        Reminder reminder;
        reminder.name = name;
        reminder.at = *parse_time_of_day("at", at);
        reminder.zone = std::move(zone);
        reminder.routines = std::move(routines);
        reminder.unless_logged = unless_logged;
        reminder.created_at = scheduler.now();
        auto added = reminders.add(reminder);
        REQUIRE_MESSAGE(added.ok(), (added.ok() ? "" : added.error().message));
        return *added;
    }
    // Sets the clock, runs what is due; returns the next due instant.
    std::optional<Seconds> run_at(const char* instant) {
        clock.set(utc(instant));
        auto next = scheduler.run_due();
        REQUIRE(next.ok());
        return *next;
    }
    Reminder reload(const Reminder& reminder) {
        auto found = reminders.find(std::to_string(reminder.id));
        REQUIRE(found.ok());
        return *found;
    }
};

TEST_CASE("a reminder fires once at its wall-clock time and not again") {
    Fixture f;  // clock: 2026-11-23 12:00 UTC = 13:00 in Berlin
    const Reminder reminder = f.add("evening stretches", "21:30");
    auto next = f.scheduler.next_due();
    REQUIRE(next.ok());
    CHECK(**next == utc("2026-11-23T20:30:00Z"));

    CHECK(f.run_at("2026-11-23T20:29:59Z") == utc("2026-11-23T20:30:00Z"));
    CHECK(f.notifier.delivered.empty());
    CHECK(f.run_at("2026-11-23T20:30:00Z") == utc("2026-11-24T20:30:00Z"));
    REQUIRE(f.notifier.delivered.size() == 1);
    CHECK(f.notifier.delivered[0].title == "painlog: evening stretches");
    CHECK(f.reload(reminder).last_outcome == "delivered");

    f.run_at("2026-11-23T20:30:30Z");
    CHECK(f.notifier.delivered.size() == 1);
}

TEST_CASE("a restarted scheduler does not fire a handled reminder twice") {
    Fixture f;
    f.add("evening stretches", "21:30");
    f.run_at("2026-11-23T20:30:00Z");
    REQUIRE(f.notifier.delivered.size() == 1);

    // A new store and scheduler over the same database, as after a daemon restart.
    ReminderStore store(f.journal);
    test::FakeNotifier notifier;
    Scheduler restarted(f.journal, store, notifier, f.clock);
    f.clock.set(utc("2026-11-23T20:31:00Z"));
    auto next = restarted.run_due();
    REQUIRE(next.ok());
    CHECK(notifier.delivered.empty());
    CHECK(**next == utc("2026-11-24T20:30:00Z"));
}

TEST_CASE("a firing missed by less than the grace period fires once and older ones are not replayed") {
    SUBCASE("within grace: late but delivered") {
        Fixture f;
        f.add("evening stretches", "21:30");
        f.run_at("2026-11-23T20:59:00Z");  // 29 minutes late, as after a short suspend
        CHECK(f.notifier.delivered.size() == 1);
    }
    SUBCASE("beyond grace: recorded as missed and not delivered") {
        Fixture f;
        const Reminder reminder = f.add("evening stretches", "21:30");
        CHECK(f.run_at("2026-11-23T21:01:00Z") == utc("2026-11-24T20:30:00Z"));
        CHECK(f.notifier.delivered.empty());
        CHECK(f.reload(reminder).last_outcome == "missed");
    }
    SUBCASE("a suspend over three days fires the latest firing once, not three") {
        Fixture f;
        f.add("evening stretches", "21:30");
        f.run_at("2026-11-26T20:40:00Z");
        CHECK(f.notifier.delivered.size() == 1);
        f.run_at("2026-11-26T20:41:00Z");
        CHECK(f.notifier.delivered.size() == 1);
    }
    SUBCASE("the grace setting is honoured") {
        Fixture f;
        REQUIRE(f.journal.set_setting("remind.grace_minutes", "0").ok());
        f.add("evening stretches", "21:30");
        f.run_at("2026-11-23T20:30:01Z");
        CHECK(f.notifier.delivered.empty());
    }
}

TEST_CASE("a clock set back after a firing does not fire it again") {
    Fixture f;
    const Reminder reminder = f.add("evening stretches", "21:30");
    f.run_at("2026-11-23T20:30:00Z");
    REQUIRE(f.notifier.delivered.size() == 1);
    f.run_at("2026-11-23T19:00:00Z");
    f.run_at("2026-11-23T20:30:00Z");
    CHECK(f.notifier.delivered.size() == 1);
    CHECK(f.reload(reminder).last_outcome == "skipped");  // once a local day
    f.run_at("2026-11-24T20:30:00Z");
    CHECK(f.notifier.delivered.size() == 2);
}

TEST_CASE("a clock wrong ahead and then corrected does not silence a reminder") {
    Fixture f;
    f.add("evening stretches", "21:30");
    f.run_at("2026-11-25T20:40:00Z");  // two days ahead: fires the 25th's
    REQUIRE(f.notifier.delivered.size() == 1);
    f.run_at("2026-11-23T13:00:00Z");  // corrected
    CHECK(f.scheduler.next_due().value() == utc("2026-11-23T20:30:00Z"));
    f.run_at("2026-11-23T20:30:00Z");
    CHECK(f.notifier.delivered.size() == 2);
}

TEST_CASE("a snooze and a regular firing both overdue give one notice") {
    Fixture f;
    const Reminder reminder = f.add("evening stretches", "21:30");
    REQUIRE(f.reminders.snooze(reminder.id, utc("2026-11-23T20:27:00Z")).ok());
    f.run_at("2026-11-23T20:40:00Z");  // asleep from 20:26 to 20:40
    CHECK(f.notifier.delivered.size() == 1);
    f.run_at("2026-11-23T20:41:00Z");
    CHECK(f.notifier.delivered.size() == 1);
    CHECK_FALSE(f.reload(reminder).snoozed_until.has_value());
}

TEST_CASE("a change of zone after the day's firing does not fire it again that day") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());
    f.add("morning", "08:00", std::nullopt);
    f.run_at("2026-11-24T07:00:00Z");  // 08:00 in Berlin
    REQUIRE(f.notifier.delivered.size() == 1);
    REQUIRE(f.journal.set_setting("timezone", "Europe/London").ok());
    f.run_at("2026-11-24T08:00:00Z");  // 08:00 in London, the same local day
    CHECK(f.notifier.delivered.size() == 1);
    f.run_at("2026-11-25T08:00:00Z");
    CHECK(f.notifier.delivered.size() == 2);
}

TEST_CASE("a firing whose claim cannot be stored is not delivered - the others still are") {
    Fixture f;
    const Reminder first = f.add("first", "21:30");
    f.add("second", "21:30");
    // Storing the first reminder's claim fails (as on a full disk).
    REQUIRE(f.database->read([&](SQLite::Database& db) -> protocol::Status {
        db.exec("CREATE TRIGGER refuse BEFORE UPDATE ON reminders WHEN OLD.id = " +
                std::to_string(first.id) + " BEGIN SELECT RAISE(ABORT, 'refused'); END");
        return {};
    }).ok());
    f.run_at("2026-11-23T20:30:00Z");
    REQUIRE(f.notifier.delivered.size() == 1);
    CHECK(f.notifier.delivered[0].title == "painlog: second");
}

TEST_CASE("on DST days the scheduler fires after the gap and once on the repeated hour") {
    SUBCASE("spring forward in Berlin: 02:30 fires at 03:00 CEST") {
        Fixture f;
        f.clock.set(utc("2027-03-27T12:00:00Z"));
        f.add("night owl", "02:30");
        CHECK(f.run_at("2027-03-27T12:00:00Z") == utc("2027-03-28T01:00:00Z"));
        CHECK(f.run_at("2027-03-28T01:00:00Z") == utc("2027-03-29T00:30:00Z"));
        CHECK(f.notifier.delivered.size() == 1);
    }
    SUBCASE("fall back in Berlin: 02:30 fires at the first 02:30 only") {
        Fixture f;
        f.clock.set(utc("2026-10-24T12:00:00Z"));
        f.add("night owl", "02:30");
        CHECK(f.run_at("2026-10-24T12:00:00Z") == utc("2026-10-25T00:30:00Z"));
        CHECK(f.run_at("2026-10-25T00:30:00Z") == utc("2026-10-26T01:30:00Z"));
        f.run_at("2026-10-25T01:30:00Z");  // the second 02:30 CET
        CHECK(f.notifier.delivered.size() == 1);
    }
    SUBCASE("spring forward on Lord Howe: 02:15 fires at 02:30 after the half-hour gap") {
        Fixture f;
        f.clock.set(utc("2026-10-03T00:00:00Z"));
        f.add("night owl", "02:15", "Australia/Lord_Howe");
        CHECK(f.run_at("2026-10-03T00:00:00Z") == utc("2026-10-03T15:30:00Z"));
    }
}

TEST_CASE("a change of the configured zone moves the reminders that follow it") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());
    f.add("follows", "21:30", std::nullopt);
    f.add("own zone", "21:30", "Asia/Tokyo");
    auto next = f.scheduler.next_due();
    REQUIRE(next.ok());
    CHECK(**next == utc("2026-11-23T12:30:00Z"));  // Tokyo first
    f.run_at("2026-11-23T12:30:00Z");
    CHECK(f.scheduler.next_due().value() == utc("2026-11-23T20:30:00Z"));
    REQUIRE(f.journal.set_setting("timezone", "America/New_York").ok());
    CHECK(f.scheduler.next_due().value() == utc("2026-11-24T02:30:00Z"));
}

TEST_CASE("a morning-log reminder is skipped when the night is logged") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());
    const Reminder reminder = f.add("morning log", "08:00", std::nullopt, {}, true);
    f.run_at("2026-11-24T07:00:00Z");
    REQUIRE(f.notifier.delivered.size() == 1);
    CHECK(f.notifier.delivered[0].body.find("painlog add") != std::string::npos);

    NightFields fields;
    fields.pain = 3;
    bool replaced = false;
    f.clock.set(utc("2026-11-25T06:00:00Z"));
    REQUIRE(f.journal.add_night(*parse_iso_date("2026-11-25"), fields, false, &replaced).ok());
    f.run_at("2026-11-25T07:00:00Z");
    CHECK(f.notifier.delivered.size() == 1);
    CHECK(f.reload(reminder).last_outcome == "skipped");
}

TEST_CASE("a routine reminder is skipped when its routines are done for that evening") {
    Fixture f;
    REQUIRE(f.journal.set_setting("timezone", "Europe/Berlin").ok());
    f.add("evening stretches", "21:30", std::nullopt, {"Cat-Cow", "open book"});
    // Only Cat-Cow done: still reminded.
    REQUIRE(f.journal.log_routine("Cat-Cow", *parse_iso_date("2026-11-24"), "evening",
                                  utc("2026-11-23T19:00:00Z")).ok());
    f.run_at("2026-11-23T20:30:00Z");
    REQUIRE(f.notifier.delivered.size() == 1);
    CHECK(f.notifier.delivered[0].body.find("Cat-Cow and Open Book") != std::string::npos);
    // Both done the next evening: skipped.
    for (const char* name : {"Cat-Cow", "Open Book"}) {
        REQUIRE(f.journal.log_routine(name, *parse_iso_date("2026-11-25"), "evening",
                                      utc("2026-11-24T19:00:00Z")).ok());
    }
    f.run_at("2026-11-24T20:30:00Z");
    CHECK(f.notifier.delivered.size() == 1);
}

TEST_CASE("a snoozed reminder fires again after the snooze and then keeps its schedule") {
    Fixture f;
    const Reminder reminder = f.add("evening stretches", "21:30");
    f.run_at("2026-11-23T20:30:00Z");
    REQUIRE(f.reminders.snooze(reminder.id, utc("2026-11-23T20:40:00Z")).ok());
    CHECK(f.scheduler.next_due().value() == utc("2026-11-23T20:40:00Z"));
    CHECK(f.run_at("2026-11-23T20:40:00Z") == utc("2026-11-24T20:30:00Z"));
    CHECK(f.notifier.delivered.size() == 2);
    CHECK_FALSE(f.reload(reminder).snoozed_until.has_value());
}

TEST_CASE("a paused reminder does not fire and resuming does not replay what was missed") {
    Fixture f;
    const Reminder reminder = f.add("evening stretches", "21:30");
    REQUIRE(f.reminders.set_paused(reminder.id, true, f.scheduler.now()).ok());
    CHECK_FALSE(f.scheduler.next_due().value().has_value());
    f.run_at("2026-11-23T20:30:00Z");
    CHECK(f.notifier.delivered.empty());
    f.clock.set(utc("2026-11-23T20:35:00Z"));
    REQUIRE(f.reminders.set_paused(reminder.id, false, f.scheduler.now()).ok());
    CHECK(f.run_at("2026-11-23T20:35:00Z") == utc("2026-11-24T20:30:00Z"));
    CHECK(f.notifier.delivered.empty());
}

TEST_CASE("an undelivered reminder is kept as pending and shown once") {
    Fixture f;
    f.notifier.failure = "no session bus; notify.command is not set";
    const Reminder reminder = f.add("evening stretches", "21:30");
    f.run_at("2026-11-23T20:30:00Z");
    CHECK(f.reload(reminder).last_outcome == "undelivered");
    auto fresh = f.reminders.undelivered(true, true);
    REQUIRE(fresh.ok());
    REQUIRE(fresh->size() == 1);
    CHECK((*fresh)[0].reason == "no session bus; notify.command is not set");
    CHECK((*fresh)[0].due_at == utc("2026-11-23T20:30:00Z"));
    CHECK(f.reminders.undelivered(true, true)->empty());
    CHECK(f.reminders.undelivered(false, false)->size() == 1);
    CHECK(*f.reminders.clear_undelivered() == 1);
    CHECK(f.reminders.undelivered(false, false)->empty());
}

}  // namespace
}  // namespace painlog::daemon
