#include "kiosk/retention.h"

#include "kiosk/alerts.h"

#include <algorithm>

namespace ruhr {

namespace {

constexpr int k_batch = 500;
constexpr std::int64_t k_ms_per_day = 24LL * 60 * 60 * 1000;

std::string describe(const RetentionPass& p) {
    return "deleted " + std::to_string(p.deleted.count) + " delivered record" + (p.deleted.count == 1 ? "" : "s") +
           " (seq " + std::to_string(p.deleted.first_seq) + "-" + std::to_string(p.deleted.last_seq) +
           ") whose receipt was stored before " + p.delivered_before;
}

}  // namespace

Result<RetentionPass> delete_expired_records(Outbox& outbox, int days, std::int64_t now_ms) {
    RetentionPass pass;
    pass.delivered_before = iso8601_utc(now_ms - static_cast<std::int64_t>(days) * k_ms_per_day);
    for (;;) {
        auto step = outbox.delete_delivered_before(pass.delivered_before, k_batch);
        if (!step) return step.error();
        if (step->count > 0) {
            DeletedRecords& d = pass.deleted;
            d.first_seq = d.count == 0 ? step->first_seq : std::min(d.first_seq, step->first_seq);
            d.last_seq = std::max(d.last_seq, step->last_seq);
            d.count += step->count;
        }
        if (step->count < k_batch) break;
    }
    // The deleted rows' pages are zeroed (secure_delete); the WAL may still hold old copies.
    if (pass.deleted.count > 0) (void)outbox.checkpoint();
    return pass;
}

RetentionWorker::RetentionWorker(RetentionSettings settings, OpenOutbox open_outbox, const WallClock& wall,
                                 const WaitableClock& clock, Log log)
    : m_settings(settings),
      m_open_outbox(std::move(open_outbox)),
      m_wall(wall),
      m_clock(clock),
      m_log(std::move(log)),
      m_worker(clock) {}

RetentionWorker::~RetentionWorker() { stop(); }

void RetentionWorker::start() {
    if (m_settings.enabled()) m_worker.start([this] { loop(); });
}

void RetentionWorker::stop() { m_worker.stop(); }

int RetentionWorker::passes() const {
    std::lock_guard lock(m_worker.mutex());
    return m_passes;
}

void RetentionWorker::loop() {
    std::unique_ptr<Outbox> outbox;
    double next = m_clock.now();
    for (;;) {
        {
            std::unique_lock lock(m_worker.mutex());
            if (!m_worker.wait_until(lock, next)) return;
        }
        next = m_clock.now() + m_settings.interval_s;
        // An outbox that cannot be opened now (a lock, the disk) is tried again next time.
        if (!outbox) {
            auto opened = m_open_outbox();
            if (opened)
                outbox = std::move(*opened);
            else
                m_log("retention: cannot open the outbox, trying again later: " + opened.error().message);
        }
        if (outbox) {
            auto pass = delete_expired_records(*outbox, m_settings.delete_delivered_after_days, m_wall.unix_ms());
            if (!pass) {
                m_log("retention: " + pass.error().message);
            } else if (pass->deleted.count > 0) {
                const std::string line = describe(*pass);
                m_log("retention: " + line);
                outbox->add_alert(alert_retention_deleted(pass->deleted.count, pass->deleted.first_seq,
                                                          pass->deleted.last_seq, pass->delivered_before));
            }
        }
        std::lock_guard lock(m_worker.mutex());
        ++m_passes;
    }
}

}  // namespace ruhr
