// The weekly report end to end: the real painlog and painlogd over a realistic sample
// journal (scripts/sample-journal), in all four forms, to a file, written and listed,
// and every kind of bad input; an empty journal gets a friendly report.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "e2e/harness.h"

namespace painlog::e2e {
namespace {

using nlohmann::json;

// A world with 120 sample nights ending yesterday (TZ=UTC in the harness).
struct SampleWorld : World {
    SampleWorld() {
        start_daemon();
        const auto csv = root() / "sample.csv";
        const RunResult sample = run({"/bin/sh", "-c", std::string(PAINLOG_SOURCE_DIR) + "/scripts/sample-journal 120 > " + csv.native()}, {});
        REQUIRE(sample.exit_code == 0);
        const RunResult imported = painlog({"import", csv.native()});
        INFO(imported.err);
        REQUIRE(imported.exit_code == 0);
    }
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Display width in code points.
std::size_t width(const std::string& line) {
    std::size_t count = 0;
    for (const char c : line) count += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1U : 0U;
    return count;
}

TEST_CASE("the weekly report of a sample journal in text - markdown - json and html") {
    SampleWorld world;
    const RunResult text = world.painlog({"report"});
    INFO(text.err);
    REQUIRE(text.exit_code == 0);
    std::string flowing = text.out;  // the renderer wraps lines
    std::replace(flowing.begin(), flowing.end(), '\n', ' ');
    CHECK(flowing.find("not medical advice") != std::string::npos);
    CHECK(text.out.find("stomach") != std::string::npos);
    CHECK(text.out.find('\x1b') == std::string::npos);  // not a terminal: no colour
    std::istringstream lines(text.out);
    for (std::string line; std::getline(lines, line);) {
        CAPTURE(line);
        CHECK(width(line) <= 80);
    }

    const RunResult json_run = world.painlog({"report", "--format", "json", "--window", "all"});
    REQUIRE(json_run.exit_code == 0);
    const json report = json::parse(json_run.out);
    CHECK(report["painlog_report"] == 1);
    CHECK(report["days"].size() == 7);
    CHECK(report["summary"]["nights"] == 7);
    CHECK(report["analysis"]["window"]["label"] == "all data");
    CHECK(report["analysis"]["result"]["n"].get<int>() >= 100);

    const RunResult markdown = world.painlog({"report", "--format", "markdown"});
    REQUIRE(markdown.exit_code == 0);
    CHECK(markdown.out.find("| ") != std::string::npos);
    CHECK(markdown.out.find("# ") != std::string::npos);

    const auto html = world.root() / "week.html";
    const RunResult written = world.painlog({"report", "--format", "html", "--out", html.native()});
    REQUIRE(written.exit_code == 0);
    const std::string page = read_file(html);
    CHECK(page.rfind("<!doctype html>", 0) == 0);
    CHECK(page.find("id=\"pain-chart\"") != std::string::npos);
    CHECK(page.find("id=\"forest-plot\"") != std::string::npos);
    CHECK(page.find("<script") == std::string::npos);
    CHECK(page.find("http") == std::string::npos);
}

TEST_CASE("report --write keeps a week written before and report --list lists it") {
    SampleWorld world;
    const RunResult first = world.painlog({"report", "--write"});
    REQUIRE(first.exit_code == 0);
    CHECK(first.out.find("Wrote ") != std::string::npos);
    const RunResult again = world.painlog({"report", "--write"});
    REQUIRE(again.exit_code == 0);
    CHECK(again.out.find("Kept") != std::string::npos);
    const RunResult list = world.painlog({"report", "--list"});
    REQUIRE(list.exit_code == 0);
    CHECK(list.out.find(".html") != std::string::npos);
    const auto reports = world.root() / "data" / "painlog" / "reports";
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(reports)) files += entry.is_regular_file() ? 1U : 0U;
    CHECK(files == 2);
}

TEST_CASE("report bad input gets a clear error and an empty journal a friendly report") {
    World world;
    world.start_daemon();
    const RunResult empty = world.painlog({"report"});
    REQUIRE(empty.exit_code == 0);
    CHECK(empty.out.find("painlog add") != std::string::npos);

    const RunResult week = world.painlog({"report", "--week", "2026-W54"});
    CHECK(week.exit_code == 65);
    CHECK(week.err.find("week: '2026-W54'") != std::string::npos);
    const RunResult window = world.painlog({"report", "--window", "0d"});
    CHECK(window.exit_code == 65);
    CHECK(window.err.find("window: '0d'") != std::string::npos);
    const RunResult format = world.painlog({"report", "--format", "pdf"});
    CHECK(format.exit_code == 64);
    CHECK(format.err.find("pdf") != std::string::npos);
    const RunResult out = world.painlog({"report", "--out", "/nonexistent/dir/report.txt"});
    CHECK(out.exit_code == 73);
    CHECK(out.err.find("/nonexistent/dir/report.txt") != std::string::npos);
}

}  // namespace
}  // namespace painlog::e2e
