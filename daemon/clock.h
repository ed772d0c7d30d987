// The clock seam: everything in painlogd that asks "what time is it" asks a Clock,
// so tests can drive time. SystemClock is the real one. Implementations must be
// safe to call from any thread.
#pragma once

#include <chrono>

namespace painlog::daemon {

class Clock {
public:
    virtual ~Clock() = default;
    [[nodiscard]] virtual std::chrono::system_clock::time_point now() const = 0;
};

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point now() const override {
        return std::chrono::system_clock::now();
    }
};

// A clock that says what it is told; for tests.
class FixedClock final : public Clock {
public:
    explicit FixedClock(std::chrono::system_clock::time_point now) : m_now(now) {}
    std::chrono::system_clock::time_point now() const override { return m_now; }
    void set(std::chrono::system_clock::time_point now) { m_now = now; }

private:
    std::chrono::system_clock::time_point m_now;
};

}  // namespace painlog::daemon
