// Line framing for protocol version 1: bytes from a stream in, complete lines out,
// with the 1 MiB limit enforced before a line is buffered whole. No I/O: the daemon
// session and the CLI client feed it. Not thread-safe; one framer per connection.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace painlog::protocol {

inline constexpr std::size_t k_max_message_bytes = 1024 * 1024;

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

}  // namespace painlog::protocol
