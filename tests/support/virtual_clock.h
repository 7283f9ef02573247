#pragma once
// Virtual time for thread tests: a WaitableClock that moves only when the test moves it, so a
// worker's minute of backoff takes the test no time at all and never depends on how loaded
// the machine is.

#include "base/clock.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

namespace ruhr::test {

/// A clock that threads can wait on and that the test advances. `advance` wakes every waiter
/// so it sees the new time; `wait_for_sleepers` tells the test when a worker has settled.
class VirtualClock final : public WaitableClock {
public:
    explicit VirtualClock(double start = 0.0) : m_now(start) {}
    ~VirtualClock() override;
    VirtualClock(const VirtualClock&) = delete;
    VirtualClock& operator=(const VirtualClock&) = delete;

    double now() const override { return m_now.load(); }
    bool wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, double deadline,
                    const std::function<bool()>& stop_waiting) const override;

    /// Moves time on by `seconds` and wakes every thread waiting on this clock.
    void advance(double seconds);
    /// Waits (in real time, at most `limit`) until at least `count` threads sleep on this clock
    /// for a deadline still ahead and have seen the latest advance: they stay idle until the
    /// clock moves or their condition variable is notified. A notification (a nudge) is not
    /// seen here: wait for what it causes instead. False when `limit` passed first.
    bool wait_for_sleepers(int count, std::chrono::milliseconds limit = std::chrono::seconds(10)) const;

private:
    struct Waiter {
        std::mutex* mutex;  // the waiter's own; guards `sleeping`
        std::condition_variable* cv;
        double deadline;
        bool sleeping = false;  // inside cv.wait, with the time as it was when it went in
    };
    void went_to_sleep() const;

    // Lock order: m_waiters_mutex, then a waiter's mutex, then m_sleeps_mutex. A waiter never
    // holds its own mutex while it takes m_waiters_mutex, so advance() can lock both.
    mutable std::mutex m_waiters_mutex;
    mutable std::vector<Waiter*> m_waiters;
    std::atomic<double> m_now;  // read under waiters' locks, so not behind m_waiters_mutex
    mutable std::mutex m_sleeps_mutex;
    mutable std::condition_variable m_sleeps_cv;
    mutable std::uint64_t m_sleeps = 0;  // how often any waiter went to sleep
};

}  // namespace ruhr::test
