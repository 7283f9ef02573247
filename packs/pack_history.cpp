#include "packs/pack_history.h"

#include "base/clock.h"
#include "base/durable_file.h"
#include "packs/pack_install.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ruhr {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int k_history_format = 1;
// A kiosk installs a few packs a year; a history this large is not one it wrote.
constexpr std::uintmax_t k_max_history_bytes = 1024 * 1024;

fs::path history_path(const fs::path& data_dir) { return data_dir / "packs" / "history.json"; }

Error damaged(const fs::path& path, const std::string& why) {
    return Error{ErrorKind::Damaged,
                 path.string() + ": " + why + "; no pack can be installed until it is repaired (docs/deployment.md)"};
}

}  // namespace

Result<PackHistory> load_pack_history(const fs::path& data_dir) {
    const fs::path path = history_path(data_dir);
    std::error_code ec;
    const auto status = fs::symlink_status(path, ec);
    if (status.type() == fs::file_type::not_found) return PackHistory{};
    if (status.type() != fs::file_type::regular) return damaged(path, "is not a regular file");
    if (fs::file_size(path, ec) > k_max_history_bytes || ec) return damaged(path, "is too large");
    std::ifstream in(path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    if (!in) return damaged(path, "cannot be read");
    PackHistory history;
    try {
        const json j = json::parse(bytes.str());
        if (j.value("format", 0) != k_history_format) return damaged(path, "has an unknown format");
        for (const auto& key : j.value("added_keys", json::array()))
            history.added_keys.push_back(key.get<std::string>());
        for (const auto& id : j.value("withdrawn_keys", json::array())) history.withdrawn.insert(id.get<std::string>());
        for (const auto& [id, e] : j.at("packs").items()) {
            PackHistory::Entry entry;
            entry.highest = e.at("highest").get<std::string>();
            for (const auto& [version, sha] : e.at("manifests").items())
                entry.manifests[version] = sha.get<std::string>();
            if (entry.highest.empty() || !entry.manifests.count(entry.highest))
                return damaged(path, "names no installed highest version for \"" + id + "\"");
            history.packs[id] = std::move(entry);
        }
    } catch (const json::exception& e) {
        return damaged(path, std::string("is not a pack history: ") + e.what());
    }
    return history;
}

Result<Done> save_pack_history(const fs::path& data_dir, const PackHistory& history) {
    json packs = json::object();
    for (const auto& [id, e] : history.packs) packs[id] = {{"highest", e.highest}, {"manifests", e.manifests}};
    const json j = {{"format", k_history_format},
                    {"packs", packs},
                    {"added_keys", history.added_keys},
                    {"withdrawn_keys", history.withdrawn}};
    auto written = write_file_durably(history_path(data_dir), j.dump(2) + "\n");
    if (!written) return written.error().context("cannot record the installed pack");
    return Done{};
}

std::optional<Error> check_moves_forward(const PackHistory& history, const std::string& id, const std::string& version,
                                         const std::string& manifest_sha256) {
    const auto it = history.packs.find(id);
    if (it == history.packs.end()) return std::nullopt;
    const PackHistory::Entry& e = it->second;
    if (const auto seen = e.manifests.find(version); seen != e.manifests.end()) {
        if (seen->second == manifest_sha256) return std::nullopt;
        return Error{ErrorKind::Invalid, "version " + version + " of \"" + id +
                                             "\" was installed before with other content; changed content needs a "
                                             "new version number (ask the content author)"};
    }
    if (compare_pack_versions(version, e.highest) < 0)
        return Error{ErrorKind::Outdated, "version " + version + " of \"" + id + "\" is older than version " +
                                              e.highest +
                                              ", which this kiosk has already installed; content only goes back "
                                              "with \"previous content\" in the staff panel"};
    return std::nullopt;
}

void note_installed(PackHistory& history, const std::string& id, const std::string& version,
                    const std::string& manifest_sha256) {
    PackHistory::Entry& e = history.packs[id];
    e.manifests[version] = manifest_sha256;
    if (e.highest.empty() || compare_pack_versions(version, e.highest) > 0) e.highest = version;
}

PackTrust effective_trust(const PackTrust& configured, const PackHistory& history) {
    PackTrust out{{}, configured.signature};
    const auto keep = [&](const PackPublicKey& key) {
        if (history.withdrawn.count(pack_key_id(key))) return;
        if (std::find(out.keys.begin(), out.keys.end(), key) == out.keys.end()) out.keys.push_back(key);
    };
    for (const auto& key : configured.keys) keep(key);
    for (const auto& text : history.added_keys)
        if (const auto key = parse_pack_public_key(text)) keep(*key);
    return out;
}

std::optional<Error> check_key_changes(const PackHistory& history, const VerifiedPack& pack) {
    const PackManifest& m = pack.manifest;
    if (m.add_keys.empty() && m.withdraw_keys.empty()) return std::nullopt;
    if (pack.key_id.empty())
        return Error{ErrorKind::Refused, "manifest.json: keys: only a signed pack may add or withdraw signing keys"};
    for (const auto& id : m.withdraw_keys)
        if (id == pack.key_id)
            return Error{ErrorKind::Invalid, "manifest.json: keys.withdraw: " + id +
                                                 " is the key that signed this pack; sign it with another key"};
    for (const auto& text : m.add_keys) {
        const auto key = parse_pack_public_key(text);
        if (!key) return Error{ErrorKind::Invalid, "manifest.json: keys.add: " + key.error().message};
        const std::string id = pack_key_id(*key);
        if (history.withdrawn.count(id) ||
            std::find(m.withdraw_keys.begin(), m.withdraw_keys.end(), id) != m.withdraw_keys.end())
            return Error{ErrorKind::Invalid,
                         "manifest.json: keys.add: key " + id + " was withdrawn and is never trusted again"};
    }
    return std::nullopt;
}

KeyChanges apply_key_changes(PackHistory& history, const VerifiedPack& pack) {
    KeyChanges changes;
    for (const auto& text : pack.manifest.add_keys) {
        const auto key = parse_pack_public_key(text);
        if (!key) continue;  // check_key_changes refused it already
        if (std::find(history.added_keys.begin(), history.added_keys.end(), text) != history.added_keys.end()) continue;
        history.added_keys.push_back(text);
        changes.added.push_back(pack_key_id(*key));
    }
    for (const auto& id : pack.manifest.withdraw_keys) {
        if (!history.withdrawn.insert(id).second) continue;
        changes.withdrawn.push_back(id);
        std::erase_if(history.added_keys, [&](const std::string& text) {
            const auto key = parse_pack_public_key(text);
            return key && pack_key_id(*key) == id;
        });
    }
    return changes;
}

std::optional<Error> check_not_expired(const std::string& expires, std::int64_t now_unix_ms) {
    if (expires.empty()) return std::nullopt;
    const std::string today = format_utc(now_unix_ms, UtcFormat::Iso8601Seconds).substr(0, 10);
    if (today <= expires) return std::nullopt;
    return Error{ErrorKind::Outdated,
                 "this pack expired on " + expires +
                     "; an expired pack is never installed (ask the content author for a new one)"};
}

}  // namespace ruhr
