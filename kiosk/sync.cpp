#include "kiosk/sync.h"

#include "kiosk/alerts.h"
#include "protocol/receipts.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <ctime>
#include <filesystem>

namespace ruhr {

namespace {

constexpr double k_max_retry_after_s = 3600.0;

std::string join_url(const std::string& base, const std::string& path) {
    if (!base.empty() && base.back() == '/') return base + path;
    return base + "/" + path;
}

// "2026-11-26T09:13:58.002Z" -> Unix milliseconds; nullopt when it is not that shape.
std::optional<std::int64_t> parse_iso8601_utc(const std::string& s) {
    std::tm tm{};
    int ms = 0;
    if (s.size() < 20) return std::nullopt;
    if (std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                    &tm.tm_min, &tm.tm_sec, &ms) < 6)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t t = timegm(&tm);
    if (t == static_cast<std::time_t>(-1)) return std::nullopt;
    return static_cast<std::int64_t>(t) * 1000 + ms;
}

std::optional<double> parse_retry_after(const std::string& value) {
    if (value.empty() || value.find_first_not_of("0123456789 ") != std::string::npos) return std::nullopt;
    try {
        return std::min(std::stod(value), k_max_retry_after_s);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

std::string error_message(const HttpResponse& r) {
    if (r.status == 0) return r.error.empty() ? std::string("no answer") : r.error;
    std::string msg = "HTTP " + std::to_string(r.status);
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_object() && body.contains("message") && body["message"].is_string())
        msg += ": " + body["message"].get<std::string>().substr(0, 200);
    return msg;
}

}  // namespace

const char* outcome_name(SyncOutcome outcome) {
    switch (outcome) {
    case SyncOutcome::Never: return "never";
    case SyncOutcome::Ok: return "ok";
    case SyncOutcome::Offline: return "offline";
    case SyncOutcome::ServerError: return "server-error";
    case SyncOutcome::Refused: return "refused";
    case SyncOutcome::Busy: return "busy";
    case SyncOutcome::StorageError: return "storage-error";
    }
    return "unknown";
}

double backoff_delay(int failures, double base_s, double cap_s, double random01) {
    if (failures <= 0) return 0.0;
    const double exp = base_s * std::pow(2.0, std::min(failures - 1, 30));
    const double full = std::min(cap_s, exp);
    return full * (0.5 + 0.5 * std::clamp(random01, 0.0, 1.0));
}

namespace {

// The collector's answer with when it arrived; empty when it is not an answer of /v1/results.
std::optional<FetchedFleetResults> fetched_results(const std::string& body, std::int64_t fetched_unix_ms) {
    auto parsed = parse_fleet_results(body);
    if (!parsed) return std::nullopt;
    FetchedFleetResults r;
    static_cast<FleetResults&>(r) = std::move(*parsed);
    r.fetched_unix_ms = fetched_unix_ms;
    return r;
}

}  // namespace

SyncEngine::SyncEngine(Outbox& outbox, HttpTransport& http, const WallClock& wall, SyncSettings settings)
    : m_outbox(outbox), m_http(http), m_wall(wall), m_settings(std::move(settings)) {
    // Results fetched before a restart are kept; the UI shows them only while fresh.
    // An unreadable copy is like none: results are fetched again after the next upload.
    if (const auto kept = m_outbox.meta("fleet_results"); kept && *kept) {
        const auto j = nlohmann::json::parse(**kept, nullptr, false);
        if (j.is_object() && j.contains("fetched_unix_ms") && j["fetched_unix_ms"].is_number_integer() &&
            j.contains("body") && j["body"].is_string())
            if (auto r = fetched_results(j["body"].get<std::string>(), j["fetched_unix_ms"].get<std::int64_t>()))
                m_fleet = std::make_shared<const FetchedFleetResults>(std::move(*r));
    }
}

HttpRequest SyncEngine::request(const std::string& method, const std::string& path, std::string body) const {
    HttpRequest r;
    r.method = method;
    r.url = join_url(m_settings.url, path);
    r.headers = {{"Authorization", "Bearer " + m_settings.token}, {"Accept", "application/json"}};
    if (method == "POST") r.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
    r.body = std::move(body);
    r.timeout_s = m_settings.timeout_s;
    r.connect_timeout_s = m_settings.connect_timeout_s;
    return r;
}

nlohmann::json SyncEngine::heartbeat(const HeartbeatInfo& info, const std::string& last_error) {
    const std::int64_t now = m_wall.unix_ms();
    std::int64_t oldest_age = 0;
    const auto oldest = m_outbox.oldest_pending_created_at();
    if (oldest && *oldest)
        if (const auto t = parse_iso8601_utc(**oldest)) oldest_age = std::max<std::int64_t>(0, (now - *t) / 1000);
    std::int64_t free_disk = info.free_disk_bytes;
    if (free_disk < 0 && m_outbox.path() != ":memory:") {
        std::error_code ec;
        const auto space = std::filesystem::space(std::filesystem::path(m_outbox.path()).parent_path(), ec);
        if (!ec) free_disk = static_cast<std::int64_t>(space.available);
    }
    // A queue that cannot be read is reported as unknown (null), not as empty.
    const auto counts = m_outbox.counts();
    const nlohmann::json depth = counts ? nlohmann::json(counts->pending) : nlohmann::json(nullptr);
    const nlohmann::json set_aside = counts ? nlohmann::json(counts->quarantined) : nlohmann::json(nullptr);
    const auto highest = m_outbox.highest_seq();
    const nlohmann::json highest_seq = highest ? nlohmann::json(*highest) : nlohmann::json(nullptr);
    return {{"app_version", info.app_version},    {"pack_id", info.pack_id},
            {"highest_seq", highest_seq},         {"quarantined", set_aside},
            {"pack_version", info.pack_version},  {"queue_depth", depth},
            {"oldest_pending_age_s", oldest_age}, {"free_disk_bytes", free_disk},
            {"uptime_s", info.uptime_s},          {"last_error", last_error.substr(0, 300)},
            {"sent_at", iso8601_utc(now)}};
}

SyncRunResult SyncEngine::run(const HeartbeatInfo& info, bool fetch_results) {
    SyncRunResult result;
    const nlohmann::json beat = heartbeat(info, m_last_error);
    (void)m_outbox.record_heartbeat(dump_json(beat));  // best effort: a full disk must not stop the upload

    int limit = std::max(1, m_settings.batch_size);
    const auto fail = [&](SyncOutcome outcome, std::string error) {
        result.outcome = outcome;
        result.error = std::move(error);
        m_last_error = result.error;
        return result;
    };
    for (bool first = true;; first = false) {
        const auto pending = m_outbox.pending(limit);
        // A queue that cannot be read is a storage failure, never "ok, nothing to send".
        if (!pending) return fail(SyncOutcome::StorageError, pending.error().message);
        const std::vector<Submission>& batch = *pending;
        if (batch.empty() && !first) break;  // drained; the heartbeat went with the first batch

        nlohmann::json body{{"protocol", protocol_version},
                            {"kiosk_id", m_outbox.kiosk_id()},
                            {"heartbeat", beat},
                            {"submissions", nlohmann::json::array()}};
        // The collector registers this key on the first sync over the token; from then on it
        // stores a batch only with its signature, and the USB exports are checked with it.
        const auto key = m_outbox.signing_key();
        if (key) {
            const SigningPublicKey pk = signing_public_key_of(*key);
            body["kiosk_public_key"] = to_base64(pk.data(), pk.size());
        }
        for (const Submission& s : batch) body["submissions"].push_back(submission_json(s));
        HttpRequest post = request("POST", "v1/sync", dump_json(body));
        if (key) post.headers.emplace_back(signature_header, sign_detached(post.body, *key));
        const std::string sent_sha256 = sha256_hex(post.body);
        const HttpResponse resp = m_http.send(post);
        result.sent += static_cast<int>(batch.size());

        if (resp.status == 0) return fail(SyncOutcome::Offline, error_message(resp));
        if (resp.status == 400 || resp.status == 413) {
            // A poison batch: halve it until the one record the collector refuses is found,
            // set that one aside and go on with the rest of the queue.
            if (batch.size() > 1) {
                limit = std::max(1, static_cast<int>(batch.size()) / 2);
                continue;
            }
            if (batch.empty()) return fail(SyncOutcome::ServerError, error_message(resp));
            const std::string reason = "the collector refused this record: " + error_message(resp);
            if (auto applied = m_outbox.apply({{batch[0].id, DeliveryState::Quarantined, reason}}); !applied)
                return fail(SyncOutcome::StorageError, applied.error().message);
            result.quarantined += 1;
            m_outbox.add_alert(alert_set_aside(batch[0].id, set_aside_reason_of_http(resp.status), reason));
            continue;
        }
        if (resp.status == 401 || resp.status == 403) {
            m_outbox.add_alert(alert_sync_refused(resp.status, error_message(resp)));
            return fail(SyncOutcome::Refused, error_message(resp));
        }
        if (resp.status == 429 || resp.status == 503) {
            result.retry_after_s = parse_retry_after(resp.retry_after);
            return fail(SyncOutcome::Busy, error_message(resp));
        }
        if (resp.status != 200) return fail(SyncOutcome::ServerError, error_message(resp));

        // With the collector's key, only its signed answer to this very batch delivers anything:
        // a forged or replayed answer (a broken TLS set-up, a proxy) changes nothing.
        if (m_settings.collector_key && !verify_detached(resp.body, resp.signature, *m_settings.collector_key)) {
            m_outbox.add_alert(alert_sync_answer_unsigned());
            return fail(SyncOutcome::ServerError, "the collector's answer does not carry its signature");
        }
        const auto answer = nlohmann::json::parse(resp.body, nullptr, false);
        if (!answer.is_object() || !answer.contains("receipts") || !answer["receipts"].is_array())
            return fail(SyncOutcome::ServerError, "the collector's answer is not a sync answer");
        if (m_settings.collector_key && answer.value("request_sha256", std::string()) != sent_sha256)
            return fail(SyncOutcome::ServerError, "the collector's signed answer is for another batch");
        std::unordered_map<std::string, Receipt> by_id;
        for (const auto& r : answer["receipts"])
            if (auto receipt = parse_receipt(r); receipt && !receipt->id.empty())
                by_id[receipt->id] = std::move(*receipt);

        std::vector<DeliveryUpdate> updates;
        std::unordered_map<std::string, std::string> reasons;  // a set-aside record's reason key, for staff
        for (const Submission& s : batch) {
            const auto it = by_id.find(s.id);
            if (it == by_id.end()) continue;
            const Receipt& r = it->second;
            if (r.delivered()) {
                updates.push_back({s.id, DeliveryState::Delivered, r.receipt});
            } else {
                updates.push_back({s.id, DeliveryState::Quarantined,
                                   std::string("collector: ") + receipt_status_name(r.status) +
                                       (r.reason.empty() ? "" : ": " + r.reason)});
                reasons[s.id] = set_aside_reason(r.status);
            }
        }
        if (!updates.empty()) {
            auto applied = m_outbox.apply(updates);
            // The collector has them; unstored receipts come back as duplicates next time.
            if (!applied)
                return fail(SyncOutcome::StorageError, "receipts could not be stored: " + applied.error().message);
            for (const auto& u : updates) {
                if (u.state == DeliveryState::Delivered)
                    result.delivered += 1;
                else {
                    result.quarantined += 1;
                    m_outbox.add_alert(alert_set_aside(u.id, reasons[u.id], u.note));
                }
            }
        }
        if (updates.size() < batch.size())
            return fail(SyncOutcome::ServerError, "the collector's answer lacked receipts for " +
                                                      std::to_string(batch.size() - updates.size()) + " records");
        if (static_cast<int>(batch.size()) < limit) break;  // that was the rest of the queue
    }
    result.outcome = SyncOutcome::Ok;
    m_last_error.clear();
    if (fetch_results || result.delivered > 0) result.results_fetched = fetch_fleet_results();
    (void)m_outbox.set_meta("last_sync", dump_json({{"at", iso8601_utc(m_wall.unix_ms())},
                                                    {"outcome", outcome_name(result.outcome)},
                                                    {"delivered", result.delivered}}));
    return result;
}

bool SyncEngine::fetch_fleet_results() {
    const HttpResponse resp = m_http.send(request("GET", "v1/results", {}));
    if (resp.status != 200) return false;
    const std::int64_t now = m_wall.unix_ms();
    auto parsed = fetched_results(resp.body, now);
    if (!parsed) return false;
    m_fleet = std::make_shared<const FetchedFleetResults>(std::move(*parsed));
    (void)m_outbox.set_meta("fleet_results", dump_json({{"fetched_unix_ms", now}, {"body", resp.body}}));
    return true;
}

// ---------------------------------------------------------------------------------------

SyncWorker::SyncWorker(SyncSettings settings, OpenOutbox open_outbox, OpenTransport open_transport,
                       const WallClock& wall, const WaitableClock& clock, std::unique_ptr<Random> random,
                       std::function<void()> on_change)
    : m_settings(std::move(settings)),
      m_open_outbox(std::move(open_outbox)),
      m_open_transport(std::move(open_transport)),
      m_wall(wall),
      m_clock(clock),
      m_random(std::move(random)),
      m_on_change(std::move(on_change)),
      m_started(clock.now()),
      m_worker(clock) {
    assert(m_random && "the sync worker needs a source of randomness for its backoff");
    m_status.enabled = m_settings.enabled();
    m_status.results_max_age_s = m_settings.results_max_age_s;
}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
    if (m_settings.enabled()) m_worker.start([this] { loop(); });
}

