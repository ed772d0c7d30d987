// Fuzz target for protocol::indent_json and protocol::json_object_members, against
// nlohmann as the reference: the text is refused exactly when nlohmann refuses it (or
// nests deeper than k_max_json_depth, or has a NUL byte after the value, where
// nlohmann stops reading); what indent_json prints reads back as the value nlohmann
// read, and a value nlohmann wrote prints as nlohmann's dump(2); an object's members
// are the object's, each value its value.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fuzz_check.h"
#include "protocol/json_text.h"

namespace {

using nlohmann::json;
using painlog::fuzz::as_text;
using painlog::fuzz::fuzz_check;
namespace protocol = painlog::protocol;

// How deep `value`'s containers nest (a scalar: 0).
int depth_of(const json& value) {
    int deepest = 0;
    if (value.is_structured()) {
        for (const json& element : value) deepest = std::max(deepest, depth_of(element));
        ++deepest;
    }
    return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = as_text(data, size);
    const json expected = json::parse(text, nullptr, false);
    const auto indented = protocol::indent_json(text, 2);
    if (expected.is_discarded()) {
        fuzz_check(!indented, "indent_json accepted a text nlohmann refuses");
        fuzz_check(!protocol::json_object_members(text),
                   "json_object_members accepted a text nlohmann refuses");
        return 0;
    }
    if (!indented) {
        // nlohmann stops reading at a NUL byte.
        fuzz_check(depth_of(expected) > protocol::k_max_json_depth ||
                       text.find('\0') != std::string_view::npos,
                   "indent_json refused a text nlohmann accepts");
        return 0;
    }
    fuzz_check(json::parse(*indented, nullptr, false) == expected,
               "indent_json's text reads back as another value");
    const std::string written = expected.dump();
    fuzz_check(protocol::indent_json(written, 2) == expected.dump(2),
               "indent_json of nlohmann's text is not nlohmann's dump(2)");

    const auto members = protocol::json_object_members(text);
    fuzz_check(members.has_value() == expected.is_object(),
               "json_object_members disagrees on whether the text is an object");
    if (members) {
        for (const auto& member : *members) {
            const json key = json::parse(member.key, nullptr, false);
            fuzz_check(key.is_string() && expected.contains(key.get<std::string>()),
                       "a member's key is not a key of the object");
            fuzz_check(!json::parse(member.value, nullptr, false).is_discarded(),
                       "a member's value is not JSON");
        }
        // With no key twice, each value is the object's (nlohmann keeps the last).
        if (members->size() == expected.size()) {
            for (const auto& member : *members) {
                const std::string key = json::parse(member.key).get<std::string>();
                fuzz_check(json::parse(member.value) == expected[key],
                           "a member's value is not its value");
            }
        }
    }
    return 0;
}
