#pragma once
// Helpers that both store implementations share (not part of the Store interface).

#include "collector/store.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace ruhr::collector {

/// The submission as the protocol carries it, as one line of JSON (kept with a conflict).
std::string record_json(const Record& r);
/// A priority vote's forum ids as the text kept in submissions.forums (a JSON array, so any id
/// survives the round trip), and back.
std::string forums_to_text(const std::vector<std::string>& forums);
std::vector<std::string> forums_from_text(const std::string& text);

}  // namespace ruhr::collector
