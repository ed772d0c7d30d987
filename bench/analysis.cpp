// Times the analysis of ten years of nights (3,650 rows, about 20 terms) in-process:
// building the model frame, the fits alone (least squares by QR; least squares with
// AR(1) errors on pain, the journal's default; logistic regression of bad mornings),
// the whole analyse() call for each (frame, fits, findings), and both models from
// one groundwork, one after the other. With --write-csv FILE it writes
// the same synthetic journal as a painlog import CSV, for bench/run's whole-process
// timing of `painlog analyze --json`. Prints figures; never fails on a time.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "analytics/analysis.h"
#include "analytics/ar1.h"
#include "analytics/logit.h"
#include "analytics/ols.h"

namespace {

using namespace painlog::analytics;

struct Journal {
    Table table;
    FrameSpec spec;
    std::vector<std::string> dates;
};

// Ten years of nights: gear in blocks, position, stress, hours, quality, five
// routines and three custom factors; pain with AR(1) noise and a few true effects.
Journal make_journal(std::size_t nights) {
    std::mt19937_64 random(3650);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const char* mattresses[] = {"Futon", "Foam", "Spring", "Latex"};
    const char* pillows[] = {"Feather", "Contour", "Low foam"};
    const char* positions[] = {"side", "back", "stomach", "mixed"};
    const char* rooms[] = {"cold", "mild", "warm"};
    const char* routines[] = {"Cat-Cow", "Open Book", "Head Tilt", "Scapular Clocks", "Shoulder Rows"};

    Journal journal;
    std::vector<double> pain(nights), stress(nights), sitting(nights), sleep(nights), quality(nights),
        alcohol(nights), coffee(nights);
    std::vector<std::string> mattress(nights), pillow(nights), position(nights), room(nights);
    std::vector<std::vector<double>> done(5, std::vector<double>(nights));
    double previous = 0.0;
    for (std::size_t i = 0; i < nights; ++i) {
        mattress[i] = mattresses[(i / 300) % 4];
        pillow[i] = pillows[(i / 45) % 3];
        position[i] = positions[static_cast<std::size_t>(uniform(random) * 4)];
        room[i] = rooms[static_cast<std::size_t>(uniform(random) * 3)];
        stress[i] = std::floor(uniform(random) * 11);
        sitting[i] = std::round(uniform(random) * 12 * 2) / 2;
        sleep[i] = std::round((5 + uniform(random) * 4) * 4) / 4;
        quality[i] = 1 + std::floor(uniform(random) * 5);
        alcohol[i] = uniform(random) < 0.2 ? 1 : 0;
        coffee[i] = std::floor(uniform(random) * 5);
        for (auto& routine : done) routine[i] = uniform(random) < 0.5 ? 1 : 0;
        previous = 0.5 * previous + noise(random);
        const double value = 3.0 + (position[i] == "stomach" ? 1.9 : 0.0) + 0.25 * stress[i] +
                             0.08 * sitting[i] - 0.6 * done[0][i] + (mattress[i] == "Futon" ? 0.8 : 0.0) +
                             1.2 * previous;
        pain[i] = std::clamp(std::round(value), 0.0, 10.0);
        const auto day = std::chrono::sys_days{std::chrono::year{2016} / 1 / 1} + std::chrono::days{i};
        const std::chrono::year_month_day ymd{day};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        journal.dates.emplace_back(text);
    }
    journal.table = {{"pain", pain},         {"mattress", mattress}, {"pillow", pillow},
                     {"position", position}, {"stress", stress},     {"sitting_hours", sitting},
                     {"sleep_hours", sleep}, {"sleep_quality", quality}, {"alcohol", alcohol},
                     {"coffee", coffee},     {"room", room}};
    for (std::size_t r = 0; r < 5; ++r) {
        journal.table.push_back({std::string("routine:") + routines[r], done[r]});
    }
    journal.spec.outcome = "pain";
    for (std::size_t c = 1; c < journal.table.size(); ++c) journal.spec.factors.push_back(journal.table[c].name);
    return journal;
}

void write_csv(const Journal& journal, const char* path) {
    std::ofstream out(path);
    out << "date,pain,mattress,pillow,position,stress,sitting_hours,sleep_hours,sleep_quality,routines,"
           "factor:alcohol[yesno],factor:coffee[number],factor:room[choice:cold|mild|warm]\n";
    const auto& t = journal.table;
    const auto num = [&](std::size_t c, std::size_t i) { return std::get<std::vector<double>>(t[c].values)[i]; };
    const auto str = [&](std::size_t c, std::size_t i) { return std::get<std::vector<std::string>>(t[c].values)[i]; };
    for (std::size_t i = 0; i < journal.dates.size(); ++i) {
        std::string routines;
        for (std::size_t r = 0; r < 5; ++r) {
            if (num(11 + r, i) == 0) continue;
            routines += (routines.empty() ? "" : ";") + t[11 + r].name.substr(8);
        }
        out << journal.dates[i] << ',' << num(0, i) << ',' << str(1, i) << ',' << str(2, i) << ',' << str(3, i)
            << ',' << num(4, i) << ',' << num(5, i) << ',' << num(6, i) << ',' << num(7, i) << ',' << routines
            << ',' << (num(8, i) != 0 ? "yes" : "no") << ',' << num(9, i) << ',' << str(10, i) << '\n';
    }
}

template <typename F>
double median_ms(int runs, F&& body) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        body();
        times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
    if (argc > 2 && std::strcmp(argv[1], "--write-csv") == 0) {
        write_csv(make_journal(3650), argv[2]);
        return 0;
    }
    const std::size_t nights = quick ? 365 : 3650;
    const int runs = quick ? 1 : 41;
    const Journal journal = make_journal(nights);

