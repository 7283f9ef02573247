#pragma once
// The collector's connections (issue 14, finding 5). One thread accepts them and watches every
// one with epoll until its request head is complete, TLS handshake included, each with a
// deadline; only then does a worker thread take it to answer the request. A slow or idle
// connection therefore costs a file descriptor and a few KiB, never a worker: the workers
// stay free for /v1/health and for kiosks. The body of a request is read by the worker through
// the stream it is given, within a deadline and a byte budget; after the answer the
// connection goes back to the watching thread (keep-alive) or is closed after its unread input
// has been discarded for a moment, so that a client still sending reads the answer instead of
// a reset. docs/deployment.md says why, docs/benchmarks.md has the figures.

#include "base/result.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace httplib {
class Stream;
}

namespace ruhr::collector {

/// How many connections, how long and how much; the defaults are the deployed ones, tests use
/// short ones.
struct ConnectionLimits {
    /// Connections open at once, waiting, being answered or closing. A new connection beyond
    /// this closes the oldest one still waiting for its head (or still closing); when every
    /// connection is being answered, the new one gets 503. At most 900: cpp-httplib answers
    /// 500 on a socket numbered FD_SETSIZE (1024) or more.
    int max_connections = 512;
    /// From accepting a connection (or answering its previous request) to a complete request
    /// head, TLS handshake included. A connection that has sent part of a head by then gets
    /// 408; an idle one is closed.
    std::chrono::milliseconds head_timeout{10'000};
    /// The longest request head (request line and headers); a longer one gets 431.
    std::size_t max_head_bytes = 16 * 1024;
    /// From a complete head to the end of its body: 4 MiB in 60 s needs about 70 KB/s.
    std::chrono::milliseconds body_timeout{60'000};
    /// The most bytes read from the socket for one body, framing included (chunk sizes), so
    /// that no encoding makes a body unbounded. The decoded body has its own limit (4 MiB).
    std::size_t max_body_read_bytes = 8 * 1024 * 1024 + 64 * 1024;
    /// The longest pause while an answer is written.
    std::chrono::milliseconds write_timeout{30'000};
    /// How long, and how many bytes at most, a closing connection's further input is read and
    /// thrown away after the answer.
    std::chrono::milliseconds linger_timeout{2'000};
    std::size_t max_linger_bytes = 8 * 1024 * 1024;
    /// Requests answered on one connection before it is closed.
    int max_requests_per_connection = 100;
};

/// What happens to a connection after its answer.
enum class AfterAnswer { KeepOpen, Close };
/// Whether the request about to be answered is the last on its connection.
enum class LastRequest { No, Yes };

/// Answers one request whose head has arrived; runs on a worker thread. Every read and write on
/// `stream` is bounded by the connection's deadlines: a read after the body deadline fails.
using AnswerRequest = std::function<AfterAnswer(httplib::Stream& stream, LastRequest last)>;

/// One listening socket, its connections and the worker threads. bind(), then run() on some
/// thread; stop() from another.
class HttpFront {
public:
    /// `log` gets a summary of dropped connections at most every 10 s; it is called from the
    /// watching thread.
    HttpFront(ConnectionLimits limits, int workers, AnswerRequest answer, std::function<void(const std::string&)> log);
    ~HttpFront();
    HttpFront(const HttpFront&) = delete;
    HttpFront& operator=(const HttpFront&) = delete;

    /// Makes connections speak TLS with this certificate chain and key (PEM, key unencrypted).
    Status use_tls(const std::string& cert_file, const std::string& key_file);
    /// Binds to `host`:`port` (port 0: any free port) and listens; returns the port.
    Result<int> bind(const std::string& host, int port);
    /// Serves until stop(); false when the listening socket failed.
    bool run();
    /// Stops run() (also before it has started) and waits until it has returned; requests
    /// being answered are finished first.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace ruhr::collector
