// painlog analyze, both forms, through the real daemon: the CSV form agrees with R
// (lm, glm, sandwich::NeweyWest) on the committed reference data, and the journal
// form finds a planted effect in a journal imported from a generated CSV.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "harness.h"

namespace painlog::e2e {
namespace {

using nlohmann::json;

const std::string k_r_data = std::string(PAINLOG_SOURCE_DIR) + "/tests/analytics/data/r/";

// R's results: "what,term,value" rows, as written by tests/analytics/make_r_reference.R.
std::map<std::string, double> r_values(const std::string& file) {
    std::ifstream in(k_r_data + file);
    REQUIRE(in);
    std::map<std::string, double> values;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
        const auto last = line.rfind(',');
        values[line.substr(0, last)] = std::stod(line.substr(last + 1));
    }
    return values;
}

void check_close(double ours, double theirs) {
    CHECK(std::fabs(ours - theirs) <= 1e-6 * std::max(1.0, std::fabs(theirs)));
}

// journal.csv without the rows that have an empty cell: the rows R fitted (na.omit).
std::string complete_rows(const World& world, bool bad_morning) {
    std::ifstream in(k_r_data + "journal.csv");
    REQUIRE(in);
    std::ostringstream out;
    std::string line;
    std::getline(in, line);
    out << (bad_morning ? "bad" + line.substr(line.find(',')) : line) << "\n";
    while (std::getline(in, line)) {
        if (line.find(",,") != std::string::npos || line.front() == ',' || line.back() == ',') continue;
        if (bad_morning) {
            const double pain = std::stod(line.substr(0, line.find(',')));
            out << (pain >= 6 ? "1" : "0") << line.substr(line.find(',')) << "\n";
        } else {
            out << line << "\n";
        }
    }
    const auto file = world.root() / (bad_morning ? "bad.csv" : "complete.csv");
    std::ofstream(file) << out.str();
    return file.native();
}

json analyze(const World& world, const std::vector<std::string>& args) {
    std::vector<std::string> full{"analyze"};
    full.insert(full.end(), args.begin(), args.end());
    full.push_back("--json");
    const RunResult result = world.painlog(full);
    REQUIRE_MESSAGE(result.exit_code == 0, "exit " << result.exit_code << ": " << result.err);
    return json::parse(result.out);
}

TEST_CASE("analyze --csv agrees with R's lm and sandwich::NeweyWest") {
    World world;
    world.start_daemon();
    const auto lm = r_values("lm.csv");
    const json ols = analyze(world, {"--csv", k_r_data + "journal.csv", "--outcome", "pain"});
    CHECK(ols["model"] == "ols");
    CHECK(ols["n"] == 145);  // R drops the 5 rows with a missing value too
    CHECK(ols["n_dropped"] == 5);
    REQUIRE(ols["coefficients"].size() == 7);
    for (const auto& c : ols["coefficients"]) {
        const std::string term = c["term"];
        CAPTURE(term);
        check_close(c["estimate"], lm.at("estimate," + term));
        check_close(c["std_error"], lm.at("std_error," + term));
        check_close(c["p_value"], lm.at("p_value," + term));
    }
    check_close(ols["r_squared"], lm.at("r_squared,"));
    check_close(ols["f_statistic"], lm.at("f_statistic,"));
    // A CSV is not a journal: its findings speak of its own outcome and rows.
    bool worded = false;
    for (const auto& finding : ols["findings"]) {
        const std::string text = finding["text"];
        CHECK(text.find("Mornings") == std::string::npos);
        CHECK(text.find("nights") == std::string::npos);
        if (finding["term"] == "position=stomach") {
            worded = text.starts_with("With position = stomach (vs side): +") &&
                     text.find(" pain (95% CI") != std::string::npos && text.ends_with(" rows");
        }
    }
    CHECK(worded);

    const auto nw = r_values("newey_west.csv");
    const std::string complete = complete_rows(world, false);
    const json hac = analyze(world, {"--csv", complete, "--outcome", "pain", "--se", "hac", "--hac-lag", "4"});
    CHECK(hac["n_dropped"] == 0);
    for (const auto& c : hac["coefficients"]) {
        const std::string term = c["term"];
        CAPTURE(term);
        check_close(c["std_error"], nw.at("std_error_lag4," + term));
    }

    const auto lm0 = r_values("lm_no_intercept.csv");
    const json no_intercept = analyze(world, {"--csv", complete, "--outcome", "pain", "--factors",
                                              "stress,alcohol", "--no-intercept"});
    REQUIRE(no_intercept["coefficients"].size() == 2);
    for (const auto& c : no_intercept["coefficients"]) {
        check_close(c["estimate"], lm0.at("estimate," + c["term"].get<std::string>()));
    }
    check_close(no_intercept["r_squared"], lm0.at("r_squared,"));
}

TEST_CASE("analyze --csv --model logit agrees with R's glm") {
    World world;
    world.start_daemon();
    // The complete rows with the outcome made a bad morning (pain >= 6), as in the R script.
    const std::string file = complete_rows(world, true);
    const auto glm = r_values("glm.csv");
    const json logit = analyze(world, {"--csv", file, "--outcome", "bad", "--model", "logit"});
    CHECK(logit["model"] == "logit");
    for (const auto& c : logit["coefficients"]) {
        const std::string term = c["term"];
        CAPTURE(term);
        check_close(c["estimate"], glm.at("estimate," + term));
        check_close(c["std_error"], glm.at("std_error," + term));
    }
    check_close(logit["deviance"], glm.at("deviance,"));
    check_close(logit["aic"], glm.at("aic,"));
}

// A generated journal: 200 nights, AR(1) noise, a true +2 for sleeping on the stomach
// and no effect of the pillow, which is switched every 20 nights.
std::string generated_journal_csv() {
    std::mt19937_64 random(20261123);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::ostringstream csv;
    csv << "date,pain,mattress,pillow,position,stress\n";
    double previous = 0.0;
    for (int day = 0; day < 200; ++day) {
        const auto date = std::chrono::sys_days{std::chrono::year{2026} / 3 / 1} + std::chrono::days{day};
        const std::chrono::year_month_day ymd{date};
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                      static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
        const bool stomach = random() % 4 == 0;
        const int stress = static_cast<int>(random() % 10);
        previous = 0.5 * previous + noise(random);
        const double pain = std::clamp(std::round(2.5 + (stomach ? 2.0 : 0.0) + 0.2 * stress + previous), 0.0, 10.0);
        csv << text << ',' << pain << ",Foam," << ((day / 20) % 2 == 0 ? "Feather" : "Contour") << ','
            << (stomach ? "stomach" : "side") << ',' << stress << "\n";
    }
    return csv.str();
}

TEST_CASE("analyze on the journal finds a planted effect and calls a useless pillow a null") {
    World world;
    world.start_daemon();
    const auto file = world.root() / "journal.csv";
    std::ofstream(file) << generated_journal_csv();
    REQUIRE(world.painlog({"import", file.native()}).exit_code == 0);
    const json result = analyze(world, {});
    CHECK(result["inference"] == "ar1");
    CHECK(result["n"] == 200);
    CHECK(result["from"] == "2026-03-01");
    bool stomach = false;
    for (const auto& c : result["coefficients"]) {
        if (c["term"] == "position=stomach") {
            stomach = true;
            CHECK(std::fabs(c["estimate"].get<double>() - 2.0) < 0.5);
            CHECK(c["ci_low"].get<double>() > 1.0);
            CHECK(c["p_adjusted"].get<double>() < 0.001);
        }
        if (c["factor"] == "pillow") CHECK(c["p_adjusted"].get<double>() > 0.05);
    }
    CHECK(stomach);
    REQUIRE_FALSE(result["findings"].empty());
    CHECK(result["findings"][0]["term"] == "position=stomach");
    CHECK(result["findings"][0]["text"].get<std::string>().find("stomach") != std::string::npos);

    // The wiring: the configured threshold reaches the model, --threshold overrides it.
    REQUIRE(world.painlog({"config", "set", "bad_morning_threshold", "6"}).exit_code == 0);
    const json bad = analyze(world, {"--outcome", "bad-morning"});
    CHECK(bad["model"] == "logit");
    CHECK(bad["description"].get<std::string>().find("pain >= 6") != std::string::npos);
    const json bad7 = analyze(world, {"--outcome", "bad-morning", "--threshold", "7"});
    CHECK(bad7["description"].get<std::string>().find("pain >= 7") != std::string::npos);
    // Both models of the same nights in one request: each as it is alone.
    const json both = analyze(world, {"--outcome", "both", "--threshold", "7"});
    CHECK(both["pain"] == result);
    CHECK(both["bad_morning"] == bad7);
    const RunResult both_text = world.painlog({"analyze", "--outcome", "both"});
    CHECK(both_text.exit_code == 0);
    CHECK(both_text.out.find("pain points") < both_text.out.find("What makes a bad morning more or less likely:"));
    CHECK(both_text.out.find("Model: logistic regression on bad mornings (pain >= 6.0)") != std::string::npos);
    // References are names like any other: matched regardless of case.
    const json referenced = analyze(world, {"--reference", "Position=STOMACH"});
    bool side_against_stomach = false;
    for (const auto& c : referenced["coefficients"]) {
        if (c["term"] == "position=side") side_against_stomach = c["estimate"].get<double>() < -1.0;
    }
    CHECK(side_against_stomach);
    const json lagged = analyze(world, {"--hac-lag", "3"});
    CHECK(lagged["inference"] == "newey_west");
    CHECK(lagged["hac_lag"] == 3);

    const RunResult text = world.painlog({"analyze"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("stomach") != std::string::npos);
    CHECK(text.out.find("not medical advice") != std::string::npos);
}

TEST_CASE("analyze says when there is not enough data and refuses bad input") {
    World world;
    world.start_daemon();
    const json none = analyze(world, {});
    CHECK(none["n"] == 0);
    const RunResult unknown = world.painlog({"analyze", "--reference", "colour=red"});
    CHECK(unknown.exit_code == 65);  // checked even when there is nothing to analyse
    CHECK(unknown.err.find("colour") != std::string::npos);
    REQUIRE(none["findings"].size() == 1);
    CHECK(none["findings"][0]["kind"] == "not_enough_data");
    for (int day = 1; day <= 5; ++day) {
        REQUIRE(world.painlog({"add", "--date", "2026-11-0" + std::to_string(day), "--pain",
                               std::to_string(day), "--position", day % 2 ? "side" : "back"})
                    .exit_code == 0);
    }
    const json few = analyze(world, {});
    REQUIRE_FALSE(few["findings"].empty());
    CHECK(few["findings"][0]["kind"] == "not_enough_data");

    const auto empty = world.root() / "empty.csv";
    std::ofstream(empty) << "";
    const auto constant = world.root() / "constant.csv";
    std::ofstream(constant) << "y,x\n1,1\n1,2\n1,3\n1,4\n";
    const auto tiny = world.root() / "tiny.csv";
    std::ofstream(tiny) << "y,x,z\n1,1,3\n2,2,5\n";
    const auto words = world.root() / "words.csv";
    std::ofstream(words) << "y,x\n1,1\nlots,2\n3,3\n";
    struct Case {
        std::vector<std::string> args;
        int exit_code;
        std::string mention;
    };
    const Case cases[] = {
        {{"analyze", "--outcome", "mood"}, 65, "outcome"},
        {{"analyze", "--se", "robust"}, 65, "se"},
        {{"analyze", "--reference", "position=upside"}, 65, "upside"},
        {{"analyze", "--reference", "colour=red"}, 65, "colour"},
        {{"analyze", "--csv", (k_r_data + "journal.csv"), "--outcome", "mood"}, 65, "mood"},
        {{"analyze", "--csv", (k_r_data + "journal.csv"), "--outcome", "pain", "--reference",
          "position=upside"},
         65, "upside"},
        {{"analyze", "--csv", (k_r_data + "journal.csv"), "--outcome", "position"}, 65, "position"},
        {{"analyze", "--csv", empty.native(), "--outcome", "y"}, 65, "empty"},
        {{"analyze", "--csv", constant.native(), "--outcome", "y"}, 65, "y"},
        {{"analyze", "--csv", tiny.native(), "--outcome", "y"}, 65, "rows"},
        {{"analyze", "--csv", words.native(), "--outcome", "y"}, 65, "lots"},
        {{"analyze", "--csv", (world.root() / "missing.csv").native(), "--outcome", "y"}, 66, "missing.csv"},
        {{"analyze", "--csv", (k_r_data + "journal.csv")}, 64, "outcome"},
        {{"analyze", "--csv", (k_r_data + "journal.csv"), "--outcome", "pain", "--no-intercept"}, 65,
         "intercept"},
        {{"analyze", "--csv", (k_r_data + "journal.csv"), "--outcome", "pain", "--factors", "stress,stress"},
         65, "stress"},
        {{"analyze", "--se", "classic", "--hac-lag", "3"}, 65, "hac_lag"},
        {{"analyze", "--threshold", "6"}, 65, "threshold"},
        {{"analyze", "--outcome", "both", "--threshold", "11"}, 65, "threshold"},
        {{"analyze", "--csv", "/dev/null", "--outcome", "y"}, 65, "/dev/null"},
    };
    for (const auto& c : cases) {
        std::string shown;
        for (const auto& arg : c.args) shown += arg + " ";
        CAPTURE(shown);
        const RunResult result = world.painlog(c.args);
        CHECK(result.exit_code == c.exit_code);
        CHECK(result.err.find(c.mention) != std::string::npos);
    }
}

}  // namespace
}  // namespace painlog::e2e
