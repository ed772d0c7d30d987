// bench_report: the budgets (one table, here) and the report of a run. Reads the figures
// the tools printed (JSON lines, bench/figure.h), prints them as one table with each
// comparison, ratio, budget and whether it is met, and writes the same as one JSON
// document (bench/README.md describes it). Never fails on a time: a missed budget is
// reported, not an error; only an unreadable input or output is.
//
//   bench_report --figures FILE --out FILE [--quick] [--build-type TYPE] [--date TEXT]
//                [--host TEXT]
//
// A JSON line without "id" (bench_analysis prints {"bench": "analysis", "frame_ms": ...})
// becomes one figure per member ending in _ms, without a budget. With --quick (small
// sizes, one round) the budgets are shown but not judged.
#include <cmath>
#include <cstdio>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace {

using nlohmann::json;

enum class Check { k_ratio_at_most, k_ratio_at_least, k_value_below, k_value_at_most, k_value_at_least };

struct Budget {
    const char* id;
    const char* text;
    Check check;
    double limit;
};

// Every budget of the issue "Benchmarks with budgets"; bench/README.md says what each
// figure and its comparison are.
constexpr Budget k_budgets[] = {
    {"add", "ratio <= 0.5", Check::k_ratio_at_most, 0.5},
    {"list", "ratio <= 0.5", Check::k_ratio_at_most, 0.5},
    {"import", "ratio >= 0.3", Check::k_ratio_at_least, 0.3},
    {"import_time", "< 1 s", Check::k_value_below, 1.0},
    {"analyze", "< 15 ms", Check::k_value_below, 15.0},
    {"statsmodels", "ratio <= 0.02 (50x)", Check::k_ratio_at_most, 0.02},
    {"report_html", "< 25 ms", Check::k_value_below, 25.0},
    {"rss_idle", "< 8 MB", Check::k_value_below, 8.0},
    {"rss_peak", "< 16 MB", Check::k_value_below, 16.0},
    {"wakeups", "<= 2 in 60 s", Check::k_value_at_most, 2.0},
    {"load_reads", ">= 20000/s", Check::k_value_at_least, 20000.0},
    {"load_add_p99", "< 5 ms", Check::k_value_below, 5.0},
};

const Budget* budget_of(const std::string& id) {
    for (const Budget& budget : k_budgets) {
        if (id == budget.id) return &budget;
    }
    return nullptr;
}

bool judge(const Budget& budget, const json& figure) {
    const double value = figure.value("value", std::nan(""));
    const double ratio = figure.value("ratio", std::nan(""));
    switch (budget.check) {
        case Check::k_ratio_at_most: return ratio <= budget.limit;
        case Check::k_ratio_at_least: return ratio >= budget.limit;
        case Check::k_value_below: return value < budget.limit;
        case Check::k_value_at_most: return value <= budget.limit;
        case Check::k_value_at_least: return value >= budget.limit;
    }
    return false;
}

