// Fuzz target for protocol::LineFramer. The first byte of the input sets the line
// limit (1 to 64 bytes, so the limit is reached often), the second seeds how the
// rest is cut into reads. Whatever the cuts, the framer must return exactly the
// lines a reference splitter finds in the whole stream, report "too long" at the
// same line, and never hold more than a line's worth of bytes.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "protocol/framing.h"

namespace {

using painlog::fuzz::fuzz_check;
using painlog::protocol::LineFramer;

struct Framed {
    std::vector<std::string> lines;
    bool too_long = false;
    friend bool operator==(const Framed&, const Framed&) = default;
};

// PROTOCOL.md's framing, applied to the whole stream at once.
Framed reference(std::string_view stream, std::size_t limit) {
    Framed out;
    std::size_t start = 0;
    for (;;) {
        const std::size_t newline = stream.find('\n', start);
        if (newline == std::string_view::npos) break;
        std::string_view line = stream.substr(start, newline - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        start = newline + 1;
        if (line.size() > limit) {
            out.too_long = true;
            return out;
        }
        if (!line.empty()) out.lines.emplace_back(line);
    }
    // An unfinished line is too long once it cannot end within the limit: a '\r'
    // just past the limit may still be the one before "\n".
    const std::string_view tail = stream.substr(start);
    const std::size_t allowance = !tail.empty() && tail.back() == '\r' ? 1 : 0;
    out.too_long = tail.size() > limit + allowance;
    return out;
}

// The framer fed in chunks whose sizes come from `seed`.
Framed framed(std::string_view stream, std::size_t limit, std::uint8_t seed) {
    Framed out;
    LineFramer framer(limit);
    std::uint32_t state = seed * 2654435761U + 1;
    std::size_t offset = 0;
    std::string line;
    while (offset < stream.size()) {
        state = state * 1103515245U + 12345U;
        const std::size_t chunk = 1 + (state >> 16) % (2 * limit + 8);
        framer.append(stream.substr(offset, chunk));
        offset += std::min(chunk, stream.size() - offset);
        for (;;) {
            const auto next = framer.next(&line);
            if (next == LineFramer::Next::k_too_long) {
                out.too_long = true;
                return out;
            }
            if (next == LineFramer::Next::k_need_more) break;
            fuzz_check(!line.empty() && line.size() <= limit, "a line is empty or over the limit");
            fuzz_check(line.find('\n') == std::string::npos, "a line holds a newline");
            out.lines.push_back(line);
        }
        fuzz_check(framer.buffered() <= limit + 1, "the framer holds more than one line's worth");
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const std::size_t limit = 1 + data[0] % 64;
    const std::string_view stream = painlog::fuzz::as_text(data + 2, size - 2);
    const Framed expected = reference(stream, limit);
    fuzz_check(framed(stream, limit, data[1]) == expected,
               "the framer's lines differ from the reference splitter's");
    // All at once and byte by byte must agree too.
    LineFramer whole(limit);
    whole.append(stream);
    Framed at_once;
    std::string line;
    for (;;) {
        const auto next = whole.next(&line);
        if (next == LineFramer::Next::k_line) {
            at_once.lines.push_back(line);
            continue;
        }
        at_once.too_long = next == LineFramer::Next::k_too_long;
        break;
    }
    fuzz_check(at_once == expected, "the framer differs when given the stream in one piece");
    // The nesting scan must never read out of bounds whatever the bytes.
    (void)painlog::protocol::nests_deeper_than(stream, 1 + data[1] % 8);
    return 0;
}
