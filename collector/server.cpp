#include "collector/server.h"

#include "collector/export.h"
#include "collector/ingest.h"
#include "collector/protocol.h"
#include "collector/signing.h"

#include "base/crypto.h"

#include <httplib.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <sstream>

namespace ruhr::collector {

namespace {

using nlohmann::json;

constexpr const char* json_type = "application/json; charset=utf-8";

const char* error_code_for(int status) {
    switch (status) {
    case 400: return "bad_request";
    case 401: return "unauthorized";
    case 403: return "forbidden";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "timeout";
    case 413: return "too_large";
    case 429: return "busy";
    case 503: return "unavailable";
    default: return status >= 500 ? "internal" : "error";
    }
}

void send_json(httplib::Response& res, int status, const json& body) {
    res.status = status;
    res.set_content(dump_json(body), json_type);
}

void send_error(httplib::Response& res, int status, std::string_view message) {
    send_json(res, status, error_json(error_code_for(status), message));
}

// The store did not answer: the kiosk retries after a while.
void send_unavailable(httplib::Response& res) {
    send_error(res, 503, "the database is not available, try again later");
    res.set_header("Retry-After", "5");
}

// Text from the network for a log line: printable ASCII only, bounded.
std::string loggable(std::string_view s, std::size_t max = 120) {
    std::string out;
    for (const char c : s.substr(0, max)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
    if (s.size() > max) out += "...";
    return out;
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

bool is_sync(const httplib::Request& req) { return req.method == "POST" && req.path == "/v1/sync"; }

bool is_get_endpoint(const httplib::Request& req) {
    return (req.method == "GET" || req.method == "HEAD") &&
           (req.path == "/v1/results" || req.path == "/v1/export" || req.path == "/v1/health");
}

// Whether the head announces a body: any Transfer-Encoding, or a Content-Length other than 0.
bool announces_body(const httplib::Request& req) {
    return req.has_header("Transfer-Encoding") ||
           (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
}

struct Refusal {
    int status;
    std::string message;
};

// What can be refused from the head alone, before a byte of the body is read: framing that is
// ambiguous or unbounded, a body where none belongs, a declared body over the limit. Every
// request passes here, so cpp-httplib never reads a body into memory on its own: only
// POST /v1/sync takes one, through its content reader, after the token.
std::optional<Refusal> refuse_from_head(const httplib::Request& req) {
    const std::size_t encodings = req.get_header_value_count("Transfer-Encoding");
    const std::size_t lengths = req.get_header_value_count("Content-Length");
    if (!is_sync(req) && !is_get_endpoint(req)) return Refusal{404, "no such endpoint"};
    if (encodings + lengths > 1)
        return Refusal{400, "a body is framed by one Content-Length or by Transfer-Encoding: chunked, not both"};
    if (encodings == 1 && !equals_ignoring_case(req.get_header_value("Transfer-Encoding"), "chunked"))
        return Refusal{400, "chunked is the only Transfer-Encoding taken"};
    std::uint64_t length = 0;
    if (lengths == 1) {
        const std::string text = req.get_header_value("Content-Length");
        const auto r = std::from_chars(text.data(), text.data() + text.size(), length);
        if (text.empty() || r.ec != std::errc() || r.ptr != text.data() + text.size())
            return Refusal{400, "Content-Length is not a number"};
    }
    if (!announces_body(req)) return std::nullopt;
    if (is_get_endpoint(req)) return Refusal{400, "this endpoint takes no body"};
    if (length > max_body_bytes) return Refusal{413, "the body is larger than 4 MiB"};
    if (req.get_header_value("Content-Type").rfind("multipart/", 0) == 0)
        return Refusal{400, "the body must be JSON, not multipart"};
    return std::nullopt;
}

// cpp-httplib's request parsing, routing and answer writing, driven by HttpFront instead of
// cpp-httplib's own accept loop (a thread per connection, a slow client holding one).
// process_request is protected: it is the seam cpp-httplib's own listener and its TLS server
// use too.
class Dispatcher final : public httplib::Server {
public:
    bool answer(httplib::Stream& stream, bool close_connection, bool& connection_closed,
                const std::function<void(httplib::Request&)>& setup) {
        return process_request(stream, close_connection, connection_closed, setup);
    }
};

}  // namespace

struct CollectorServer::Impl {
    Store& store;
    const WallClock& clock;
    std::ostream& log;
    ServerOptions options;
    Dispatcher http;
    std::mutex log_mutex;
    std::mutex key_mutex;
    std::optional<SigningSecretKey> answer_key;  // the collector's, for signing sync answers
    HttpFront front;

    Impl(Store& s, const WallClock& c, std::ostream& l, ServerOptions o)
        : store(s),
          clock(c),
          log(l),
          options(std::move(o)),
          front(
              options.limits, options.threads,
              [this](httplib::Stream& stream, LastRequest last) { return answer(stream, last); },
              [this](const std::string& line) { log_line(line); }) {}

    std::string now() const { return iso8601_utc(clock.unix_ms()); }

    void log_line(const std::string& line) {
        std::lock_guard lock(log_mutex);
        log << now() << ' ' << line << '\n' << std::flush;
    }

    // The token's owner, or an error answer already written (401, or 503 when the database
    // cannot say).
    std::optional<TokenOwner> authenticate(const httplib::Request& req, httplib::Response& res) {
        const std::string header = req.get_header_value("Authorization");
        constexpr std::string_view scheme = "bearer ";
        if (header.size() <= scheme.size() || header.size() > 512) {
            send_error(res, 401, "a bearer token is required");
            return std::nullopt;
        }
        for (std::size_t i = 0; i < scheme.size(); ++i) {
            const char c = header[i];
            if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != scheme[i]) {
                send_error(res, 401, "a bearer token is required");
                return std::nullopt;
            }
        }
        const std::string token = header.substr(scheme.size());
        auto owner = store.find_token(sha256_hex(token));
        if (!owner) {
            log_line("token lookup failed: " + owner.error().message);
            send_unavailable(res);
            return std::nullopt;
        }
        if (!owner.value()) {
            send_error(res, 401, "unknown or revoked token");
            return std::nullopt;
        }
        return *owner.value();
    }

    // The token is checked before the body is read; the body is read into memory up to 4 MiB
    // of decoded bytes, whether it comes with a Content-Length, chunked or compressed.
    void handle_sync(const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read_body) {
        const auto owner = authenticate(req, res);
        if (!owner) return;
        if (owner->role != Role::Kiosk) return send_error(res, 403, "sync needs a kiosk token");
        std::string body;
        // Without Content-Length or Transfer-Encoding a request has no body (RFC 9112, 6.3);
        // cpp-httplib would read until the connection closes.
        if (announces_body(req)) {
            std::size_t declared = 0;
            const std::string length = req.get_header_value("Content-Length");
            std::from_chars(length.data(), length.data() + length.size(), declared);
            body.reserve(declared);  // at most 4 MiB: checked from the head
            bool too_large = false;
            const bool complete = read_body([&](const char* data, std::size_t size) {
                if (size > max_body_bytes - body.size()) {
                    too_large = true;
                    return false;
                }
                body.append(data, size);
                return true;
            });
            if (too_large) return send_error(res, 413, "the body is larger than 4 MiB");
            // 408, not 400: a kiosk takes a 400 for a poison batch and sets its records aside,
            // while a body that came too slowly is the network's fault and is sent again.
            if (!complete)
                return send_error(res, 408, "the body did not arrive whole in time (or its chunks were malformed)");
        }
        auto parsed = parse_sync_request(body, owner->kiosk_id);
        if (auto* bad = std::get_if<BadRequest>(&parsed)) return send_error(res, bad->status, bad->message);
        auto& request = std::get<SyncRequest>(parsed);
        if (request.kiosk_public_key) register_key(request.kiosk_id, *request.kiosk_public_key);
        // A kiosk with a registered key signs every batch with it: a batch without that
        // signature (the token alone, in someone else's hands) stores nothing.
        auto registered = registered_kiosk_key(store, request.kiosk_id);
        if (!registered) {
            log_line("sync kiosk=" + request.kiosk_id + " failed: " + registered.error().message);
            return send_unavailable(res);
        }
        if (*registered && !verify_detached(body, req.get_header_value(signature_header), **registered)) {
            log_line("sync kiosk=" + request.kiosk_id + " refused: not signed by its registered key");
            return send_error(res, 403, "the batch does not carry the signature of this kiosk's registered key");
        }
        auto own_key = signing_key();
        if (!own_key) {
            log_line("sync kiosk=" + request.kiosk_id + " failed: " + own_key.error().message);
            return send_unavailable(res);
        }

        auto report = ingest_request(store, request, now());
        if (!report) {
            log_line("sync kiosk=" + request.kiosk_id + " failed: " + report.error().message);
            return send_unavailable(res);
        }
        const IngestReport& r = report.value();
        log_line("sync kiosk=" + request.kiosk_id + " records=" + std::to_string(request.submissions.size()) +
                 " stored=" + std::to_string(r.counts_stored) + " duplicate=" + std::to_string(r.duplicate) +
                 " conflict=" + std::to_string(r.conflict) + " rejected=" + std::to_string(r.rejected));
        // The answer is signed by the collector's key (the one its receipt files carry), over
        // its exact bytes, and names the request it answers.
        const std::string text = dump_json(sync_response(request, r.stored, now(), sha256_hex(body)));
        res.status = 200;
        res.set_header(signature_header, sign_detached(text, *own_key));
        res.set_content(text, json_type);
    }

    // The collector's signing key, read (or made) once.
    Result<SigningSecretKey> signing_key() {
        std::lock_guard lock(key_mutex);
        if (!answer_key) {
            auto key = collector_signing_key(store, now());
            if (!key) return key.error();
            answer_key = *key;
        }
        return *answer_key;
    }

    // A kiosk's first sync over its token registers the signing key it names; a later sync
    // that names another key changes nothing (`ruhr-collector kiosk-key --replace` does, after
    // an operator looked) and is logged. Best effort: a failure here never fails the sync.
    void register_key(const std::string& kiosk_id, const std::string& key) {
        auto known = store.kiosk_key(kiosk_id);
        if (!known) return log_line("sync kiosk=" + kiosk_id + " key not checked: " + known.error().message);
        if (*known == key) return;
        if (*known)
            return log_line("sync kiosk=" + kiosk_id +
                            " names another signing key than the registered one; "
                            "kept the registered key");
        auto set = store.set_kiosk_key(kiosk_id, key, now(), false);
        log_line("sync kiosk=" + kiosk_id +
                 (set ? " registered its signing key" : " key not registered: " + set.error().message));
    }

    void handle_results(const httplib::Request& req, httplib::Response& res) {
        if (!authenticate(req, res)) return;
        auto results = store.results();
        if (!results) {
            log_line("results failed: " + results.error().message);
            return send_unavailable(res);
        }
        send_json(res, 200, results_json(results.value(), now()));
    }

    void handle_export(const httplib::Request& req, httplib::Response& res) {
        const auto owner = authenticate(req, res);
        if (!owner) return;
        if (owner->role != Role::Admin) return send_error(res, 403, "export needs an admin token");
        const std::string name = req.has_param("format") ? req.get_param_value("format") : "jsonl";
        const auto format = parse_export_format(name);
        if (!format) return send_error(res, 400, "format must be jsonl or csv");
        std::ostringstream body;
        // Over HTTP contact data stays sealed: no key is ever passed here.
        auto summary = write_export(store, *format, body, nullptr);
        if (!summary) {
            log_line("export failed: " + summary.error().message);
            return send_unavailable(res);
        }
        res.status = 200;
        if (*format == ExportFormat::Csv) {
            res.set_header("Content-Disposition", "attachment; filename=\"ruhr-export.csv\"");
            res.set_content(body.str(), "text/csv; charset=utf-8");
        } else {
            res.set_header("Content-Disposition", "attachment; filename=\"ruhr-export.jsonl\"");
            res.set_content(body.str(), "application/x-ndjson; charset=utf-8");
        }
    }

    void handle_health(const httplib::Request&, httplib::Response& res) {
        if (store.healthy())
            send_json(res, 200, json{{"status", "ok"}, {"protocol", protocol_version}});
        else
            send_unavailable(res);
    }

    // One request on a connection whose head has arrived (a worker thread of the front).
    AfterAnswer answer(httplib::Stream& stream, LastRequest last) {
        bool carries_body = false;
        bool closed = false;
        const bool written =
            http.answer(stream, last == LastRequest::Yes, closed, [&carries_body](httplib::Request& req) {
                // A request with a body ends its connection: when it is refused from its head,
                // the body is never read, and what follows on the connection is not a request.
                // The answer says so ("Connection: close").
                if (!announces_body(req)) return;
                carries_body = true;
                req.headers.erase("Connection");
                req.set_header("Connection", "close");
            });
        return written && !closed && !carries_body ? AfterAnswer::KeepOpen : AfterAnswer::Close;
    }

    void set_up() {
        http.set_payload_max_length(max_body_bytes);
        // What the Keep-Alive header tells clients; the front enforces it.
        http.set_keep_alive_timeout(
            std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(options.limits.head_timeout).count()));
        http.set_keep_alive_max_count(
            static_cast<std::size_t>(std::max(1, options.limits.max_requests_per_connection)));

        auto guarded = [this](void (Impl::*handler)(const httplib::Request&, httplib::Response&)) {
            return [this, handler](const httplib::Request& req, httplib::Response& res) { (this->*handler)(req, res); };
        };
        http.Post("/v1/sync", [this](const httplib::Request& req, httplib::Response& res,
                                     const httplib::ContentReader& read_body) { handle_sync(req, res, read_body); });
        http.Get("/v1/results", guarded(&Impl::handle_results));
        http.Get("/v1/export", guarded(&Impl::handle_export));
        http.Get("/v1/health", guarded(&Impl::handle_health));

        // Before routing, so before cpp-httplib reads any body.
        http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
            const auto refusal = refuse_from_head(req);
            if (!refusal) return httplib::Server::HandlerResponse::Unhandled;
            send_error(res, refusal->status, refusal->message);
            return httplib::Server::HandlerResponse::Handled;
        });
        // "Expect: 100-continue" (curl sends it for bodies over 1 MiB): a refusal, the token's
        // included, is the answer instead of "100 Continue", and the client sends no body.
        http.set_expect_100_continue_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (const auto refusal = refuse_from_head(req)) {
                send_error(res, refusal->status, refusal->message);
                return refusal->status;
            }
            if (is_sync(req)) {
                const auto owner = authenticate(req, res);
                if (!owner) return res.status;
                if (owner->role != Role::Kiosk) {
                    send_error(res, 403, "sync needs a kiosk token");
                    return 403;
                }
            }
            return 100;
        });

        // Every error answer has a JSON body, also those cpp-httplib makes itself (400, 414).
        http.set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;
            std::string message = "error";
            if (res.status == 404) message = "no such endpoint";
            if (res.status == 413) message = "the body is larger than 4 MiB";
            if (res.status == 400) message = "the request is not valid HTTP";
            send_error(res, res.status, message);
        });
        http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
            std::string what = "unknown exception";
            try {
                if (ep) std::rethrow_exception(ep);
            } catch (const std::exception& e) {
                what = e.what();
            } catch (...) {
            }
            log_line("internal error on " + loggable(req.path) + ": " + loggable(what, 300));
            send_error(res, 500, "internal error");
        });
        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            std::string line =
                loggable(req.remote_addr, 64) + ' ' + loggable(req.method, 16) + ' ' + loggable(req.path);
            if (req.has_param("format")) line += "?format=" + loggable(req.get_param_value("format"), 16);
            // The sync body is streamed, not kept in the request: its declared size is logged.
            std::string in = std::to_string(req.body.size());
            if (req.has_header("Transfer-Encoding"))
                in = "chunked";
            else if (req.has_header("Content-Length"))
                in = loggable(req.get_header_value("Content-Length"), 20);
            line += ' ' + std::to_string(res.status) + " in=" + in + " out=" + std::to_string(res.body.size());
            log_line(line);
        });
    }
};

CollectorServer::CollectorServer(Store& store, const WallClock& clock, std::ostream& log, ServerOptions options)
    : m(std::make_unique<Impl>(store, clock, log, std::move(options))) {
    m->set_up();
}

CollectorServer::~CollectorServer() { m->front.stop(); }

Result<int> CollectorServer::bind(const std::string& host, int port) {
    if (!m->options.tls_cert.empty() || !m->options.tls_key.empty()) {
        const auto tls = m->front.use_tls(m->options.tls_cert, m->options.tls_key);
        if (!tls) return tls.error();
    }
    return m->front.bind(host, port);
}

HttpFront& CollectorServer::front() { return m->front; }

std::optional<std::pair<std::string, int>> parse_listen(const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) return std::nullopt;
    int port = -1;
    const char* b = text.data() + colon + 1;
    const char* e = text.data() + text.size();
    const auto r = std::from_chars(b, e, port);
    if (b == e || r.ec != std::errc() || r.ptr != e || port < 0 || port > 65535) return std::nullopt;
    return std::pair{host, port};
}

}  // namespace ruhr::collector
