#pragma once
// HttpTransport over libcurl: HTTPS with libcurl's certificate checks, proxies from the usual
// environment variables (https_proxy, no_proxy), and connection reuse between requests.

#include "kiosk/http.h"

#include <atomic>
#include <memory>
#include <string>

namespace ruhr {

class CurlTransport final : public HttpTransport {
public:
    /// `ca_file`: a CA bundle to trust instead of the system's (empty: the system's).
    explicit CurlTransport(std::string ca_file = {});
    ~CurlTransport() override;
    CurlTransport(const CurlTransport&) = delete;
    CurlTransport& operator=(const CurlTransport&) = delete;

    HttpResponse send(const HttpRequest& request) override;
    void cancel() override { m_cancelled = true; }

private:
    struct Handle;
    std::unique_ptr<Handle> m_handle;
    std::string m_ca_file;
    std::atomic<bool> m_cancelled{false};
};

/// Calls curl_global_init once; call from main before any thread starts.
bool curl_global_setup();

}  // namespace ruhr
