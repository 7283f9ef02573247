#include "collector/store_common.h"

#include "collector/protocol.h"

#include <nlohmann/json.hpp>

namespace ruhr::collector {

nlohmann::json record_object(const Record& r) {
    return {{"id", r.id},
            {"seq", r.seq},
            {"kind", r.kind},
            {"kiosk_id", r.kiosk_id},
            {"visit_id", r.visit_id},
            {"pack_id", r.pack_id},
            {"pack_version", r.pack_version},
            {"created_at", r.created_at},
            {"payload", r.payload},
            {"payload_sha256", r.payload_sha256}};
}

std::string record_json(const Record& r) { return dump_json(record_object(r)); }

std::string forums_to_text(const std::vector<std::string>& forums) { return dump_json(nlohmann::json(forums)); }

std::vector<std::string> forums_from_text(const std::string& text) {
    const auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (!j.is_array()) return out;
    for (const auto& f : j)
        if (f.is_string()) out.push_back(f.get<std::string>());
    return out;
}

} // namespace ruhr::collector
