#include "platform/http_curl.h"

#include <curl/curl.h>

#include <cctype>
#include <cstring>
#include <optional>
#include <string>

namespace ruhr {

struct CurlTransport::Handle {
    CURL* curl = nullptr;
    ~Handle() {
        if (curl) curl_easy_cleanup(curl);
    }
};

namespace {

struct Exchange {
    std::string body;
    std::string retry_after;
    std::string signature;                    // X-Ruhr-Signature
    std::size_t limit = 16u * 1024u * 1024u;  // an answer larger than this is not the protocol
    const std::atomic<bool>* cancelled = nullptr;
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
    auto* ex = static_cast<Exchange*>(user);
    const std::size_t bytes = size * n;
    if (ex->body.size() + bytes > ex->limit) return 0;  // makes curl fail the transfer
    ex->body.append(data, bytes);
    return bytes;
}

// The value of `line` when it is the header `key` (lower case, with its colon), trimmed.
std::optional<std::string> header_value(const std::string& line, std::string_view key) {
    if (line.size() <= key.size()) return std::nullopt;
    std::string head = line.substr(0, key.size());
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (head != key) return std::nullopt;
    const std::string v = line.substr(key.size());
    const auto b = v.find_first_not_of(" \t");
    const auto e = v.find_last_not_of(" \t\r\n");
    return b == std::string::npos ? std::string() : v.substr(b, e - b + 1);
}

std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
    auto* ex = static_cast<Exchange*>(user);
    const std::size_t bytes = size * n;
    const std::string line(data, bytes);
    if (auto v = header_value(line, "retry-after:")) ex->retry_after = std::move(*v);
    if (auto v = header_value(line, "x-ruhr-signature:")) ex->signature = std::move(*v);
    return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* ex = static_cast<const Exchange*>(user);
    return ex->cancelled->load() ? 1 : 0;  // non-zero aborts the transfer
}

}  // namespace

bool curl_global_setup() { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }

CurlTransport::CurlTransport(std::string ca_file)
    : m_handle(std::make_unique<Handle>()), m_ca_file(std::move(ca_file)) {
    m_handle->curl = curl_easy_init();
}

CurlTransport::~CurlTransport() = default;

HttpResponse CurlTransport::send(const HttpRequest& request) {
    HttpResponse out;
    if (m_cancelled) {
        out.error = "cancelled";
        return out;
    }
    CURL* c = m_handle->curl;
    if (!c) {
        out.error = "libcurl could not start";
        return out;
    }
    // Reset keeps the connection cache (keep-alive) but forgets the last request's options.
    curl_easy_reset(c);
    Exchange ex;
    ex.cancelled = &m_cancelled;
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_slist* headers = nullptr;
    for (const auto& [k, v] : request.headers) headers = curl_slist_append(headers, (k + ": " + v).c_str());
    headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip for large batches

    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we are not the main thread
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_s * 1000));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_s * 1000));
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would resend the token elsewhere
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &ex);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &ex);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &ex);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
    curl_easy_setopt(c, CURLOPT_USERAGENT, "ruhr-kiosk/" RUHR_KIOSK_VERSION);
    if (!m_ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, m_ca_file.c_str());
    if (request.method == "POST") {
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }

    const CURLcode rc = curl_easy_perform(c);
    curl_slist_free_all(headers);
    if (rc != CURLE_OK) {
        // No complete answer: whatever the collector did, the records stay pending.
        out.error = m_cancelled ? std::string("cancelled") : std::string(curl_easy_strerror(rc));
        if (errbuf[0] && !m_cancelled) out.error += std::string(": ") + errbuf;
        return out;
    }
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    out.status = static_cast<int>(status);
    out.body = std::move(ex.body);
    out.retry_after = std::move(ex.retry_after);
    out.signature = std::move(ex.signature);
    return out;
}

}  // namespace ruhr
