#pragma once
// Randomness is passed in like time: a worker that jitters its retries takes a Random, so a test
// can choose the numbers and a retry happens exactly when the test expects it.

#include <cstdint>
#include <random>

namespace ruhr {

/// A source of uniform random numbers; one per thread (implementations need not be thread-safe).
class Random {
public:
    virtual ~Random() = default;
    /// A number in [0, 1).
    virtual double unit() = 0;
};

/// The shipped program's randomness: a Mersenne Twister seeded from the operating system, so
/// kiosks that lost the network together do not retry together. Not for secrets (crypto.h).
class SeededRandom final : public Random {
public:
    /// Seeded from std::random_device.
    SeededRandom();
    /// Seeded with `seed`: the same numbers every time.
    explicit SeededRandom(std::uint64_t seed) : m_engine(seed) {}
    double unit() override;

private:
    std::mt19937_64 m_engine;
};

}  // namespace ruhr
