#pragma once
// What a kiosk remembers of the packs it has installed, so that content only moves forward
// (docs/content-pack.md, "Packs only move forward"): for each pack id the highest version it
// ever installed, and the manifest hash of every version it installed. A validly signed but
// older pack, or the same version with other content, is then refused, also after a rollback
// and after a restart; the only way back is the staff rollback to the previous pack.
//
// It also keeps the signing keys that signed packs added or withdrew ("keys" in manifest.json),
// so that an author can move to a new key, or withdraw a lost one, with a pack instead of
// editing every kiosk's configuration.
//
// Kept in <data_dir>/packs/history.json, replaced durably after each install. A damaged
// history refuses every install (it cannot tell old from new) and names the file.

#include "base/result.h"
#include "packs/pack_verify.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ruhr {

struct PackHistory {
    struct Entry {
        std::string highest;                           // the highest version installed
        std::map<std::string, std::string> manifests;  // version -> SHA-256 of its manifest.json
    };
    std::map<std::string, Entry> packs;   // by pack id
    std::vector<std::string> added_keys;  // base64 public keys added by signed packs, in order
    std::set<std::string> withdrawn;      // key ids withdrawn by signed packs: never trusted again
};

/// <data_dir>/packs/history.json; an empty history when there is none yet.
Result<PackHistory> load_pack_history(const std::filesystem::path& data_dir);
Result<Done> save_pack_history(const std::filesystem::path& data_dir, const PackHistory& history);

/// Why pack `id` `version` with manifest hash `manifest_sha256` may not be installed on a kiosk
/// with `history`, or nullopt: it is newer than everything installed of that id, or exactly a
/// version installed before. ErrorKind::Outdated for an older version, Invalid for a known
/// version with other content (the author's mistake).
std::optional<Error> check_moves_forward(const PackHistory& history, const std::string& id, const std::string& version,
                                         const std::string& manifest_sha256);
/// Records an installed pack.
void note_installed(PackHistory& history, const std::string& id, const std::string& version,
                    const std::string& manifest_sha256);

/// The keys a pack is verified with: the configured ones and those signed packs added, without
/// any key a signed pack withdrew (also a configured one).
PackTrust effective_trust(const PackTrust& configured, const PackHistory& history);

/// The key changes a verified pack asks for, as key ids.
struct KeyChanges {
    std::vector<std::string> added;
    std::vector<std::string> withdrawn;
};
/// Why `pack`'s "keys" may not be applied (nullopt: they may, or there are none): key changes
/// need a signed pack (Refused); a pack cannot withdraw the key that signed it, nor add a key
/// that is withdrawn or does not parse (Invalid).
std::optional<Error> check_key_changes(const PackHistory& history, const VerifiedPack& pack);
/// Applies them (after check_key_changes) and says what changed.
KeyChanges apply_key_changes(PackHistory& history, const VerifiedPack& pack);

/// Why a pack that `expires` ("2027-06-30", the last valid day in UTC; empty: never) may not be
/// installed at `now_unix_ms` (ErrorKind::Outdated), or nullopt.
std::optional<Error> check_not_expired(const std::string& expires, std::int64_t now_unix_ms);

}  // namespace ruhr
