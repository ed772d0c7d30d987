// The journal the daemon tests work on: SQLite :memory:, a fixed clock at noon UTC on
// 2026-11-23. Tests derive their fixtures from it.
#pragma once

#include <doctest/doctest.h>

#include <memory>

#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/journal.h"

namespace painlog::daemon::test {

struct JournalFixture {
    std::unique_ptr<Database> database = open_memory();
    FixedClock clock{date::sys_days{date::year{2026} / date::November / 23} + std::chrono::hours(12)};
    Journal journal{*database, clock};

    static std::unique_ptr<Database> open_memory() {
        auto opened = Database::open(":memory:");
        REQUIRE(opened.ok());
        return std::move(opened).value();
    }
};

}  // namespace painlog::daemon::test
