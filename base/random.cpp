#include "base/random.h"

namespace ruhr {

SeededRandom::SeededRandom() {
    std::random_device device;
    // Two draws: random_device gives 32 bits at a time, the engine takes 64.
    const std::uint64_t seed = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    m_engine.seed(seed);
}

double SeededRandom::unit() { return std::uniform_real_distribution<double>(0.0, 1.0)(m_engine); }

}  // namespace ruhr
