#pragma once
// A collector serving a store in-process on 127.0.0.1 and a free port, for the tests that speak
// HTTP to it (test_http.cpp, test_abuse.cpp). Stopped when it goes away.

#include "collector/server.h"

#include "base/clock.h"

#include <doctest/doctest.h>
#include <httplib.h>

#include <sstream>
#include <string>
#include <thread>

namespace ruhr::collector::test {

class LiveServer {
public:
    explicit LiveServer(Store& store, ServerOptions options = {})
        : m_server(store, m_clock, m_log, std::move(options)) {
        auto p = m_server.bind("127.0.0.1", 0);
        REQUIRE_MESSAGE(p.ok(), (p.ok() ? std::string() : p.error().message));
        port = p.value();
        m_thread = std::thread([this] { m_server.front().run(); });
    }
    ~LiveServer() { stop(); }
    LiveServer(const LiveServer&) = delete;
    LiveServer& operator=(const LiveServer&) = delete;

    void stop() {
        if (!m_thread.joinable()) return;
        m_server.front().stop();
        m_thread.join();
    }
    /// The request log; call after stop().
    std::string log() const { return m_log.str(); }
    /// A client of this server; with `token`, every request carries it as its bearer token.
    httplib::Client client(const std::string& token = "", int read_timeout_s = 20) const {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(read_timeout_s);
        if (!token.empty()) c.set_bearer_token_auth(token);
        return c;
    }

    int port = 0;

private:
    ManualWallClock m_clock;
    std::ostringstream m_log;
    CollectorServer m_server;
    std::thread m_thread;
};

}  // namespace ruhr::collector::test
