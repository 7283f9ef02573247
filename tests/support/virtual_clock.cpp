#include "virtual_clock.h"

#include <algorithm>
#include <cassert>

namespace ruhr::test {

VirtualClock::~VirtualClock() {
    std::lock_guard guard(m_waiters_mutex);
    assert(m_waiters.empty() && "a thread still waits on a VirtualClock that goes away");
}

bool VirtualClock::wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, double deadline,
                              const std::function<bool()>& stop_waiting) const {
    Waiter self{lock.mutex(), &cv, deadline};
    // Registering takes m_waiters_mutex, which advance() holds while it locks waiters' mutexes:
    // so the waiter's own lock is let go meanwhile, and `stop_waiting` is asked again after.
    lock.unlock();
    {
        std::lock_guard guard(m_waiters_mutex);
        m_waiters.push_back(&self);
    }
    lock.lock();
    // From here an advance() either comes before the check below (which then sees the new time)
    // or finds this thread inside cv.wait and notifies it: no wake-up is lost.
    while (!stop_waiting() && now() < deadline) {
        self.sleeping = true;
        went_to_sleep();
        cv.wait(lock);
        self.sleeping = false;
    }
    lock.unlock();
    {
        std::lock_guard guard(m_waiters_mutex);
        m_waiters.erase(std::find(m_waiters.begin(), m_waiters.end(), &self));
    }
    lock.lock();
    return stop_waiting();
}

void VirtualClock::went_to_sleep() const {
    {
        std::lock_guard guard(m_sleeps_mutex);
        ++m_sleeps;
    }
    m_sleeps_cv.notify_all();
}

void VirtualClock::advance(double seconds) {
    assert(seconds >= 0.0 && "a monotonic clock does not go back");
    std::lock_guard guard(m_waiters_mutex);
    m_now.store(m_now.load() + seconds);
    for (Waiter* w : m_waiters) {
        std::lock_guard waiter_lock(*w->mutex);
        w->sleeping = false;  // until it has looked at the new time
        w->cv->notify_all();
    }
}

bool VirtualClock::wait_for_sleepers(int count, std::chrono::milliseconds limit) const {
    const auto give_up = std::chrono::steady_clock::now() + limit;
    for (;;) {
        // Read the count of sleeps first: a waiter that goes to sleep after the look below
        // changes it, so the wait after the look cannot miss it.
        std::uint64_t seen = 0;
        {
            std::lock_guard guard(m_sleeps_mutex);
            seen = m_sleeps;
        }
        int sleepers = 0;
        {
            std::lock_guard guard(m_waiters_mutex);
            const double t = now();
            for (Waiter* w : m_waiters) {
                std::lock_guard waiter_lock(*w->mutex);
                if (w->sleeping && w->deadline > t) ++sleepers;
            }
        }
        if (sleepers >= count) return true;
        std::unique_lock lock(m_sleeps_mutex);
        if (!m_sleeps_cv.wait_until(lock, give_up, [&] { return m_sleeps != seen; })) return false;
    }
}

}  // namespace ruhr::test
