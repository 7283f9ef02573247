#pragma once
// Time is passed in: the app reads a Clock so tests and the script driver can fast-forward
// idle timeouts instead of waiting.

#include <chrono>

namespace ruhr {

/// Monotonic seconds since an arbitrary start.
class Clock {
public:
    virtual ~Clock() = default;
    virtual double now() const = 0;
};

/// The real monotonic clock, used by the shipped program.
class SteadyClock final : public Clock {
public:
    double now() const override {
        using namespace std::chrono;
        return duration<double>(steady_clock::now() - m_start).count();
    }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

/// A clock that moves only when told to: tests and `--script` runs.
class ManualClock final : public Clock {
public:
    double now() const override { return m_now; }
    void advance(double seconds) { m_now += seconds; }

private:
    double m_now = 0.0;
};

} // namespace ruhr
