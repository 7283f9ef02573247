#include "collector/server.h"

#include "collector/export.h"
#include "collector/ingest.h"
#include "collector/protocol.h"

#include "base/crypto.h"

#include <httplib.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>
#include <sstream>
#include <thread>

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

}  // namespace

struct CollectorServer::Impl {
    Store& store;
    const WallClock& clock;
    std::ostream& log;
    ServerOptions options;
    std::unique_ptr<httplib::Server> http;
    std::mutex log_mutex;
    std::atomic<bool> stop_requested{false};
    std::atomic<bool> in_run{false};

    Impl(Store& s, const WallClock& c, std::ostream& l, ServerOptions o)
        : store(s), clock(c), log(l), options(std::move(o)) {}

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

    void handle_sync(const httplib::Request& req, httplib::Response& res) {
        const auto owner = authenticate(req, res);
        if (!owner) return;
        if (owner->role != Role::Kiosk) return send_error(res, 403, "sync needs a kiosk token");
        auto parsed = parse_sync_request(req.body, owner->kiosk_id);
        if (auto* bad = std::get_if<BadRequest>(&parsed)) return send_error(res, bad->status, bad->message);
        auto& request = std::get<SyncRequest>(parsed);

        auto report = ingest_request(store, request, now());
        if (!report) {
            log_line("sync kiosk=" + request.kiosk_id + " failed: " + report.error().message);
            return send_unavailable(res);
        }
        const IngestReport& r = report.value();
        log_line("sync kiosk=" + request.kiosk_id + " records=" + std::to_string(request.submissions.size()) +
                 " stored=" + std::to_string(r.counts_stored) + " duplicate=" + std::to_string(r.duplicate) +
                 " conflict=" + std::to_string(r.conflict) + " rejected=" + std::to_string(r.rejected));
        send_json(res, 200, sync_response(request, r.stored, now()));
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

    void set_up() {
        if (!options.tls_cert.empty() || !options.tls_key.empty())
            http = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
        else
            http = std::make_unique<httplib::Server>();
        const int threads = std::max(1, options.threads);
        http->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
        http->set_payload_max_length(max_body_bytes);
        // Kiosks may be on slow mobile links: allow pauses while a 4 MiB body trickles in.
        http->set_read_timeout(30);
        http->set_write_timeout(30);

        auto guarded = [this](void (Impl::*handler)(const httplib::Request&, httplib::Response&)) {
            return [this, handler](const httplib::Request& req, httplib::Response& res) { (this->*handler)(req, res); };
        };
        http->Post("/v1/sync", guarded(&Impl::handle_sync));
        http->Get("/v1/results", guarded(&Impl::handle_results));
        http->Get("/v1/export", guarded(&Impl::handle_export));
        http->Get("/v1/health", guarded(&Impl::handle_health));

        // Every error answer has a JSON body, also those cpp-httplib makes itself (404, 413).
        http->set_error_handler([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) return;
            std::string message = "error";
            if (res.status == 404) message = "no such endpoint";
            if (res.status == 413) message = "the body is larger than 4 MiB";
            if (res.status == 400) message = "the request is not valid HTTP";
            send_error(res, res.status, message);
        });
        http->set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
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
        http->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
            std::string line =
                loggable(req.remote_addr, 64) + ' ' + loggable(req.method, 16) + ' ' + loggable(req.path);
            if (req.has_param("format")) line += "?format=" + loggable(req.get_param_value("format"), 16);
            line += ' ' + std::to_string(res.status) + " in=" + std::to_string(req.body.size()) +
                    " out=" + std::to_string(res.body.size());
            log_line(line);
        });
    }
};

CollectorServer::CollectorServer(Store& store, const WallClock& clock, std::ostream& log, ServerOptions options)
    : m(std::make_unique<Impl>(store, clock, log, std::move(options))) {
    m->set_up();
}

CollectorServer::~CollectorServer() { stop(); }

Result<int> CollectorServer::bind(const std::string& host, int port) {
    if (!m->http->is_valid())
        return Error{"cannot use the TLS certificate " + m->options.tls_cert + " with the key " + m->options.tls_key};
    if (port == 0) {
        const int p = m->http->bind_to_any_port(host);
        if (p < 0) return Error{"cannot listen on " + host + " (any port)"};
        return p;
    }
    if (!m->http->bind_to_port(host, port))
        return Error{"cannot listen on " + host + ":" + std::to_string(port) + " (in use, or not an address here?)"};
    return port;
}

bool CollectorServer::run() {
    m->in_run = true;
    const bool ok = m->stop_requested ? true : m->http->listen_after_bind();
    m->in_run = false;
    return ok;
}

void CollectorServer::stop() {
    m->stop_requested = true;
    // httplib's stop() does nothing until listen_after_bind() has started; repeat until run()
    // has returned, so a stop right after start is not lost.
    while (m->in_run) {
        m->http->stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    m->http->stop();
}

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
