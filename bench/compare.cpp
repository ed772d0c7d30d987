// bench_compare: times whole processes, alone or against another tool, and prints the
// figure as a JSON line (bench/figure.h). With both sides, runs them alternately
// (A B A B ...) and reports the median of A, of B and of the pairwise ratios A/B.
//
//   bench_compare --id ID --what TEXT [--comparison TEXT] [--note TEXT] [--rounds N]
//                 [--warmup N] [--date-from YYYY-MM-DD] :a CMD ARGS... [:a CMD...] [:b CMD ARGS...]...
//
// Each ":a" or ":b" starts one command of that side; a side of several commands is
// timed as their sum (one after the other). In arguments, {date} is replaced by
// --date-from plus one day per run, so that each run writes a new date, and {run} by
// the run's number. A command that fails ends the benchmark with exit status 1.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/dates.h"
#include "bench/figure.h"
#include "bench/process.h"

namespace {

using namespace painlog::bench;

struct Options {
    Figure figure;
    int rounds = 11;
    int warmup = 1;
    std::string date_from = "1900-01-01";
    std::vector<std::vector<std::string>> a;
    std::vector<std::vector<std::string>> b;
};

std::string substitute(std::string arg, const std::string& key, const std::string& value) {
    for (auto at = arg.find(key); at != std::string::npos; at = arg.find(key, at + value.size())) {
        arg.replace(at, key.size(), value);
    }
    return arg;
}

Options parse(int argc, char** argv) {
    Options options;
    std::vector<std::vector<std::string>>* side = nullptr;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
            return argv[++i];
        };
        if (arg == ":a" || arg == ":b") {
            side = arg == ":a" ? &options.a : &options.b;
            side->emplace_back();
        } else if (side != nullptr) {
            side->back().push_back(arg);
        } else if (arg == "--id") {
            options.figure.id = value();
        } else if (arg == "--what") {
            options.figure.what = value();
        } else if (arg == "--comparison") {
            options.figure.comparison = value();
        } else if (arg == "--note") {
            options.figure.note = value();
        } else if (arg == "--rounds") {
            options.rounds = std::stoi(value());
        } else if (arg == "--warmup") {
            options.warmup = std::stoi(value());
        } else if (arg == "--date-from") {
            options.date_from = value();
        } else {
            throw std::runtime_error("unknown argument " + arg);
        }
    }
    if (options.figure.id.empty() || options.a.empty()) throw std::runtime_error("--id and :a are required");
    for (const auto* commands : {&options.a, &options.b}) {
        for (const auto& command : *commands) {
            if (command.empty()) throw std::runtime_error("an empty :a or :b command");
        }
    }
    return options;
}

// Runs one side's commands for run number `run`; their summed wall time in ms.
double run_side(const std::vector<std::vector<std::string>>& commands, const Options& options, int run) {
    double total = 0.0;
    for (const auto& command : commands) {
        std::vector<std::string> argv;
        for (const auto& arg : command) {
            argv.push_back(substitute(substitute(arg, "{date}", date_plus(options.date_from, run)), "{run}",
                                      std::to_string(run)));
        }
        total += run_timed(argv);
    }
    return total;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        Options options = parse(argc, argv);
        Figure& figure = options.figure;
        figure.unit = "ms";
        figure.rounds = options.rounds;
        int run = 0;  // each run of either side gets its own number (and date)
        if (options.b.empty()) {
            std::vector<double> times;
            for (int round = 0; round < options.warmup + options.rounds; ++round) {
                const double t = run_side(options.a, options, run++);
                if (round >= options.warmup) times.push_back(t);
            }
            figure.value = median(times);
            std::fprintf(stderr, "  %-58s %9.2f ms (median of %d)\n", figure.what.c_str(), figure.value,
                         options.rounds);
        } else {
            const Pairs pairs = alternate(
                options.rounds, options.warmup, [&](int) { return run_side(options.a, options, run++); },
                [&](int) { return run_side(options.b, options, run++); });
            figure.value = median(pairs.a);
            figure.comparison_value = median(pairs.b);
            figure.ratio = median(pairs.ratios);
            std::fprintf(stderr, "  %-58s %9.2f ms against %.2f ms: ratio %.3f (median of %d pairs)\n",
                         figure.what.c_str(), figure.value, *figure.comparison_value, *figure.ratio, options.rounds);
        }
        std::cout << to_line(figure) << std::flush;
        return 0;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "bench_compare: %s\n", error.what());
        return 1;
    }
}
