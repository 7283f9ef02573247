#include "platform/network_watch.h"

#include <fstream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ruhr {

NetworkWatch::NetworkWatch(std::function<void()> on_change) : m_on_change(std::move(on_change)) {
    m_socket = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (m_socket < 0) return;
    sockaddr_nl addr{};
    addr.nl_family = AF_NETLINK;
    addr.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_ROUTE;
    if (::bind(m_socket, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::pipe2(m_wake, O_CLOEXEC) != 0) {
        ::close(m_socket);
        m_socket = -1;
        return;
    }
    m_thread = std::thread([this] { loop(); });
}

NetworkWatch::~NetworkWatch() {
    if (m_thread.joinable()) {
        const char c = 'q';
        (void)!::write(m_wake[1], &c, 1);
        m_thread.join();
    }
    for (int fd : {m_socket, m_wake[0], m_wake[1]})
        if (fd >= 0) ::close(fd);
}

void NetworkWatch::loop() {
    char buf[8192];
    for (;;) {
        pollfd fds[2] = {{m_socket, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) continue;
        if (fds[1].revents) return;
        if (!(fds[0].revents & POLLIN)) continue;
        if (::recv(m_socket, buf, sizeof buf, 0) <= 0) continue;
        // A link coming up brings a burst of messages (link, addresses, routes): wait until it
        // has been quiet for a second, then report once.
        for (;;) {
            pollfd more[2] = {{m_socket, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
            const int n = ::poll(more, 2, 1000);
            if (n > 0 && more[1].revents) return;
            if (n > 0 && (more[0].revents & POLLIN)) {
                (void)::recv(m_socket, buf, sizeof buf, 0);
                continue;
            }
            break;
        }
        if (m_on_change) m_on_change();
    }
}

bool has_default_route() {
    {
        std::ifstream in("/proc/net/route");
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            std::istringstream f(line);
            std::string iface, dest;
            if (f >> iface >> dest && dest == "00000000") return true;
        }
    }
    std::ifstream in6("/proc/net/ipv6_route");
    std::string line;
    while (std::getline(in6, line)) {
        std::istringstream f(line);
        std::string dest, plen;
        std::string last;
        if (!(f >> dest >> plen)) continue;
        for (std::string t; f >> t;) last = t;
        if (dest == "00000000000000000000000000000000" && plen == "00" && last != "lo") return true;
    }
    return false;
}

}  // namespace ruhr
