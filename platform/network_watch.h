#pragma once
// Tells the sync worker when the network changes (a cable plugged in, Wi-Fi back, an address
// assigned), so a kiosk that was offline for days uploads at once instead of waiting out its
// backoff. Linux: a netlink route socket.

#include <functional>
#include <memory>
#include <thread>

namespace ruhr {

class NetworkWatch {
public:
    /// `on_change` runs on the watch thread, once per burst of changes.
    explicit NetworkWatch(std::function<void()> on_change);
    ~NetworkWatch();
    NetworkWatch(const NetworkWatch&) = delete;
    NetworkWatch& operator=(const NetworkWatch&) = delete;

    /// False when the operating system gave no netlink socket (the worker then relies on its
    /// backoff alone).
    bool active() const { return m_socket >= 0; }

private:
    void loop();
    std::function<void()> m_on_change;
    int m_socket = -1;
    int m_wake[2] = {-1, -1};  // a pipe that ends the loop
    std::thread m_thread;
};

/// True when the routing table has a default route (IPv4 or IPv6): a hint for staff, not a
/// promise that the collector is reachable.
bool has_default_route();

}  // namespace ruhr
