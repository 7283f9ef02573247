// The clocks and randomness that workers are given (base/clock.h, base/random.h), and the
// virtual clock the thread tests run on (tests/support/virtual_clock.h): a fake that woke
// too early or never would make every thread test meaningless.

#include "base/clock.h"
#include "base/random.h"
#include "fixed_random.h"
#include "virtual_clock.h"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

using namespace ruhr;

namespace {

// A thread that waits on `clock` until `deadline` or until `stop` is set, as a worker does.
struct WaitingThread {
    const WaitableClock& clock;
    double deadline;
    std::mutex mutex;
    std::condition_variable cv;
    bool stop = false;
    bool started = false;          // set in the same hold of `mutex` as the wait begins
    std::optional<bool> returned;  // what wait_until returned, once it did
    std::thread thread;

    WaitingThread(const WaitableClock& c, double d) : clock(c), deadline(d) {
        thread = std::thread([this] {
            std::unique_lock lock(mutex);
            started = true;
            cv.notify_all();
            returned = clock.wait_until(lock, cv, deadline, [&] { return stop; });
        });
    }
    ~WaitingThread() {
        if (thread.joinable()) thread.join();
    }
    bool has_returned() {
        std::lock_guard lock(mutex);
        return returned.has_value();
    }
    /// Once this returns, the thread is inside wait_until (it let go of `mutex` there).
    void wait_until_started() {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return started; });
    }
    void stop_now() {
        {
            std::lock_guard lock(mutex);
            stop = true;
        }
        cv.notify_all();
    }
};

}  // namespace

TEST_CASE("a virtual clock wakes a thread waiting on it only when it is advanced to the deadline") {
    test::VirtualClock clock;
    WaitingThread waiter(clock, 5.0);
    REQUIRE(clock.wait_for_sleepers(1));
    clock.advance(4.9);
    REQUIRE(clock.wait_for_sleepers(1));  // woken by the advance, and asleep again
    CHECK_FALSE(waiter.has_returned());
    clock.advance(0.1);
    waiter.thread.join();
    REQUIRE(waiter.returned);
    CHECK_FALSE(*waiter.returned);  // the deadline came, nobody asked it to stop
    CHECK(clock.now() == doctest::Approx(5.0));
    // Nothing sleeps on the clock any more: waiting for a sleeper gives up.
    CHECK_FALSE(clock.wait_for_sleepers(1, std::chrono::milliseconds(20)));
}

TEST_CASE("a virtual wait ends when its condition is notified, without time passing") {
    test::VirtualClock clock;
    WaitingThread waiter(clock, 3600.0);
    REQUIRE(clock.wait_for_sleepers(1));
    waiter.stop_now();
    waiter.thread.join();
    REQUIRE(waiter.returned);
    CHECK(*waiter.returned);
    CHECK(clock.now() == 0.0);
}

TEST_CASE("the steady clock waits until its deadline, or until told to stop") {
    const SteadyClock clock;
    {
        std::mutex mutex;
        std::condition_variable cv;
        std::unique_lock lock(mutex);
        const double deadline = clock.now() + 0.02;
        CHECK_FALSE(clock.wait_until(lock, cv, deadline, [] { return false; }));
        CHECK(clock.now() >= deadline);
    }
    WaitingThread waiter(clock, clock.now() + 60.0);
    waiter.wait_until_started();
    waiter.stop_now();
    const auto t0 = std::chrono::steady_clock::now();
    waiter.thread.join();
    CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
    REQUIRE(waiter.returned);
    CHECK(*waiter.returned);
}

TEST_CASE("seeded randomness repeats with its seed and stays between 0 and 1") {
    SeededRandom a(42), b(42), c(43);
    std::vector<double> from_a, from_b, from_c;
    for (int i = 0; i < 100; ++i) {
        from_a.push_back(a.unit());
        from_b.push_back(b.unit());
        from_c.push_back(c.unit());
    }
    CHECK(from_a == from_b);
    CHECK(from_a != from_c);
    for (double v : from_a) CHECK((v >= 0.0 && v < 1.0));
    SeededRandom entropy;
    const double v = entropy.unit();
    CHECK((v >= 0.0 && v < 1.0));
    // The fake gives what it was told, then its last value again.
    test::FixedRandom fixed({0.25, 0.75});
    CHECK(fixed.unit() == 0.25);
    CHECK(fixed.unit() == 0.75);
    CHECK(fixed.unit() == 0.75);
    CHECK_THROWS_AS(test::FixedRandom({1.0}), std::invalid_argument);
}
