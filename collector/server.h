#pragma once
// The collector's HTTP side: /v1/sync, /v1/results, /v1/export and /v1/health. cpp-httplib
// parses, routes and writes; connections are accepted and watched by HttpFront, so slow and
// idle ones never hold a worker thread. A request is refused from its head alone whenever it
// can be (no token, a body over 4 MiB, a body where none belongs), so no body is read before
// its token is checked, and a body is read with a bound whatever its encoding. JSON error
// bodies, and a request log without personal data (no tokens, no payloads).

#include "collector/http_front.h"
#include "collector/store.h"

#include "base/clock.h"

#include <memory>
#include <ostream>
#include <string>

namespace ruhr::collector {

struct ServerOptions {
    /// Worker threads: requests answered at once (connections waiting for a request do not
    /// count).
    int threads = 8;
    /// PEM files; both set means HTTPS, both empty plain HTTP.
    std::string tls_cert;
    std::string tls_key;
    /// Connections, deadlines and byte limits (http_front.h).
    ConnectionLimits limits;
};

/// One HTTP server on one store: bind(), then front().run() on some thread.
class CollectorServer {
public:
    /// `log` receives one line per request (and per sync); it must outlive the server.
    CollectorServer(Store& store, const WallClock& clock, std::ostream& log, ServerOptions options = {});
    ~CollectorServer();
    CollectorServer(const CollectorServer&) = delete;
    CollectorServer& operator=(const CollectorServer&) = delete;

    /// Speaks TLS when tls_cert and tls_key are given, then binds the front to `host`:`port`
    /// (port 0: any free port) and listens; returns the port.
    Result<int> bind(const std::string& host, int port);
    /// The HTTP front before the routes: run() it on some thread, stop() it from another
    /// (collector/http_front.h). The server's destructor stops it too.
    HttpFront& front();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

/// Splits "HOST:PORT" ("[::1]:8080" for IPv6); nullopt when malformed.
std::optional<std::pair<std::string, int>> parse_listen(const std::string& text);

}  // namespace ruhr::collector
