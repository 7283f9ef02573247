#pragma once
// Time is passed in: the app reads a Clock so tests and the script driver can fast-forward
// idle timeouts instead of waiting, and worker threads wait on a WaitableClock so thread tests
// run on virtual time (tests/support/virtual_clock.h) instead of sleeping.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace ruhr {

/// Monotonic seconds since an arbitrary start.
class Clock {
public:
    virtual ~Clock() = default;
    virtual double now() const = 0;
};

/// A monotonic clock that threads can also wait on: a worker sleeps until its next deadline
/// with it, and a test's virtual clock wakes the worker when the test moves time on.
class WaitableClock : public Clock {
public:
    /// Waits on `cv` until `stop_waiting()` is true (checked, like std::condition_variable's
    /// wait_until with a predicate, whenever `cv` is notified) or until now() reaches `deadline`.
    /// `lock` holds the mutex that guards what `stop_waiting` reads; it may be let go meanwhile.
    /// Returns `stop_waiting()`. A wait may end early (after a year at most): callers that need
    /// the deadline check now() and wait again.
    virtual bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, double deadline,
                            const std::function<bool()>& stop_waiting) const = 0;
};

/// The real monotonic clock, used by the shipped program.
class SteadyClock final : public WaitableClock {
public:
    double now() const override {
        using namespace std::chrono;
        return duration<double>(steady_clock::now() - m_start).count();
    }
    bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, double deadline,
                    const std::function<bool()>& stop_waiting) const override;

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

/// A clock that moves only when told to: tests and `--script` runs. Nothing waits on it; thread
/// tests use test::VirtualClock.
class ManualClock final : public Clock {
public:
    double now() const override { return m_now; }
    void advance(double seconds) { m_now += seconds; }

private:
    double m_now = 0.0;
};

}  // namespace ruhr

namespace ruhr {

/// Wall-clock time in milliseconds since the Unix epoch. Kiosks often have wrong clocks, so
/// records also carry a monotonic sequence number; this is passed in like Clock.
class WallClock {
public:
    virtual ~WallClock() = default;
    virtual std::int64_t unix_ms() const = 0;
};

class SystemWallClock final : public WallClock {
public:
    std::int64_t unix_ms() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

/// A wall clock for tests: starts at `start` and moves when told to.
class ManualWallClock final : public WallClock {
public:
    explicit ManualWallClock(std::int64_t start = 1'764'000'000'000) : m_ms(start) {}
    std::int64_t unix_ms() const override { return m_ms; }
    void advance_ms(std::int64_t ms) { m_ms += ms; }

private:
    std::int64_t m_ms;
};

/// The ways a wall-clock time is written; all in UTC, since kiosks and collector may sit in
/// different zones and clocks.
enum class UtcFormat {
    Iso8601Ms,       // "2026-11-26T02:25:44.123Z": records, alerts, the sync protocol
    Iso8601Seconds,  // "2026-11-26T02:25:44Z": log lines
    Compact,         // "20261126T022544Z": export and pack folder names, sortable, valid on FAT
    FileName,        // "2026-11-26T02-25-44": names people read (stick logs, a damaged outbox)
};

/// `unix_ms` written in `format`; the one formatter of timestamps for every library.
std::string format_utc(std::int64_t unix_ms, UtcFormat format);

/// "2026-11-26T02:25:44.123Z": format_utc with UtcFormat::Iso8601Ms, the common case.
std::string iso8601_utc(std::int64_t unix_ms);

}  // namespace ruhr
