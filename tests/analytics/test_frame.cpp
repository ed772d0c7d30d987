// build_frame: design matrix, reference levels, missing rows, constant factors, notes.
#include "analytics/frame.h"

#include <cmath>
#include <limits>

#include <doctest/doctest.h>

namespace painlog::analytics {
namespace {

constexpr double k_na = std::numeric_limits<double>::quiet_NaN();

bool has_note(const ModelFrame& frame, const std::string& text) {
    for (const std::string& note : frame.notes) {
        if (note.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

Table small_table() {
    return {{"pain", std::vector<double>{3, 4, k_na, 6, 2, 5, 4, 7}},
            {"stress", std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8}},
            {"alcohol", std::vector<double>{0, 1, 0, 1, 0, 0, 1, 1}},
            {"position", std::vector<std::string>{"side", "back", "side", "", "stomach", "back", "side", "back"}},
            {"constant", std::vector<double>{2, 2, 2, 2, 2, 2, 2, 2}}};
}

TEST_CASE("terms are named and categorical factors dummy-coded against the most common level") {
    const auto frame = build_frame(small_table(), {"pain", {"stress", "alcohol", "position"}, {}, true});
    REQUIRE(frame.ok());
    // Rows 2 (pain missing) and 3 (position missing) are left out; time order kept.
    CHECK(frame->rows == std::vector<std::size_t>{0, 1, 4, 5, 6, 7});
    CHECK(frame->rows_dropped == 2);
    CHECK(has_note(*frame, "2 nights left out"));
    // back and side have 3 and 2 complete nights... back: rows 1,5,7 -> most common.
    REQUIRE(frame->factors.size() == 3);
    CHECK(frame->factors[2].reference == "back");
    CHECK(frame->factors[1].kind == FactorKind::k_yes_no);
    CHECK(frame->factors[0].kind == FactorKind::k_numeric);
    std::vector<std::string> names;
    for (const Term& t : frame->terms) {
        names.push_back(t.name);
    }
    CHECK(names == std::vector<std::string>{"(intercept)", "stress", "alcohol", "position=side", "position=stomach"});
    REQUIRE(frame->x.rows() == 6);
    CHECK(frame->x(0, 0) == 1.0);
    CHECK(frame->x(2, 1) == 5.0);  // table row 4
    CHECK(frame->x(0, 3) == 1.0);  // side
    CHECK(frame->x(2, 4) == 1.0);  // stomach
    CHECK(frame->x(1, 3) + frame->x(1, 4) == 0.0);  // back, the reference
    CHECK(frame->y(2) == 2.0);
    CHECK(has_note(*frame, "level 'stomach' of 'position' has only 1 night"));
}

TEST_CASE("reference level ties go to the first level in sorted order") {
    Table t = {{"pain", std::vector<double>{1, 2, 3, 4}},
               {"gear", std::vector<std::string>{"zeta", "alpha", "zeta", "alpha"}}};
    const auto frame = build_frame(t, {"pain", {"gear"}, {}, true});
    REQUIRE(frame.ok());
    CHECK(frame->factors[0].reference == "alpha");
    CHECK(frame->terms[1].name == "gear=zeta");
}

TEST_CASE("a named reference level is used - an unknown one is an error listing the levels") {
    FrameSpec spec{"pain", {"position"}, {{"position", "stomach"}}, true};
    const auto frame = build_frame(small_table(), spec);
    REQUIRE(frame.ok());
    CHECK(frame->factors[0].reference == "stomach");
    CHECK(frame->terms[1].name == "position=back");

    spec.references["position"] = "belly";
    const auto bad = build_frame(small_table(), spec);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("'belly'") != std::string::npos);
    CHECK(bad.error().message.find("'position'") != std::string::npos);
    CHECK(bad.error().message.find("'back', 'side', 'stomach'") != std::string::npos);

    const auto numeric_ref = build_frame(small_table(), {"pain", {"stress"}, {{"stress", "1"}}, true});
    CHECK_FALSE(numeric_ref.ok());
}

TEST_CASE("factors without variation are left out with a note - costing no rows") {
    Table t = small_table();
    std::get<std::vector<double>>(t[4].values)[3] = k_na;  // missing on a constant factor
    const auto frame = build_frame(t, {"pain", {"stress", "constant"}, {}, true});
    REQUIRE(frame.ok());
    CHECK(frame->terms.size() == 2);
    CHECK(has_note(*frame, "factor 'constant' left out"));
    CHECK(frame->rows_dropped == 1);  // only the missing pain
}

TEST_CASE("a factor constant on the complete rows is left out too") {
    Table t = {{"pain", std::vector<double>{1, 2, k_na, 4}},
               {"gear", std::vector<std::string>{"a", "a", "b", "a"}}};
    const auto frame = build_frame(t, {"pain", {"gear"}, {}, true});
    REQUIRE(frame.ok());
    CHECK(frame->factors.empty());
    CHECK(has_note(*frame, "'gear' left out"));
}

TEST_CASE("bad input gives clear errors") {
    CHECK_FALSE(build_frame({}, {"pain", {}, {}, true}).ok());
    CHECK(build_frame({{"pain", std::vector<double>{}}}, {"pain", {}, {}, true}).error().message.find("no data") == 0);
    const auto unknown = build_frame(small_table(), {"pain", {"coffee"}, {}, true});
    REQUIRE_FALSE(unknown.ok());
    CHECK(unknown.error().message.find("'coffee'") != std::string::npos);
    CHECK_FALSE(build_frame(small_table(), {"position", {"stress"}, {}, true}).ok());
    Table uneven = small_table();
    uneven.push_back({"short", std::vector<double>{1, 2}});
    CHECK_FALSE(build_frame(uneven, {"pain", {}, {}, true}).ok());
    Table all_missing = {{"pain", std::vector<double>{k_na, k_na}}, {"x", std::vector<double>{1, 2}}};
    CHECK_FALSE(build_frame(all_missing, {"pain", {"x"}, {}, true}).ok());
}

TEST_CASE("blocks count runs of one value in time order") {
    CHECK(count_blocks(std::vector<std::size_t>{0, 0, 1, 1, 0}) == 3);
    CHECK(count_blocks(std::vector<double>{1.5, 1.5, 1.5}) == 1);
    CHECK(count_blocks(std::vector<double>{}) == 0);
    Table t = {{"pain", std::vector<double>{1, 2, 3, 4, 5, 6}},
               {"pillow", std::vector<std::string>{"a", "a", "b", "b", "b", "a"}}};
    const auto frame = build_frame(t, {"pain", {"pillow"}, {}, true});
    REQUIRE(frame.ok());
    CHECK(frame->factors[0].blocks == 3);
}

TEST_CASE("without intercept no (intercept) term is made") {
    const auto frame = build_frame(small_table(), {"pain", {"stress"}, {}, false});
    REQUIRE(frame.ok());
    REQUIRE(frame->terms.size() == 1);
    CHECK(frame->terms[0].name == "stress");
    CHECK_FALSE(frame->intercept);
}

}  // namespace
}  // namespace painlog::analytics
