// The journal the daemon tests work on: SQLite :memory: (or a given one), a fixed clock at noon UTC on
// 2026-11-23, and the reminder scheduler over it with a fake notifier. Tests derive
// their fixtures from it.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <memory>
#include <utility>

#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/journal.h"
#include "daemon/reminder_store.h"
#include "daemon/scheduler.h"
#include "fake_notifier.h"

namespace painlog::daemon::test {

struct JournalFixture {
    // On `opened` (a journal in a file, say) instead of :memory:.
    explicit JournalFixture(std::unique_ptr<Database> opened = open_memory()) : database(std::move(opened)) {}

    std::unique_ptr<Database> database;
    FixedClock clock{date::sys_days{date::year{2026} / date::November / 23} + std::chrono::hours(12)};
    Journal journal{*database, clock};
    ReminderStore reminders{journal};
    FakeNotifier notifier;
    Scheduler scheduler{journal, reminders, notifier, clock};

    static std::unique_ptr<Database> open_memory() { return open_file(":memory:"); }
    static std::unique_ptr<Database> open_file(const std::filesystem::path& path) {
        auto opened = Database::open(path);
        REQUIRE(opened.ok());
        return std::move(opened).value();
    }
};

}  // namespace painlog::daemon::test
