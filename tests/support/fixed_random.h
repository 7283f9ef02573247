#pragma once
// Chosen randomness for tests: retries with jitter happen at times the test knows.

#include "base/random.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace ruhr::test {

/// Returns `values` in turn, then the last one again and again.
class FixedRandom final : public Random {
public:
    explicit FixedRandom(std::vector<double> values) : m_values(std::move(values)) {
        const auto in_range = [](double v) { return v >= 0.0 && v < 1.0; };
        if (m_values.empty() || !std::all_of(m_values.begin(), m_values.end(), in_range))
            throw std::invalid_argument("FixedRandom needs at least one value, each in [0, 1)");
    }
    double unit() override {
        const double v = m_values[m_next];
        if (m_next + 1 < m_values.size()) ++m_next;
        return v;
    }

private:
    std::vector<double> m_values;
    std::size_t m_next = 0;
};

}  // namespace ruhr::test
