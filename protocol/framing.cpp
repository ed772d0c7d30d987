#include "protocol/framing.h"

namespace painlog::protocol {

LineFramer::Next LineFramer::next(std::string* line) {
    for (;;) {
        const std::size_t newline = m_buffer.find('\n', m_start + m_scanned);
        if (newline == std::string::npos) {
            m_scanned = m_buffer.size() - m_start;
            if (m_scanned > m_max_line_bytes) return Next::k_too_long;
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
        line->assign(m_buffer, begin, length);
        if (m_start == m_buffer.size()) {
            m_buffer.clear();
            m_start = 0;
        }
        return Next::k_line;
    }
}

}  // namespace painlog::protocol