void SyncWorker::stop() {
    m_worker.stop([this] {
        if (m_transport) m_transport->cancel();
    });
}

void SyncWorker::nudge(Nudge why) {
    {
        std::lock_guard lock(m_worker.mutex());
        const double now = m_clock.now();
        // A stored record goes out within a second (several taps share one request), but
        // does not cut a backoff short: a failing collector is not hammered by every tap.
        const double by = why == Nudge::Stored ? now + 1.0 : now;
        if (why == Nudge::Stored && m_status.failures_in_row > 0) return;
        if (!m_wake_by || by < *m_wake_by) m_wake_by = by;
    }
    m_worker.notify();
}

void SyncWorker::set_heartbeat_info(HeartbeatInfo info) {
    std::lock_guard lock(m_worker.mutex());
    m_info = std::move(info);
}

void SyncWorker::set_pack(const std::string& id, const std::string& version) {
    std::lock_guard lock(m_worker.mutex());
    m_info.pack_id = id;
    m_info.pack_version = version;
}

SyncStatus SyncWorker::status() const {
    std::lock_guard lock(m_worker.mutex());
    return m_status;
}

void SyncWorker::loop() {
    // Every wait and every time read below goes through m_clock (seconds), so a test's virtual
    // clock decides when the worker wakes.

    // Opening can fail (the disk, a lock); try again with backoff rather than give up.
    std::unique_ptr<Outbox> outbox;
    std::unique_ptr<HttpTransport> http;
    int open_failures = 0;
    double next = m_clock.now();
    while (!outbox) {
        std::unique_lock lock(m_worker.mutex());
        if (!m_worker.wait_until(lock, next)) return;
        lock.unlock();
        auto opened = m_open_outbox();
        if (opened) {
            outbox = std::move(*opened);
            break;
        }
        lock.lock();
        m_status.last_outcome = SyncOutcome::StorageError;
        m_status.last_error = opened.error().message;
        m_status.failures_in_row = ++open_failures;
        next = m_clock.now() +
               backoff_delay(open_failures, m_settings.backoff_base_s, m_settings.backoff_cap_s, m_random->unit());
    }
    http = m_open_transport();
    {
        std::lock_guard lock(m_worker.mutex());
        m_transport = http.get();
        if (m_worker.stopping()) http->cancel();
    }
    SyncEngine engine(*outbox, *http, m_wall, m_settings);
    {
        std::lock_guard lock(m_worker.mutex());
        m_status.fleet = engine.fleet();
        if (const auto counts = outbox->counts()) m_status.counts = *counts;
        m_status.failures_in_row = 0;
    }

    int failures = 0;
    std::optional<double> last_results;
    next = m_clock.now();
    for (;;) {
        HeartbeatInfo info;
        {
            std::unique_lock lock(m_worker.mutex());
            const auto due = [&] { return m_wake_by ? std::min(next, *m_wake_by) : next; };
            // A nudge that asks for a run before `until` ends the wait; the loop then waits for
            // the nudge's own deadline (a second for a stored record).
            double until = due();
            while (m_worker.wait_until(lock, until, [&] { return due() < until; }) && m_clock.now() < until)
                until = due();
            if (m_worker.stopping()) break;
            m_wake_by.reset();
            info = m_info;
        }
        info.uptime_s = static_cast<std::int64_t>(m_clock.now() - m_started);
        const bool fetch = !last_results || m_clock.now() - *last_results >= m_settings.results_interval_s;
        const SyncRunResult r = engine.run(info, fetch);
        if (r.results_fetched) last_results = m_clock.now();

        const double now = m_clock.now();
        const auto read = outbox->counts();
        const OutboxCounts counts = read ? *read : OutboxCounts{};
        if (r.outcome == SyncOutcome::Ok) {
            failures = 0;
            // Records stored while this run was on the wire go out next, not with the next
            // heartbeat: their nudges may have come while the worker was still backing off.
            next = now + (counts.pending > 0 ? 1.0 : m_settings.heartbeat_interval_s);
        } else {
            failures += 1;
            double delay =
                backoff_delay(failures, m_settings.backoff_base_s, m_settings.backoff_cap_s, m_random->unit());
            if (r.retry_after_s) delay = std::max(delay, *r.retry_after_s);
            next = now + delay;
        }
        {
            std::lock_guard lock(m_worker.mutex());
            if (read) m_status.counts = counts;  // an unreadable count keeps the last one known
            m_status.last_outcome = r.outcome;
            m_status.last_error = r.error;
            m_status.last_attempt_at = iso8601_utc(m_wall.unix_ms());
            if (r.outcome == SyncOutcome::Ok) m_status.last_success_at = m_status.last_attempt_at;
            m_status.failures_in_row = failures;
            m_status.fleet = engine.fleet();
        }
        m_runs.fetch_add(1);
        if (m_on_change) m_on_change();
    }
    std::lock_guard lock(m_worker.mutex());
    m_transport = nullptr;
}

}  // namespace ruhr
