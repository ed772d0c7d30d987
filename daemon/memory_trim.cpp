#include "daemon/memory_trim.h"

#include <malloc.h>

namespace painlog::daemon {

void MemoryTrim::after_long_request() {
    m_timer.expires_after(k_quiet);  // cancels the wait set by the last long request
    m_timer.async_wait([](boost::system::error_code ec) {
        if (!ec) ::malloc_trim(0);
    });
}

}  // namespace painlog::daemon
