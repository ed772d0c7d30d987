// A notifier that records what it is asked to deliver and succeeds or fails as a
// test says; the seam the scheduler tests use instead of D-Bus and commands.
#pragma once

#include <string>
#include <vector>

#include "daemon/notifier.h"

namespace painlog::daemon::test {

class FakeNotifier final : public Notifier {
public:
    protocol::Result<std::string> deliver(const Notice& notice) override {
        delivered.push_back(notice);
        if (!failure.empty()) {
            return protocol::make_error(protocol::ErrorCode::k_undelivered, failure);
        }
        return std::string("fake notifier");
    }

    std::vector<Notice> delivered;  // every notice asked for, delivered or not
    std::string failure;            // non-empty: deliveries fail with this reason
};

}  // namespace painlog::daemon::test
