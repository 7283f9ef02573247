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

}  // namespace ruhr::collector
