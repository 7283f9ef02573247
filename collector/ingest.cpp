#include "collector/ingest.h"

namespace ruhr::collector {

Result<IngestReport> ingest_request(Store& store, const SyncRequest& request, const std::string& received_at) {
    IngestReport report;
    std::vector<Record> valid;
    valid.reserve(request.submissions.size());
    for (const auto& s : request.submissions) {
        if (s.record)
            valid.push_back(*s.record);
        else
            ++report.rejected;
    }
    auto stored = store.ingest(request.kiosk_id, request.heartbeat_json, valid, received_at);
    if (!stored) return stored.error();
    report.stored = std::move(stored.value());
    for (const auto& r : report.stored) {
        switch (r.outcome) {
        case Outcome::Stored: ++report.counts_stored; break;
        case Outcome::Duplicate: ++report.duplicate; break;
        case Outcome::Conflict: ++report.conflict; break;
        }
    }
    return report;
}

}  // namespace ruhr::collector
