#include "base/clock.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace ruhr {

bool SteadyClock::wait_until(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, double deadline,
                             const std::function<bool()>& stop_waiting) const {
    using namespace std::chrono;
    // A deadline more than a year ahead (a configured interval, a collector's answer) is cut to
    // a year, so the time point cannot overflow; callers wait again until their deadline.
    constexpr double k_year_s = 365.0 * 24 * 3600;
    const double until = std::clamp(deadline, 0.0, now() + k_year_s);
    const auto at = m_start + ceil<steady_clock::duration>(duration<double>(until));
    return cv.wait_until(lock, at, [&] { return stop_waiting(); });
}

std::string format_utc(std::int64_t unix_ms, UtcFormat format) {
    const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    const char* pattern = "%Y-%m-%dT%H:%M:%S";
    switch (format) {
    case UtcFormat::Iso8601Ms:
    case UtcFormat::Iso8601Seconds: pattern = "%Y-%m-%dT%H:%M:%S"; break;
    case UtcFormat::Compact: pattern = "%Y%m%dT%H%M%SZ"; break;
    case UtcFormat::FileName: pattern = "%Y-%m-%dT%H-%M-%S"; break;
    }
    char buf[40];
    std::strftime(buf, sizeof(buf), pattern, &tm);
    if (format == UtcFormat::Iso8601Seconds) return std::string(buf) + "Z";
    if (format != UtcFormat::Iso8601Ms) return buf;
    char out[48];
    std::snprintf(out, sizeof(out), "%s.%03dZ", buf, static_cast<int>(unix_ms % 1000));
    return out;
}

std::string iso8601_utc(std::int64_t unix_ms) { return format_utc(unix_ms, UtcFormat::Iso8601Ms); }

}  // namespace ruhr
