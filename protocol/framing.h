// Line framing for protocol version 1: bytes from a stream in, complete lines out,
// with the 1 MiB limit enforced before a line is buffered whole; and the nesting
// check a reader runs before it parses a line. No I/O: the daemon session and the
// CLI client feed it. Not thread-safe; one framer per connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace painlog::protocol {

inline constexpr std::size_t k_max_message_bytes = 1024 * 1024;
inline constexpr std::size_t k_max_nesting_depth = 64;

class LineFramer {
public:
    explicit LineFramer(std::size_t max_line_bytes = k_max_message_bytes)
        : m_max_line_bytes(max_line_bytes) {}

    enum class Next { k_line, k_need_more, k_too_long };

    // Appends bytes received from the stream.
    void append(std::string_view bytes) { m_buffer.append(bytes); }

    // k_line: *line holds the next complete line without its "\n" (and without a
    // "\r" before it). k_need_more: no complete line yet. k_too_long: a line is
    // longer than the limit; the stream cannot be resynchronised and the caller
    // should close it. Blank lines are skipped.
    [[nodiscard]] Next next(std::string* line);

    // Bytes buffered but not yet returned as lines.
    std::size_t buffered() const { return m_buffer.size() - m_start; }

private:
    std::string m_buffer;
    std::size_t m_start = 0;    // first byte not yet returned
    std::size_t m_scanned = 0;  // bytes after m_start known to hold no '\n'
    std::size_t m_max_line_bytes;
};

// Whether the JSON text `line` nests arrays and objects more than `limit` deep,
// found by one pass that skips brackets inside strings; it does not check that the
// text is JSON. Lets a reader refuse a message before parsing it: a 1 MiB line can
// nest half a million deep, which exhausts the stack of the recursive code that
// copies, dumps or compares JSON values.
[[nodiscard]] bool nests_deeper_than(std::string_view line, std::size_t limit);

}  // namespace painlog::protocol
