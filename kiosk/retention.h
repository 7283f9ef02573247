#pragma once
// Retention on the kiosk: records the collector has confirmed are deleted from the outbox some
// days after their receipt was stored (docs/outbox.md, docs/privacy.md). Undelivered records
// are never touched; the outbox's triggers refuse it. The deleting runs on a thread of its own
// with its own outbox connection, at start and then periodically, never on the UI thread.

#include "base/clock.h"
#include "base/result.h"
#include "base/worker_thread.h"
#include "kiosk/outbox.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ruhr {

/// How long delivered records stay (`[outbox] delete_delivered_after_days`).
struct RetentionSettings {
    static constexpr int k_default_days = 30;
    static constexpr int k_max_days = 3650;
    int delete_delivered_after_days = k_default_days;  // 0: keep them
    double interval_s = 3600.0;                        // how often the worker looks again
    bool enabled() const { return delete_delivered_after_days > 0; }
};

/// What one pass deleted: the number of records, their range of sequence numbers, and the
/// cut-off (records delivered before it went).
struct RetentionPass {
    DeletedRecords deleted;
    std::string delivered_before;
};

/// Deletes every record delivered more than `days` days before `now_ms`, in transactions of at
/// most 500 records each, so a visitor's record never waits long for the lock.
Result<RetentionPass> delete_expired_records(Outbox& outbox, int days, std::int64_t now_ms);

/// Runs delete_expired_records at start and every `interval_s` on its own thread.
class RetentionWorker {
public:
    using OpenOutbox = std::function<Result<std::unique_ptr<Outbox>>()>;
    /// A line for the kiosk's log (stderr in the program).
    using Log = std::function<void(const std::string&)>;

    RetentionWorker(RetentionSettings settings, OpenOutbox open_outbox, const WallClock& wall,
                    const WaitableClock& clock, Log log);
    ~RetentionWorker();
    RetentionWorker(const RetentionWorker&) = delete;
    RetentionWorker& operator=(const RetentionWorker&) = delete;

    /// Starts the thread (nothing when retention is off).
    void start();
    /// Ends the thread; a pass under way finishes its current transaction first.
    void stop();
    /// Passes finished so far, whatever their outcome (for tests and the log).
    int passes() const;

private:
    void loop();

    RetentionSettings m_settings;
    OpenOutbox m_open_outbox;
    const WallClock& m_wall;
    const WaitableClock& m_clock;
    Log m_log;
    int m_passes = 0;       // guarded by m_worker.mutex()
    WorkerThread m_worker;  // last: its thread ends before the members above go
};

}  // namespace ruhr