std::string number(double value) {
    char text[32];
    const double magnitude = std::fabs(value);
    if (value == std::floor(value) && magnitude < 1e15) {
        std::snprintf(text, sizeof text, "%.0f", value);
        return text;
    }
    const int decimals = magnitude >= 1000 ? 0 : magnitude >= 10 ? 1 : magnitude >= 0.1 ? 2 : 3;
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string cut(std::string text, std::size_t width) {
    if (text.size() > width) text = text.substr(0, width - 3) + "...";
    return text;
}

// The figures of one JSON line: itself when it has an id, else one per "*_ms" member.
std::vector<json> figures_of(const json& line) {
    if (line.contains("id")) return {line};
    std::vector<json> out;
    const std::string bench = line.value("bench", "in-process");
    std::string size;
    if (line.contains("nights")) size += ", " + line["nights"].dump() + " nights";
    if (line.contains("terms")) size += " x " + line["terms"].dump() + " terms";
    for (const auto& [key, value] : line.items()) {
        if (key.size() <= 3 || key.compare(key.size() - 3, 3, "_ms") != 0 || !value.is_number()) continue;
        const std::string name = key.substr(0, key.size() - 3);
        out.push_back(json{{"id", "inproc_" + bench + "_" + name},
                           {"what", "in process, " + bench + size + ": " + name},
                           {"value", value},
                           {"unit", "ms"},
                           {"rounds", line.value("runs", 0)}});
    }
    return out;
}

struct Options {
    std::string figures_path;
    std::string out_path;
    bool quick = false;
    std::string build_type = "unknown";
    std::string date;
    std::string host;
};

// The command line's options into `options`.
void define(CLI::App& app, Options& options) {
    app.add_option("--figures", options.figures_path, "the tools' JSON lines")->required();
    app.add_option("--out", options.out_path, "the JSON document to write")->required();
    app.add_flag("--quick", options.quick, "small sizes: budgets shown, not judged");
    app.add_option("--build-type", options.build_type, "the build's CMAKE_BUILD_TYPE");
    app.add_option("--date", options.date, "when the run was made");
    app.add_option("--host", options.host, "the machine");
}

void print_table(const json& figures, bool quick) {
    std::printf("\n%-52s %14s  %-44s %7s  %-20s %s\n", "figure", "painlog", "compared with", "ratio", "budget",
                quick ? "(quick: not judged)" : "status");
    for (const json& f : figures) {
        const std::string what = cut(f.value("what", f.value("id", "")), 52);
        if (f.contains("skipped")) {
            std::printf("%-52s %14s  %-44s %7s  %-20s %s\n", what.c_str(), "-", "", "", f.value("budget", "").c_str(),
                        "skipped");
            std::printf("%-52s %14s  %s\n", "", "", f["skipped"].get<std::string>().c_str());
            continue;
        }
        const std::string unit = f.value("unit", "");
        const std::string value = number(f.value("value", 0.0)) + " " + unit;
        std::string comparison;
        if (f.contains("comparison_value")) {
            const std::string figure = number(f["comparison_value"].get<double>()) + " " + unit;
            comparison = cut(f.value("comparison", ""), 43 - figure.size()) + " " + figure;
        }
        const std::string ratio = f.contains("ratio") ? number(f["ratio"].get<double>()) : "";
        std::string status;
        if (f.contains("met")) status = f["met"].get<bool>() ? "met" : "MISSED";
        std::printf("%-52s %14s  %-44s %7s  %-20s %s\n", what.c_str(), value.c_str(), comparison.c_str(),
                    ratio.c_str(), f.value("budget", "").c_str(), status.c_str());
        // Notes explain budgeted figures; the others' notes stay in the JSON.
        if (f.contains("note") && f.contains("budget")) {
            std::printf("%-52s %14s  %s\n", "", "", f["note"].get<std::string>().c_str());
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    Options options;
    CLI::App app{"bench_report: the budgets and the report of a run"};
    define(app, options);
    CLI11_PARSE(app, argc, argv);
    try {
        std::ifstream in(options.figures_path);
        if (!in) throw std::runtime_error("cannot read " + options.figures_path);
        json figures = json::array();
        json summary{{"met", 0}, {"missed", 0}, {"not_judged", 0}, {"skipped", 0}};
        for (std::string line; std::getline(in, line);) {
            if (line.empty() || line.front() != '{') continue;
            for (json figure : figures_of(json::parse(line))) {
                if (const Budget* budget = budget_of(figure.value("id", ""))) {
                    figure["budget"] = budget->text;
                    if (figure.contains("skipped")) {
                        summary["skipped"] = summary["skipped"].get<int>() + 1;
                    } else if (options.quick) {
                        summary["not_judged"] = summary["not_judged"].get<int>() + 1;
                    } else {
                        const bool met = judge(*budget, figure);
                        figure["met"] = met;
                        const char* key = met ? "met" : "missed";
                        summary[key] = summary[key].get<int>() + 1;
                    }
                }
                figures.push_back(std::move(figure));
            }
        }
        print_table(figures, options.quick);
        std::printf("\nbudgets: %d met, %d missed, %d skipped%s\n", summary["met"].get<int>(),
                    summary["missed"].get<int>(), summary["skipped"].get<int>(),
                    options.quick ? " (quick run: sizes too small to judge)" : "");

        const json document{{"painlog_bench", 1},
                            {"date", options.date},
                            {"host", options.host},
                            {"build_type", options.build_type},
                            {"quick", options.quick},
                            {"budgets", summary},
                            {"figures", figures}};
        std::ofstream out(options.out_path);
        out << document.dump(2) << '\n';
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + options.out_path);
        std::printf("results: %s\n", options.out_path.c_str());
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_report: %s\n", error.what());
        return 1;
    }
}
