#include "daemon/night_codec.h"

#include <doctest/doctest.h>

namespace painlog::daemon {
namespace {

using nlohmann::json;

// One row per bad input: the night object, and the field its error must name.
struct BadCase {
    const char* night;
    const char* field;
    const char* value;
};

TEST_CASE("each out-of-range or malformed field is refused - naming field and value") {
    const BadCase cases[] = {
        {R"({"pain": 11})", "pain", "11"},
        {R"({"pain": -1})", "pain", "-1"},
        {R"({"pain": "bad"})", "pain", "bad"},
        {R"({"pain": 3.5})", "pain", "3.5"},
        {R"({"pain": true})", "pain", "true"},
        {R"({"pain": 1e300})", "pain", "1e+300"},
        {R"({"pain": 99999999999999999999})", "pain", "1e+20"},
        {R"({"pain": 3, "stiffness": 12})", "stiffness", "12"},
        {R"({"pain": 3, "stress": -2})", "stress", "-2"},
        {R"({"pain": 3, "sleep_quality": 0})", "sleep_quality", "0"},
        {R"({"pain": 3, "sleep_quality": 6})", "sleep_quality", "6"},
        {R"({"pain": 3, "sitting_hours": 25})", "sitting_hours", "25"},
        {R"({"pain": 3, "sleep_hours": -0.5})", "sleep_hours", "-0.5"},
        {R"({"pain": 3, "sleep_hours": "long"})", "sleep_hours", "long"},
        {R"({"pain": 3, "position": "upside_down"})", "position", "upside_down"},
        {R"({"pain": 3, "areas": ["neck", "knee"]})", "areas", "knee"},
        {R"({"pain": 3, "areas": ["neck", "neck"]})", "areas", "neck"},
        {R"({"pain": 3, "areas": 5})", "areas", "5"},
        {R"({"pain": 3, "mattress": ""})", "mattress", ""},
        {R"({"pain": 3, "routines": "Cat-Cow"})", "routines", "Cat-Cow"},
        {R"({"pain": 3, "factors": [1]})", "factors", "[1]"},
        {R"({"pain": 3, "factors": {"coffee": [1]}})", "factor:coffee", "[1]"},
        {R"({"pain": 3, "note": 7})", "note", "7"},
        {R"({"pain": 3, "mood": 2})", "night", "mood"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.night);
        const auto fields = parse_night_fields(json::parse(c.night), true);
        REQUIRE_FALSE(fields.ok());
        CHECK(fields.error().code == protocol::ErrorCode::k_invalid_params);
        CHECK(fields.error().field == c.field);
        CHECK(fields.error().value == c.value);
        CHECK_FALSE(fields.error().allowed.empty());
        CHECK(fields.error().message.find(c.field) != std::string::npos);
    }
}

TEST_CASE("a full night parses - null means not given - areas may be a comma list") {
    const auto fields = parse_night_fields(json::parse(R"({
        "date": "2026-11-20", "pain": 4, "areas": "neck,upper_back", "stiffness": null,
        "position": "side", "stress": 0, "sitting_hours": 8.5, "sleep_hours": 24,
        "sleep_quality": 5, "routines": ["Cat-Cow"], "factors": {"coffee": "2"},
        "note": "ok", "pain_again": null})"),
                                           true);
    REQUIRE(fields.ok());
    CHECK(fields->pain == 4);
    CHECK(fields->areas == ((1U << 0) | (1U << 1)));
    CHECK_FALSE(fields->stiffness.has_value());
    CHECK(fields->stress == 0);
    CHECK(fields->sitting_hours == 8.5);
    CHECK(fields->sleep_hours == 24.0);
    REQUIRE(fields->factors.size() == 1);
    CHECK(fields->factors[0].second == "2");
}

TEST_CASE("a date key is refused where the date is not a field (edit's set)") {
    const auto fields = parse_night_fields(json::parse(R"({"date": "2026-11-20"})"), false);
    REQUIRE_FALSE(fields.ok());
    CHECK(fields.error().field == "date");
}

TEST_CASE("a note is limited to 4000 characters - counted as characters not bytes") {
    std::string note;
    for (int i = 0; i < 4000; ++i) note += "\xC3\xA9";  // é: 2 bytes, 1 character
    CHECK(parse_night_fields(json{{"note", note}}, false).ok());
    CHECK_FALSE(parse_night_fields(json{{"note", note + "x"}}, false).ok());
}

TEST_CASE("night_to_json gives every key - null where absent - areas in fixed order") {
    Night night;
    night.date = *parse_iso_date("2026-11-20");
    night.pain = 2;
    night.areas = (1U << 4) | (1U << 1);
    const json out = night_to_json(night);
    CHECK(out["date"] == "2026-11-20");
    CHECK(out["areas"] == json::array({"neck", "arms"}));
    for (const char* key : {"stiffness", "mattress", "pillow", "position", "stress",
                            "sitting_hours", "sleep_hours", "sleep_quality", "note"}) {
        CAPTURE(key);
        REQUIRE(out.contains(key));
        CHECK(out[key].is_null());
    }
    CHECK(out["routines"].is_array());
    CHECK(out["factors"].is_object());
}

TEST_CASE("append_night_json writes what night_to_json dumps - byte for byte") {
    Night bare;
    bare.date = *parse_iso_date("2026-11-20");
    Night full;
    full.date = *parse_iso_date("1700-01-01");
    full.pain = 10;
    full.areas = 0x1FU;
    full.stiffness = 0;
    full.mattress = "Futon \"firm\" \\ 2";
    full.pillow = "K\xc3\xb6rper \xe2\x96\xb2";  // UTF-8
    full.position = "stomach";
    full.stress = 7;
    full.sitting_hours = 7.25;
    full.sleep_hours = 0.1;
    full.sleep_quality = 5;
    full.routines = {"Cat-Cow", "Open Book"};
    full.factors = {{"coffee", 2.0}, {"alcohol", true}, {"room", std::string("cold\n\tdraughty")},
                    {"third", 1e-7}};
    full.note = std::string("line one\nline two \x01 and \xff invalid");
    for (const Night* night : {&bare, &full}) {
        std::string written;
        append_night_json(written, *night);
        CHECK(written == night_to_json(*night).dump(-1, ' ', false, json::error_handler_t::replace));
    }
}

}  // namespace
}  // namespace painlog::daemon
