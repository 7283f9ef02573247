#pragma once
// systemd service notifications for the kiosk: READY=1 once the first frame is on screen, and
// WATCHDOG=1 pings from the main loop, so that systemd restarts a kiosk whose main thread hangs.
// Outside systemd (no NOTIFY_SOCKET, no WATCHDOG_USEC) every call does nothing.

namespace ruhr {

/// Talks to the service manager through sd_notify(3). Owned by the main loop.
class ServiceWatchdog {
public:
    /// Reads the watchdog interval that systemd passes in WATCHDOG_USEC.
    ServiceWatchdog();

    /// True when systemd expects pings.
    bool enabled() const { return m_interval > 0.0; }

    /// Seconds between pings: half of WatchdogSec, as sd_watchdog_enabled(3) advises. 0 when off.
    double interval() const { return m_interval; }

    /// Says the kiosk is up (READY=1); later calls do nothing.
    void notify_ready();

    /// Pings when the last ping is `interval()` old at `now` (steady seconds). Returns the
    /// time of the next ping due, or a negative number when the watchdog is off.
    double ping_if_due(double now);

private:
    double m_interval = 0.0;
    double m_next_ping = 0.0;
    bool m_ready_sent = false;
};

}  // namespace ruhr
