#include "base/clock.h"

#include <cstdio>
#include <ctime>

namespace ruhr {

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
