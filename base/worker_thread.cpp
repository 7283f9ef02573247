#include "base/worker_thread.h"

namespace ruhr {

WorkerThread::~WorkerThread() { stop(); }

void WorkerThread::start(std::function<void()> body) {
    if (m_thread.joinable()) return;
    m_thread = std::thread(std::move(body));
}

void WorkerThread::stop(const std::function<void()>& under_lock) {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        if (under_lock) under_lock();
    }
    m_cv.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

bool WorkerThread::wait_until(std::unique_lock<std::mutex>& lock, double deadline, const std::function<bool()>& wake) {
    const auto done = [&] { return m_stop || (wake && wake()); };
    // The clock may return early (a year at most, or a virtual clock's step): wait again.
    while (!done() && m_clock.now() < deadline) m_clock.wait_until(lock, m_cv, deadline, done);
    return !m_stop;
}

}  // namespace ruhr
