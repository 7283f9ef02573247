#pragma once
// The thread of a background worker (sync, retention) and what it shares with the threads that
// talk to it: one lock, one wake-up, one stop flag. The worker's body waits with wait_until(),
// which goes through the WaitableClock it was given, so thread tests run on virtual time.

#include "base/clock.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace ruhr {

class WorkerThread {
public:
    explicit WorkerThread(const WaitableClock& clock) : m_clock(clock) {}
    /// Stops and joins the thread.
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    /// Runs `body` once on a new thread; nothing when the thread runs already.
    void start(std::function<void()> body);
    /// Asks the body to stop, wakes it and waits until it has returned. `under_lock` runs while
    /// the lock is held, before the wake-up (for example to cancel a request on the wire).
    void stop(const std::function<void()>& under_lock = {});

    /// The lock that guards the stop flag and whatever the worker's owner shares with it.
    std::mutex& mutex() const { return m_mutex; }
    /// Wakes a wait_until() so it looks at its `wake` condition again.
    void notify() { m_cv.notify_all(); }
    /// True once stop() has been asked. Read with the lock held.
    bool stopping() const { return m_stop; }

    /// With `lock` holding mutex(): waits until the clock reaches `deadline`, `wake()` holds or
    /// stop() is asked, however often the clock returns early. Returns false when stopping.
    bool wait_until(std::unique_lock<std::mutex>& lock, double deadline, const std::function<bool()>& wake = {});

private:
    const WaitableClock& m_clock;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_stop = false;
    std::thread m_thread;
};

}  // namespace ruhr
