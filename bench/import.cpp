// bench_import: `painlog import` of many nights from CSV, as a whole process into a
// fresh journal with painlogd running, against the floor: a bare SQLiteCpp prepared
// INSERT of the same rows in one transaction, on the same schema with the same settings
// (painlogd's Database::open: WAL, synchronous=FULL). The two alternate, a fresh journal
// each time; the figure is rows per second and the median of the pairwise ratios.
//
//   bench_import --painlog BIN --painlogd BIN --work DIR [--nights 100000] [--rounds 3]
//
// The CSV holds the nights' own columns (date, pain, gear, position, stress, hours,
// quality): one nights row per line, as the floor inserts them (routines and custom
// factors would add rows of other tables, which the floor would then have to insert
// too). Prints two figures as JSON lines (bench/figure.h): the rate with its ratio, and
// painlog's time.
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/figure.h"
#include "bench/process.h"
#include "daemon/database.h"

namespace {

using namespace painlog::bench;
namespace fs = std::filesystem;

struct Options {
    std::string painlog;
    std::string painlogd;
    fs::path work;
    std::size_t nights = 100000;
    int rounds = 3;
};

// The command line's options into `options`.
void define(CLI::App& app, Options& options) {
    app.add_option("--painlog", options.painlog, "painlog binary")->required();
    app.add_option("--painlogd", options.painlogd, "painlogd binary")->required();
    app.add_option("--work", options.work, "a directory for the CSV and the journals")->required();
    app.add_option("--nights", options.nights, "nights to import")->capture_default_str();
    app.add_option("--rounds", options.rounds, "pairs of runs")->capture_default_str();
}

// One night as both sides store it.
struct NightRow {
    std::string date;
    int pain = 0;
    std::string mattress;
    std::string pillow;
    std::string position;
    int stress = 0;
    double sitting = 0.0;
    double sleep = 0.0;
    int quality = 0;
};

// `count` consecutive nights from 1700-01-01 (so that 100,000 of them end before
// today), gear in blocks as people change it; seeded, so every run has the same rows.
std::vector<NightRow> make_nights(std::size_t count) {
    static const char* const k_mattresses[] = {"Futon", "Foam", "Spring", "Latex"};
    static const char* const k_pillows[] = {"Feather", "Contour", "Low foam"};
    static const char* const k_positions[] = {"side", "back", "stomach", "mixed"};
    std::mt19937 random(100000);
    std::uniform_int_distribution<int> pain(0, 10);
    std::uniform_int_distribution<int> stress(0, 10);
    std::uniform_int_distribution<int> half_hours(0, 24);
    std::uniform_int_distribution<int> quarter_hours(20, 36);
    std::uniform_int_distribution<int> quality(1, 5);
    std::uniform_int_distribution<std::size_t> position(0, 3);
    std::vector<NightRow> nights(count);
    const std::chrono::sys_days first{std::chrono::year{1700} / 1 / 1};
    for (std::size_t i = 0; i < count; ++i) {
        NightRow& night = nights[i];
        const std::chrono::year_month_day ymd{first + std::chrono::days{static_cast<long>(i)}};
        char date[16];
        std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        night.date = date;
        night.pain = pain(random);
        night.mattress = k_mattresses[(i / 300) % 4];
        night.pillow = k_pillows[(i / 45) % 3];
        night.position = k_positions[position(random)];
        night.stress = stress(random);
        night.sitting = half_hours(random) / 2.0;
        night.sleep = quarter_hours(random) / 4.0;
        night.quality = quality(random);
    }
    return nights;
}

std::string to_csv(const std::vector<NightRow>& nights) {
    std::string out = "date,pain,mattress,pillow,position,stress,sitting_hours,sleep_hours,sleep_quality\n";
    out.reserve(nights.size() * 64);
    char line[160];
    for (const NightRow& n : nights) {
        std::snprintf(line, sizeof line, "%s,%d,%s,%s,%s,%d,%g,%g,%d\n", n.date.c_str(), n.pain, n.mattress.c_str(),
                      n.pillow.c_str(), n.position.c_str(), n.stress, n.sitting, n.sleep, n.quality);
        out += line;
    }
    return out;
}

// painlog import into a fresh journal: the daemon is started (not timed), then the
// import process is timed.
double painlog_import(const Options& options, const fs::path& csv, int round) {
    const fs::path dir = options.work / ("painlog-" + std::to_string(round));
    fs::create_directories(dir / "run");
    ::chmod((dir / "run").c_str(), 0700);
    set_env("XDG_RUNTIME_DIR", (dir / "run").native());
    set_env("XDG_DATA_HOME", (dir / "data").native());
    set_env("PAINLOG_NO_AUTOSTART", "1");
    Child daemon({options.painlogd, "--foreground"}, {}, (options.work / "painlogd.log").native());
    if (!wait_for_socket((dir / "run" / "painlog" / "painlogd.sock").native(), 10000)) {
        throw std::runtime_error("painlogd did not start (see " + (options.work / "painlogd.log").native() + ")");
    }
    const double ms = run_timed({options.painlog, "import", csv.native()});
    daemon.stop();
    fs::remove_all(dir);
    return ms;
}

// The floor: the same rows inserted by one prepared statement in one transaction, into
// a fresh journal at `path` made by painlogd's own Database::open (schema, WAL,
// synchronous=FULL). The gear the rows name is registered first, untimed.
double bare_insert(const fs::path& path, const std::vector<NightRow>& nights) {
    auto opened = painlog::daemon::Database::open(path);
    if (!opened) throw std::runtime_error("cannot create the floor's journal: " + opened.error().message);
    painlog::daemon::Database& database = **opened;
    std::map<std::string, std::int64_t> gear;
    auto registered = database.write([&](SQLite::Database& db) -> painlog::protocol::Status {
        SQLite::Statement insert(db, "INSERT INTO gear (kind, name, since, created_at) VALUES (?, ?, '1700-01-01', "
                                     "'2026-01-01T00:00:00Z')");
        for (const NightRow& night : nights) {
            for (const auto* item : {&night.mattress, &night.pillow}) {
                if (gear.count(*item) != 0) continue;
                insert.reset();
                insert.bind(1, item == &night.mattress ? "mattress" : "pillow");
                insert.bind(2, *item);
                insert.exec();
                gear[*item] = db.getLastInsertRowid();
            }
        }
        return {};
    });
    if (!registered) throw std::runtime_error(registered.error().message);

    const auto start = std::chrono::steady_clock::now();
    auto inserted = database.write([&](SQLite::Database& db) -> painlog::protocol::Status {
        SQLite::Statement insert(db,
                                 "INSERT INTO nights (date, pain, areas, mattress_id, pillow_id, position, stress, "
                                 "sitting_hours, sleep_hours, sleep_quality, created_at, updated_at) "
                                 "VALUES (?1, ?2, '', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)");
        for (const NightRow& night : nights) {
            insert.reset();
            insert.bind(1, night.date);
            insert.bind(2, night.pain);
            insert.bind(3, gear[night.mattress]);
            insert.bind(4, gear[night.pillow]);
            insert.bind(5, night.position);
            insert.bind(6, night.stress);
            insert.bind(7, night.sitting);
            insert.bind(8, night.sleep);
            insert.bind(9, night.quality);
            insert.bind(10, "2026-01-01T00:00:00Z");
            insert.exec();
        }
        return {};
    });
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!inserted) throw std::runtime_error(inserted.error().message);
    return ms;
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"bench_import: painlog import against a bare prepared INSERT"};
    define(app, options);
    CLI11_PARSE(app, argc, argv);
    try {
        fs::create_directories(options.work);
        const std::vector<NightRow> nights = make_nights(options.nights);
        const fs::path csv = options.work / "nights.csv";
        std::ofstream(csv) << to_csv(nights);

        std::vector<double> ratios;  // painlog's rows/s over the floor's
        const Pairs pairs = alternate(
            options.rounds, 0, [&](int round) { return painlog_import(options, csv, round); },
            [&](int round) {
                const fs::path dir = options.work / ("bare-" + std::to_string(round));
                fs::create_directories(dir);
                const double ms = bare_insert(dir / "journal.db", nights);
                fs::remove_all(dir);
                return ms;
            });
        for (std::size_t i = 0; i < pairs.ratios.size(); ++i) ratios.push_back(1.0 / pairs.ratios[i]);
        const auto n = static_cast<double>(options.nights);
        Figure rate;
        rate.id = "import";
        rate.what = "painlog import of " + std::to_string(options.nights) + " nights from CSV";
        rate.value = n / (median(pairs.a) / 1000.0);
        rate.unit = "rows/s";
        rate.comparison = "bare SQLiteCpp prepared INSERT, one transaction";
        rate.comparison_value = n / (median(pairs.b) / 1000.0);
        rate.ratio = median(ratios);
        rate.rounds = options.rounds;
        Figure time;
        time.id = "import_time";
        time.what = rate.what + ", whole process";
        time.value = median(pairs.a) / 1000.0;
        time.unit = "s";
        time.rounds = options.rounds;
        std::fprintf(stderr, "  %-58s %9.0f rows/s against %.0f rows/s: ratio %.3f; %.3f s\n", rate.what.c_str(),
                     rate.value, *rate.comparison_value, *rate.ratio, time.value);
        std::cout << to_line(rate) << to_line(time) << std::flush;
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_import: %s\n", error.what());
        return 1;
    }
}
