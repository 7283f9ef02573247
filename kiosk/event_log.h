#pragma once
// A JSON-lines log of what happened (screen changes, taps and what they hit), for tests and
// for staff. One object per line; every line carries the clock time "t" in seconds.

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>
#include <string>

namespace ruhr {

class EventLog {
public:
    EventLog() = default;
    /// Opens (truncates) `path`; returns false when the file cannot be written.
    bool open(const std::string& path);
    bool is_open() const { return m_out.is_open(); }
    /// Writes one event; `t` is added. Flushed at once so a killed process loses nothing written.
    void write(double t, nlohmann::json event);

private:
    std::ofstream m_out;
};

}  // namespace ruhr
