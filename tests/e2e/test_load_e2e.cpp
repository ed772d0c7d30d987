// Load: 64 clients at once, each sending 500 requests one after the other, mostly
// reads (status, night.list of a week, night.get) and some night.add with dates no
// one else writes. No request may fail, every acknowledged night must be stored as
// sent, and the run reports the latency of a request as clients see it (p50, p99).
// The figures are printed, never asserted (timing goals live in bench/).
// PAINLOG_LOAD_CLIENTS, PAINLOG_LOAD_REQUESTS and PAINLOG_LOAD_WRITE_PERCENT change
// the mix; each write costs an fsync (synchronous=FULL), which sets the run's length.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "harness.h"

namespace painlog::e2e {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

long env_number(const char* name, long fallback) {
    const char* text = std::getenv(name);
    return text != nullptr && *text != '\0' ? std::strtol(text, nullptr, 10) : fallback;
}

std::string date_text(std::chrono::sys_days day) {
    const std::chrono::year_month_day ymd{day};
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return text;
}

// The journal read during the run: every day of 2025, imported before it starts.
const std::chrono::sys_days k_seeded_from{std::chrono::year{2025} / 1 / 1};
constexpr int k_seeded_days = 365;

// The n-th night written during the run: dates counting back from 2024-12-31.
json written_night(long n) {
    return {{"date", date_text(k_seeded_from - std::chrono::days{1 + n})},
            {"pain", n % 11},
            {"position", "back"},
            {"sleep_hours", 7.5},
            {"note", "load " + std::to_string(n)}};
}

struct ClientResult {
    std::vector<double> latencies_ms;
    std::vector<std::string> failures;
    std::vector<json> written;  // nights acknowledged
};

// One client: `requests` calls on one connection, `write_percent` of them night.add.
void run_client(const std::filesystem::path& socket, int index, long requests, long write_percent,
                std::atomic<long>& next_write, ClientResult& result) {
    std::mt19937 random(static_cast<std::uint32_t>(index) + 1);
    std::uniform_int_distribution<int> percent(0, 99);
    std::uniform_int_distribution<int> seeded_day(0, k_seeded_days - 1);
    RawClient client(socket);
    if (!client.connected()) {
        result.failures.push_back("client " + std::to_string(index) + " could not connect");
        return;
    }
    for (long i = 0; i < requests; ++i) {
        const int roll = percent(random);
        std::string method;
        json params;
        json night;
        if (roll < write_percent) {
            night = written_night(next_write++);
            method = "night.add";
            params = {{"night", night}};
        } else {
            const auto day = k_seeded_from + std::chrono::days{seeded_day(random)};
            switch (roll % 3) {
                case 0: method = "status"; break;
                case 1:
                    method = "night.list";
                    params = {{"from", date_text(day)}, {"to", date_text(day + std::chrono::days{6})}};
                    break;
                default:
                    method = "night.get";
                    params = {{"date", date_text(day)}};
            }
        }
        const auto start = std::chrono::steady_clock::now();
        const json reply = client.call(method, params);
        const auto took = std::chrono::steady_clock::now() - start;
        result.latencies_ms.push_back(std::chrono::duration<double, std::milli>(took).count());
        if (!reply.is_object() || !reply.contains("result")) {
            result.failures.push_back(method + " " + params.dump() + " -> " + reply.dump());
            if (reply.is_null()) return;  // the connection is gone
            continue;
        }
        if (!night.is_null()) result.written.push_back(night);
    }
}

std::string seed_csv() {
    std::string csv = "date,pain,position,sleep_hours,note\n";
    for (int day = 0; day < k_seeded_days; ++day) {
        csv += date_text(k_seeded_from + std::chrono::days{day}) + "," + std::to_string(day % 11) +
               ",side,7,seeded\n";
    }
    return csv;
}

double percentile(const std::vector<double>& sorted, double p) {
    const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1) + 0.5);
    return sorted[std::min(rank, sorted.size() - 1)];
}

TEST_CASE("64 clients with 500 mixed requests each are all served - every acknowledged write stored") {
    const long clients = env_number("PAINLOG_LOAD_CLIENTS", 64);
    const long requests = env_number("PAINLOG_LOAD_REQUESTS", 500);
    const long write_percent = env_number("PAINLOG_LOAD_WRITE_PERCENT", 20);
    World world;
    world.start_daemon();
    {
        RawClient seed(world.socket());
        REQUIRE(seed.call("journal.import", {{"content", seed_csv()}, {"format", "csv"}})
                    .contains("result"));
    }
    // The seeding connection is closed; let painlogd see it go before 64 connect.
    std::this_thread::sleep_for(200ms);

    std::vector<ClientResult> results(static_cast<std::size_t>(clients));
    std::atomic<long> next_write{0};
    const auto start = std::chrono::steady_clock::now();
    {
        std::vector<std::thread> threads;
        for (long i = 0; i < clients; ++i) {
            threads.emplace_back(run_client, world.socket(), static_cast<int>(i), requests,
                                 write_percent, std::ref(next_write),
                                 std::ref(results[static_cast<std::size_t>(i)]));
        }
        for (auto& thread : threads) thread.join();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::vector<double> latencies;
    std::vector<json> written;
    for (const auto& result : results) {
        for (const auto& failure : result.failures) FAIL_CHECK(failure);
        latencies.insert(latencies.end(), result.latencies_ms.begin(), result.latencies_ms.end());
        written.insert(written.end(), result.written.begin(), result.written.end());
    }
    REQUIRE(latencies.size() == static_cast<std::size_t>(clients * requests));
    std::sort(latencies.begin(), latencies.end());
    char figures[256];
    std::snprintf(figures, sizeof figures,
                  "load: %ld clients x %ld requests (%ld%% night.add) in %.1f s, %.0f requests/s; "
                  "latency p50 %.2f ms, p99 %.2f ms, max %.2f ms; %zu nights written",
                  clients, requests, write_percent, seconds,
                  static_cast<double>(latencies.size()) / seconds, percentile(latencies, 0.50),
                  percentile(latencies, 0.99), latencies.back(), written.size());
    MESSAGE(figures);
    std::cout << figures << "\n";

    RawClient check(world.socket());
    const json all = check.call("night.list", {{"to", date_text(k_seeded_from - std::chrono::days{1})}});
    REQUIRE(all.contains("result"));
    std::map<std::string, json> stored;
    for (const json& night : all["result"]["nights"]) stored[night["date"]] = night;
    CHECK(stored.size() == written.size());
    for (const json& night : written) {
        const auto found = stored.find(night["date"]);
        REQUIRE_MESSAGE(found != stored.end(), "acknowledged but not stored: " << night.dump());
        for (const auto& field : night.items()) CHECK(found->second[field.key()] == field.value());
    }
    const json status = check.call("status");
    CHECK(status["result"]["nights"] == k_seeded_days + static_cast<long>(written.size()));
}

}  // namespace
}  // namespace painlog::e2e
