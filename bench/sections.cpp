// bench_sections: where painlogd's time goes on ten years of nights, in process and
// without the socket: reading the nights from SQLite, turning them into the analysis
// table, the analysis.run and report.build requests as the request handler serves them,
// rendering the report as HTML, and the small requests (status, night.add, night.list
// of 30 nights). The journal CSV (bench_analysis --write-csv) is imported into a file
// in a temporary directory (WAL, synchronous=FULL, as painlogd keeps it). Prints the
// figures as JSON lines (bench/figure.h); they carry no budget, they explain the
// whole-process figures.
//
//   bench_sections --csv FILE [--quick]
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/figure.h"
#include "daemon/analysis_table.h"
#include "daemon/clock.h"
#include "daemon/database.h"
#include "daemon/journal.h"
#include "daemon/journal_io.h"
#include "daemon/memory_trim.h"
#include "daemon/notifier.h"
#include "daemon/reminder_store.h"
#include "daemon/request_handler.h"
#include "daemon/scheduler.h"
#include "report/render.h"

namespace {

using namespace painlog;
using bench::Figure;
namespace fs = std::filesystem;

// Delivers nothing: no reminder is due in this benchmark.
class NoNotifier final : public daemon::Notifier {
public:
    protocol::Result<std::string> deliver(const daemon::Notice&) override {
        return protocol::make_error(protocol::ErrorCode::k_undelivered, "benchmark: no notifications");
    }
};

template <typename F>
Figure time_stage(const char* id, const std::string& what, int runs, F&& body) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    Figure figure;
    figure.id = id;
    figure.what = what;
    figure.value = bench::median(times);
    figure.unit = "ms";
    figure.rounds = runs;
    char note[64];
    std::snprintf(note, sizeof note, "fastest %.3f ms", *std::min_element(times.begin(), times.end()));
    figure.note = note;
    std::fprintf(stderr, "  %-58s %9.3f ms (median of %d; %s)\n", what.c_str(), figure.value, runs, note);
    return figure;
}

// Sends one request line to the handler; throws when the reply is an error.
std::string call(daemon::RequestHandler& handler, const std::string& method, const std::string& params) {
    const std::string line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
    auto reply = handler.handle(line);
    if (!reply || reply->find("\"result\"") == std::string::npos) {
        throw std::runtime_error(method + " failed: " + reply.value_or("(no reply)"));
    }
    return *reply;
}

}  // namespace

