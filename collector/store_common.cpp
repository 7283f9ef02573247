#include "collector/store_common.h"

#include "protocol/submission.h"

#include <nlohmann/json.hpp>

namespace ruhr::collector {

std::string record_json(const Record& r) { return dump_json(submission_json(r)); }

std::string forums_to_text(const std::vector<std::string>& forums) { return dump_json(nlohmann::json(forums)); }

std::vector<std::string> forums_from_text(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& f : j)
        if (f.is_string()) out.push_back(f.get<std::string>());
    return out;
}

ExportRow export_row_from_columns(const ColumnText& text, const ColumnInteger& integer, const ColumnIsNull& is_null) {
    ExportRow x;
    Record& r = x.record;
    // Only checked kinds are ever stored (the ingest checks them first).
    static_cast<Submission&>(r) = submission_from_columns(text, integer);
    x.received_at = text(10);
    if (!is_null(11)) r.item = text(11);
    if (!is_null(12)) r.stars = integer(12);
    if (!is_null(13)) r.replaces = text(13);
    if (!is_null(14)) r.forum = text(14);
    if (!is_null(15)) r.forums = forums_from_text(text(15));
    if (!is_null(16)) r.text = text(16);
    if (!is_null(17)) r.contact_sealed = text(17);
    x.receipt = receipt_for(integer(18));
    return x;
}

}  // namespace ruhr::collector