    std::size_t terms = 0;
    const double frame_ms = median_ms(runs, [&] {
        auto frame = build_frame(journal.table, journal.spec);
        if (frame) terms = frame->terms.size();
    });
    AnalysisOptions pain_options;
    AnalysisOptions bad_options;
    bad_options.outcome = OutcomeModel::k_bad_morning;
    bad_options.bad_morning_threshold = 5;

    // The fits alone, on the frame's design (as analyse() fits them: the AR(1) model and
    // the logistic model on the terms least squares can estimate, all of them here).
    const auto frame = build_frame(journal.table, journal.spec);
    if (!frame) {
        std::fprintf(stderr, "bench_analysis: %s\n", frame.error().message.c_str());
        return 1;
    }
    const std::vector<std::string> names = term_names(*frame);
    const Eigen::VectorXd bad = (frame->y.array() >= bad_options.bad_morning_threshold).cast<double>();
    LogitOptions logit_options;
    logit_options.intercept_column = frame->intercept ? 0 : -1;
    int ar1_iterations = 0;
    int logit_iterations = 0;
    OlsOptions ols_options;
    ols_options.intercept_column = frame->intercept ? 0 : -1;
    const double ols_ms = median_ms(runs, [&] { (void)fit_ols(frame->x, frame->y, names, ols_options); });
    const double ar1_ms = median_ms(runs, [&] {
        auto fit = fit_ar1(frame->x, frame->y, names);
        ar1_iterations = fit ? fit->iterations : -1;
    });
    const double logit_ms = median_ms(runs, [&] {
        auto fit = fit_logit(frame->x, bad, names, logit_options);
        logit_iterations = fit ? fit->iterations : -1;
    });

    std::size_t flagged = 0;
    const double pain_ms = median_ms(runs, [&] {
        auto result = analyse(journal.table, journal.spec, pain_options);
        flagged = 0;
        if (result) {
            for (const auto& f : result->findings) flagged += f.flagged ? 1 : 0;
        }
    });
    const double bad_ms = median_ms(runs, [&] { (void)analyse(journal.table, journal.spec, bad_options); });
    // Both models from one groundwork, one after the other (painlogd fits them at once).
    const double both_ms = median_ms(runs, [&] {
        const auto groundwork = lay_groundwork(journal.table, journal.spec);
        if (!groundwork) return;
        (void)analyse(*groundwork, pain_options);
        (void)analyse(*groundwork, bad_options);
    });

    std::printf("analysis of %zu nights, %zu terms (median of %d runs, in-process)\n", nights, terms, runs);
    std::printf("  %-44s %8.3f ms\n", "model frame", frame_ms);
    std::printf("  %-44s %8.3f ms\n", "fit: least squares (QR, refined)", ols_ms);
    std::printf("  %-44s %8.3f ms   (%d iterations)\n", "fit: least squares, AR(1) errors", ar1_ms,
                ar1_iterations);
    std::printf("  %-44s %8.3f ms   (%d iterations)\n", "fit: logistic regression (IRLS)", logit_ms,
                logit_iterations);
    std::printf("  %-44s %8.3f ms\n", "model frame + both fits", frame_ms + ar1_ms + logit_ms);
    std::printf("  %-44s %8.3f ms   (%zu findings flagged)\n", "analyse(): pain, AR(1) errors (default)",
                pain_ms, flagged);
    std::printf("  %-44s %8.3f ms\n", "analyse(): bad morning, logistic, Newey-West", bad_ms);
    std::printf("  %-44s %8.3f ms   budget (whole process, bench/run): 15 ms\n",
                "both, one groundwork, one after the other", both_ms);
    std::printf("{\"bench\":\"analysis\",\"nights\":%zu,\"terms\":%zu,\"runs\":%d,\"frame_ms\":%.4f,"
                "\"ols_fit_ms\":%.4f,\"ar1_fit_ms\":%.4f,\"logit_fit_ms\":%.4f,\"pain_ms\":%.4f,"
                "\"bad_morning_ms\":%.4f,\"both_ms\":%.4f}\n",
                nights, terms, runs, frame_ms, ols_ms, ar1_ms, logit_ms, pain_ms, bad_ms, both_ms);
    return 0;
}
