#include "platform/watchdog.h"

#include <systemd/sd-daemon.h>

#include <unistd.h>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace ruhr {

namespace {

// The watchdog interval in microseconds, 0 when systemd expects no pings.
std::uint64_t watchdog_usec() {
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0) return usec;
    // Under cage the service's main process is the compositor and the kiosk its child, so
    // WATCHDOG_PID names our parent and sd_watchdog_enabled() declines. The unit sets
    // NotifyAccess=all, so systemd takes the pings from us: accept the interval when the
    // watchdog is meant for the process that started us.
    const char* pid_text = std::getenv("WATCHDOG_PID");
    const char* usec_text = std::getenv("WATCHDOG_USEC");
    if (!pid_text || !usec_text) return 0;
    long pid = 0;
    const auto p = std::from_chars(pid_text, pid_text + std::strlen(pid_text), pid);
    if (p.ec != std::errc() || *p.ptr != '\0' || pid != static_cast<long>(getppid())) return 0;
    const auto u = std::from_chars(usec_text, usec_text + std::strlen(usec_text), usec);
    if (u.ec != std::errc() || *u.ptr != '\0') return 0;
    return usec;
}

}  // namespace

ServiceWatchdog::ServiceWatchdog() { m_interval = static_cast<double>(watchdog_usec()) / 2e6; }

void ServiceWatchdog::notify_ready() {
    if (m_ready_sent) return;
    m_ready_sent = true;
    sd_notify(0, "READY=1");
}

double ServiceWatchdog::ping_if_due(double now) {
    if (!enabled()) return -1.0;
    if (now >= m_next_ping) {
        sd_notify(0, "WATCHDOG=1");
        m_next_ping = now + m_interval;
    }
    return m_next_ping;
}

}  // namespace ruhr
