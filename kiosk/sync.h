#pragma once
// Uploading the outbox to the collector (docs/sync-protocol.md). SyncEngine does one sync run
// against an HttpTransport and applies the receipts; SyncWorker runs it on its own thread
// with its own outbox connection, retries with backoff, and publishes a status snapshot that
// the UI thread reads. Neither touches ImGui or SDL.

#include "base/clock.h"
#include "base/random.h"
#include "base/worker_thread.h"
#include "kiosk/http.h"
#include "kiosk/outbox.h"
#include "protocol/results.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace ruhr {

/// How and where to sync; from the [collector] section of the configuration file.
struct SyncSettings {
    std::string url;      // base URL of the collector, e.g. "https://collector.example.org/"
    std::string token;    // this kiosk's token
    std::string ca_file;  // a private CA to trust (empty: the system's)
    int batch_size = 200;
    double timeout_s = 20.0;
    double connect_timeout_s = 10.0;
    double backoff_base_s = 2.0;
    double backoff_cap_s = 300.0;
    double heartbeat_interval_s = 300.0;  // sync this often even with nothing to send
    double results_interval_s = 60.0;     // fetch fleet results at most this often
    double results_max_age_s = 3600.0;    // show fleet results only while younger than this
    /// The collector's key ([collector] public_key): with it, only answers that carry its
    /// signature and name the batch sent are applied. Without it, TLS and the token are all.
    std::optional<SigningPublicKey> collector_key;
    bool enabled() const { return !url.empty(); }
};

/// Fleet-wide results from the collector, as the kiosk keeps them: with when they arrived.
struct FetchedFleetResults : FleetResults {
    std::int64_t fetched_unix_ms = 0;
};

/// What a sync run ended with.
enum class SyncOutcome {
    Never,         // no run yet
    Ok,            // everything pending was answered
    Offline,       // no complete answer: network down, refused, timed out, TLS
    ServerError,   // 5xx or an answer that is not the protocol
    Refused,       // 401/403: the token is wrong or revoked
    Busy,          // 429/503
    StorageError,  // receipts could not be stored locally (they will come again as duplicates)
};
const char* outcome_name(SyncOutcome outcome);

/// What the heartbeat says besides the queue, supplied by the app.
struct HeartbeatInfo {
    std::string app_version;
    std::string pack_id;
    std::string pack_version;
    std::int64_t uptime_s = 0;
    std::int64_t free_disk_bytes = -1;
};

struct SyncRunResult {
    SyncOutcome outcome = SyncOutcome::Never;
    int sent = 0;         // records sent (repeats included)
    int delivered = 0;    // receipts stored
    int quarantined = 0;  // records set aside
    std::string error;    // for staff and the heartbeat; empty when Ok
    std::optional<double> retry_after_s;
    bool results_fetched = false;
};

/// The wait before the n-th retry in a row: min(cap, base * 2^(n-1)) scaled by `random01`
/// mapped to [0.5, 1] ("equal jitter"), so a fleet that lost the network together does not
/// come back together.
double backoff_delay(int failures, double base_s, double cap_s, double random01);

/// One sync run: upload pending records in batches until the queue is empty or a batch
/// fails, then fetch fleet results when due or when this run delivered something (so a visitor
/// sees their own rating counted moments later).
class SyncEngine {
public:
    SyncEngine(Outbox& outbox, HttpTransport& http, const WallClock& wall, SyncSettings settings);

    SyncRunResult run(const HeartbeatInfo& info, bool fetch_results);
    /// The latest fleet results known (fetched now or kept from before).
    std::shared_ptr<const FetchedFleetResults> fleet() const { return m_fleet; }
    /// The heartbeat as sent (also kept in the outbox).
    nlohmann::json heartbeat(const HeartbeatInfo& info, const std::string& last_error);
    const SyncSettings& settings() const { return m_settings; }

private:
    HttpRequest request(const std::string& method, const std::string& path, std::string body) const;
    bool fetch_fleet_results();

    Outbox& m_outbox;
    HttpTransport& m_http;
    const WallClock& m_wall;
    SyncSettings m_settings;
    std::string m_last_error;
    std::shared_ptr<const FetchedFleetResults> m_fleet;
};

/// What the UI and staff see of syncing.
struct SyncStatus {
    bool enabled = false;
    OutboxCounts counts;
    SyncOutcome last_outcome = SyncOutcome::Never;
    std::string last_error;
    std::string last_attempt_at;  // ISO 8601, empty before the first
    std::string last_success_at;
    int failures_in_row = 0;
    std::shared_ptr<const FetchedFleetResults> fleet;
    double results_max_age_s = 3600.0;
};

/// Why the worker should try now instead of waiting.
enum class Nudge {
    Stored,          // a record was stored: send it soon, unless the collector is failing
    NetworkChanged,  // the network came back: try at once even while backing off
    Staff,           // "sync now"
};

/// What the app sees of the sync worker: a status snapshot and a way to ask for a run.
class SyncControl {
public:
    virtual ~SyncControl() = default;
    virtual SyncStatus status() const = 0;
    virtual void nudge(Nudge why) = 0;
    /// Number of finished sync runs.
    virtual std::int64_t runs() const = 0;
    /// The content pack now on screen, for the heartbeat.
    virtual void set_pack(const std::string& id, const std::string& version) = 0;
};

/// Runs sync on a background thread with its own outbox connection.
class SyncWorker final : public SyncControl {
public:
    using OpenOutbox = std::function<Result<std::unique_ptr<Outbox>>()>;
    using OpenTransport = std::function<std::unique_ptr<HttpTransport>()>;

    /// `open_outbox` and `open_transport` run on the worker thread. `clock` times the waits
    /// (backoff, heartbeat, the second after a stored record) and the uptime; `random` jitters
    /// the backoff and is used only on the worker thread. `on_change` is called (from the
    /// worker thread) after each run, to wake the UI.
    SyncWorker(SyncSettings settings, OpenOutbox open_outbox, OpenTransport open_transport, const WallClock& wall,
               const WaitableClock& clock, std::unique_ptr<Random> random, std::function<void()> on_change = {});
    ~SyncWorker() override;
    SyncWorker(const SyncWorker&) = delete;
    SyncWorker& operator=(const SyncWorker&) = delete;

    void start();
    /// Stops after the current request (bounded by the request timeout) and joins.
    void stop();
    void nudge(Nudge why) override;
    /// The pack on screen and other heartbeat facts; thread-safe.
    void set_heartbeat_info(HeartbeatInfo info);
    void set_pack(const std::string& id, const std::string& version) override;
    SyncStatus status() const override;
    /// Number of finished runs (for tests and the staff panel).
    std::int64_t runs() const override { return m_runs.load(); }

private:
    void loop();

    SyncSettings m_settings;
    OpenOutbox m_open_outbox;
    OpenTransport m_open_transport;
    const WallClock& m_wall;
    const WaitableClock& m_clock;
    std::unique_ptr<Random> m_random;  // the worker thread's
    std::function<void()> m_on_change;
    double m_started;  // m_clock's time at construction, for the uptime

    std::optional<double> m_wake_by;       // m_clock's time: a nudge asks for a run by then
    HttpTransport* m_transport = nullptr;  // the worker's, for stop() to cancel
    HeartbeatInfo m_info;
    SyncStatus m_status;
    std::atomic<std::int64_t> m_runs{0};
    WorkerThread m_worker;  // last: its thread ends before the members above go
};

}  // namespace ruhr
