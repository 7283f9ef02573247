#pragma once
// The collector's HTTP side: /v1/sync, /v1/results, /v1/export and /v1/health on cpp-httplib,
// with a thread pool, a 4 MiB body limit, JSON error bodies and a request log without
// personal data (no tokens, no payloads).

#include "collector/store.h"

#include "base/clock.h"

#include <memory>
#include <ostream>
#include <string>

namespace ruhr::collector {

struct ServerOptions {
    int threads = 8;
    /// PEM files; both set means HTTPS, both empty plain HTTP.
    std::string tls_cert;
    std::string tls_key;
};

/// One HTTP server on one store. bind(), then run() on some thread; stop() from another.
class CollectorServer {
public:
    /// `log` receives one line per request (and per sync); it must outlive the server.
    CollectorServer(Store& store, const WallClock& clock, std::ostream& log, ServerOptions options = {});
    ~CollectorServer();
    CollectorServer(const CollectorServer&) = delete;
    CollectorServer& operator=(const CollectorServer&) = delete;

    /// Binds to `host`:`port` (port 0: any free port); returns the port.
    Result<int> bind(const std::string& host, int port);
    /// Serves until stop(); false when the listening socket failed.
    bool run();
    /// Stops run() (also when run() has not quite started yet); waits for running requests.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

/// Splits "HOST:PORT" ("[::1]:8080" for IPv6); nullopt when malformed.
std::optional<std::pair<std::string, int>> parse_listen(const std::string& text);

}  // namespace ruhr::collector
