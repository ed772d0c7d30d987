#include "protocol/framing.h"

#include <utility>

namespace painlog::protocol {

LineFramer::Next LineFramer::next(std::string* line) {
    for (;;) {
        const std::size_t newline = m_buffer.find('\n', m_start + m_scanned);
        if (newline == std::string::npos) {
            m_scanned = m_buffer.size() - m_start;
            // A '\r' just past the limit may be the one before "\n", which does not
            // count: wait for the next byte before calling the line too long, so the
            // verdict never depends on how the stream was cut into reads.
            const bool may_end_in_cr = m_scanned == m_max_line_bytes + 1 && m_buffer.back() == '\r';
            if (m_scanned > m_max_line_bytes && !may_end_in_cr) return Next::k_too_long;
            // Compact once the consumed prefix dominates, so memory stays bounded.
            if (m_start > 0 && m_start >= m_buffer.size() / 2) {
                m_buffer.erase(0, m_start);
                m_start = 0;
            }
            return Next::k_need_more;
        }
        std::size_t end = newline;
        if (end > m_start && m_buffer[end - 1] == '\r') --end;
        const std::size_t length = end - m_start;
        const std::size_t begin = m_start;
        m_start = newline + 1;
        m_scanned = 0;
        if (length > m_max_line_bytes) return Next::k_too_long;
        if (length == 0) continue;
        const std::size_t rest = m_buffer.size() - m_start;
        if (begin == 0 && rest <= length) {
            // A line at the front, with less after it: the buffer becomes the line and
            // keeps only what follows, rather than copying a long reply whole.
            std::string after = m_buffer.substr(m_start);
            m_buffer.resize(length);
            line->swap(m_buffer);
            m_buffer = std::move(after);
            m_start = 0;
            return Next::k_line;
        }
        line->assign(m_buffer, begin, length);
        if (m_start == m_buffer.size()) {
            m_buffer.clear();
            m_start = 0;
        }
        return Next::k_line;
    }
}

bool nests_deeper_than(std::string_view line, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : line) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return true;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return false;
}

}  // namespace painlog::protocol
