#pragma once
// The HTTP client the sync worker talks through. The core only sees this interface; the
// platform layer implements it with libcurl, and tests with a scripted fake.

#include <string>
#include <utility>
#include <vector>

namespace ruhr {

struct HttpRequest {
    std::string method = "GET";  // "GET" or "POST"
    std::string url;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    double timeout_s = 20.0;          // the whole exchange
    double connect_timeout_s = 10.0;  // connecting (TCP and TLS)
};

/// An answer, or why there is none. `status` 0 means no complete HTTP answer arrived
/// (refused, reset, timed out, TLS failed); `error` then says what happened.
struct HttpResponse {
    int status = 0;
    std::string body;
    std::string retry_after;  // the Retry-After header, when present
    std::string error;
    std::string signature;  // the X-Ruhr-Signature header (the collector's over the body), when present
};

/// Sends one request and waits for the whole answer. Implementations are used from one
/// thread at a time (the sync worker's).
class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    virtual HttpResponse send(const HttpRequest& request) = 0;
    /// Called from another thread: makes the request in flight, and all later ones, end at
    /// once without an answer (the app is quitting).
    virtual void cancel() = 0;
};

}  // namespace ruhr