int main(int argc, char** argv) {
    bool quick = false;
    std::string csv_path;
    CLI::App app{"bench_sections: where painlogd's time goes, in process"};
    app.add_option("--csv", csv_path, "the journal CSV (bench_analysis --write-csv)")->required();
    app.add_flag("--quick", quick, "one run of each stage instead of 21");
    CLI11_PARSE(app, argc, argv);
    daemon::configure_heap();  // painlogd's heap policy
    const int runs = quick ? 1 : 21;
    // The stages of a tenth of a millisecond or less run ten times as often (a full run's
    // medians of them are otherwise noise); a quick run is one run of everything.
    const int many = quick ? 1 : runs * 10;
    const int adds = quick ? 1 : runs * 2;
    std::string pattern = (fs::temp_directory_path() / "painlog-sections-XXXXXX").native();
    if (::mkdtemp(pattern.data()) == nullptr) return 1;
    const fs::path dir = pattern;
    try {
        std::ifstream in(csv_path);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) throw std::runtime_error("cannot read " + csv_path);
        auto parsed = daemon::parse_csv_import(text.str());
        if (!parsed) throw std::runtime_error(parsed.error().message);
        daemon::SystemClock clock;
        {
            // Imported, then closed (which checkpoints the WAL into the file): the
            // journal as a painlogd started on it finds it.
            auto importing = daemon::Database::open(dir / "journal.db");
            if (!importing) throw std::runtime_error(importing.error().message);
            daemon::Journal journal(**importing, clock);
            auto imported = journal.import(*parsed, false);
            if (!imported) throw std::runtime_error(imported.error().message);
        }
        auto opened = daemon::Database::open(dir / "journal.db");
        if (!opened) throw std::runtime_error(opened.error().message);
        daemon::Journal journal(**opened, clock);
        daemon::ReminderStore reminders(journal);
        NoNotifier notifier;
        daemon::Scheduler scheduler(journal, reminders, notifier, clock);
        daemon::RequestHandler handler(journal, scheduler,
                                       daemon::ServerInfo{dir / "sock", dir / "journal.db", 1, dir / "reports"});
        const std::size_t nights = parsed->nights.size();
        if (nights < 30) throw std::runtime_error("the CSV has fewer than 30 nights");
        std::vector<std::string> dates;
        for (const auto& row : parsed->nights) dates.push_back(row.date_text);
        const auto last = daemon::parse_iso_date(dates.back());
        const std::string week = daemon::format_iso_week(daemon::week_monday(*last));
        const std::string size = std::to_string(nights) + " nights";
        std::fprintf(stderr, "painlogd's work on %s, in process (no socket, no process start)\n", size.c_str());

        std::vector<Figure> figures;
        figures.push_back(time_stage("sections_read", "read every night from SQLite as night objects (" + size + ")",
                                     runs, [&] { (void)journal.list_nights(std::nullopt, std::nullopt); }));
        figures.push_back(time_stage("sections_columns", "read every night from SQLite as the analysis's columns",
                                     runs, [&] { (void)journal.night_columns(std::nullopt, std::nullopt); }));
        const auto columns = journal.night_columns(std::nullopt, std::nullopt);
        figures.push_back(time_stage("sections_table", "the columns to the analysis table", runs, [&] {
            (void)daemon::journal_analysis_input(columns->nights, *columns->catalog);
        }));
        figures.push_back(time_stage("sections_analyze_pain", "analysis.run, pain (request in, JSON out)", runs,
                                     [&] { (void)call(handler, "analysis.run", "{}"); }));
        figures.push_back(time_stage("sections_analyze_bad", "analysis.run, bad mornings", runs,
                                     [&] { (void)call(handler, "analysis.run", "{\"outcome\":\"bad-morning\"}"); }));
        figures.push_back(time_stage("sections_analyze_both", "analysis.run, both models", runs,
                                     [&] { (void)call(handler, "analysis.run", "{\"outcome\":\"both\"}"); }));
        const std::string report_params = "{\"week\":\"" + week + "\",\"window\":\"all\"}";
        figures.push_back(time_stage("sections_report", "report.build, window all", runs,
                                     [&] { (void)call(handler, "report.build", report_params); }));
        const std::string reply = call(handler, "report.build", report_params);
        const auto report = nlohmann::json::parse(reply)["result"];
        figures.push_back(
            time_stage("sections_html", "render_html of that report", runs, [&] { (void)report::render_html(report); }));
        const std::string list_params = "{\"from\":\"" + dates[nights - 30] + "\",\"to\":\"" + dates.back() + "\"}";
        figures.push_back(time_stage("sections_list", "night.list of 30 nights", many,
                                     [&] { (void)call(handler, "night.list", list_params); }));
        figures.push_back(
            time_stage("sections_status", "status", many, [&] { (void)call(handler, "status", "{}"); }));
        int added = 0;  // each night.add takes the next date from 1800-01-01
        figures.push_back(time_stage("sections_add", "night.add (one commit, synchronous=FULL)", adds, [&] {
            const std::chrono::year_month_day day{std::chrono::sys_days{std::chrono::year{1800} / 1 / 1} +
                                                  std::chrono::days{added++}};
            char date[16];
            std::snprintf(date, sizeof date, "%04d-%02u-%02u", static_cast<int>(day.year()),
                          static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
            (void)call(handler, "night.add",
                       std::string("{\"night\":{\"date\":\"") + date + "\",\"pain\":3,\"stress\":4}}");
        }));
        for (const Figure& figure : figures) std::cout << bench::to_line(figure);
        std::cout << std::flush;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_sections: %s\n", error.what());
        fs::remove_all(dir);
        return 1;
    }
    fs::remove_all(dir);
    return 0;
}
